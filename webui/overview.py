"""The horizontal overview above the timeline: every span drawn as a bar from earliest to latest.

Positions are computed from day ordinals (:class:`kb.spans.Day`), so a record reaching 45 BC
or the year 99999 is drawn like any other; ticks are chosen by step, never by walking every
year or month between the ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.spans import Day, day_label, month_label, year_label
from kb.timeline import Item

WIDTH = 1000  # SVG user units; the SVG scales to the page
STUB = 14  # width of a bar with one open end
MAX_TICKS = 12
_YEAR_STEPS = (1, 2, 5)  # × powers of ten
_MONTH_STEPS = (1, 2, 3, 6)


@dataclass
class Bar:
    item: Item  # the first of the items it stands for
    count: int
    x: float
    width: float
    row: int
    open_start: bool  # no earliest bound: the bar fades in from the left edge
    open_end: bool


@dataclass
class Overview:
    start: Day
    end: Day
    bars: list[Bar]
    rows: int
    ticks: list[tuple[float, str]]


def build(items: list[Item]) -> Overview | None:
    """Lay out bars in rows so that none overlap; None when nothing is dated (undated items
    have no bar)."""
    days = [d for i in items for d in (i.span.earliest, i.span.latest) if d]
    if not days:
        return None
    start, end = min(days), max(days)
    origin = start.toordinal()
    total = max(end.toordinal() - origin + 1, 1)
    scale = lambda d: (d.toordinal() - origin) / total * WIDTH  # noqa: E731
    bars, row_ends = [], []
    same_span: dict[tuple, list[Item]] = {}
    for item in sorted(items, key=lambda i: i.span.sort_key):
        if item.span.earliest is None and item.span.latest is None:
            continue
        key = (item.span.earliest, item.span.latest, item.tentative)
        same_span.setdefault(key, []).append(item)
    for group in same_span.values():  # items with the very same span share one bar
        item = group[0]
        first, last = item.span.earliest, item.span.latest
        if first and last:
            x, w = scale(first), max(scale(last + 1) - scale(first), 3)
        elif last:  # only "by <day>": a short faded stub ending on that day, not a made-up start
            x, w = max(scale(last + 1) - STUB, 0), STUB
        else:  # only "from <day>"
            x, w = scale(first), STUB
        row = next((r for r, e in enumerate(row_ends) if e <= x), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0)
        row_ends[row] = x + w + 2
        bars.append(Bar(item, len(group), x, w, row, item.span.earliest is None, item.span.latest is None))
    return Overview(start, end, bars, len(row_ends), _ticks(start, end, scale))


def _ticks(start: Day, end: Day, scale) -> list[tuple[float, str]]:
    """Year ticks for long periods, month ticks for shorter ones, at most a dozen."""
    span_days = end.toordinal() - start.toordinal()
    if span_days < 45:
        return [(scale(start), day_label(start)), (scale(end), day_label(end))]
    if span_days > 400:
        step = _step(end.year - start.year, _YEAR_STEPS)
        first = -(-(start.year + 1) // step) * step
        return [(scale(Day(year, 1, 1)), year_label(year)) for year in range(first, end.year + 1, step)]
    months = lambda d: d.year * 12 + d.month - 1  # noqa: E731
    step = _step(months(end) - months(start), _MONTH_STEPS, powers=False)
    first = months(start) + (0 if start.day == 1 else 1)
    return [(scale(day), month_label(day, short=True))
            for day in (Day(m // 12, m % 12 + 1, 1) for m in range(first, months(end) + 1, step))]


def _step(length: int, steps: tuple[int, ...], powers: bool = True) -> int:
    """The smallest of ``steps`` (times a power of ten) that makes at most MAX_TICKS ticks."""
    scale = 1
    while True:
        for s in steps:
            if length // (s * scale) < MAX_TICKS:
                return s * scale
        if not powers:
            return steps[-1] * -(-length // (steps[-1] * MAX_TICKS))
        scale *= 10
