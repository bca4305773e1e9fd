"""Dates as the record knows them: a span from earliest to latest, shown no finer than known.

Days are :class:`Day` values, not Python dates: an ``xsd:date`` may name any year (XSD 1.1
counts astronomically, so ``0000`` is 1 BC and ``-0044`` is 45 BC, and ``99999`` is a year
too), while ``datetime.date`` stops at the years 1 and 9999. A page, an export or a sort that
meets such a date still shows and orders it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from .vocab import NEG

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]
_CYCLE_YEARS, _CYCLE_DAYS = 400, 146_097  # the Gregorian calendar repeats every 400 years
_LEXICAL = re.compile(r"(-?)(\d{4,})-(\d\d)-(\d\d)(?![\d])")
_MAX_DIGITS = 12  # a year of more digits is not a day anyone can place; it is left undated


@total_ordering
@dataclass(frozen=True, eq=False)
class Day:
    """A day of the proleptic Gregorian calendar in any year (astronomical numbering).

    It orders, compares and subtracts like ``datetime.date`` (and with one), and turns into
    one with :meth:`to_date` when the year allows.

    >>> Day(-44, 3, 15) < Day(1, 1, 1) < dt.date(2025, 3, 13) < Day(99999, 1, 1)
    True
    >>> Day(9999, 12, 31) + 1, Day(9999, 12, 31).to_date(), Day(10000, 1, 1).to_date()
    (Day(10000, 1, 1), datetime.date(9999, 12, 31), None)
    >>> Day.fromordinal(Day(0, 2, 29).toordinal() + 1).isoformat()
    '0000-03-01'
    """

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        dt.date(self.year % _CYCLE_YEARS or _CYCLE_YEARS, self.month, self.day)  # ValueError if no such day

    @classmethod
    def of(cls, day: Day | dt.date) -> Day:
        return day if isinstance(day, Day) else cls(day.year, day.month, day.day)

    @classmethod
    def fromordinal(cls, ordinal: int) -> Day:
        """The day of ``ordinal``, counted as ``date.toordinal`` counts (1 is 1 Jan 1)."""
        cycles, rest = divmod(ordinal - 1, _CYCLE_DAYS)
        day = dt.date.fromordinal(rest + 1)
        return cls(day.year + cycles * _CYCLE_YEARS, day.month, day.day)

    def toordinal(self) -> int:
        cycles, rest = divmod(self.year - 1, _CYCLE_YEARS)
        return dt.date(rest + 1, self.month, self.day).toordinal() + cycles * _CYCLE_DAYS

    def to_date(self) -> dt.date | None:
        """The same day as a Python date, or None outside the years 1 to 9999."""
        return dt.date(self.year, self.month, self.day) if dt.MINYEAR <= self.year <= dt.MAXYEAR else None

    def isoformat(self) -> str:
        """The ``xsd:date`` lexical form: ``2025-03-13``, ``-0044-03-15``, ``99999-01-01``."""
        sign = "-" if self.year < 0 else ""
        return f"{sign}{abs(self.year):04d}-{self.month:02d}-{self.day:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"Day({self.year}, {self.month}, {self.day})"

    def __add__(self, days: int | dt.timedelta) -> Day:
        if isinstance(days, dt.timedelta):
            days = days.days
        if not isinstance(days, int):
            return NotImplemented
        return Day.fromordinal(self.toordinal() + days)

    def __sub__(self, other):
        """A day minus days is a day; a day minus a day is a ``timedelta`` (or, beyond what
        one holds, the number of days)."""
        if isinstance(other, int | dt.timedelta):
            return self + -(other.days if isinstance(other, dt.timedelta) else other)
        if isinstance(other, Day | dt.date):
            days = self.toordinal() - Day.of(other).toordinal()
            return dt.timedelta(days=days) if abs(days) <= dt.timedelta.max.days else days
        return NotImplemented

    def _key(self) -> tuple[int, int, int]:
        return self.year, self.month, self.day

    def __eq__(self, other) -> bool:
        if isinstance(other, Day | dt.date) and not isinstance(other, dt.datetime):
            return self._key() == Day.of(other)._key()
        return NotImplemented

    def __lt__(self, other) -> bool:
        if isinstance(other, Day | dt.date) and not isinstance(other, dt.datetime):
            return self._key() < Day.of(other)._key()
        return NotImplemented

    def __hash__(self) -> int:
        as_date = self.to_date()  # equal to a date, so hashed as that date is
        return hash(as_date) if as_date is not None else hash(self._key())


def parse_day(value: str | None) -> Day | None:
    """The calendar day of an xsd:date or xsd:dateTime lexical form (time and zone dropped),
    in any year; None for anything else.

    >>> parse_day("2025-03-13T08:47:00+07:00"), parse_day("-0044-03-15"), parse_day("2025-02-30")
    (Day(2025, 3, 13), Day(-44, 3, 15), None)
    """
    found = _LEXICAL.match(value or "")
    if not found or len(found[2]) > _MAX_DIGITS:
        return None
    sign, year, month, day = found.groups()
    try:
        return Day(-int(year) if sign else int(year), int(month), int(day))
    except ValueError:
        return None


def year_label(year: int) -> str:
    """``2025``; years before 1 as BC (XSD 1.1 numbering: year 0 is 1 BC).

    >>> year_label(2025), year_label(0), year_label(-44)
    ('2025', '1 BC', '45 BC')
    """
    return str(year) if year >= 1 else f"{1 - year} BC"


def day_label(day: Day | dt.date) -> str:
    """``12 Mar 2025``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {year_label(day.year)}"


def month_label(day: Day | dt.date, short: bool = False) -> str:
    """``March 2025`` (``Mar 2025`` when short)."""
    return f"{(_MONTHS if short else _MONTH_NAMES)[day.month - 1]} {year_label(day.year)}"


@dataclass(frozen=True)
class Span:
    """When something was said or happens, as precisely as the source allows and no more."""

    earliest: Day | None
    latest: Day | None
    precision: str | None = None  # local name: Day, Week, Month, Year, Unknown
    text: str | None = None  # the source's own words

    def __post_init__(self) -> None:  # Python dates are welcome; they are kept as days
        for name in ("earliest", "latest"):
            value = getattr(self, name)
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                object.__setattr__(self, name, Day.of(value))

    @classmethod
    def from_terms(cls, earliest, latest, precision=None, text=None) -> Span:
        """Build from query-result terms (pyoxigraph terms or None)."""
        value = lambda t: t.value if t is not None else None  # noqa: E731
        kind = value(precision)
        return cls(parse_day(value(earliest)), parse_day(value(latest)),
                   kind[len(NEG):] if kind and kind.startswith(NEG) else kind, value(text))

    @property
    def sort_key(self) -> tuple[float, float]:
        """(start, end) as day ordinals, by the other bound when one is unknown; undated first."""
        start = self.earliest or self.latest
        end = self.latest or self.earliest
        return (start.toordinal() if start else float("-inf"), end.toordinal() if end else float("-inf"))

    @property
    def order_key(self) -> tuple[float, float, int, str]:
        """Timeline order: by start, then end, then which bounds are known ("by 13 Mar" before
        "13 Mar" before "from 13 Mar"), then the label, so spans that get the same heading
        always sit together, whichever way the timeline runs.

        >>> day = dt.date(2025, 3, 13)
        >>> spans = [Span(day, None), Span(day, day), Span(None, day)]
        >>> [s.label() for s in sorted(spans, key=lambda s: s.order_key)]
        ['by 13 Mar 2025', '13 Mar 2025', 'from 13 Mar 2025']
        >>> far = [Span(Day(10000, 1, 1), None), Span(None, Day(-100, 1, 1)), Span(None, Day(-44, 3, 15))]
        >>> [s.label() for s in sorted(far, key=lambda s: s.order_key)]
        ['by 1 Jan 101 BC', 'by 15 Mar 45 BC', 'from 1 Jan 10000']
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
        >>> Span(Day(-44, 1, 1), Day(-44, 12, 31), "Year").label()
        '45 BC'
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
        if e == Day(e.year, 1, 1) and l_ == Day(e.year, 12, 31):
            return year_label(e.year)
        if e.day == 1 and l_ == month_end(e):
            return month_label(e)
        return _range_label(e, l_)

    def _bound(self, day: Day) -> str:
        if self.precision == "Year" and day.month == 12 and day.day == 31:
            return year_label(day.year)
        return day_label(day)


def month_end(day: Day) -> Day:
    """The last day of ``day``'s month."""
    following = Day(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - 1


def _range_label(e: Day, l_: Day) -> str:
    """``15–16 Mar 2025``, ``28 Feb – 2 Mar 2025``, ``30 Dec 2024 – 2 Jan 2025``."""
    if e.year != l_.year:
        return f"{day_label(e)} – {day_label(l_)}"
    if e.month != l_.month:
        return f"{e.day} {_MONTHS[e.month - 1]} – {day_label(l_)}"
    return f"{e.day}–{day_label(l_)}"
