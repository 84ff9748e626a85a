"""Progress, status and call state at boundary dates in the site's time zone."""

from datetime import date

import pytest

from gobabierto import derive
from gobabierto.models import Call, Commitment, Milestone

TODAY = date(2025, 11, 21)


def ms(due, met=None, weight=1):
    return Milestone("h", due, met, weight)


def test_build_date_uses_source_date_epoch_in_the_site_time_zone(monkeypatch):
    # 2025-11-21 05:30 UTC is still the 20th in Mexico City (UTC-6).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763703000")
    assert derive.build_date("America/Mexico_City") == date(2025, 11, 20)
    assert derive.build_date("UTC") == date(2025, 11, 21)


@pytest.mark.parametrize("due, met, state", [
    (date(2025, 11, 21), None, derive.PENDING),     # due today: not late yet
    (date(2025, 11, 20), None, derive.OVERDUE),     # due yesterday
    (date(2025, 11, 22), None, derive.PENDING),     # due tomorrow
    (date(2025, 11, 20), date(2025, 11, 20), derive.MET_ON_TIME),
    (date(2025, 11, 20), date(2025, 11, 21), derive.MET_LATE),
])
def test_milestone_state_at_boundaries(due, met, state):
    assert derive.milestone_state(ms(due, met), TODAY) == state


def test_progress_is_weighted_and_explicit_value_wins():
    milestones = [ms(TODAY, TODAY, 1), ms(TODAY, None, 3)]
    assert derive.progress(milestones) == 25.0
    assert derive.progress(milestones, given=80) == 80.0
    assert derive.progress([]) == 0.0


def commitment(**kw):
    base = dict(kind="compromiso", slug="c", fecha_inicio=date(2025, 1, 1), fecha_fin=date(2026, 12, 31))
    return Commitment(**{**base, **kw})


@pytest.mark.parametrize("milestones, kw, expected", [
    ([ms(date(2025, 11, 20))], {}, "retrasado"),
    ([ms(date(2025, 11, 21))], {}, "en_proceso"),
    ([ms(date(2025, 6, 1), date(2025, 6, 1))], {}, "cumplido"),
    ([ms(date(2026, 6, 1))], {"fecha_inicio": date(2025, 11, 22)}, "no_iniciado"),
    ([], {"fecha_fin": date(2025, 11, 20)}, "retrasado"),
    ([ms(date(2025, 11, 20))], {"estatus": "cancelado"}, "cancelado"),
])
def test_status(milestones, kw, expected):
    assert derive.status(commitment(**kw), milestones, TODAY) == expected


@pytest.mark.parametrize("opens, closes, state", [
    (date(2025, 11, 1), date(2025, 11, 21), "abierta"),   # closes today: still open
    (date(2025, 11, 22), date(2025, 12, 1), "proxima"),
    (date(2025, 11, 21), date(2025, 12, 1), "abierta"),   # opens today
    (date(2025, 11, 1), date(2025, 11, 20), "cerrada"),
])
def test_call_state(opens, closes, state):
    assert derive.call_state(Call(fecha_apertura=opens, fecha_cierre=closes), TODAY) == state
