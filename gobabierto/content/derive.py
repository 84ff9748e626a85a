"""Every derived value, computed in exactly one place: progress, status, call state
(the build's "today" comes from core.clock)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from gobabierto.content.models import Call, Commitment, Milestone

MET_ON_TIME = "cumplido_a_tiempo"
MET_LATE = "cumplido_tarde"
PENDING = "pendiente"
OVERDUE = "vencido"


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


def days_late(milestone: Milestone, today: date) -> int:
    """Days past the due date: until today for an overdue milestone, until the day it was
    met for one met late; 0 otherwise."""
    if milestone.cumplido is not None:
        return max(0, (milestone.cumplido - milestone.fecha).days)
    return max(0, (today - milestone.fecha).days)


def days_left(milestone: Milestone, today: date) -> int:
    """Days from today to the due date of a milestone not yet met (0 when due today)."""
    return (milestone.fecha - today).days


def progress_basis(milestones) -> tuple[int, int, float, float]:
    """What `progress` is computed from: (milestones met, milestones, weight met, total weight)."""
    met = [m for m in milestones if m.cumplido is not None]
    return len(met), len(milestones), float(sum(m.peso for m in met)), float(sum(m.peso for m in milestones))


def indicator_progress(indicator) -> float | None:
    """How far the current value has gone from the baseline towards the target, in percent
    (0 at the baseline, 100 at the target; it works for targets below the baseline too).
    None when the baseline, the target or the current value is missing, or they coincide."""
    base, target, value = indicator.linea_base, indicator.meta, indicator.valor
    if base is None or target is None or value is None or target == base:
        return None
    return round(100.0 * (value - base) / (target - base), 1)
