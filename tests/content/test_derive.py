"""Progress, status and call state at boundary dates in the site's time zone."""

from datetime import date, datetime, timezone

import pytest

from gobabierto.core import clock
from gobabierto.content import derive
from gobabierto.content.models import Call, Commitment, Milestone

TODAY = date(2025, 11, 21)


def ms(due, met=None, weight=1):
    return Milestone("h", due, met, weight)


def test_build_date_uses_source_date_epoch_in_the_site_time_zone(monkeypatch):
    # 2025-11-21 05:30 UTC is still the 20th in Mexico City (UTC-6).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763703000")
    assert clock.build_date("America/Mexico_City") == date(2025, 11, 20)
    assert clock.build_date("UTC") == date(2025, 11, 21)


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


# 2026-11-22T03:00:00Z: already the 22nd in UTC, still 21:00 of the 21st in Mexico City.
LATE_EVENING = "1795316400"


def test_the_build_date_is_the_mexico_city_date_when_utc_is_already_tomorrow(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EVENING)
    assert datetime.fromtimestamp(int(LATE_EVENING), timezone.utc) == datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)
    assert clock.build_date("America/Mexico_City") == date(2026, 11, 21)
    assert clock.build_date("UTC") == date(2026, 11, 22)


@pytest.mark.parametrize("due, state, late, left", [
    (date(2026, 11, 21), derive.PENDING, 0, 0),    # due today (Mexico City): not late yet
    (date(2026, 11, 20), derive.OVERDUE, 1, -1),   # due yesterday: one day late
    (date(2026, 11, 22), derive.PENDING, 0, 1),    # due tomorrow, although UTC already says "today"
])
def test_milestones_around_the_build_date_in_mexico_city(monkeypatch, due, state, late, left):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EVENING)
    today = clock.build_date("America/Mexico_City")
    milestone = ms(due)
    assert derive.milestone_state(milestone, today) == state
    assert derive.days_late(milestone, today) == late
    assert derive.days_left(milestone, today) == left


def test_a_call_closing_today_in_mexico_city_is_still_open(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EVENING)
    today = clock.build_date("America/Mexico_City")
    call = Call(fecha_apertura=date(2026, 11, 1), fecha_cierre=date(2026, 11, 21))
    assert derive.call_state(call, today) == "abierta"
    assert derive.call_state(call, clock.build_date("UTC")) == "cerrada"


def test_days_late_of_a_milestone_met_late_counts_to_the_day_it_was_met():
    assert derive.days_late(ms(date(2023, 3, 31), date(2023, 5, 19)), TODAY) == 49
    assert derive.days_late(ms(date(2023, 3, 31), date(2023, 3, 1)), TODAY) == 0


def test_progress_basis_is_what_progress_is_computed_from():
    milestones = [ms(TODAY, TODAY, 1), ms(TODAY, TODAY, 1), ms(TODAY, None, 2), ms(TODAY, None, 1)]
    met, total, met_weight, total_weight = derive.progress_basis(milestones)
    assert (met, total, met_weight, total_weight) == (2, 4, 2.0, 5.0)
    assert derive.progress(milestones) == round(100 * met_weight / total_weight, 1) == 40.0
