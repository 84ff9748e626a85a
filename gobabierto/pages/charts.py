"""Charts drawn at build time as inline SVG: no JavaScript, no remote library.

Every chart is `<svg role="img">` named by its `<title>` and described by its `<desc>`
(both referenced from `aria-labelledby`/`aria-describedby`), and its page shows the same
data as text or a table beside it. Status is told by shape and pattern as well as by
colour: the marks draw in `currentColor` and the stylesheet only tints them, so a chart
stays legible in print, in greyscale and in forced-colours mode.

The geometry is plain arithmetic on the numbers given (a bar of 40 % is 40 % of its
track), which is what the tests check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from markupsafe import Markup, escape

from gobabierto.text import i18n
from gobabierto.text.i18n import N_, Language
from gobabierto.text.labels import LABELS

WIDTH = 320          # every chart's viewBox width; the page scales it to its column
FONT = 14            # label size in viewBox units
LINE = 18            # line height for labels
CHAR = 0.56 * FONT   # mean glyph advance, used to wrap labels
AXIS_CHAR = 0.64 * FONT  # a digit's advance in the widest usual fonts: an axis label's width
GAP = 6              # least room between two labels on an axis

STATUS_ORDER = ("cumplido", "en_proceso", "retrasado", "no_iniciado", "cancelado")
STATUS_LABELS = LABELS["status"]
MILESTONE_LABELS = LABELS["milestone"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float      # 0–100


def _f(value: float) -> str:
    """A coordinate, short and exact enough (two decimals, no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def wrap(text: str, width: float, max_lines: int = 3) -> list[str]:
    """Break `text` into lines that fit `width` viewBox units (by mean glyph advance)."""
    limit = max(8, int(width // CHAR))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, limit - 1)].rstrip() + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def _svg(chart_id: str, css_class: str, height: float, title: str, desc: str, body: Iterable[str]) -> Markup:
    head = (f'<svg class="grafica {css_class}" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {_f(height)}"'
            f' width="{WIDTH}" height="{_f(height)}" font-size="{FONT}" aria-labelledby="{chart_id}-t" aria-describedby="{chart_id}-d"'
            f' xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _text(x, y, content, css="", anchor="start", weight=None) -> str:
    attrs = f' class="{css}"' if css else ""
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    return f'<text x="{_f(x)}" y="{_f(y)}"{attrs}>{escape(content)}</text>'


# Patterns: one per status, distinct in shape; tinted through the class on <pattern>.
def _pattern(chart_id: str, status: str) -> str:
    pid = f"{chart_id}-{status}"
    shapes = {
        "cumplido": '<rect width="8" height="8" fill="currentColor"/>',
        "en_proceso": '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="currentColor" stroke-width="2.2"/>',
        "retrasado": '<path d="M0 0l8 8M8 0l-8 8" stroke="currentColor" stroke-width="1.8"/>',
        "no_iniciado": '<circle cx="4" cy="4" r="1.4" fill="currentColor"/>',
        "cancelado": '<path d="M0 4h8" stroke="currentColor" stroke-width="1.6"/>',
    }
    return (f'<pattern id="{pid}" class="g-{status}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'{shapes[status]}</pattern>')


class Charts:
    """The chart functions templates call, in the site's language: its words and its
    number and date formatting."""

    def __init__(self, lang: Language | None = None):
        self.lang = lang or i18n.language(i18n.SOURCE)
        self.pct, self.num, self.day, self._ = self.lang.percent, self.lang.number, self.lang.date, self.lang.gettext

    # -- progress per group -------------------------------------------------------------
    def progress(self, bars, chart_id: str, title: str) -> Markup:
        """One horizontal bar per row (a plan, a municipality): its label above, the bar of
        `value` percent of the track, and the value written at the end. Rows are `Bar`s or
        tracking.Progress rows (their record's title and progress)."""
        bars = [b if isinstance(b, Bar) else Bar(b.record.titulo, b.progress) for b in bars]
        track = WIDTH - 64
        body, y = [], 0.0
        for bar in bars:
            value = max(0.0, min(100.0, float(bar.value)))
            lines = wrap(bar.label, WIDTH)
            for line in lines:
                y += LINE
                body.append(_text(0, y - 4, line, "g-etiqueta"))
            y += 4
            body.append(f'<rect class="g-pista" x="0.5" y="{_f(y + .5)}" width="{_f(track - 1)}" height="17"'
                        ' fill="none" stroke="currentColor"/>')
            body.append(f'<rect class="g-barra" x="0" y="{_f(y)}" width="{_f(track * value / 100)}" height="18"'
                        ' fill="currentColor"/>')
            body.append(_text(track + 8, y + 14, self.pct(bar.value), "g-cifra", weight="700"))
            y += 18 + 14
        desc = "; ".join(f"{b.label}: {self.pct(b.value)}" for b in bars) + "."
        return _svg(chart_id, "grafica-avance", max(y - 8, 1), title, desc, body)

    # -- status distribution ------------------------------------------------------------
    def status(self, counts: dict[str, int], chart_id: str, title: str) -> Markup:
        """One bar split by status, each part as wide as its share and filled with its own
        pattern; a legend below repeats pattern, name, count and share."""
        shown = [(s, counts.get(s, 0)) for s in STATUS_ORDER if counts.get(s, 0)]
        total = sum(n for _, n in shown)
        body = ["<defs>" + "".join(_pattern(chart_id, s) for s, _ in shown) + "</defs>"]
        x = 0.0
        for status, n in shown:
            width = WIDTH * n / total
            body.append(f'<rect class="g-parte g-{status}" x="{_f(x)}" y="0" width="{_f(width)}" height="32"'
                        f' fill="url(#{chart_id}-{status})" stroke="currentColor" stroke-width="1.5"/>')
            x += width
        y = 32 + 12
        for status, n in shown:
            body.append(f'<rect class="g-{status}" x="1" y="{_f(y + 1)}" width="22" height="18"'
                        f' fill="url(#{chart_id}-{status})" stroke="currentColor" stroke-width="1.5"/>')
            body.append(_text(32, y + 15, f"{self._(STATUS_LABELS[status])}: {n} ({self.pct(round(100 * n / total, 1))})",
                              "g-etiqueta"))
            y += 26
        if not shown:
            body.append(_text(0, 20, self._(N_("Sin compromisos registrados")), "g-etiqueta"))
            y = 28
        desc = (self.lang.ngettext("%(num)s compromiso: %(parts)s.", "%(num)s compromisos: %(parts)s.", total,
                                   parts="; ".join(f"{self._(STATUS_LABELS[s])}, {n}" for s, n in shown))
                if shown else self._(N_("No hay compromisos registrados.")))
        return _svg(chart_id, "grafica-estatus", y, title, desc, body)

    # -- milestone timeline -------------------------------------------------------------
    def timeline(self, commitment, today: date, chart_id: str, title: str) -> Markup:
        """Milestones placed on a time axis by due date, numbered as in the list beside the
        chart; shape tells the state (● met on time, ■ met late, ○ pending, ▲ overdue); a
        milestone met late also shows the stretch from its due date to the day it was met."""
        milestones = list(commitment.hitos)
        dates = [m.fecha for m in milestones] + [m.cumplido for m in milestones if m.cumplido]
        dates += [d for d in (commitment.fecha_inicio, commitment.fecha_fin) if d]
        start, end = min(dates), max(dates)
        span = max((end - start).days, 1)
        left, right = 14.0, WIDTH - 14.0
        axis_y = 74.0

        def x_of(day: date) -> float:
            return left + (right - left) * (day - start).days / span

        body = []
        body.append(f'<line class="g-eje" x1="{_f(left)}" y1="{_f(axis_y)}" x2="{_f(right)}" y2="{_f(axis_y)}"'
                    ' stroke="currentColor" stroke-width="2"/>')
        # The ends carry their dates; each year's label goes under its tick, on the first of
        # two rows where it clears the labels already there (widths estimated generously from
        # the digits' advance), so that none overlaps another or runs past the chart's edges.
        first, last = self.lang.short_month(start), self.lang.short_month(end)
        rows: list[list[tuple[float, float]]] = [[(0.0, len(first) * AXIS_CHAR),
                                                  (WIDTH - len(last) * AXIS_CHAR, float(WIDTH))], []]
        for year in range(start.year + (0 if (start.month, start.day) == (1, 1) else 1), end.year + 1):
            tx = x_of(date(year, 1, 1))
            body.append(f'<line x1="{_f(tx)}" y1="{_f(axis_y - 5)}" x2="{_f(tx)}" y2="{_f(axis_y + 5)}"'
                        ' stroke="currentColor"/>')
            half = len(str(year)) * AXIS_CHAR / 2
            row = next((i for i, taken in enumerate(rows) if half <= tx <= WIDTH - half and all(
                tx + half + GAP <= a or tx - half - GAP >= b for a, b in taken)), None)
            if row is not None:  # else too many years for the width: their ticks stay
                rows[row].append((tx - half, tx + half))
                body.append(_text(tx, axis_y + 22 + row * LINE, str(year), "g-tenue", "middle"))
        body.append(_text(0, axis_y + 22, first, "g-tenue"))
        body.append(_text(WIDTH, axis_y + 22, last, "g-tenue", "end"))
        below = LINE if rows[1] else 0
        if start <= today <= end:
            hx = x_of(today)
            body.append(f'<line class="g-hoy" x1="{_f(hx)}" y1="16" x2="{_f(hx)}" y2="{_f(axis_y + 8)}"'
                        ' stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 3"/>')
            anchor = "end" if hx > WIDTH - 40 else ("start" if hx < 40 else "middle")
            body.append(_text(hx, 12, self._(N_("Hoy")), "g-hoy", anchor, "700"))
        last_x, raised = None, False
        for number, m in enumerate(milestones, 1):
            mx = x_of(m.fecha)
            if m.cumplido and m.cumplido > m.fecha:
                body.append(f'<line class="g-cumplido_tarde" x1="{_f(mx)}" y1="{_f(axis_y - 12)}"'
                            f' x2="{_f(x_of(m.cumplido))}" y2="{_f(axis_y - 12)}" stroke="currentColor"'
                            ' stroke-width="3"/>')
            body.append(self._marker(m.state, mx, axis_y))
            raised = last_x is not None and mx - last_x < 20 and not raised
            body.append(_text(mx, axis_y - (38 if raised else 20), str(number), "g-cifra", "middle", "700"))
            last_x = mx
        y = axis_y + 40 + below
        present = [s for s in MILESTONE_LABELS if any(m.state == s for m in milestones)]
        for state in present:
            body.append(self._marker(state, 10, y))
            body.append(_text(26, y + 5, self._(MILESTONE_LABELS[state]), "g-etiqueta"))
            y += 24
        parts = []
        for number, m in enumerate(milestones, 1):
            state = self._(MILESTONE_LABELS.get(m.state, m.state)).lower()
            if m.cumplido:
                parts.append(self._(N_("hito %(n)s, %(state)s, comprometido para el %(due)s y cumplido el %(met)s"),
                                    n=number, state=state, due=self.day(m.fecha), met=self.day(m.cumplido)))
            else:
                parts.append(self._(N_("hito %(n)s, %(state)s, comprometido para el %(due)s"),
                                    n=number, state=state, due=self.day(m.fecha)))
        desc = self._(N_("Del %(start)s al %(end)s: %(parts)s."), start=self.day(start), end=self.day(end),
                      parts="; ".join(parts))
        if start <= today <= end:
            desc += " " + self._(N_("Hoy es %(today)s."), today=self.day(today))
        return _svg(chart_id, "grafica-hitos", y - 8, title, desc, body)

    @staticmethod
    def _marker(state: str, x: float, y: float) -> str:
        css = f'class="g-marca g-{state}"'
        if state == "cumplido_a_tiempo":
            return f'<circle {css} cx="{_f(x)}" cy="{_f(y)}" r="7" fill="currentColor"/>'
        if state == "cumplido_tarde":
            return f'<rect {css} x="{_f(x - 6.5)}" y="{_f(y - 6.5)}" width="13" height="13" fill="currentColor"/>'
        if state == "vencido":
            return (f'<path {css} d="M{_f(x)} {_f(y - 9)}L{_f(x + 8.5)} {_f(y + 6)}H{_f(x - 8.5)}Z"'
                    ' fill="currentColor"/>')
        return (f'<circle {css} cx="{_f(x)}" cy="{_f(y)}" r="6.5" fill="#fff" stroke="currentColor"'
                ' stroke-width="2.5"/>')

    # -- one indicator ------------------------------------------------------------------
    def indicator(self, indicator, share: float | None, chart_id: str) -> Markup:
        """Baseline at the left end, target at the right, the track filled up to where the
        current value sits between them (`share`, in percent; clipped to the track)."""
        amount = self.lang.amount
        short = (lambda value: amount(value, indicator.unidad) if value is not None else self.num(value)) \
            if (indicator.unidad or "").strip().upper() == i18n.MONEY_UNIT else self.num
        filled = max(0.0, min(100.0, share or 0.0))
        track = WIDTH - 2
        body = [
            f'<rect class="g-pista" x="1" y="24" width="{_f(track)}" height="16" fill="none" stroke="currentColor"/>',
            f'<rect class="g-barra" x="1" y="24" width="{_f(track * filled / 100)}" height="16" fill="currentColor"/>',
            _text(1, 58, self._(N_("Base: %(value)s"), value=short(indicator.linea_base)), "g-tenue"),
            _text(WIDTH - 1, 58, self._(N_("Meta: %(value)s"), value=short(indicator.meta)), "g-tenue", "end"),
        ]
        cx = 1 + track * filled / 100
        anchor = "start" if cx < 60 else ("end" if cx > WIDTH - 60 else "middle")
        body.append(_text(cx, 16, self._(N_("Actual: %(value)s"), value=short(indicator.valor)), "g-cifra", anchor,
                          "700"))
        desc = self._(N_("Línea base %(base)s; valor actual %(value)s; meta %(target)s. Avance hacia la meta: %(share)s."),
                      base=amount(indicator.linea_base, indicator.unidad), value=amount(indicator.valor, indicator.unidad),
                      target=amount(indicator.meta, indicator.unidad), share=self.pct(share or 0))
        if share is not None and share > 100:
            desc += " " + self._(N_("Supera la meta."))
        title = self._(N_("%(name)s: avance hacia la meta"), name=indicator.nombre)
        return _svg(chart_id, "grafica-indicador", 62, title, desc, body)
