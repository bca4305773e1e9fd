"""Date expressions as honest spans: "this weekend" in an article of 13 March 2025 is 15–16 March.

Why this module exists: dateparser reads date words in some 200 languages, but it returns
points ("next week" is a single day, "last year" a day in March 2024), finds nothing in "this
weekend" or "in the coming days", and ``search_dates`` matches a stray "now" or "may" in running
text. A record needs what the source actually says: a span from earliest to latest, at the
precision the words give, or an honest "cannot date this".

How it works: a small grammar per language (built from dateparser's own locale data — month and
weekday names, relative phrases — plus the words listed in ``_LEXICONS``) finds the date words
and their modifiers; dateparser's ``DateDataParser`` (``RELATIVE_BASE`` = the reference,
``PREFER_DAY_OF_MONTH="first"``, ``RETURN_TIME_AS_PERIOD``) reads the relative phrases and its
``period`` says how wide they are; this module turns the result into a span.

The rules (the reference is the moment the text was written; weeks start on Monday):

- a day: earliest = latest = that date, precision day. With a time ("at 14:00 GMT on 12 March")
  both are the same datetime, aware when the text or the reference gives a zone, else naive.
- "this/next/last week": Monday–Sunday of that ISO week, precision week. "this weekend": the
  Saturday–Sunday of the reference's week (on a Saturday or Sunday, that weekend);
  "last/next weekend" the one of the week before/after; a bare "the weekend" follows the tense.
- "last year", "in 2019", "2019": the whole year; "in March", "March": the whole month, the one
  nearest to the reference (ties: the reference's year). "early/mid/late March" (also "the
  beginning/middle/end of March"): the 1st–10th, 11th–20th, 21st–end, precision month; of a
  year: January–April, May–August, September–December; of a week or any other span: its thirds.
  "earlier/later this week" cut the span at the reference day.
- a bare "March 12" is the nearest 12 March to the reference (in an article of 5 January 2025,
  "December 30" is 2024-12-30). Given a tense, a candidate more than 7 days on the wrong side is
  replaced by the one a year later (future) or earlier (past).
- weekdays: "on Tuesday" is the nearest Tuesday (the reference day itself if it is one), with a
  past tense the latest one on or before the reference, with a future tense the first one on or
  after it; "last/next Tuesday" the one strictly before/after; "Tuesday next week" that week's.
- "by 2022" / "until 20 March": no earliest, latest = the end of the span (EDTF "../2022");
  "before X" ends the day before X; "since 2014" / "after X": open after (EDTF "2014/..").
- "between 10 and 12 March", "10-12 March", "from 10 to 12 March", "March 10-12": a range;
  the precision is the coarser of its ends.
- windows after the reference: "in the coming days" = reference day .. +7 days (precision week),
  "in the coming weeks" = +28 days (month), "in the coming months" = +6 months (year),
  "in the next two weeks" = +14 days, "soon"/"shortly" = +30 days (month); before it:
  "in recent days", "over the past two weeks", "recently" (-30 days). The precision of a
  window is the width it has: up to a day, a week, a month, else a year.
- "N days ago" is that day, "three weeks ago" that ISO week, "a month ago" that month.
- "Q1 2025" / "the first quarter of 2025": January–March 2025, precision month; "the first half
  of 2025": January–June, precision month.
- numbers: "2025-03-12" (ISO, with time and zone if given), "12.03.2025" (always day-month-year),
  "12/03/2025" (month-day-year and day-month-year are both read; when both are valid and differ
  and English is among the languages, it is ``Undated`` "ambiguous: …").

EDTF (``Span.edtf``, read back by ``parse_edtf``) writes a bound as a year or a month when the
span's precision is that unit and the bounds fall on its edges ("2024", "2025-03",
"2025-01/2025-03", "../2022"), else as days ("2025-03-17/2025-03-23") or datetimes. EDTF has no
week and no "early March": those spans read back with day precision (their bounds are exact).

In running text (``find_dates``) the false matches are dropped: "now" and "currently" are never
dates, "may"/"March" need a capital and a date-like neighbour ("in May", "May 12") in English,
a bare year is not one when it counts things ("2000 troops", "about 1900"), Russian and
Ukrainian weekdays and lone months need their preposition ("в среду", "в марте", not "Марта"
the name), Vietnamese weekdays their capital ("thứ Ba"),
and numbers that are not dates ("a 30-day ceasefire", "12 soldiers") are not matched at all.
The tense for bare weekdays, weekends and year-less dates comes from the nearest cue in the same
clause ("will", "is expected to", "plans to", "next" → future; "said", "met", other past-tense
verbs, "last", "ago" → past). A text's cues and clause edges are found once, however many
dates it holds (``find_dates`` is n log n in the dates of a sentence, not n²).

Languages: with ``languages=None`` the scripts of the text pick them (Cyrillic → Russian and
Ukrainian; Arabic; Chinese; Vietnamese letters → Vietnamese; other Latin letters → English, French
or German by their common words, all three when unclear). Any other dateparser language works
when named, with its month and weekday names, relative phrases and linking words ("13 de marzo
de 2025") but without the modifiers of ``_LEXICONS``. Unknown language codes raise ValueError.

Known gaps (kept out of the tests on purpose):

- weekends are Saturday–Sunday in every language (not Friday–Saturday in Arabic countries);
- times of day: Chinese "下午2点" and "Kyiv time" (which needs daylight-saving rules) are not
  read; a time alone ("at 14:00") is not a date; "N hours ago" is not a date either;
- number words: only 1–12 in English, Russian, Ukrainian, French and German ("two days ago");
  Arabic, Vietnamese and Chinese relative phrases need digits ("3天前", not "三天前"); Arabic
  "منذ 3 أيام" (3 days ago) is not read;
- "now" is not a date (a record that is only "now" is dated by its source's day); "last quarter"
  (the previous quarter), decades ("the 1990s"), centuries and seasons are not dates here;
  "from 2014" alone is not "since 2014" ("data from 2014" means in 2014).
- words the grammar does not know are read by dateparser alone only in languages without a
  lexicon here (dateparser reads "a" as January and "eleven" as November).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from dateparser.data.languages_info import language_order
from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

Precision = Literal["day", "week", "month", "year", "unknown"]
Tense = Literal["past", "future"]
Moment = dt.date | dt.datetime


# --- The public types -----------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """When something happens, from earliest to latest (inclusive; None = open on that side).

    >>> Span(dt.date(2025, 3, 15), dt.date(2025, 3, 16), "week", "this weekend").edtf
    '2025-03-15/2025-03-16'
    >>> Span(None, dt.date(2022, 12, 31), "year", "by 2022").edtf
    '../2022'
    """

    earliest: Moment | None
    latest: Moment | None
    precision: Precision
    text: str

    @property
    def edtf(self) -> str:
        """The span in EDTF: a day, month or year, or an interval of them with open ends ``..``."""
        unit = _edtf_unit(self.earliest, self.latest, self.precision)
        first, last = (_edtf_bound(b, unit) for b in (self.earliest, self.latest))
        if first == last:
            return first
        return f"{first}/{last}"

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class Undated:
    """Words that cannot be dated, and why."""

    text: str
    reason: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Found:
    """A date expression found in running text: its span and where its words are."""

    span: Span
    start: int
    end: int


# --- The public functions -------------------------------------------------------------------


def resolve(
    text: str,
    reference: Moment,
    languages: Sequence[str] | None = None,
    tense: Tense | None = None,
) -> Span | Undated:
    """The span a date expression means, written at ``reference``, or why it cannot be dated.

    Never raises on any string (a bad ``reference`` type raises TypeError).

    >>> resolve("this weekend", dt.datetime(2025, 3, 13, 8, 47)).edtf
    '2025-03-15/2025-03-16'
    >>> resolve("by 2022", dt.date(2025, 3, 13))
    Span(earliest=None, latest=datetime.date(2022, 12, 31), precision='year', text='by 2022')
    >>> resolve("the talks", dt.date(2025, 3, 13)).reason
    "no date in 'the talks'"
    """
    ctx = _context(text, reference, languages, tense)
    grammar = _grammar(ctx.languages)
    plain = _normalise(text)
    nodes = _nodes(plain, grammar, strict=False)
    if len(nodes) > 1:
        words = ", ".join(repr(text[n.start : n.end]) for n in nodes)
        return Undated(text, f"ambiguous: several dates in {text!r}: {words}")
    if nodes:
        node = nodes[0]
        if ctx.tense is None:
            ctx = replace(ctx, tense=_tense_at(plain, node, grammar))
        return _named(_safely(node, plain, ctx, grammar), text)
    return _named(_fallback(text, ctx), text)


def find_dates(sentence: str, reference: Moment, languages: Sequence[str] | None = None) -> list[Found]:
    """All date expressions in running text, left to right, with false matches filtered.

    The tense of each (for bare weekdays, weekends and year-less dates) comes from the sentence.

    >>> [f.span.edtf for f in find_dates("They met on Tuesday and will meet again on Tuesday.",
    ...                                  dt.date(2025, 3, 13))]
    ['2025-03-11', '2025-03-18']
    >>> find_dates("The key to the peace process now lies with Moscow.", dt.date(2025, 3, 13))
    []
    """
    ctx = _context(sentence, reference, languages, None)
    grammar = _grammar(ctx.languages)
    found = []
    plain = _normalise(sentence)
    cues = _Cues(plain, grammar)
    for node in _nodes(plain, grammar, strict=True):
        words = sentence[node.start : node.end]
        here = replace(ctx, tense=cues.tense_at(node))
        span = _safely(node, plain, here, grammar)
        if isinstance(span, Span):
            found.append(Found(replace(span, text=words), node.start, node.end))
    return found


def parse_edtf(value: str) -> tuple[Moment | None, Moment | None, Precision]:
    """The bounds and precision of an EDTF string of the subset ``Span.edtf`` writes.

    :raises ValueError: on anything else.

    >>> parse_edtf("../2022")
    (None, datetime.date(2022, 12, 31), 'year')
    >>> parse_edtf("2025-03")
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 'month')
    """
    if not isinstance(value, str):
        raise ValueError(f"not an EDTF string: {value!r}")
    parts = value.split("/")
    if len(parts) == 1:
        return _edtf_read(value)
    if len(parts) != 2 or parts == ["..", ".."]:
        raise ValueError(f"not an EDTF interval of the supported subset: {value!r}")
    first = None if parts[0] == ".." else _edtf_read(parts[0])
    last = None if parts[1] == ".." else _edtf_read(parts[1])
    if first and last and first[2] != last[2]:
        raise ValueError(f"interval ends of different precision: {value!r}")
    earliest, latest = first[0] if first else None, last[1] if last else None
    if earliest is not None and latest is not None and _day(earliest) > _day(latest):
        raise ValueError(f"interval ends in the wrong order: {value!r}")
    return earliest, latest, (first or last)[2]


# --- EDTF -----------------------------------------------------------------------------------

_EDTF_YEAR = re.compile(r"\d{4}", re.ASCII)
_EDTF_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])", re.ASCII)
_EDTF_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_EDTF_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?", re.ASCII)


def _edtf_unit(earliest: Moment | None, latest: Moment | None, precision: str) -> str:
    """The coarsest unit, no coarser than the precision, whose edges the bounds fall on."""
    if isinstance(earliest, dt.datetime) or isinstance(latest, dt.datetime):
        return "time"
    units = ["year", "month", "day"]
    for unit in units[units.index(precision) if precision in units else 2 :]:
        if (earliest is None or _starts(earliest, unit)) and (latest is None or _ends(latest, unit)):
            return unit
    return "day"


def _starts(day: dt.date, unit: str) -> bool:
    return unit == "day" or (day.day == 1 and (unit == "month" or day.month == 1))


def _ends(day: dt.date, unit: str) -> bool:
    return unit == "day" or (day == _month_end(day) and (unit == "month" or day.month == 12))


def _edtf_bound(bound: Moment | None, unit: str) -> str:
    if bound is None:
        return ".."
    if unit == "time":
        if not isinstance(bound, dt.datetime):
            bound = dt.datetime.combine(bound, dt.time())
        return bound.isoformat(timespec="seconds")
    return {"year": f"{bound.year:04d}", "month": f"{bound.year:04d}-{bound.month:02d}"}.get(unit, bound.isoformat())


def _edtf_read(value: str) -> tuple[Moment, Moment, Precision]:
    """One EDTF date: its first and last moment and its precision."""
    if _EDTF_YEAR.fullmatch(value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if _EDTF_MONTH.fullmatch(value):
        first = dt.date(int(value[:4]), int(value[5:]), 1)
        return first, _month_end(first), "month"
    if _EDTF_DAY.fullmatch(value):
        day = dt.date.fromisoformat(value)
        return day, day, "day"
    if _EDTF_TIME.fullmatch(value):
        moment = dt.datetime.fromisoformat(value)
        return moment, moment, "day"
    raise ValueError(f"not an EDTF date of the supported subset: {value!r}")


# --- The words of each language -------------------------------------------------------------
# Patterns are lower-case regular expressions (matched ignoring case) and may use these
# placeholders: {N} a number (digits or the language's number words), {ORD} an ordinal of
# ``ordinals``, {YQ} a year or a phrase of ``year_rel``, {UNITS} the window units (named groups
# hour, day, week, month, year). Pieces with named groups are read again when evaluated.


@dataclass(frozen=True)
class _Lexicon:
    spaced: bool = True  # words are separated by spaces (not Chinese)
    attached: str = ""  # letters written onto the next word ("و" and, "ب" in), still a word boundary
    locale_months: bool = True  # use dateparser's month names (Chinese and Vietnamese use numbers)
    months: dict[str, int] = field(default_factory=dict)  # more month forms ("марте")
    weekdays: dict[str, int] = field(default_factory=dict)  # more weekday forms ("среду")
    relative: dict[str, str] = field(default_factory=dict)  # more relative phrases → English
    numbers: tuple[str, ...] = ()  # number words for 1, 2, 3…, synonyms joined by "/"
    day_suffix: str = ""  # after a day number: "st", "er", "."
    article: str = ""  # before a day number: "the", "le"
    of: str = ""  # between a day and its month, a month and its year
    year_pre: str = ""  # before a year: "năm", "عام"
    year_post: str = ""  # after a year: "года"
    time_pre: str = ""  # before a time: "at"
    date_pre: str = ""  # between a time and its date: "on"
    dayparts: str = ""  # after a day: "morning"
    forms: tuple[str, ...] = ()  # more absolute forms, with groups d, m, y
    units: str = ""  # {UNITS}
    weekend: tuple[tuple[str, str], ...] = ()  # (which: this/last/next/bare, pattern)
    windows: tuple[tuple[str, int], ...] = ()  # (pattern with groups n, soon and {UNITS}, direction)
    bounds: tuple[tuple[str, str, str], ...] = ()  # (by/before/since/after, prefix, suffix)
    parts: tuple[tuple[str, str, str], ...] = ()  # (early/mid/late/earlier/later, prefix, suffix)
    cycles: tuple[tuple[str, str, str], ...] = ()  # (last/next/this/lastweek/…, prefix, suffix)
    ranges: tuple[tuple[str, str, bool], ...] = ()  # (opener, connector, only with a bare day)
    quarters: tuple[str, ...] = ()  # patterns with groups q (quarter) or h (half), y, yrel
    ordinals: dict[str, int] = field(default_factory=dict)
    year_rel: dict[str, int] = field(default_factory=dict)  # "last year" → -1 (after a month)
    implicit: dict[str, str] = field(default_factory=dict)  # "the year" after "the end of"
    skips: str = ""  # words around a date that add nothing: "on", "in"
    future: str = ""  # tense cues
    past: str = ""
    ambiguous: dict[str, tuple[str, str]] = field(default_factory=dict)  # word → (its shape, context before it)
    month_context: str = ""  # in running text a month without day or year needs this before it
    weekday_context: str = ""  # in running text a bare weekday needs this before it …
    weekday_shape: str = ""  # … or this shape


# fmt: off
# The tables stay one entry a line, grouped as the languages group them, not one word a line.
_EN_MONTH_CONTEXT = (r"(?:in|since|by|until|till|early|mid-?|late|of|last|next|this|from|to|between|and|through|before|"
                     r"after|during|end of|beginning of|start of|middle of)\s+")
_EN = _Lexicon(
    months={"sept": 9},
    relative={"last night": "yesterday", "tonight": "today", "this morning": "today",
              "this afternoon": "today", "this evening": "today", "the day after tomorrow": "in 2 days",
              "the day before yesterday": "2 days ago"},
    numbers=("a/an/one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    day_suffix=r"(?:st|nd|rd|th)?", article="the", of="of", time_pre="at", date_pre="on",
    dayparts="morning|afternoon|evening|night",
    units=r"(?:(?P<hour>hours?)|(?P<day>days?)|(?P<week>weeks?)|(?P<month>months?)|(?P<year>years?))",
    weekend=(("this", r"this (?:coming )?week-?end|the coming week-?end"),
             ("last", r"last week-?end|the (?:past|previous|last) week-?end"),
             ("next", r"next week-?end"), ("bare", r"the week-?end")),
    windows=((r"(?:in|over|during|within|for) the (?:coming|next|following)(?: (?:(?P<n>{N})|few|several|couple of))?"
              r" {UNITS}", 1),
             (r"(?:in|over|during|for) the (?:past|last|previous)(?: (?:(?P<n>{N})|few|several|couple of))? {UNITS}",
              -1),
             (r"in the {UNITS} (?:ahead|to come)", 1), (r"in recent {UNITS}", -1),
             (r"within (?:(?P<n>{N}) )?{UNITS}", 1),
             (r"(?P<soon>soon|shortly|in the near future)(?! (?:as|after|afterwards|before|thereafter)\b)", 1),
             (r"(?P<soon>recently|lately)", -1)),
    bounds=(("by", r"by|no later than|not later than|until|till|up until", ""),
            ("before", r"before|prior to|ahead of", ""),
            ("since", r"since|as of|starting(?: in| on| from)?|beginning (?:in|on)", ""),
            ("after", r"after|later than", "")),
    parts=(("early", r"early|(?:at )?the (?:beginning|start) of|(?:beginning|start) of", ""),
           ("mid", r"mid-?|(?:in )?the middle of|middle of", ""),
           ("late", r"late|(?:at )?the (?:end|close) of|end of|end-", ""),
           ("earlier", r"earlier(?: in)?", ""), ("later", r"later(?: in)?", "")),
    cycles=(("last", r"last|this past", ""), ("next", r"next|this coming", ""), ("this", r"this", ""),
            ("lastweek", "", r"(?:of )?last week"), ("nextweek", "", r"(?:of )?next week"),
            ("thisweek", "", r"(?:of )?this week")),
    ranges=((r"between", r"and", False), (r"from", r"to|until|till|through|thru|[-–—]", False),
            ("", r"[-–—]|through|thru", False), ("", r"and|&", True)),
    quarters=(r"(?:the )?(?P<q>{ORD}) quarter(?:,? (?:of )?{YQ})?", r"q(?P<q>[1-4])(?:,? {YQ})?",
              r"(?:the )?(?P<h>first|second|1st|2nd) half(?: of {YQ})?", r"h(?P<h>[12]),? {YQ}"),
    ordinals={"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4},
    year_rel={"last year": -1, "this year": 0, "next year": 1, "the current year": 0},
    implicit={"the year": "this year", "the month": "this month", "the week": "this week"},
    skips=r"on|in|at|during|of|the|around|about|circa|c\.",
    future=r"will|won't|shall|'ll|would|is to|are to|was to|were to|plans? to|planned|planning|intends? to|"
    r"(?:is|are|was|were) (?:expected|scheduled|due|set|going|slated|poised|likely) to|expects? to|"
    r"hopes? to|aims? to|upcoming|next|coming|to be held|to take place",
    past=r"was|were|had|did|said|told|met|held|took|made|went|came|spoke|saw|gave|began|left|last|ago|"
    r"yesterday|earlier|(?!(?:united|hundred|indeed|need|speed|proceed|exceed|succeed|red|bed|armed|based|"
    r"related|limited|detailed|planned|scheduled|expected|so-called|alleged|concerned|interested)\b)[a-z]{2,}ed",
    ambiguous={"may": ("May", _EN_MONTH_CONTEXT), "march": ("March", _EN_MONTH_CONTEXT)},
)

_RU = _Lexicon(
    months={"январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8,
            "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12},
    weekdays={"понедельник": 0, "понедельника": 0, "вторник": 1, "вторника": 1, "среду": 2, "среды": 2,
              "четверг": 3, "четверга": 3, "пятницу": 4, "пятницы": 4, "субботу": 5, "субботы": 5,
              "воскресенье": 6, "воскресенья": 6},
    relative={"прошлого года": "last year", "этого года": "this year", "следующего года": "next year",
              "текущего года": "this year", "в будущем году": "next year", "в текущем году": "this year",
              "в минувшем году": "last year", "в позапрошлом году": "2 years ago", "на будущей неделе": "next week",
              "на минувшей неделе": "last week", "прошлой недели": "last week", "этой недели": "this week",
              "следующей недели": "next week", "прошлого месяца": "last month", "этого месяца": "this month",
              "следующего месяца": "next month", "в минувшем месяце": "last month"},
    numbers=("один/одну/одна", "два/две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять"),
    day_suffix=r"(?:-?го)?", year_post=r"года|году|год|г\.?", time_pre="в|во", of="",
    units=r"(?:(?P<hour>час\w*)|(?P<day>дн\w*|сутк\w*)|(?P<week>недел\w*)|(?P<month>месяц\w*)|(?P<year>год\w*|лет))",
    weekend=(("this", r"в эти выходные|на этих выходных|в ближайшие выходные"),
             ("last", r"в прошлые выходные|на прошлых выходных|в минувшие выходные|на минувших выходных"),
             ("next", r"в следующие выходные|на следующих выходных"), ("bare", r"на выходных|в выходные(?: дни)?")),
    windows=((r"в ближайшие(?: (?:(?P<n>{N})|несколько))? {UNITS}", 1),
             (r"в течение (?:ближайших|следующих)(?: (?:(?P<n>{N})|нескольких))? {UNITS}", 1),
             (r"(?:в|за) последние(?: (?:(?P<n>{N})|несколько))? {UNITS}", -1),
             (r"(?P<soon>в ближайшее время|в скором времени|скоро|вскоре)", 1), (r"(?P<soon>недавно)", -1)),
    bounds=(("by", r"к|до|не позднее|вплоть до", ""), ("since", r"с|со|начиная с", ""), ("after", r"после", "")),
    parts=(("early", r"в начале|начале|началу|начало", ""), ("mid", r"в середине|середине|середину|середина", ""),
           ("late", r"в конце|конце|концу|конец", "")),
    cycles=(("last", r"(?:в |на )?(?:прошл|минувш)(?:ый|ую|ое|ий|ее|ом|ой)", ""),
            ("next", r"(?:в |на )?следующ(?:ий|ую|ее|ем|ей)", ""),
            ("this", r"(?:в |на )?(?:этот|эту|это|этом|этой)", ""),
            ("lastweek", "", r"на прошлой неделе"), ("nextweek", "", r"на следующей неделе"),
            ("thisweek", "", r"на этой неделе")),
    ranges=((r"между", r"и", False), (r"с|со", r"по|до|[-–—]", False), (r"от", r"до", False), ("", r"[-–—]", False)),
    quarters=(r"(?:в )?(?P<q>{ORD}\w*) квартал\w*(?: {YQ})?", r"(?:в )?(?P<q>iv|i{1,3}) квартал\w*(?: {YQ})?",
              r"(?:в )?(?P<h>перв\w*|втор\w*) (?:половин|полугоди)\w*(?: {YQ})?"),
    ordinals={"перв": 1, "втор": 2, "трет": 3, "четв": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4},
    year_rel={"прошлого года": -1, "этого года": 0, "текущего года": 0, "следующего года": 1},
    implicit={"года": "this year", "месяца": "this month", "недели": "this week"},
    skips=r"в|во|на|около|примерно",
    future=r"будет|будут|буду|будем|станет|планиру\w*|намерен\w*|собира\w*|ожида\w*ся|предстоящ\w*|следующ\w*|"
    r"состоится|пройд[её]т|встрет(?:ится|ятся)|проведут|посетит|приедет",
    past=r"был|была|было|были|прошл\w*|минувш\w*|назад|вчера|\w{2,}(?:ал|ял|ил|ел|ыл|ул)(?:а|о|и)?(?:сь|ся)?",
    month_context=r"(?:в|во|с|со|до|к|по|от|после|около|начале|начала|началу|начало|середине|середины|конце|конца|"
                  r"концу|конец)\s+",
    weekday_context=r"(?:в|во|на|до|к|с|со|по|ко)\s+",
)

_UK = _Lexicon(
    months={"січні": 1, "лютому": 2, "березні": 3, "квітні": 4, "травні": 5, "червні": 6, "липні": 7, "серпні": 8,
            "вересні": 9, "жовтні": 10, "листопаді": 11, "грудні": 12},
    weekdays={"понеділок": 0, "понеділка": 0, "вівторок": 1, "вівторка": 1, "середу": 2, "середи": 2,
              "четвер": 3, "четверга": 3, "п'ятницю": 4, "п'ятниці": 4, "суботу": 5, "суботи": 5,
              "неділю": 6, "неділі": 6},
    relative={"на минулому тижні": "last week", "на цьому тижні": "this week", "на наступному тижні": "next week",
              "у минулому році": "last year", "в минулому році": "last year", "у наступному році": "next year",
              "в наступному році": "next year", "позаминулого року": "2 years ago", "поточного року": "this year",
              "цьогоріч": "this year", "тиждень тому": "a week ago", "місяць тому": "a month ago",
              "рік тому": "a year ago"},
    numbers=("один/одну/одна", "два/дві", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять", "десять"),
    day_suffix=r"(?:-?го)?", year_post=r"року|році|рік|р\.", time_pre="о|об",
    units=r"(?:(?P<hour>годин\w*)|(?P<day>дн\w*|діб|доб\w*)|(?P<week>тиж\w*)|(?P<month>місяц\w*)|(?P<year>рок\w*|років))",
    weekend=(("this", r"цими вихідними|у ці вихідні|в ці вихідні|на цих вихідних"),
             ("last", r"минулими вихідними|на минулих вихідних|у минулі вихідні|в минулі вихідні"),
             ("next", r"наступними вихідними|на наступних вихідних|у наступні вихідні|в наступні вихідні"),
             ("bare", r"на вихідних|у вихідні|в вихідні")),
    windows=((r"(?:у|в) найближчі(?: (?:(?P<n>{N})|кілька))? {UNITS}", 1), (r"найближчими {UNITS}", 1),
             (r"протягом (?:найближчих|наступних)(?: (?:(?P<n>{N})|кількох))? {UNITS}", 1),
             (r"(?:за|у|в) останні(?: (?:(?P<n>{N})|кілька))? {UNITS}", -1),
             (r"(?P<soon>найближчим часом|незабаром|невдовзі|скоро)", 1), (r"(?P<soon>нещодавно)", -1)),
    bounds=(("by", r"до|не пізніше", ""), ("since", r"з|із|починаючи з", ""), ("after", r"після", "")),
    parts=(("early", r"на початку|початок|початку", ""), ("mid", r"(?:в|у) середині|середина|середині", ""),
           ("late", r"наприкінці|(?:в|у) кінці|кінець|кінця|кінці|під кінець", "")),
    cycles=(("last", r"(?:у |в )?минул(?:ий|у|е|ого|ої)", ""), ("next", r"(?:у |в )?наступн(?:ий|у|е|ого|ої)", ""),
            ("this", r"(?:у |в )?(?:цей|цю|це|цього|цієї)", "")),
    ranges=((r"між", r"і|й|та", False), (r"з|із", r"по|до|[-–—]", False), (r"від", r"до", False),
            ("", r"[-–—]", False)),
    quarters=(r"(?:у |в )?(?P<q>{ORD}\w*) квартал\w*(?: {YQ})?", r"(?:у |в )?(?P<q>iv|i{1,3}) квартал\w*(?: {YQ})?",
              r"(?:у |в )?(?P<h>перш\w*|друг\w*) (?:половин|півріч)\w*(?: {YQ})?"),
    ordinals={"перш": 1, "друг": 2, "трет": 3, "четверт": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4},
    year_rel={"минулого року": -1, "цього року": 0, "поточного року": 0, "наступного року": 1},
    implicit={"року": "this year", "місяця": "this month", "тижня": "this week"},
    skips=r"в|у|на|о|близько|приблизно",
    future=r"буде|будуть|буду|будемо|планує\w*|має намір|мають намір|очіку\w*ться|відбудеться|наступн\w*|"
    r"\w+тиме(?:ться)?|\w+тимуть|зустрінуться|зустрінеться|відвідає",
    past=r"був|була|було|були|минул\w*|тому|вчора|учора|\w{2,}(?:ав|ив|ів|ла|ли|ло)(?:ся|сь)?",
    month_context=r"(?:в|у|з|із|до|по|від|після|початку|початок|середині|середина|кінці|кінця|кінець|наприкінці|"
                  r"протягом)\s+",
    weekday_context=r"(?:в|у|на|до|з|із|по|від)\s+",
)

_FR = _Lexicon(
    months={"fevrier": 2, "aout": 8, "decembre": 12},
    relative={"l'an dernier": "last year", "l'an passé": "last year", "l'année passée": "last year",
              "l'an prochain": "next year", "la semaine passée": "last week", "le mois passé": "last month",
              "ce mois": "this month", "ce matin": "today", "ce soir": "today", "hier soir": "yesterday",
              "cette année-ci": "this year"},
    numbers=("un/une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    day_suffix=r"(?:er|e)?", article="le|la", time_pre="à|vers", date_pre="le",
    units=r"(?:(?P<hour>heures?)|(?P<day>jours)|(?P<week>semaines)|(?P<month>mois)|(?P<year>années|ans))",
    weekend=(("last", r"le week-?end dernier|le week-?end passé"), ("next", r"le week-?end prochain"),
             ("this", r"ce week-?end"), ("bare", r"le week-?end")),
    windows=((r"(?:dans|au cours) (?:les|des) (?:prochains|prochaines)(?: (?P<n>{N}))? {UNITS}", 1),
             (r"dans les {UNITS} (?:à venir|qui viennent)", 1), (r"d'ici (?P<n>{N}) {UNITS}", 1),
             (r"(?:dans|au cours) (?:les|des) (?:derniers|dernières)(?: (?P<n>{N}))? {UNITS}", -1),
             (r"ces (?:derniers|dernières) {UNITS}", -1),
             (r"(?P<soon>bientôt|prochainement|sous peu)", 1), (r"(?P<soon>récemment|dernièrement)", -1)),
    bounds=(("by", r"d'ici(?: à| au| la| le)?|au plus tard(?: le| en)?|jusqu'(?:à|au|en)(?: la)?", ""),
            ("before", r"avant(?: le| la)?", ""), ("since", r"depuis(?: le)?|à partir du|à partir de|dès(?: le)?", ""),
            ("after", r"après(?: le)?", "")),
    parts=(("early", r"(?:au )?début(?: de| d')?", ""), ("mid", r"(?:à la )?mi-|(?:au )?milieu(?: de| d')?", ""),
           ("late", r"(?:à la )?fin(?: de| d')?", "")),
    cycles=(("last", "", r"dernier|dernière|passé|passée"), ("next", "", r"prochain|prochaine"), ("this", r"ce", ""),
            ("lastweek", "", r"de la semaine dernière"), ("nextweek", "", r"de la semaine prochaine")),
    ranges=((r"entre", r"et", False), (r"du", r"au", False), (r"de|depuis", r"à|jusqu'à|jusqu'au", False),
            ("", r"[-–—]|au", False)),
    quarters=(r"(?:au )?(?P<q>{ORD}) trimestre(?: (?:de |d')?{YQ})?", r"t(?P<q>[1-4]) {YQ}",
              r"(?:au )?(?P<h>premier|second|deuxième) semestre(?: (?:de |d')?{YQ})?"),
    ordinals={"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "troisième": 3, "3e": 3,
              "quatrième": 4, "4e": 4},
    year_rel={"de l'année dernière": -1, "de l'an dernier": -1, "de cette année": 0, "de l'année prochaine": 1},
    implicit={"l'année": "this year", "l'an": "this year", "la semaine": "this week", "du mois": "this month",
              "le mois": "this month"},
    skips=r"le|la|l'|en|au|vers|à|dans|environ",
    future=r"va|vont|sera|seront|aura|auront|devrait|devraient|doit|doivent|prévu\w*|prévoit|prochain\w*|"
    r"\w+(?:era|eront|ira|iront)",
    past=r"a|ont|avait|avaient|était|étaient|fut|furent|dernier\w*|hier|\w{3,}(?:é|ée|és|ées)",
)

_DE = _Lexicon(
    months={"maerz": 3},
    relative={"vergangene woche": "last week", "vergangenes jahr": "last year", "vergangenen monat": "last month",
              "im vergangenen jahr": "last year", "im letzten jahr": "last year", "im nächsten jahr": "next year",
              "im kommenden jahr": "next year", "kommende woche": "next week", "kommenden monat": "next month",
              "in der kommenden woche": "next week", "in der nächsten woche": "next week",
              "in der vergangenen woche": "last week", "in dieser woche": "this week", "in diesem jahr": "this year",
              "im vorjahr": "last year", "heute morgen": "today", "gestern abend": "yesterday"},
    numbers=("ein/eine/einem/einer", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"),
    day_suffix=r"\.?", article="dem|den", time_pre="um|gegen", date_pre="am",
    units=r"(?:(?P<hour>stunden?)|(?P<day>tagen?|tage)|(?P<week>wochen?)|(?P<month>monaten?|monate)|(?P<year>jahren?|jahre))",
    weekend=(("this", r"(?:an )?diesem wochenende|dieses wochenende"),
             ("last", r"(?:am )?(?:vergangenen|letzten) wochenende|(?:letztes|vergangenes) wochenende"),
             ("next", r"(?:am )?(?:nächsten|kommenden) wochenende|(?:nächstes|kommendes) wochenende"),
             ("bare", r"am wochenende|übers wochenende|über das wochenende")),
    windows=((r"in den (?:kommenden|nächsten|folgenden)(?: (?:(?P<n>{N})|paar))? {UNITS}", 1),
             (r"in den (?:vergangenen|letzten)(?: (?:(?P<n>{N})|paar))? {UNITS}", -1),
             (r"innerhalb (?:von |der nächsten )?(?:(?P<n>{N}) )?{UNITS}", 1),
             (r"(?P<soon>bald|demnächst|in kürze|in naher zukunft)", 1),
             (r"(?P<soon>kürzlich|vor kurzem|neulich|jüngst)", -1)),
    bounds=(("by", r"bis(?: zum| zur| spätestens)?|spätestens(?: am| im| bis)?", ""), ("before", r"vor(?: dem)?", ""),
            ("since", r"seit(?: dem)?|ab(?: dem)?", ""), ("after", r"nach(?: dem)?", "")),
    parts=(("early", r"anfang|zu beginn(?: des| der)?|am anfang(?: des| der)?", ""), ("mid", r"mitte", ""),
           ("late", r"ende|zum ende(?: des| der)?|gegen ende(?: des| der)?|am ende(?: des| der)?", "")),
    cycles=(("last", r"(?:am )?(?:letzten|vergangenen)|letzter|vergangener", ""),
            ("next", r"(?:am )?(?:nächsten|kommenden)|nächster|kommender", ""), ("this", r"(?:an )?diesem|diesen", ""),
            ("nextweek", "", r"(?:der )?nächsten woche"), ("lastweek", "", r"(?:der )?(?:letzten|vergangenen) woche")),
    ranges=((r"zwischen", r"und", False), (r"vom|von", r"bis(?: zum)?|[-–—]", False), ("", r"[-–—]|bis", False)),
    quarters=(r"(?:im )?(?P<q>{ORD}\w*) quartal(?: {YQ})?", r"q(?P<q>[1-4]) {YQ}",
              r"(?:im )?(?P<h>ersten|zweiten) halbjahr(?: {YQ})?"),
    ordinals={"erst": 1, "zweit": 2, "dritt": 3, "viert": 4},
    year_rel={"letzten jahres": -1, "vergangenen jahres": -1, "dieses jahres": 0, "nächsten jahres": 1},
    implicit={"des jahres": "this year", "dieses jahres": "this year", "des monats": "this month",
              "der woche": "this week"},
    skips=r"am|im|an|um|in|gegen|etwa|der|dem|den",
    future=r"wird|werden|soll|sollen|will|wollen|geplant|plant|planen|nächst\w*|kommend\w*|bevorstehend\w*",
    past=r"hat|haben|hatte|hatten|war|waren|wurde|wurden|sagte|sagten|traf|trafen|letzt\w*|vergangen\w*|gestern|"
    r"ge\w{2,}t",
    ambiguous={"morgen": ("morgen", "")},
)

_AR = _Lexicon(
    attached="وبلف",
    months={"آذار": 3, "كانون الثاني": 1, "شباط": 2, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
            "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "ابريل": 4, "إبريل": 4,
            "اغسطس": 8, "اكتوبر": 10, "يوليه": 7},
    relative={"الأسبوع المقبل": "next week", "العام الماضي": "last year", "العام المقبل": "next year",
              "العام القادم": "next year", "العام الحالي": "this year", "هذا العام": "this year",
              "العام الجاري": "this year", "الشهر المقبل": "next month", "الشهر الحالي": "this month",
              "الشهر الجاري": "this month", "غدا": "tomorrow", "غداً": "tomorrow", "الليلة": "today",
              "أول أمس": "2 days ago", "بعد غد": "in 2 days", "السنة المقبلة": "next year"},
    year_pre=r"عام|سنة|العام", time_pre=r"الساعة|في الساعة",
    units=r"(?:(?P<hour>الساعات)|(?P<day>الأيام)|(?P<week>الأسابيع)|(?P<month>الأشهر|الشهور)|(?P<year>السنوات|الأعوام))",
    weekend=(("this", r"(?:عطلة )?نهاية هذا الأسبوع"), ("last", r"(?:عطلة )?نهاية الأسبوع الماضي"),
             ("next", r"(?:عطلة )?نهاية الأسبوع (?:المقبل|القادم)"), ("bare", r"عطلة نهاية الأسبوع|نهاية الأسبوع")),
    windows=((r"(?:في|خلال) {UNITS} (?:المقبلة|القادمة)", 1), (r"(?:في|خلال) {UNITS} (?:الماضية|الأخيرة)", -1),
             (r"(?P<soon>قريبا|قريباً|قريبًا|في وقت قريب|عما قريب)", 1), (r"(?P<soon>مؤخرا|مؤخراً|مؤخرًا)", -1)),
    bounds=(("by", r"بحلول|حتى", ""), ("before", r"قبل", ""), ("since", r"منذ", ""), ("after", r"بعد", "")),
    parts=(("early", r"(?:في )?(?:أوائل|مطلع|بداية)", ""), ("mid", r"(?:في )?منتصف", ""),
           ("late", r"(?:في )?(?:أواخر|نهاية)", "")),
    cycles=(("last", "", r"الماضي|الماضية|المنصرم"), ("next", "", r"المقبل|القادم|المقبلة|القادمة")),
    ranges=((r"بين", r"و", False), (r"من", r"إلى|الى|حتى|[-–—]", False), ("", r"[-–—]", False)),
    quarters=(r"(?:في )?الربع (?P<q>{ORD})(?: من)?(?: {YQ})?", r"(?:في )?النصف (?P<h>الأول|الثاني)(?: من)?(?: {YQ})?"),
    ordinals={"الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4},
    year_rel={"العام الماضي": -1, "العام الحالي": 0, "هذا العام": 0, "العام الجاري": 0, "العام المقبل": 1},
    implicit={"العام": "this year", "السنة": "this year", "الشهر": "this month", "الأسبوع": "this week"},
    skips=r"في|يوم|خلال|شهر",
    future=r"سوف|س[يتن]\w+|من المقرر|المقبل\w*|القادم\w*|يعتزم|تعتزم",
    past=r"قال|قالت|أعلن|أعلنت|التقى|التقت|اجتمع|اجتمعت|عقد|عقدت|أكد|أكدت|الماضي|الماضية|أمس|كان|كانت",
    ambiguous={"مارس": ("", r"(?:في|منذ|حتى|بحلول|خلال|شهر|أوائل|أواخر|منتصف|نهاية|بداية|مطلع)\s+")},
)

_VI = _Lexicon(
    locale_months=False,
    relative={"tuần tới": "next week", "tháng tới": "next month", "năm tới": "next year", "năm trước": "last year",
              "tuần qua": "last week", "tháng qua": "last month", "hôm kia": "2 days ago", "ngày kia": "in 2 days"},
    year_pre=r"năm", time_pre=r"lúc|vào lúc",
    forms=(r"(?:ngày\s+)?(?P<d>{D})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|[,/]\s*)(?P<y>\d{4}))?",
           r"(?:ngày\s+)?(?P<d>{D})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?",
           r"tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|/\s*)(?P<y>\d{4}))?"),
    units=r"(?:(?P<hour>giờ)|(?P<day>ngày)|(?P<week>tuần)|(?P<month>tháng)|(?P<year>năm))",
    weekend=(("this", r"cuối tuần này"), ("last", r"cuối tuần (?:qua|trước|rồi)"), ("next", r"cuối tuần (?:tới|sau)"),
             ("bare", r"cuối tuần")),
    windows=((r"trong (?:những |vài |mấy )?{UNITS} (?:tới|sắp tới|tới đây)", 1),
             (r"trong (?P<n>\d+) {UNITS} (?:tới|sắp tới|tới đây)", 1),
             (r"trong (?:những |vài |mấy )?{UNITS} (?:qua|gần đây)", -1),
             (r"(?P<soon>trong thời gian (?:sắp )?tới)", 1), (r"(?P<soon>gần đây|mới đây)", -1)),
    bounds=(("by", r"chậm nhất(?: là| vào)?|muộn nhất(?: là| vào)?", ""), ("before", r"trước", ""),
            ("since", r"kể từ|từ", ""), ("after", r"sau", "")),
    parts=(("early", r"đầu", ""), ("mid", r"giữa", ""), ("late", r"cuối", "")),
    cycles=(("lastweek", "", r"tuần (?:trước|qua)"), ("nextweek", "", r"tuần (?:tới|sau)"),
            ("thisweek", "", r"tuần này")),
    ranges=((r"từ", r"đến|tới|[-–—]", False), (r"giữa", r"và", False), ("", r"[-–—]", False)),
    quarters=(r"quý (?P<q>[1-4]|iv|i{1,3})(?:(?: năm |/| )(?P<y>\d{4}))?",
              r"(?P<h>nửa đầu|nửa cuối)(?: năm)?(?: (?P<y>\d{4}))?"),
    ordinals={"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "nửa đầu": 1, "nửa cuối": 2},
    implicit={"năm": "this year", "tháng": "this month", "tuần": "this week"},
    skips=r"vào|hôm|ngày|trong|lúc",
    future=r"sẽ|dự kiến|dự định|sắp|tới|kế hoạch",
    past=r"đã|vừa|qua|trước|hôm qua",
    weekday_context=r"(?:vào|hôm|ngày|sáng|trưa|chiều|tối|đêm|từ|đến)\s+",
    weekday_shape=r"(?-i:[Tt]hứ\s+[A-ZĐ]|[Cc]hủ\s+[Nn]hật)",
)

_CN_NUMERAL = r"[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九十]"
_ZH = _Lexicon(
    spaced=False, locale_months=False,
    weekdays={"周日": 6, "星期日": 6, "星期天": 6, "礼拜天": 6, "礼拜日": 6},
    relative={"这周": "this week", "上星期": "last week", "下星期": "next week", "这个月": "this month",
              "上月": "last month", "下月": "next month", "前年": "2 years ago", "后年": "in 2 years", "今日": "today",
              "昨日": "yesterday", "明日": "tomorrow", "上个星期": "last week", "下个星期": "next week"},
    forms=(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
           r"(?:\s*(?P<d>3[01]|[12]\d|0?[1-9]|" + _CN_NUMERAL + r")\s*[日号])?",
           r"(?P<y>\d{4})\s*年"),
    units=r"(?:(?P<hour>小时)|(?P<day>天|日)|(?P<week>周|星期)|(?P<month>个月)|(?P<year>年))",
    weekend=(("this", r"(?:这个|本|这)周末"), ("last", r"上个?周末"), ("next", r"下个?周末"), ("bare", r"周末")),
    windows=((r"(?:未来|今后|接下来的?)(?:(?P<n>\d+)|几)?个?{UNITS}", 1),
             (r"(?:过去|最近)(?:(?P<n>\d+)|几)?个?{UNITS}", -1), (r"(?P<soon>不久|即将)", 1), (r"(?P<soon>近来)", -1)),
    bounds=(("by", r"到|截至|截止到?", ""), ("before", "", r"[之以]?前"), ("since", r"自从?|从", r"以来|起"),
            ("after", "", r"[之以]?后")),
    parts=(("early", "", r"初|上旬|初期"), ("mid", "", r"中旬|中期"), ("late", "", r"底|末|下旬|末期")),
    cycles=(("lastweek", r"上一?个?", ""), ("nextweek", r"下一?个?", ""), ("thisweek", r"本|这个?", "")),
    ranges=((r"从|自", r"至|到|[-–—~]", False), ("", r"至|到|[-–—~]", False)),
    quarters=(r"(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度", r"(?:(?P<y>\d{4})年)?(?P<h>上|下)半年"),
    ordinals={"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "上": 1, "下": 2},
    implicit={"年": "this year", "月": "this month"},
    skips=r"于|在|的",
    future=r"将|将要|会|计划|预计|拟|即将|下周|明天|明年",
    past=r"了|已|已经|曾|上周|昨天|去年",
)

_LEXICONS = {"en": _EN, "ru": _RU, "uk": _UK, "fr": _FR, "de": _DE, "ar": _AR, "vi": _VI, "zh": _ZH}
# fmt: on


# --- The grammar: patterns compiled from the lexicons and dateparser's locale data -----------

_TIME = (
    r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:h|uhr|giờ|ч\.?))?"
    r"|(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s*[ap]\.?\s?m\.?"
    r"|(?:[01]?\d|2[0-3])\s*(?:h|uhr|giờ|heures?)(?:\s*[0-5]\d)?)"
)
# fmt: off
_ZONES = {  # minutes east of UTC
    "gmt": 0, "utc": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
    "pdt": -420, "ict": 420, "jst": 540, "kst": 540, "moscow time": 180, "по московскому времени": 180, "мск": 180,
    "heure de moscou": 180, "moskauer zeit": 180, "بتوقيت موسكو": 180, "giờ moskva": 180,
}
# fmt: on
_LOCAL_ZONES = r"local time|heure locale|ortszeit|по местному времени|за місцевим часом|giờ địa phương|بالتوقيت المحلي"
_ZONE_WORDS = (
    r"(?:gmt|utc)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
    r"|(?-i:Z|WES?T|BST|CES?T|EES?T|MSK|[ECMP][SD]T|ICT|JST|KST)"
    r"|moscow time|по московскому времени|мск|heure de moscou|moskauer zeit|بتوقيت موسكو|giờ moskva|" + _LOCAL_ZONES
)
_CLOCK = _TIME + r"(?:\s*\(?\s*(?:" + _ZONE_WORDS + r")\s*\)?)?"
_CLOCK_READ = re.compile(
    r"(?P<h>\d{1,2})(?:\s*(?:[:.]|h|uhr|giờ|heures?)\s*(?P<mi>[0-5]\d))?(?::(?P<s>[0-5]\d))?"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\.?)?.*?(?:\(?\s*(?P<zone>" + _ZONE_WORDS + r")\s*\)?)?",
    re.IGNORECASE,
)
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_DAY_NUMBER = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_CATEGORIES = ("window", "weekend", "quarter", "abs", "wd", "rel", "implicit")


@dataclass(frozen=True)
class _Grammar:
    """Everything needed to find and read dates in some languages, compiled once."""

    languages: tuple[str, ...]
    core: re.Pattern[str]  # every date core; the named group says which category
    details: dict[str, list[tuple[re.Pattern[str], object]]]  # category → patterns to read a core with
    affixes: dict[str, list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]]  # layer → (kind, prefix, suffix)
    ranges: list[tuple[re.Pattern[str] | None, re.Pattern[str], bool]]
    bare_left: re.Pattern[str]  # "10 " in "10-12 March", read backwards from the range's end
    bare_right: re.Pattern[str]  # "-12" in "March 10-12"
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, str]
    implicit: dict[str, str]
    ordinals: dict[str, int]
    numbers: dict[str, int]
    year_rel: dict[str, int]
    skips: re.Pattern[str]
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None
    ambiguous: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]
    weekday_rules: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]
    month_rules: dict[str, re.Pattern[str]]  # a month alone in running text needs this before it
    day_month_year: bool  # slashed dates are day/month/year (no English among the languages)


def _alternation(words) -> str:
    """A regular expression matching any of the words, longest first, spaces as any space."""
    escaped = sorted({re.escape(w.lower()).replace(r"\ ", r"\s+") for w in words if w}, key=len, reverse=True)
    return "|".join(escaped) or "(?!)"


def _names(lang: str, keys: Sequence[str], extra: dict[str, int]) -> tuple[dict[str, int], set[str]]:
    """Month or weekday names → number (from dateparser's locale and the lexicon), and the full ones."""
    info = default_loader.get_locale(lang).info
    lexicon = _lexicon(lang)
    first = 1 if keys[0] == "january" else 0
    names: dict[str, int] = {}
    full: set[str] = set()
    for number, key in enumerate(keys, first):
        forms = [f.lower() for f in info.get(key, [])] if lexicon.locale_months or not first else []
        for form in forms:
            if re.search(r"\d|^th ", form):
                continue
            names[form] = number
            longer = any(other != form and other.startswith(form) for other in forms)
            short = len(form) <= (3 if form.isascii() or not first else 2)  # "Mar", "вс"; not "май"
            if not longer and not (lexicon.spaced and short and len(forms) > 1):
                full.add(form)
    names.update({k.lower(): v for k, v in extra.items()})
    return names, full | {k.lower() for k in extra}


_MONTH_KEYS = tuple("january february march april may june july august september october november december".split())
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _relative_phrases(lang: str) -> tuple[list[str], list[str]]:
    """dateparser's relative phrases ("next week") and patterns ("3 days ago") worth finding."""
    info = default_loader.get_locale(lang).info
    weekday_words = {w.lower() for key in _WEEKDAY_KEYS for w in info.get(key, [])}
    phrases = []
    for key, words in info.get("relative-type", {}).items():
        unwanted = re.search(r"second|minute|hour|decade|century|fortnight", key)
        if not unwanted and not any(w in weekday_words for w in key.split()):
            phrases += [w for w in words if "till" not in w]
    patterns = []
    for key, regexes in info.get("relative-type-regex", {}).items():
        unit = next((w for w in key.split() if w in ("day", "week", "month", "year")), None)
        if unit:
            patterns += [_widened(regex, info.get(unit, [])) for regex in regexes]
    return phrases, list(dict.fromkeys(patterns))


def _widened(pattern: str, forms: Sequence[str]) -> str:
    """A pattern of dateparser's ("(\\d+) день тому") taking every form of its unit ("дні", "днів"…)."""
    for form in sorted({f.lower() for f in forms if f.isalpha() and len(f) > 1}, key=len, reverse=True):
        found = re.search(rf"(?<![\w\\]){re.escape(form)}(?!\w)", pattern)
        if found:
            return f"{pattern[: found.start()]}(?:{_alternation(forms)}){pattern[found.end() :]}"
    return pattern


def _year_piece(lex: _Lexicon, relative: bool) -> str:
    """A year with the language's words around it, and (if relative) "last year" after a month."""
    year = rf"(?P<y>{_YEAR})"
    if lex.year_pre:
        year = rf"(?:(?:{lex.year_pre})\s*)?" + year
    if lex.year_post:
        year += rf"(?:\s*(?:{lex.year_post}))?"
    if relative and lex.year_rel:
        year += rf"|(?P<yrel>{_alternation(lex.year_rel)})"
    return f"(?:{year})"


def _fill(pattern: str, lex: _Lexicon) -> str:
    """The pattern with its placeholders replaced."""
    numbers = _alternation(w for words in lex.numbers for w in words.split("/"))
    return (
        pattern.replace("{N}", rf"(?:\d{{1,3}}|{numbers})")
        .replace("{ORD}", f"(?:{_alternation(lex.ordinals)})")
        .replace("{YQ}", _year_piece(lex, True))
        .replace("{UNITS}", lex.units or "(?!)")
        .replace("{D}", _DAY_NUMBER)
    )


def _absolute_forms(lex: _Lexicon, months: dict[str, int], full: set[str], weekdays: str) -> list[tuple[str, str]]:
    """Patterns of absolute dates (named groups d, m, y, yrel, w, time, time0, iso, a, b) and their kind."""
    day = rf"(?P<d>{_DAY_NUMBER}){lex.day_suffix}"
    year, year_only = _year_piece(lex, True), _year_piece(lex, False)
    art = rf"(?:(?:{lex.article})\s+)?" if lex.article else ""
    of = rf"(?:(?:{lex.of})\s+)?" if lex.of else ""
    wd = rf"(?:(?P<w>{weekdays}),?\s+)?" if weekdays else ""
    abbreviations = [name for name in months if name not in full]
    month = rf"(?P<m>{_alternation(full)}|(?:{_alternation(abbreviations)})\.?)"
    time_after = rf"(?:,?\s*(?:(?:{lex.time_pre})\s+)?(?P<time>{_CLOCK}))?"
    time_before = rf"(?:(?P<time0>{_CLOCK})\s+(?:(?:{lex.date_pre})\s+)?)?"
    daypart = rf"(?:\s+(?:{lex.dayparts}))?" if lex.dayparts else ""
    days = [r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"]
    if months:
        days = [
            rf"{wd}{art}{day}\s*{of}{month}(?:,?\s*{of}{year})?",
            rf"{wd}{month}\s+{art}{day}(?:,?\s*{year})?",
            *days,
        ]
    forms = [(time_before + f + daypart + time_after, "day") for f in days]
    forms.append((r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)", "iso"))
    forms += [(_fill(f, lex), "extra") for f in lex.forms]
    if months:
        forms += [(rf"{month},?\s+{of}{year}", "month"), (rf"(?P<m>{_alternation(full)})", "month")]
    return [*forms, (year_only, "year")]


def _weekday_form(lex: _Lexicon, weekdays: str) -> str:
    """A weekday with its cycle words ("last Tuesday", "mardi prochain", "上周二") and a time."""
    before = "|".join(f"(?:{p})" for _, p, _ in lex.cycles if p)
    after = "|".join(f"(?:{s})" for _, _, s in lex.cycles if s)
    pre = rf"(?:(?P<pre>{before})\s*)?" if before else ""
    suf = rf"(?:\s*(?P<suf>{after}))?" if after else ""
    daypart = rf"(?:\s+(?:{lex.dayparts}))?" if lex.dayparts else ""
    time_after = rf"(?:,?\s*(?:(?:{lex.time_pre})\s+)?(?P<time>{_CLOCK}))?"
    time_before = rf"(?:(?P<time0>{_CLOCK})\s+(?:(?:{lex.date_pre})\s+)?)?"
    return rf"{time_before}{pre}(?P<w>{weekdays}){suf}{daypart}{time_after}"


def _relative_form(lex: _Lexicon, lang: str) -> str:
    phrases, patterns = _relative_phrases(lang)
    numbers = _alternation(w for words in lex.numbers for w in words.split("/"))
    number = rf"(?:\d{{1,3}}|{numbers})"
    patterns = [
        p.replace(r"(\d++[.,]?\d*+) ", rf"(?:{number}\s+)?").replace(r"(\d++[.,]?\d*+)", number) for p in patterns
    ]
    alternatives = "|".join([_alternation([*phrases, *lex.relative]), *patterns])
    daypart = rf"(?:\s+(?:{lex.dayparts}))?" if lex.dayparts else ""
    return rf"(?P<phrase>{alternatives}){daypart}(?:,?\s*(?:(?:{lex.time_pre})\s+)?(?P<time>{_CLOCK}))?"


@dataclass(frozen=True)
class _Pieces:
    """One language's patterns, before they are merged with other languages' and compiled."""

    lexicon: _Lexicon
    categories: dict[str, list[tuple[str, object]]]
    months: dict[str, int]
    weekdays: dict[str, int]


def _lexicon(lang: str) -> _Lexicon:
    """The lexicon of a language; for others, the linking words of dateparser's locale ("13 de marzo")."""
    if lang in _LEXICONS:
        return _LEXICONS[lang]
    info = default_loader.get_locale(lang).info
    links = [w for w in info.get("pertain") or () if w.isalpha()]
    skips = [w for w in info.get("skip", ()) if w.replace(" ", "").isalpha()]
    return _Lexicon(spaced=not info.get("no_word_spacing"), of=_alternation(links), skips=_alternation(skips))


@functools.cache
def _pieces(lang: str) -> _Pieces:
    lex = _lexicon(lang)
    months, full_months = _names(lang, _MONTH_KEYS, lex.months)
    names, full_days = _names(lang, _WEEKDAY_KEYS, lex.weekdays)
    weekdays = {name: names[name] for name in full_days}
    weekday_names = _alternation(weekdays)
    categories: dict[str, list[tuple[str, object]]] = {
        "window": [(_fill(p, lex), direction) for p, direction in lex.windows],
        "weekend": [(p, which) for which, p in lex.weekend],
        "quarter": [(_fill(p, lex), None) for p in lex.quarters],
        "abs": list(_absolute_forms(lex, months, full_months, weekday_names if weekdays else "")),
        "wd": [(_weekday_form(lex, weekday_names), None)] if weekdays else [],
        "rel": [(_relative_form(lex, lang), None)],
        "implicit": [(_alternation(lex.implicit), None)] if lex.implicit else [],
    }
    return _Pieces(lex, categories, months, weekdays)


def _bounded(pattern: str, lex: _Lexicon) -> str:
    """The pattern, not starting or ending inside a word (inside a number, for Chinese)."""
    if not lex.spaced:
        return rf"(?<!\d)(?:{pattern})(?!\d)"
    start = rf"(?:(?<!\w)|(?<=(?<!\w)[{lex.attached}]))" if lex.attached else r"(?<!\w)"
    return rf"{start}(?:{pattern})(?!\w)"


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _grammar(languages: tuple[str, ...]) -> _Grammar:
    pieces = [_pieces(lang) for lang in languages]
    lexicons = [pc.lexicon for pc in pieces]
    merged = functools.partial(_merge, lexicons)
    return _Grammar(
        languages=languages,
        core=_compile(_core_pattern(pieces)),
        details=_details(pieces),
        affixes={layer: _affixes(lexicons, layer) for layer in ("cycles", "parts", "bounds")},
        ranges=[_range_entry(lex, *entry) for lex in lexicons for entry in lex.ranges],
        bare_left=_compile(
            rf"(?<![\w.,:/])(?:(?:{_joined(lexicons, 'article')})\s+)?(?P<bare>\d{{1,2}})"
            rf"(?:{_joined(lexicons, 'day_suffix')})?(?P<gap>[^\d]{{0,15}}?)\Z"
        ),
        bare_right=_compile(
            rf"(?P<gap>[^\d]{{0,15}}?)(?:(?:{_joined(lexicons, 'article')})\s+)?"
            rf"(?P<bare>\d{{1,2}}|{_CN_NUMERAL})(?:{_joined(lexicons, 'day_suffix')}|[日号])?"
            rf"(?![\d:/]|\.\d)(?:,?\s*(?P<y>{_YEAR}))?"
        ),
        months={k: v for pc in pieces for k, v in pc.months.items()},
        weekdays={k: v for pc in pieces for k, v in pc.weekdays.items()},
        relative=merged("relative"),
        implicit=merged("implicit"),
        ordinals=merged("ordinals"),
        numbers={w: i + 1 for lex in lexicons for i, ws in enumerate(lex.numbers) for w in ws.split("/")},
        year_rel=merged("year_rel"),
        skips=_compile("|".join(_bounded(lex.skips, lex) for lex in lexicons if lex.skips) or "(?!)"),
        future=_cues(lexicons, "future"),
        past=_cues(lexicons, "past"),
        ambiguous=_ambiguous(lexicons),
        weekday_rules=_weekday_rules(pieces),
        month_rules={
            name: _compile(f"(?:{pc.lexicon.month_context})\\Z")
            for pc in pieces
            if pc.lexicon.month_context
            for name in pc.months
        },
        day_month_year="en" not in languages,
    )


def _core_pattern(pieces: list[_Pieces]) -> str:
    """One pattern for every core of every language, a named group per category, in _CATEGORIES order."""
    groups = []
    for cat in _CATEGORIES:
        alternatives = [
            _bounded("|".join(_unnamed(p) for p, _ in pc.categories[cat]), pc.lexicon)
            for pc in pieces
            if pc.categories[cat]
        ]
        groups.append(f"(?P<{cat}>{'|'.join(alternatives) or '(?!)'})")
    return "|".join(groups)


def _details(pieces: list[_Pieces]) -> dict[str, list[tuple[re.Pattern[str], object]]]:
    """Per category, the patterns (with their named groups) that read a core found."""
    details = {}
    for cat in _CATEGORIES:
        unique = dict.fromkeys((p, meta) for pc in pieces for p, meta in pc.categories[cat])
        details[cat] = [(_compile(p), meta) for p, meta in unique]
    return details


def _ambiguous(lexicons: list[_Lexicon]) -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Words that are dates only in some shape or after some words: (shape, context before)."""
    return {
        word: (re.compile(shape) if shape else None, _compile(f"(?:{context})\\Z") if context else None)
        for lex in lexicons
        for word, (shape, context) in lex.ambiguous.items()
    }


def _weekday_rules(pieces: list[_Pieces]) -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Per weekday name, what it needs in running text: a word before it, or else a shape."""
    rules = {}
    for pc in pieces:
        lex = pc.lexicon
        if lex.weekday_context:
            context = _compile(f"(?:{lex.weekday_context})\\Z")
            shape = _compile(lex.weekday_shape) if lex.weekday_shape else None
            rules.update({name: (context, shape) for name in pc.weekdays})
    return rules


def _merge(lexicons: list[_Lexicon], name: str) -> dict:
    merged: dict = {}
    for lex in lexicons:
        merged.update({k.lower(): v for k, v in getattr(lex, name).items()})
    return merged


def _joined(lexicons: list[_Lexicon], name: str) -> str:
    return "|".join(f"(?:{getattr(lex, name)})" for lex in lexicons if getattr(lex, name)) or "(?!)"


def _affixes(lexicons: list[_Lexicon], layer: str) -> list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]]:
    """The modifiers of a layer as (kind, prefix ending where the date starts, suffix starting where it ends)."""
    found = []
    for lex in lexicons:
        for kind, before, after in getattr(lex, layer):
            prefix = _compile((r"(?<!\w)" if lex.spaced else "") + f"(?:{before})\\s*\\Z") if before else None
            suffix = _compile(f"\\s*(?:{after})" + (r"(?!\w)" if lex.spaced else "")) if after else None
            found.append((kind, prefix, suffix))
    return found


def _range_entry(lex: _Lexicon, opener: str, connector: str, bare_only: bool):
    start = _compile((r"(?<!\w)" if lex.spaced else "") + f"(?:{opener})\\s*\\Z") if opener else None
    return start, _compile(f"\\s*(?:{connector})\\s*"), bare_only


def _cues(lexicons: list[_Lexicon], name: str) -> re.Pattern[str] | None:
    cues = [_bounded(getattr(lex, name), lex) for lex in lexicons if getattr(lex, name)]
    return _compile("|".join(cues)) if cues else None


# --- Finding date words in text -------------------------------------------------------------

_NORMAL = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９’ʼ\u00a0\u2009\u202f", "012345678901234567890123456789''   "
)
_COUNTED_BEFORE = _compile(
    r"(?:(?<!\w)(?:about|around|some|nearly|almost|over|more than|less than|fewer than|up to|at least|roughly|"
    r"approximately|около|более|почти|менее|понад|близько|environ|plus de|moins de|près de|etwa|mehr als|fast|über|"
    r"khoảng|hơn|gần|حوالي|أكثر من|نحو)\s+|[$€£¥₽₴#№]\s*|\d[.,]?|[约近])\Z"
)
_COUNTED_AFTER = _compile(
    r"\s*(?:%|percent|per cent|million|billion|thousand|troops|soldiers|people|civilians|km\b|kilomet|miles?\b|"
    r"tonnes?\b|tons?\b|dollars|euros?\b|rubles|roubles|hryvnias?|человек|солдат|км\b|осіб|людей|personnes|soldats|"
    r"menschen|soldaten|người|人|名|公里|جندي|شخص)|[.,]\d"
)


@dataclass(frozen=True)
class _Node:
    """Date words in a text: a core, or a modifier (kind) of the nodes it wraps (kids)."""

    start: int
    end: int
    kind: str  # core, bare (a day number of a range), cycle, part, range, bound
    how: str  # the core's category, the modifier's kind, a bare day's "day|year"
    kids: tuple[_Node, ...] = ()


def _normalise(text: str) -> str:
    """The text with Arabic, Persian and full-width digits, apostrophes and spaces made plain (same length)."""
    return text.translate(_NORMAL)


def _nodes(text: str, g: _Grammar, strict: bool) -> list[_Node]:
    """The date expressions of a (normalised) text, left to right, none overlapping."""
    nodes = [_cycled(text, n, g) for n in _cores(text, g, strict)]
    nodes = [_grown(text, n, g, "parts", "part") for n in nodes]
    nodes = _ranges(text, [n for n in nodes if not (n.kind == "core" and n.how == "implicit")], g)
    nodes = [_grown(text, n, g, "bounds", "bound") for n in nodes]
    kept: list[_Node] = []
    for node in sorted(nodes, key=lambda n: (n.start, n.start - n.end)):
        if not kept or node.start >= kept[-1].end:
            kept.append(node)
    return kept


def _cores(text: str, g: _Grammar, strict: bool):
    for match in g.core.finditer(text):
        category = next(cat for cat in _CATEGORIES if match.group(cat) is not None)
        node = _Node(match.start(), match.end(), "core", category)
        if not strict or _plausible(text, node, g):
            yield node


def _detail(text: str, g: _Grammar, category: str) -> tuple[re.Match[str] | None, object]:
    """The first of a category's patterns that reads the whole core, and its meta."""
    for pattern, meta in g.details[category]:
        match = pattern.fullmatch(text)
        if match:
            return match, meta
    return None, None


def _plausible(text: str, node: _Node, g: _Grammar) -> bool:
    """Whether a core found in running text is a date (not "may" the verb, "2000 troops", …)."""
    core = text[node.start : node.end]
    match, kind = _detail(core, g, node.how)
    if match is None:
        return False
    if node.how == "abs":
        return _plausible_absolute(text, node, match, kind, g)
    groups = match.groupdict()
    if node.how == "wd" and not groups.get("pre") and not groups.get("suf"):
        context, shape = g.weekday_rules.get(groups["w"].lower(), (None, None))
        if context and not context.search(text, max(0, node.start - 20), node.start):
            return bool(shape and shape.search(core))
    if node.how == "rel" and core.lower() in g.ambiguous:
        shape, _ = g.ambiguous[core.lower()]
        return not shape or bool(shape.fullmatch(core))
    return True


def _plausible_absolute(text: str, node: _Node, match: re.Match[str], kind: object, g: _Grammar) -> bool:
    groups = match.groupdict()
    if kind == "year":
        before = _COUNTED_BEFORE.search(text, max(0, node.start - 20), node.start)
        return not before and not _COUNTED_AFTER.match(text, node.end)
    month = (groups.get("m") or "").rstrip(".")
    if month.lower() in g.ambiguous:
        shape, context = g.ambiguous[month.lower()]
        if shape and not shape.fullmatch(month):
            return False
        bare = kind == "month" and not groups.get("y") and not groups.get("yrel")
        if bare and context and not context.search(text, max(0, node.start - 20), node.start):
            return False
    needed = g.month_rules.get(month.lower()) if kind == "month" and not groups.get("y") else None
    return not needed or bool(needed.search(text, max(0, node.start - 20), node.start))


def _cycled(text: str, node: _Node, g: _Grammar) -> _Node:
    """A year-less month or quarter with "last", "next", "this" ("last March", "mars prochain")."""
    if node.how not in ("abs", "quarter") or not _is_cyclic(text, node, g):
        return node
    entries = [e for e in g.affixes["cycles"] if e[0] in ("last", "next", "this")]
    return _grown(text, node, g, entries, "cycle")


def _grown(text: str, node: _Node, g: _Grammar, layer, kind: str) -> _Node:
    """The node wrapped by the first modifier of a layer found just before or after it."""
    entries = g.affixes[layer] if isinstance(layer, str) else layer
    for how, prefix, suffix in entries:
        before = prefix.search(text, max(0, node.start - 40), node.start) if prefix else None
        after = suffix.match(text, node.end) if suffix else None
        if before or after:
            start = before.start() if before else node.start
            return _Node(start, after.end() if after else node.end, kind, how, (node,))
    return node


def _ranges(text: str, nodes: list[_Node], g: _Grammar) -> list[_Node]:
    """Nodes with their ranges joined: "between 10 and 12 March", "2014-2016", "March 10-12"."""
    joined: list[_Node] = []
    i = 0
    while i < len(nodes):
        pair = _pair(text, nodes[i], nodes[i + 1], g) if i + 1 < len(nodes) else None
        if pair:
            joined.append(pair)
            i += 2
            continue
        previous = joined[-1].end if joined else 0
        following = nodes[i + 1].start if i + 1 < len(nodes) else len(text)
        joined.append(_bare_left(text, nodes[i], g, previous) or _bare_right(text, nodes[i], g, following) or nodes[i])
        i += 1
    return joined


def _pair(text: str, left: _Node, right: _Node, g: _Grammar) -> _Node | None:
    gap = text[left.end : right.start]
    for opener, connector, bare_only in g.ranges:
        if bare_only or not connector.fullmatch(gap):
            continue
        start = _opened(text, left.start, opener)
        if start is not None:
            return _Node(start, right.end, "range", "range", (left, right))
    return None


def _opened(text: str, start: int, opener: re.Pattern[str] | None) -> int | None:
    """Where a range starts: at its opener ("between") if it needs one and has it, else at its first date."""
    if opener is None:
        return start
    match = opener.search(text, max(0, start - 20), start)
    return match.start() if match else None


def _bare_left(text: str, node: _Node, g: _Grammar, previous: int) -> _Node | None:
    """ "10-12 March": a bare day number before a day (not the end of the date before it)."""
    if not _has_day(text, node, g):
        return None
    match = g.bare_left.search(text, max(previous, node.start - 25), node.start)
    if not match:
        return None
    for opener, connector, _ in g.ranges:
        start = _opened(text, match.start(), opener) if connector.fullmatch(match.group("gap")) else None
        if start is not None:
            bare = _Node(match.start("bare"), match.end("bare"), "bare", match.group("bare"))
            return _Node(start, node.end, "range", "range", (bare, node))
    return None


def _bare_right(text: str, node: _Node, g: _Grammar, following: int) -> _Node | None:
    """ "March 10-12": a bare day number after a day."""
    if not _has_day(text, node, g):
        return None
    match = g.bare_right.match(text, node.end)
    if not match or match.start("bare") >= following:
        return None
    for opener, connector, _ in g.ranges:
        start = _opened(text, node.start, opener) if connector.fullmatch(match.group("gap")) else None
        if start is not None:
            how = f"{match.group('bare')}|{match.group('y') or ''}"
            bare = _Node(match.start("bare"), match.end(), "bare", how)
            return _Node(start, match.end(), "range", "range", (node, bare))
    return None


def _has_day(text: str, node: _Node, g: _Grammar) -> bool:
    """Whether the node is a core naming a day of a month ("12 March"), which a bare day can share."""
    if node.kind != "core" or node.how != "abs":
        return False
    match, _ = _detail(text[node.start : node.end], g, "abs")
    return bool(match and match.groupdict().get("d") and match.groupdict().get("m"))


def _is_cyclic(text: str, node: _Node, g: _Grammar) -> bool:
    """Whether the node repeats every year or week ("March", "12 March", "Tuesday", "Q1"): no year given."""
    if node.kind in ("part", "bound"):
        return _is_cyclic(text, node.kids[0], g)
    if node.kind != "core" or node.how not in ("abs", "wd", "quarter"):
        return False
    match, kind = _detail(text[node.start : node.end], g, node.how)
    if match is None:
        return False
    groups = match.groupdict()
    if node.how == "wd":
        return not groups.get("pre") and not groups.get("suf")
    if node.how == "abs" and (kind in ("year", "iso") or groups.get("a")):
        return False
    return not groups.get("y") and not groups.get("yrel")


# --- Reading the words found ----------------------------------------------------------------

_PRECISIONS = ("day", "week", "month", "year", "unknown")
_PARSER_ERRORS = (ValueError, OverflowError, TypeError, LookupError, ArithmeticError)  # dateparser on odd input


@dataclass(frozen=True)
class _Context:
    """What a text is read against: the reference, its day and zone, the languages, the tense."""

    day: dt.date
    base: dt.datetime  # the reference as a naive datetime, for dateparser's RELATIVE_BASE
    zone: dt.tzinfo | None
    languages: tuple[str, ...]
    tense: Tense | None


def _context(text: str, reference: Moment, languages: Sequence[str] | None, tense: Tense | None) -> _Context:
    if not isinstance(reference, dt.date):
        raise TypeError(f"reference must be a date or datetime, not {type(reference).__name__}")
    langs = tuple(languages) if languages else _guess_languages(text if isinstance(text, str) else "")
    unknown = [lang for lang in langs if lang not in language_order]
    if unknown:
        raise ValueError(f"languages dateparser does not know: {unknown}")
    if isinstance(reference, dt.datetime):
        return _Context(reference.date(), reference.replace(tzinfo=None), reference.tzinfo, langs, tense)
    return _Context(reference, dt.datetime.combine(reference, dt.time()), None, langs, tense)


_SCRIPTS = {
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "arabic": re.compile("[\u0600-\u06ff]"),
    "han": re.compile("[\u4e00-\u9fff]"),
    "latin": re.compile("[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]"),
}
_UKRAINIAN = re.compile("[іїєґ]", re.IGNORECASE)
_VIETNAMESE = re.compile("[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_COMMON_WORDS = {
    "en": re.compile(r"\b(?:the|and|of|to|is|was|said|will|that|with|has|have)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:le|la|les|des|est|et|du|une|que|dans|pour|sur|il|elle)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:der|die|das|und|ist|nicht|mit|den|dem|ein|eine|wird|zu|von|im|sich)\b", re.IGNORECASE),
}


def _guess_languages(text: str) -> tuple[str, ...]:
    """The languages of a text, from its scripts (a fifth of its letters or more), commonest first."""
    counts = {script: len(pattern.findall(text)) for script, pattern in _SCRIPTS.items()}
    total = sum(counts.values())
    languages: list[str] = []
    for script in sorted(counts, key=counts.get, reverse=True):  # type: ignore[arg-type]
        if counts[script] and counts[script] * 5 >= total:
            languages += _script_languages(script, text)
    return tuple(dict.fromkeys(languages)) or ("en", "fr", "de")


def _script_languages(script: str, text: str) -> list[str]:
    if script == "cyrillic":
        return ["uk", "ru"] if _UKRAINIAN.search(text) else ["ru", "uk"]
    if script in ("arabic", "han"):
        return ["ar" if script == "arabic" else "zh"]
    if _VIETNAMESE.search(text):
        return ["vi"]
    counts = {lang: len(pattern.findall(text)) for lang, pattern in _COMMON_WORDS.items()}
    best = max(counts.values())
    winners = [lang for lang, n in counts.items() if n == best]
    return winners if best and len(winners) == 1 else ["en", "fr", "de"]


@functools.lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], base: dt.datetime) -> DateDataParser:
    settings = {"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": True}
    return DateDataParser(languages=list(languages), settings=settings)


def _dateparser(words: str, languages: tuple[str, ...], ctx: _Context):
    """dateparser's reading of some words (None when it has none)."""
    try:
        data = _parser(languages, ctx.base).get_date_data(words)
    except _PARSER_ERRORS:
        return None
    return data if data and data.date_obj is not None else None


def _named(result: Span | Undated, text: str) -> Span | Undated:
    return replace(result, text=text)


def _safely(node: _Node, text: str, ctx: _Context, g: _Grammar) -> Span | Undated:
    """The span of a node, or why it has none (a day not in the calendar, a span beyond year 1 or 9999)."""
    try:
        return _evaluate(node, text, ctx, g)
    except (ValueError, OverflowError) as error:
        words = text[node.start : node.end]
        return Undated(words, f"not a date: {words!r} ({error})")


def _evaluate(node: _Node, text: str, ctx: _Context, g: _Grammar, anchor=None) -> Span | Undated:
    """The span of a node of a (normalised) text."""
    if node.kind == "core":
        return _core(node, text, ctx, g, None, anchor)
    if node.kind == "cycle":
        return _core(node.kids[0], text, ctx, g, node.how, None)
    if node.kind == "range":
        return _range(node, text, ctx, g)
    inner = _evaluate(node.kids[0], text, ctx, g, anchor)
    if not isinstance(inner, Span):
        return inner
    return _part(inner, node.how, ctx) if node.kind == "part" else _bound(inner, node.how)


def _core(node: _Node, text: str, ctx: _Context, g: _Grammar, cycle: str | None, anchor) -> Span | Undated:
    words = text[node.start : node.end]
    match, meta = _detail(words, g, node.how)
    if match is None:
        return Undated(words, f"no date in {words!r}")
    readers: dict[str, Callable[..., Span | Undated]] = {
        "abs": _absolute,
        "wd": _weekday,
        "rel": _relative,
        "weekend": _weekend,
        "window": _window,
        "quarter": _quarter,
        "implicit": _implicit,
    }
    return readers[node.how](match, meta, ctx, g, cycle, anchor)


def _day(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _days(first: dt.date, last: dt.date, precision: Precision) -> Span:
    return Span(first, last, precision, "")


def _year_span(year: int) -> Span:
    return _days(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _month_span(year: int, month: int, months: int = 1) -> Span:
    last = dt.date(year, month, 1) + dt.timedelta(days=31 * (months - 1))
    return _days(dt.date(year, month, 1), _month_end(last), "month")


def _week_span(day: dt.date) -> Span:
    monday = day - dt.timedelta(days=day.weekday())
    return _days(monday, monday + dt.timedelta(days=6), "week")


def _one_day(day: dt.date) -> Span:
    return _days(day, day, "day")


def _coarser(a: str, b: str) -> Precision:
    return max(a, b, key=_PRECISIONS.index)  # type: ignore[return-value]


def _key(words: str) -> str:
    return re.sub(r"\s+", " ", words.strip().lower())


def _number(words: str | None, g: _Grammar) -> int | None:
    """A number written in digits, number words or Chinese numerals (up to 39)."""
    if not words:
        return None
    words = _key(words).rstrip(".")
    if words.isdigit():
        return int(words)
    if words in g.numbers:
        return g.numbers[words]
    if re.fullmatch(_CN_NUMERAL, words):
        digits = "一二三四五六七八九"
        tens, _, ones = words.rpartition("十") if "十" in words else ("", "", words)
        value = (digits.index(tens) + 1 if tens else 1) * 10 if "十" in words else 0
        return value + (digits.index(ones) + 1 if ones else 0)
    return None


def _month_number(words: str | None, g: _Grammar) -> int | None:
    if not words:
        return None
    number = g.months.get(_key(words).rstrip("."))
    return number if number is not None else _number(words, g)


def _absolute(match: re.Match[str], kind, ctx: _Context, g: _Grammar, cycle, anchor) -> Span | Undated:
    groups = match.groupdict()
    words = match.group()
    if kind == "iso":
        return _iso(groups["iso"], ctx)
    year = _year_of(groups, ctx, g)
    if kind == "year" or (year is not None and not groups.get("m") and not groups.get("a")):
        return _year_span(year)
    day, month = _number(groups.get("d"), g), _month_number(groups.get("m"), g)
    if groups.get("a"):
        day, month = _slashed(int(groups["a"]), int(groups["b"]), year, g)
        if day is None:
            return Undated(words, f"ambiguous: {words} may be month/day/year or day/month/year")
    if month is None or not 1 <= month <= 12:
        return Undated(words, f"no month in {words!r}")
    make = (lambda y: _one_day(dt.date(y, month, day))) if day else (lambda y: _month_span(y, month))
    weekday = g.weekdays.get(_key(groups["w"])) if groups.get("w") else None
    if year is not None:
        span = make(year)
        if weekday is not None and span.earliest.weekday() != weekday:
            return Undated(words, f"inconsistent: {span.earliest} is not a {groups['w']}")
    else:
        span = _choose(_yearly(make, ctx, weekday), ctx, cycle, anchor)
        if span is None:
            return Undated(words, f"not a calendar date: {words!r}")
    return _with_clock(span, groups.get("time") or groups.get("time0"), ctx)


def _year_of(groups: dict, ctx: _Context, g: _Grammar) -> int | None:
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("yrel"):
        return ctx.day.year + g.year_rel.get(_key(groups["yrel"]), 0)
    return None


def _slashed(a: int, b: int, year: int | None, g: _Grammar) -> tuple[int | None, int | None]:
    """Day and month of "a/b/year": both readings are tried; English makes equal candidates ambiguous."""
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            dt.date(year or 2000, month, day)
            readings.append((day, month))
        except ValueError:
            pass
    if len(set(readings)) == 1 or (readings and g.day_month_year):
        return readings[0]
    return None, None


def _yearly(make: Callable[[int], Span], ctx: _Context, weekday: int | None) -> list[Span]:
    """The candidates of a year-less date, two years either side of the reference's."""
    found = []
    for year in range(ctx.day.year - 2, ctx.day.year + 3):
        try:
            span = make(year)
        except ValueError:  # 29 February
            continue
        if weekday is None or span.earliest.weekday() == weekday:
            found.append(span)
    return found


def _choose(candidates: list[Span], ctx: _Context, cycle: str | None, anchor, weekly: bool = False) -> Span | None:
    """The candidate the words mean: by the cycle word, the other end of a range, the tense, or nearness."""
    if not candidates:
        return None
    ref = ctx.day
    first, last = (lambda c: _day(c.earliest)), (lambda c: _day(c.latest))
    if anchor is not None:
        side, other = anchor
        pool = (
            [c for c in candidates if first(c) <= first(other)]
            if side == "left"
            else [c for c in candidates if last(c) >= last(other)]
        )
        if pool:
            return max(pool, key=first) if side == "left" else min(pool, key=first)
    if cycle in ("lastweek", "thisweek", "nextweek"):
        weeks = {"lastweek": -1, "nextweek": 1}.get(cycle, 0)
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks)
        return next((c for c in candidates if monday <= first(c) <= monday + dt.timedelta(days=6)), None)
    before = [c for c in candidates if last(c) < ref]
    after = [c for c in candidates if first(c) > ref]
    around = [c for c in candidates if first(c) <= ref <= last(c)]
    if cycle == "last":
        return before[-1] if before else None
    if cycle == "next":
        return after[0] if after else None
    if cycle == "this":
        return (around + after)[0] if around or after else before[-1]
    if weekly and ctx.tense == "past":
        return (before + around)[-1] if before or around else None
    if weekly and ctx.tense == "future":
        return (around + after)[0] if around or after else None
    return _nearest(candidates, ref) if weekly else _with_tense(_nearest(candidates, ref), candidates, ctx)


def _nearest(candidates: list[Span], ref: dt.date) -> Span:
    def distance(c: Span) -> tuple[int, bool]:
        if _day(c.earliest) <= ref <= _day(c.latest):
            return 0, False
        return min(abs((_day(c.earliest) - ref).days), abs((_day(c.latest) - ref).days)), c.earliest.year != ref.year

    return min(candidates, key=distance)


def _with_tense(nearest: Span, candidates: list[Span], ctx: _Context) -> Span:
    """A year-less date more than a week on the wrong side of the reference moves a year (given a tense)."""
    grace = dt.timedelta(days=7)
    index = candidates.index(nearest)
    if ctx.tense == "future" and _day(nearest.latest) < ctx.day - grace and index + 1 < len(candidates):
        return candidates[index + 1]
    if ctx.tense == "past" and _day(nearest.earliest) > ctx.day + grace and index > 0:
        return candidates[index - 1]
    return nearest


def _with_clock(span: Span, clock: str | None, ctx: _Context) -> Span:
    """A one-day span at the time of day given ("14:00 GMT"), in its zone, else the reference's."""
    if not clock or span.earliest != span.latest or isinstance(span.earliest, dt.datetime):
        return span
    match = _CLOCK_READ.fullmatch(clock.strip())
    if not match:
        return span
    hour, minute, second = int(match["h"]), int(match["mi"] or 0), int(match["s"] or 0)
    if match["ap"] and hour <= 12:
        hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
    moment = dt.datetime.combine(span.earliest, dt.time(hour, minute, second), _zone(match["zone"], ctx))
    return Span(moment, moment, "day", "")


def _zone(words: str | None, ctx: _Context) -> dt.tzinfo | None:
    if not words or re.fullmatch(_LOCAL_ZONES, _key(words)):
        return ctx.zone
    key = _key(words)
    offset = re.fullmatch(r"(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", key)
    if offset:
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        return dt.timezone(dt.timedelta(minutes=-minutes if offset[1] == "-" else minutes))
    minutes = _ZONES.get(key)
    return ctx.zone if minutes is None else dt.timezone(dt.timedelta(minutes=minutes))


def _iso(value: str, ctx: _Context) -> Span | Undated:
    if len(value) == 10:
        return _one_day(dt.date.fromisoformat(value))
    moment = dt.datetime.fromisoformat(value.replace(" ", "T")).replace(microsecond=0)
    if moment.tzinfo is not None:
        moment = moment.replace(tzinfo=dt.timezone(moment.utcoffset()))
    elif ctx.zone is not None:
        moment = moment.replace(tzinfo=ctx.zone)
    return Span(moment, moment, "day", "")


def _weekday(match: re.Match[str], _, ctx: _Context, g: _Grammar, cycle, anchor) -> Span | Undated:
    groups = match.groupdict()
    weekday = g.weekdays[_key(groups["w"])]
    cycle = _cycle_of(groups.get("pre"), groups.get("suf"), g) or cycle
    days = [ctx.day + dt.timedelta(days=k) for k in range(-14, 15)]
    span = _choose([_one_day(d) for d in days if d.weekday() == weekday], ctx, cycle, anchor, weekly=True)
    if span is None:
        return Undated(match.group(), f"no such day: {match.group()!r}")
    return _with_clock(span, groups.get("time") or groups.get("time0"), ctx)


def _cycle_of(before: str | None, after: str | None, g: _Grammar) -> str | None:
    """Which cycle word ("last", "next", "this", "nextweek"…) is before or after a weekday."""
    for kind, prefix, suffix in g.affixes["cycles"]:
        if (before and prefix and prefix.fullmatch(before.strip())) or (after and suffix and suffix.fullmatch(after)):
            return kind
    return None


def _relative(match: re.Match[str], _, ctx: _Context, g: _Grammar, cycle, anchor) -> Span | Undated:
    phrase = match.group("phrase")
    english = g.relative.get(_key(phrase))
    data = _dateparser(english or phrase, ("en",) if english else ctx.languages, ctx)
    if data is None:
        return Undated(phrase, f"dateparser cannot read {phrase!r}")
    return _with_clock(_from_dateparser(data), match.groupdict().get("time"), ctx)


def _implicit(match: re.Match[str], _, ctx: _Context, g: _Grammar, cycle, anchor) -> Span | Undated:
    data = _dateparser(g.implicit.get(_key(match.group()), "this year"), ("en",), ctx)
    return _from_dateparser(data) if data else Undated(match.group(), "no date")


def _from_dateparser(data) -> Span:
    """The span of dateparser's point and period: the week, month, quarter or year around it."""
    day = data.date_obj.date()
    if data.period == "week":
        return _week_span(day)
    if data.period == "month":
        return _month_span(day.year, day.month)
    if data.period == "year":
        return _year_span(day.year)
    if data.period == "quarter":
        return _month_span(day.year, (day.month - 1) // 3 * 3 + 1, 3)
    return _one_day(day)


def _weekend(match: re.Match[str], which: str, ctx: _Context, g: _Grammar, cycle, anchor) -> Span:
    saturday = ctx.day + dt.timedelta(days=5 - ctx.day.weekday())
    if which == "bare":
        on_it = ctx.day.weekday() >= 5
        if ctx.tense == "future" or on_it or (ctx.tense is None and ctx.day.weekday() >= 2):
            which = "this"
        else:
            which = "last"
    saturday += dt.timedelta(weeks={"last": -1, "next": 1}.get(which, 0))
    return _days(saturday, saturday + dt.timedelta(days=1), "week")


_WINDOW_DAYS = {"hour": 1, "day": 7, "week": 28, "soon": 30}
_WINDOW_MONTHS = {"month": 6, "year": 36}


def _window(match: re.Match[str], direction: int, ctx: _Context, g: _Grammar, cycle, anchor) -> Span:
    """ "in the coming days" (+7 days), "over the past two weeks" (-14 days), "soon" (+30 days)."""
    groups = match.groupdict()
    unit = "soon" if groups.get("soon") else next(u for u in ("hour", "day", "week", "month", "year") if groups.get(u))
    n = _number(groups.get("n"), g)
    if unit in ("hour", "day", "week", "soon"):
        default = _WINDOW_DAYS[unit]
        days = default if n is None else {"hour": -(-n // 24), "day": n, "week": 7 * n}[unit]
        other = ctx.day + dt.timedelta(days=direction * days)
    else:
        months = _WINDOW_MONTHS[unit] if n is None else n * (12 if unit == "year" else 1)
        other = _add_months(ctx.day, direction * months)
    first, last = sorted((ctx.day, other))
    width = (last - first).days
    precision = "day" if width <= 1 else "week" if width <= 7 else "month" if width <= 31 else "year"
    return _days(first, last, precision)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _quarter(match: re.Match[str], _, ctx: _Context, g: _Grammar, cycle, anchor) -> Span | Undated:
    """ "Q1 2025", "the first half of next year": three or six months, precision month."""
    groups = match.groupdict()
    which = groups.get("q") or groups.get("h")
    number = _ordinal(which, g)
    if number is None:
        return Undated(match.group(), f"no quarter in {match.group()!r}")
    size = 3 if groups.get("q") else 6
    make = lambda y: _month_span(y, (number - 1) * size + 1, size)  # noqa: E731
    year = _year_of(groups, ctx, g)
    if year is not None:
        return make(year)
    return _choose(_yearly(make, ctx, None), ctx, cycle, anchor) or Undated(match.group(), "no such quarter")


def _ordinal(words: str | None, g: _Grammar) -> int | None:
    key = _key(words or "")
    if key.isdigit():
        return int(key)
    if key in g.ordinals:
        return g.ordinals[key]
    prefixes = [k for k in g.ordinals if key.startswith(k)]
    return g.ordinals[max(prefixes, key=len)] if prefixes else None


def _part(span: Span, how: str, ctx: _Context) -> Span:
    """Early/mid/late part of a span (of a month: days 1–10, 11–20, 21–end; of a year: four months)."""
    first, last = span.earliest, span.latest
    if first is None or last is None or isinstance(first, dt.datetime) or isinstance(last, dt.datetime):
        return span
    if how in ("earlier", "later"):
        if how == "earlier" and first <= ctx.day:
            return replace(span, latest=min(last, ctx.day))
        if how == "later" and last >= ctx.day:
            return replace(span, earliest=max(first, ctx.day))
        return span
    third = ("early", "mid", "late").index(how)
    if first.day == 1 and last == _month_end(first):
        bounds = [(1, 10), (11, 20), (21, last.day)][third]
        return replace(span, earliest=first.replace(day=bounds[0]), latest=first.replace(day=bounds[1]))
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        month = 1 + 4 * third
        return replace(span, earliest=first.replace(month=month), latest=_month_end(first.replace(month=month + 3)))
    size = (last - first).days + 1
    if size < 3:
        return span
    cut = -(-size // 3)
    starts = [first, first + dt.timedelta(days=size // 3), last - dt.timedelta(days=cut - 1)]
    ends = [first + dt.timedelta(days=cut - 1), last - dt.timedelta(days=size // 3), last]
    return replace(span, earliest=starts[third], latest=ends[third])


def _bound(span: Span, how: str) -> Span:
    """ "by X" (open before, up to X's end), "before X", "since X" (open after), "after X"."""
    one = dt.timedelta(days=1)
    if how == "by":
        return replace(span, earliest=None)
    if how == "before" and span.earliest is not None:
        latest = span.earliest if isinstance(span.earliest, dt.datetime) else span.earliest - one
        return replace(span, earliest=None, latest=latest)
    if how == "since":
        return replace(span, latest=None)
    if how == "after" and span.latest is not None:
        earliest = span.latest if isinstance(span.latest, dt.datetime) else span.latest + one
        return replace(span, earliest=earliest, latest=None)
    return span


def _range(node: _Node, text: str, ctx: _Context, g: _Grammar) -> Span | Undated:
    """ "between 10 and 12 March": the year-less end takes the other end's year; bare days its month."""
    left, right = node.kids
    words = text[node.start : node.end]
    if left.kind == "bare" or right.kind == "bare":
        ends = _bare_ends(left, right, text, ctx, g)
    elif _is_cyclic(text, left, g):
        last = _evaluate(right, text, ctx, g)
        ends = (_evaluate(left, text, ctx, g, ("left", last)) if last else last), last
    elif _is_cyclic(text, right, g):
        first = _evaluate(left, text, ctx, g)
        ends = first, (_evaluate(right, text, ctx, g, ("right", first)) if first else first)
    else:
        ends = _evaluate(left, text, ctx, g), _evaluate(right, text, ctx, g)
    first, last = ends
    if not isinstance(first, Span) or not isinstance(last, Span):
        return next(e for e in ends if not isinstance(e, Span))
    earliest, latest = first.earliest, last.latest
    if type(earliest) is not type(latest) or _aware(earliest) != _aware(latest):
        earliest, latest = (_day(b) if b is not None else None for b in (earliest, latest))
    if earliest is None or latest is None or earliest > latest:
        return Undated(words, f"not a range: {words!r} ends before it starts")
    return Span(earliest, latest, _coarser(first.precision, last.precision), "")


def _aware(moment: Moment | None) -> bool:
    return isinstance(moment, dt.datetime) and moment.tzinfo is not None


def _bare_ends(left: _Node, right: _Node, text: str, ctx: _Context, g: _Grammar):
    """The two ends of a range with a bare day number: it shares the other end's month and year."""
    full = _evaluate(right if left.kind == "bare" else left, text, ctx, g)
    if not isinstance(full, Span) or full.earliest is None:
        return full, full
    bare = right if left.kind != "bare" else left
    day, _, year = bare.how.partition("|")
    base = _day(full.earliest)
    if year:
        base = base.replace(year=int(year))
        full = _one_day(base)
    try:
        other = _one_day(base.replace(day=_number(day, g) or 0))
    except ValueError:
        return Undated(text[bare.start : bare.end], f"not a day of {base:%B %Y}: {day}"), full
    return (other, full) if left.kind == "bare" else (full, other)


# --- The tense of a sentence ----------------------------------------------------------------

_CLAUSE = _compile(
    r"[;:()\[\]—]|,\s|\s[–-]\s|(?<!\w)(?:that|but|while|whereas|что|но|чтобы|але|що|que|mais|dass|"
    r"aber|rằng|nhưng)(?!\w)|[，；但而]"
)


def _tense_at(text: str, node: _Node, g: _Grammar) -> Tense | None:
    """The tense of the words nearest the date: in its clause if there are any, else in the sentence."""
    return _Cues(text, g).tense_at(node)


class _Cues:
    """The tense cues and clause edges of one text, found once and asked per date.

    For each date the cues are those not overlapping it (futures first, then pasts that
    overlap no remaining future), the pool those in its clause (else all), and the answer the
    nearest, the verb before on a tie. Cues and edges never overlap one another, so each
    question is a few bisections: a sentence of n dates costs n log n, not n².
    """

    def __init__(self, text: str, g: _Grammar) -> None:
        found = {tense: [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []
                 for tense, pattern in (("future", g.future), ("past", g.past))}
        self.futures = found["future"]
        self.future_starts = [s for s, _ in self.futures]
        self.future_ends = [e for _, e in self.futures]
        # a past cue overlapping a future one counts only for a date that hides those futures
        cues, self.shadowed = [], {}  # future index → past cues it hides
        for i, (s, e) in enumerate(self.futures):
            cues.append((s, e, 0, i, "future"))
        for j, (s, e) in enumerate(found["past"]):
            hiding = self._futures_overlapping(s, e)
            if hiding:
                for i in hiding:
                    self.shadowed.setdefault(i, []).append((s, e, 1, j, "past", hiding))
            else:
                cues.append((s, e, 1, j, "past"))
        cues.sort()
        self.cues = cues
        self.starts = [c[0] for c in cues]
        self.ends = [c[1] for c in cues]
        edges = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)] if cues or self.shadowed else []
        self.edge_starts = [s for s, _ in edges]
        self.edge_ends = [e for _, e in edges]
        self.length = len(text)

    def _futures_overlapping(self, start: int, end: int) -> range:
        """Indexes of the future cues overlapping [start, end) (they are sorted and disjoint)."""
        first = bisect.bisect_right(self.future_ends, start)  # those before end by ``start``
        last = bisect.bisect_left(self.future_starts, end)  # those after start at ``end`` or later
        return range(first, max(first, last))

    def tense_at(self, node: _Node) -> Tense | None:
        start, end = node.start, node.end
        overlaps = lambda s, e: s < end and start < e  # noqa: E731
        hidden = self._futures_overlapping(start, end)
        extra = []  # pasts that count here because every future hiding them overlaps this date
        for i in hidden:
            for s, e, group, index, tense, hiding in self.shadowed.get(i, ()):
                if hiding[0] == i and all(h in hidden for h in hiding) and not overlaps(s, e):
                    extra.append((s, e, group, index, tense))
        if not self.cues and not extra:
            return None
        k = bisect.bisect_right(self.edge_ends, start)  # the clause: from the last edge before the date…
        lo = self.edge_ends[k - 1] if k else 0
        k = bisect.bisect_left(self.edge_starts, end)  # …to the first edge after it
        hi = self.edge_starts[k] if k < len(self.edge_starts) else self.length
        near = self._nearest(start, end, lo, hi, extra)
        if not near:
            near = self._nearest(start, end, -1, self.length + 1, extra)
        if not near:  # every cue is part of the date itself ("the coming weekend")
            return None
        # the verb before the date governs it on a tie: "said on Thursday it would…" is the Thursday past
        distance = lambda c: start - c[1] if c[1] <= start else c[0] - end + 3  # noqa: E731
        return min(near, key=lambda c: (distance(c), c[2], c[3]))[4]

    def _nearest(self, start: int, end: int, lo: int, hi: int, extra: list) -> list:
        """The cues in [lo, hi] nearest the date on each side (all those tied), and ``extra``'s."""
        out = [c for c in extra if c[0] >= lo and c[1] <= hi]
        before = bisect.bisect_right(self.ends, start)  # cues [0, before) end by the date's start
        if before:
            last_end = self.ends[before - 1]
            first = bisect.bisect_left(self.ends, last_end)
            out.extend(c for c in self.cues[first:before] if c[0] >= lo)
        after = bisect.bisect_left(self.starts, end)  # cues [after, …) start at or after its end
        if after < len(self.cues):
            first_start = self.starts[after]
            out.extend(c for c in self.cues[after:bisect.bisect_right(self.starts, first_start)] if c[1] <= hi)
        return out


# --- Whole texts ----------------------------------------------------------------------------

_WORDS = re.compile(r"\w")
_ORDINAL_NUMBERS = re.compile(r"\d+(?:st|nd|rd|th|er|e|-?го)?\b|[^\w\s]+", re.IGNORECASE)


def _strip_skips(text: str, g: _Grammar) -> str:
    return _ORDINAL_NUMBERS.sub(" ", g.skips.sub(" ", text))


def _in_year(span: Span, year: int) -> Span:
    first = span.earliest.replace(year=year)
    last = _month_end(first) if span.precision == "month" else span.latest.replace(year=year)
    return replace(span, earliest=first, latest=last)


def _fallback(text: str, ctx: _Context) -> Span | Undated:
    """What dateparser alone makes of words in languages without a lexicon (its reading, unfiltered)."""
    words = _normalise(text).strip()
    if not words:
        return Undated(text, "no date in an empty text")
    known = any(lang in _LEXICONS for lang in ctx.languages)
    if known or len(words) > 60 or not _WORDS.search(_strip_skips(words, _grammar(ctx.languages))):
        return Undated(text, f"no date in {text!r}")
    data = _dateparser(words, ctx.languages, ctx)
    if data is None:
        return Undated(text, f"no date in {text!r}")
    span = _from_dateparser(data)
    if "year" not in (data.parts or ()) and span.precision in ("day", "month"):
        span = _choose(_yearly(functools.partial(_in_year, span), ctx, None), ctx, None, None) or span
    return span
