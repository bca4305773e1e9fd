"""Dates as the record knows them: a span from earliest to latest, shown no finer than known."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .vocab import NEG

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day of an xsd:date or xsd:dateTime lexical form (time and zone dropped)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_label(day: dt.date) -> str:
    """``12 Mar 2025``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Span:
    """When something was said or happens, as precisely as the source allows and no more."""

    earliest: dt.date | None
    latest: dt.date | None
    precision: str | None = None  # local name: Day, Week, Month, Year, Unknown
    text: str | None = None  # the source's own words

    @classmethod
    def from_terms(cls, earliest, latest, precision=None, text=None) -> Span:
        """Build from query-result terms (pyoxigraph terms or None)."""
        value = lambda t: t.value if t is not None else None  # noqa: E731
        kind = value(precision)
        return cls(parse_day(value(earliest)), parse_day(value(latest)),
                   kind[len(NEG):] if kind and kind.startswith(NEG) else kind, value(text))

    @property
    def sort_key(self) -> tuple[str, str]:
        start = self.earliest or self.latest
        end = self.latest or self.earliest
        return (start.isoformat() if start else "", end.isoformat() if end else "")

    @property
    def order_key(self) -> tuple[str, str, int, str]:
        """Timeline order: by start, then end, then which bounds are known ("by 13 Mar" before
        "13 Mar" before "from 13 Mar"), then the label, so spans that get the same heading
        always sit together, whichever way the timeline runs.

        >>> day = dt.date(2025, 3, 13)
        >>> spans = [Span(day, None), Span(day, day), Span(None, day)]
        >>> [s.label() for s in sorted(spans, key=lambda s: s.order_key)]
        ['by 13 Mar 2025', '13 Mar 2025', 'from 13 Mar 2025']
        """
        bounds = 0 if self.earliest is None else 2 if self.latest is None else 1
        return (*self.sort_key, bounds, self.label())

    @property
    def exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    def label(self) -> str:
        """How a reader should see the date: "12 Mar 2025", "this weekend — 15–16 Mar 2025",
        "March 2025", "2024", "by 13 Mar 2025" (no earlier bound known), "from 1 Mar 2025".

        >>> Span(dt.date(2025, 3, 15), dt.date(2025, 3, 16), "Week", "this weekend").label()
        'this weekend — 15–16 Mar 2025'
        >>> Span(None, dt.date(2025, 3, 13), "Unknown").label()
        'by 13 Mar 2025'
        """
        shown = self._bare_label()
        if self.text and self.text.lower() not in shown.lower() and not self.exact:
            return f"{self.text} — {shown}"
        return shown

    def _bare_label(self) -> str:
        e, l_ = self.earliest, self.latest
        if e is None and l_ is None:
            return "undated"
        if e is None:
            return f"by {self._bound(l_)}"
        if l_ is None:
            return f"from {self._bound(e)}"
        if e == l_:
            return day_label(e)
        if e == dt.date(e.year, 1, 1) and l_ == dt.date(e.year, 12, 31):
            return str(e.year)
        if e.day == 1 and l_ == _month_end(e):
            return f"{_MONTH_NAMES[e.month - 1]} {e.year}"
        return _range_label(e, l_)

    def _bound(self, day: dt.date) -> str:
        if self.precision == "Year" and day.month == 12 and day.day == 31:
            return str(day.year)
        return day_label(day)


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _range_label(e: dt.date, l_: dt.date) -> str:
    """``15–16 Mar 2025``, ``28 Feb – 2 Mar 2025``, ``30 Dec 2024 – 2 Jan 2025``."""
    if e.year != l_.year:
        return f"{day_label(e)} – {day_label(l_)}"
    if e.month != l_.month:
        return f"{e.day} {_MONTHS[e.month - 1]} – {day_label(l_)}"
    return f"{e.day}–{day_label(l_)}"
