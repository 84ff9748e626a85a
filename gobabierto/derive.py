"""Every derived value, computed in exactly one place: today, progress, status, call state."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from .models import Call, Commitment, Milestone

MET_ON_TIME = "cumplido_a_tiempo"
MET_LATE = "cumplido_tarde"
PENDING = "pendiente"
OVERDUE = "vencido"


def build_now(zone: str) -> datetime:
    """The build's "now": SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.astimezone(ZoneInfo(zone))


def build_date(zone: str) -> date:
    return build_now(zone).date()


def milestone_state(milestone: Milestone, today: date) -> str:
    if milestone.cumplido is not None:
        return MET_ON_TIME if milestone.cumplido <= milestone.fecha else MET_LATE
    return OVERDUE if milestone.fecha < today else PENDING


def progress(milestones, given: float | None = None) -> float:
    """Percentage of milestone weight met; an explicit `avance` wins."""
    if given is not None:
        return float(given)
    total = sum(m.peso for m in milestones)
    if not total:
        return 0.0
    done = sum(m.peso for m in milestones if m.cumplido is not None)
    return round(100.0 * done / total, 1)


def status(commitment: Commitment, milestones, today: date) -> str:
    """The written `estatus` wins; else from milestones and dates."""
    if commitment.estatus:
        return commitment.estatus
    if milestones and all(m.cumplido is not None for m in milestones):
        return "cumplido"
    if any(m.cumplido is None and m.fecha < today for m in milestones):
        return "retrasado"
    if commitment.fecha_fin is not None and commitment.fecha_fin < today:
        return "retrasado"
    started = commitment.fecha_inicio is not None and commitment.fecha_inicio <= today
    if started or any(m.cumplido is not None for m in milestones):
        return "en_proceso"
    return "no_iniciado"


def call_state(call: Call, today: date) -> str:
    if call.fecha_apertura is not None and today < call.fecha_apertura:
        return "proxima"
    if call.fecha_cierre is not None and today > call.fecha_cierre:
        return "cerrada"
    return "abierta"
