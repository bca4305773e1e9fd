"""The horizontal overview above the timeline: every span drawn as a bar from earliest to latest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kb.timeline import Item

WIDTH = 1000  # SVG user units; the SVG scales to the page
STUB = 14  # width of a bar with one open end


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
    start: dt.date
    end: dt.date
    bars: list[Bar]
    rows: int
    ticks: list[tuple[float, str]]


def build(items: list[Item]) -> Overview | None:
    """Lay out bars in rows so that none overlap; None when nothing is dated."""
    days = [d for i in items for d in (i.span.earliest, i.span.latest) if d]
    if not days:
        return None
    start, end = min(days), max(days)
    total = max((end - start).days + 1, 1)
    scale = lambda d: (d - start).days / total * WIDTH  # noqa: E731
    bars, row_ends = [], []
    same_span: dict[tuple, list[Item]] = {}
    for item in sorted(items, key=lambda i: i.span.sort_key):
        key = (item.span.earliest, item.span.latest, item.tentative)
        same_span.setdefault(key, []).append(item)
    for group in same_span.values():  # items with the very same span share one bar
        item = group[0]
        first, last = item.span.earliest, item.span.latest
        if first and last:
            x, w = scale(first), max(scale(last + dt.timedelta(days=1)) - scale(first), 3)
        elif last:  # only "by <day>": a short faded stub ending on that day, not a made-up start
            x, w = max(scale(last + dt.timedelta(days=1)) - STUB, 0), STUB
        else:  # only "from <day>"
            x, w = scale(first), STUB
        row = next((r for r, e in enumerate(row_ends) if e <= x), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0)
        row_ends[row] = x + w + 2
        bars.append(Bar(item, len(group), x, w, row, item.span.earliest is None, item.span.latest is None))
    return Overview(start, end, bars, len(row_ends), _ticks(start, end, scale))


def _ticks(start: dt.date, end: dt.date, scale) -> list[tuple[float, str]]:
    """Year ticks for long periods, month ticks for shorter ones, at most a dozen."""
    span_days = (end - start).days
    ticks = []
    if span_days > 400:
        for year in range(start.year + 1, end.year + 1):
            ticks.append((scale(dt.date(year, 1, 1)), str(year)))
    else:
        month = dt.date(start.year, start.month, 1)
        while month <= end:
            if month >= start:
                ticks.append((scale(month), month.strftime("%b %Y")))
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if span_days < 45:
            ticks = [(scale(start), start.strftime("%-d %b %Y")), (scale(end), end.strftime("%-d %b %Y"))]
    step = max(1, len(ticks) // 12)
    return ticks[::step]
