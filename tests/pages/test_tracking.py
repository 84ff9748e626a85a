"""Dashboard values: overdue and upcoming milestones, why a commitment is late, counts."""

from dataclasses import replace
from datetime import date, timedelta

from gobabierto.content import derive
from gobabierto.pages import tracking
from gobabierto.content.models import Commitment, Milestone

TODAY = date(2026, 11, 21)


def commitment(slug, *milestones, **kw):
    hitos = tuple(replace(m, state=derive.milestone_state(m, TODAY)) for m in milestones)
    base = dict(kind="compromiso", slug=slug, titulo=slug.capitalize(), fecha_inicio=date(2025, 1, 1),
                fecha_fin=date(2027, 12, 31), hitos=hitos)
    c = Commitment(**{**base, **kw})
    return replace(c, progress=derive.progress(hitos, c.avance), status=derive.status(c, hitos, TODAY))


def ms(days_from_today, met=None, evidence=()):
    return Milestone(f"hito a {days_from_today} días", TODAY + timedelta(days=days_from_today), met, 1, evidence)


def test_overdue_lists_each_unmet_milestone_past_due_with_its_days_late_the_oldest_first():
    a = commitment("a", ms(-1), ms(0), ms(-30, met=TODAY - timedelta(days=40)))
    b = commitment("b", ms(-144), ms(1))
    found = tracking.overdue([a, b], TODAY)
    assert [(d.commitment.slug, d.number, d.days) for d in found] == [("b", 1, 144), ("a", 1, 1)]


def test_cancelled_commitments_have_nothing_overdue_or_upcoming():
    c = commitment("c", ms(-10), ms(5), estatus="cancelado")
    assert tracking.overdue([c], TODAY) == [] and tracking.upcoming([c], TODAY) == []
    assert tracking.late([c], TODAY) == []


def test_upcoming_takes_the_60_day_window_or_at_least_the_next_three():
    a = commitment("a", ms(0), ms(1), ms(59), ms(60), ms(61), ms(200))
    assert [d.days for d in tracking.upcoming([a], TODAY)] == [0, 1, 59, 60]
    b = commitment("b", ms(10), ms(100), ms(300), ms(400))
    assert [d.days for d in tracking.upcoming([b], TODAY)] == [10, 100, 300]
    assert tracking.upcoming([commitment("c", ms(-3))], TODAY) == []


def test_late_says_why_a_commitment_is_late():
    by_milestone = commitment("hitos", ms(-5), ms(10))
    by_end_date = commitment("fin", ms(-50, met=TODAY - timedelta(days=50)), ms(20), fecha_fin=TODAY - timedelta(days=3))
    by_hand = commitment("escrito", ms(30), estatus="retrasado")
    on_track = commitment("bien", ms(30))
    found = {x.commitment.slug: x for x in tracking.late([by_milestone, by_end_date, by_hand, on_track], TODAY)}
    assert set(found) == {"hitos", "fin", "escrito"}
    assert [d.days for d in found["hitos"].overdue] == [5] and found["hitos"].reason == ""
    assert found["fin"].reason == "la fecha de fin del compromiso pasó hace 3 días sin que se cumplieran todos sus hitos"
    assert found["escrito"].reason == "el equipo responsable registró su estatus como retrasado"


def test_a_written_status_does_not_hide_an_overdue_milestone():
    c = commitment("c", ms(-2), estatus="en_proceso")
    assert c.status == "en_proceso"
    assert [d.days for d in tracking.late([c], TODAY)[0].overdue] == [2]


def test_milestones_met_without_evidence_are_named_by_number():
    c = commitment("c", ms(-10, met=TODAY, evidence=("docs/acta.pdf",)), ms(-5, met=TODAY), ms(5))
    assert tracking.without_evidence(c) == [2]


def test_counts_and_mean_progress_leave_cancelled_ones_out_of_the_mean():
    done = commitment("a", ms(-1, met=TODAY - timedelta(days=1)))
    half = commitment("b", ms(-1, met=TODAY - timedelta(days=1)), ms(10))
    cancelled = commitment("c", ms(10), estatus="cancelado")
    assert tracking.status_counts([done, half, cancelled]) == {
        "cumplido": 1, "en_proceso": 1, "retrasado": 0, "no_iniciado": 0, "cancelado": 1}
    assert tracking.overall_progress([done, half, cancelled]) == 75.0
    rows = tracking.progress_by([("plan", [done, half])])
    assert rows[0].progress == 75.0 and rows[0].counts["cumplido"] == 1
