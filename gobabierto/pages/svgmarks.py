"""The building blocks of a view's SVG chart: numbers written short, round gridline values,
which axis labels fit, and how series 2–4 are told apart without colour (a pattern for bars,
a dash for lines, a marker shape for points)."""

from __future__ import annotations

import math

# Series 2–4 of a chart: a pattern for bars, a dash for lines, a marker for points.
DASHES = ("", "7 4", "2 3", "9 3 2 3")


def number_text(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def gridlines(low: float, high: float, whole: bool = False) -> list[float]:
    """Round gridline values from `low` to `high` (both included): 0, 2.5 M, 5 M…; whole
    numbers only for figures that are (counts)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def label_indices(centres: list[float], label: float) -> list[int]:
    """Which points get a label on the horizontal axis: the first, the last, and between them
    as many as fit (each label `label` units wide around its centre), evenly spread."""
    count = len(centres)
    if count <= 2:
        return list(range(count)) if count < 2 or centres[1] - centres[0] >= label else [0]
    width = centres[-1] - centres[0]
    step = max(1, math.ceil(label / (width / (count - 1)))) if width > 0 else count
    chosen = [0]
    for index in range(step, count - 1, step):
        if centres[index] - centres[chosen[-1]] >= label and centres[-1] - centres[index] >= label:
            chosen.append(index)
    if centres[-1] - centres[chosen[-1]] >= label:
        chosen.append(count - 1)
    elif len(chosen) > 1:
        chosen[-1] = count - 1
    return chosen


def dash(series: int) -> str:
    return f' stroke-dasharray="{DASHES[series]}"' if DASHES[series] else ""


def fill(chart_id: str, series: int) -> str:
    return "currentColor" if series == 0 else f"url(#{chart_id}-p{series})"


def pattern(chart_id: str, series: int) -> str:
    shapes = {1: '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="currentColor" stroke-width="2"/>',
              2: '<circle cx="4" cy="4" r="1.8" fill="currentColor"/>',
              3: '<path d="M0 2h8M0 6h8" stroke="currentColor" stroke-width="1.6"/>'}
    return (f'<pattern id="{chart_id}-p{series}" class="g-serie-{series}" width="8" height="8"'
            f' patternUnits="userSpaceOnUse">{shapes[series]}</pattern>')


def marker(series: int, x: float, y: float) -> str:
    """A point of series 1–4: circle, square, triangle, diamond (coloured by its group)."""
    if series == 0:
        return f'<circle cx="{number_text(x)}" cy="{number_text(y)}" r="4"/>'
    if series == 1:
        return f'<rect x="{number_text(x - 4)}" y="{number_text(y - 4)}" width="8" height="8"/>'
    if series == 2:
        return f'<path d="M{number_text(x)} {number_text(y - 5)}L{number_text(x + 5)} {number_text(y + 4)}H{number_text(x - 5)}Z"/>'
    return f'<path d="M{number_text(x)} {number_text(y - 5)}L{number_text(x + 5)} {number_text(y)}L{number_text(x)} {number_text(y + 5)}L{number_text(x - 5)} {number_text(y)}Z"/>'
