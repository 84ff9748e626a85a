"""The views' summaries (summaries.py), computed in the validation pass, against pandas: on
random CSV files and random queries (group by text, a date, its year or its month, an
integer; sum, count, mean, min and max of integer and decimal columns, with empty cells),
the table of the fast typed pass and the one of the frictionless path are the same, and
both give pandas' figures. Examples are derandomized so CI runs the same ones every time."""

from __future__ import annotations

import math
import tempfile
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gobabierto.datasets import summaries
from gobabierto.datasets import validate as datacheck
from gobabierto.datasets.summaries import OPS, Group, Measure, Query, Summary
from gobabierto.datasets.validate import ResourceInput

PROPERTY = settings(max_examples=150, derandomize=True, deadline=timedelta(seconds=20), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = [{"name": "g", "type": "string"}, {"name": "d", "type": "date"}, {"name": "i", "type": "integer"},
          {"name": "n", "type": "number"}]
GROUPS = [("g", None), ("d", None), ("d", "year"), ("d", "yearmonth"), ("i", None)]
TEXTS = ["Centro", "La Loma", "El Río", "ñandú", ""]
DATES = ["2023-12-31", "2024-01-01", "2024-01-31", "2024-02-29", "2025-07-04", ""]
INTEGERS = ["0", "7", "-3", "120", "1000000", ""]
NUMBERS = ["0.1", "0.2", "2850000.50", "-15.25", "3", "1e3", ".5", ""]


@st.composite
def cases(draw) -> tuple[list[list[str]], Query]:
    rows = [[draw(st.sampled_from(TEXTS)), draw(st.sampled_from(DATES)), draw(st.sampled_from(INTEGERS)),
             draw(st.sampled_from(NUMBERS))] for _ in range(draw(st.integers(0, 40)))]
    group = Group(*draw(st.sampled_from(GROUPS)))
    if draw(st.integers(0, 5)) == 0:  # two groups, as a vega-lite view may have
        second = Group(*draw(st.sampled_from([g for g in GROUPS if g[0] != group.field])))
        groups = (group, second)
    else:
        groups = (group,)
    chosen = draw(st.lists(st.tuples(st.sampled_from(OPS), st.sampled_from(["i", "n", None])), min_size=1,
                           max_size=4, unique=True))
    measures = tuple(Measure(op if field else "count", field, f"m{k}") for k, (op, field) in enumerate(chosen))
    return rows, Query(0, groups, measures)


def write(rows: list[list[str]], folder: Path) -> tuple[dict, Path]:
    path = folder / "datos.csv"
    path.write_text("\n".join(",".join(r) for r in [["g", "d", "i", "n"], *rows]) + "\n", encoding="utf-8")
    return {"name": "prueba", "title": "Prueba", "resources": [
        {"name": "datos", "path": "datos.csv", "format": "csv", "encoding": "utf-8", "schema": {"fields": FIELDS}}]}, path


def tables(rows: list[list[str]], query: Query, folder: Path, fast: bool) -> dict:
    descriptor, path = write(rows, folder)
    item = ResourceInput(0, "datos.csv", path, "datasets/prueba/datos.csv", "utf-8",
                         tuple((f["name"], f["type"]) for f in FIELDS), (), ((0, query),))
    work = Path(tempfile.mkdtemp(dir=folder))
    original = datacheck.fastcheck.check
    if not fast:
        datacheck.fastcheck.check = lambda *args, **kwargs: None
    try:
        found, results, _ = datacheck._compute("datasets/prueba/datapackage.yaml", descriptor, [item], folder, work)
    finally:
        datacheck.fastcheck.check = original
    assert [p for p in found if p.severity == "error"] == []
    return results[0]["vistas"]


def _key(value, group: Group):
    """pandas' group value as the summary writes it (JSON)."""
    if pd.isna(value):
        return None
    if group.unit == "year":
        return int(value)
    if group.unit == "yearmonth":
        return f"{value.year:04d}-{value.month:02d}"
    if group.field == "d":
        return value.date().isoformat()
    if group.field == "i":
        return int(value)
    return value


def expected(rows: list[list[str]], query: Query) -> dict[tuple, list]:
    """The query as pandas computes it: key → measures (None for a missing figure)."""
    frame = pd.DataFrame(rows, columns=["g", "d", "i", "n"], dtype=str)
    frame = frame.replace("", None)
    frame["d"] = pd.to_datetime(frame["d"], format="%Y-%m-%d")
    frame["i"] = pd.to_numeric(frame["i"]).astype("Int64")
    frame["n"] = pd.to_numeric(frame["n"])
    keys = []
    for k, group in enumerate(query.groups):
        column = frame[group.field]
        if group.unit == "year":
            column = column.dt.year
        elif group.unit == "yearmonth":
            column = column.dt.to_period("M")
        frame[f"k{k}"] = column
        keys.append(f"k{k}")
    out: dict[tuple, list] = {}
    if frame.empty:
        return out
    grouped = frame.groupby(keys, dropna=False, sort=False)
    for key, part in grouped:
        key = key if isinstance(key, tuple) else (key,)
        normal = [_key(value, group) for value, group in zip(key, query.groups)]
        figures = []
        for m in query.measures:
            if m.field is None:
                figures.append(len(part))
                continue
            series = part[m.field].astype(float)
            value = {"sum": series.sum, "count": series.count, "mean": series.mean, "min": series.min,
                     "max": series.max}[m.op]()
            figures.append(None if pd.isna(value) else float(value))
        out[tuple(normal)] = figures
    return out


def close(mine, theirs) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return math.isclose(float(mine), float(theirs), rel_tol=1e-9, abs_tol=1e-6)


@PROPERTY
@given(cases())
def test_summaries_are_pandas_figures_in_both_passes(case):
    rows, query = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fast = tables(rows, query, folder, fast=True)
        slow = tables(rows, query, folder, fast=False)
    assert fast == slow
    table = fast["0"]
    width = len(query.groups)
    mine = {tuple(row[:width]): row[width:] for row in table}
    assert len(mine) == len(table)  # one row per group
    theirs = expected(rows, query)
    assert set(mine) == set(theirs)
    for key, figures in theirs.items():
        assert all(close(a, b) for a, b in zip(mine[key], figures)), (key, mine[key], figures)
    order = [tuple((1, "") if v is None else (0, v) for v in key) for key in mine]
    assert order == sorted(order)  # sorted by group, empty groups last


def test_a_sum_of_money_is_exact_and_a_mean_has_six_decimals():
    query = Query(0, (Group("g"),), (Measure("sum", "n", "s"), Measure("mean", "n", "m"), Measure("count", None, "c")))
    summary = Summary(query, ("g", "n"))
    from decimal import Decimal
    for value in ("0.1", "0.2", "0.1"):
        summary.feed(["a", Decimal(value)])
    summary.feed(["a", None])
    assert summary.table() == {"rows": [["a", "0.4", "0.133333", 4]], "overflow": False}


def test_more_groups_than_the_limit_stop_the_summary(monkeypatch):
    monkeypatch.setattr(summaries, "MAX_GROUPS", 3)
    summary = Summary(Query(0, (Group("g"),), (Measure("count", None, "c"),)), ("g",))
    for value in ("a", "b", "c", "a"):
        summary.feed([value])
    assert summary.table() == {"rows": [["a", 2], ["b", 1], ["c", 1]], "overflow": False}
    summary.feed(["d"])
    assert summary.table() == {"rows": [], "overflow": True}


@pytest.mark.parametrize("unit, expected_keys", [("year", [2023, 2024]), ("yearmonth", ["2023-12", "2024-02"]),
                                                 (None, ["2023-12-31", "2024-02-29"])])
def test_dates_group_by_year_or_month_when_asked(unit, expected_keys):
    from datetime import date
    summary = Summary(Query(0, (Group("d", unit),), (Measure("count", None, "c"),)), ("d",))
    for day in (date(2024, 2, 29), date(2023, 12, 31)):
        summary.feed([day])
    assert [row[0] for row in summary.table()["rows"]] == expected_keys
