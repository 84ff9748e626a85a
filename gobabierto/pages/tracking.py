"""What the dashboards show about commitments: milestones overdue and coming up, why a
commitment is late, progress and status counts per plan and per municipality.

Every value here is read from derived models (see derive.py); nothing is recomputed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from gobabierto.content import derive
from gobabierto.content.models import Commitment, Milestone
from gobabierto.text import i18n
from gobabierto.text.i18n import N_

STATUSES = ("cumplido", "en_proceso", "retrasado", "no_iniciado", "cancelado")
UPCOMING_DAYS = 60   # "next milestones" look this far ahead…
UPCOMING_MIN = 3     # …and show at least this many when that window is empty


@dataclass(frozen=True)
class Due:
    """One milestone of one commitment, with its distance from the build date."""

    commitment: Commitment
    milestone: Milestone
    number: int   # 1-based position among the commitment's milestones
    days: int     # days late (overdue) or days left (upcoming)


@dataclass(frozen=True)
class Late:
    """A commitment that is late, and why: its overdue milestones, or the reason in words."""

    commitment: Commitment
    overdue: tuple[Due, ...]
    reason: str   # when no milestone explains it (end date passed, status written by hand)


@dataclass(frozen=True)
class Progress:
    """Progress of a group of commitments (a plan, a municipality)."""

    record: object            # the plan or municipality
    commitments: tuple
    progress: float
    counts: dict


def status_counts(commitments) -> dict[str, int]:
    counts = Counter(c.status for c in commitments)
    return {s: counts.get(s, 0) for s in STATUSES}


def overall_progress(commitments) -> float:
    """The mean progress of the commitments that are not cancelled."""
    active = [c for c in commitments if c.status != "cancelado"]
    return round(sum(c.progress for c in active) / len(active), 1) if active else 0.0


def _milestones(commitments):
    for c in commitments:
        if c.status == "cancelado":
            continue
        for number, milestone in enumerate(c.hitos, 1):
            yield c, number, milestone


def overdue(commitments, today: date) -> list[Due]:
    """Every overdue milestone, the latest first (most days late first)."""
    found = [Due(c, m, n, derive.days_late(m, today)) for c, n, m in _milestones(commitments)
             if m.state == derive.OVERDUE]
    return sorted(found, key=lambda d: (-d.days, d.commitment.slug, d.number))


def upcoming(commitments, today: date, window: int = UPCOMING_DAYS, at_least: int = UPCOMING_MIN) -> list[Due]:
    """Milestones not yet met that fall due from today on, soonest first: all those within
    `window` days, or the next `at_least` when the window holds fewer."""
    pending = sorted((Due(c, m, n, derive.days_left(m, today)) for c, n, m in _milestones(commitments)
                      if m.state == derive.PENDING),
                     key=lambda d: (d.days, d.commitment.slug, d.number))
    within = [d for d in pending if d.days <= window]
    return within if len(within) >= at_least else pending[:max(at_least, len(within))]


def late(commitments, today: date, lang: i18n.Language | None = None) -> list[Late]:
    """Commitments that are late (status `retrasado` or with an overdue milestone), each
    with why (in `lang`, Spanish by default), the one late the longest first."""
    lang = lang or i18n.language(i18n.SOURCE)
    by_commitment: dict[str, list[Due]] = {}
    for due in overdue(commitments, today):
        by_commitment.setdefault(due.commitment.slug, []).append(due)
    found = []
    for c in commitments:
        dues = tuple(by_commitment.get(c.slug, ()))
        if c.status == "cancelado" or (c.status != "retrasado" and not dues):
            continue
        reason = ""
        if not dues:
            if c.fecha_fin is not None and c.fecha_fin < today and c.progress < 100:
                reason = lang.gettext(N_("la fecha de fin del compromiso pasó hace %(days)s sin que se cumplieran"
                                         " todos sus hitos"), days=lang.days((today - c.fecha_fin).days))
            else:
                reason = lang.gettext(N_("el equipo responsable registró su estatus como retrasado"))
        found.append(Late(c, dues, reason))
    return sorted(found, key=lambda x: (-(x.overdue[0].days if x.overdue else 0), x.commitment.titulo))


def without_evidence(commitment) -> list[int]:
    """1-based numbers of the milestones marked met that show no evidence."""
    return [n for n, m in enumerate(commitment.hitos, 1) if m.cumplido is not None and not m.evidencias]


def progress_by(groups) -> list[Progress]:
    """(record, commitments) pairs → Progress rows, keeping the order given."""
    return [Progress(record, tuple(cs), overall_progress(cs), status_counts(cs)) for record, cs in groups]
