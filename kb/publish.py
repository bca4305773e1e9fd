"""Exports of a timeline view: CSV, JSON, Turtle, TimelineJS JSON and iCalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html import escape

from icalendar import Calendar, Event

from .record import triples_as
from .spans import Day, Span
from .timeline import Item

CSV_COLUMNS = ("statement", "date", "earliest", "latest", "precision", "date_text", "edtf", "kind", "actors",
               "summary", "status", "source")


def _row(item: Item) -> dict[str, str]:
    span = item.span
    return {"statement": item.iri, "date": span.label(),
            "earliest": span.earliest.isoformat() if span.earliest else "",
            "latest": span.latest.isoformat() if span.latest else "", "precision": span.precision or "",
            "date_text": span.text or "", "edtf": item.edtf or "", "kind": item.kind, "actors": item.actors,
            "summary": item.summary, "status": item.status, "source": item.source or ""}


def as_csv(items: list[Item]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_row(i) for i in items)
    return out.getvalue()


def as_json(items: list[Item], selection: dict[str, str], total: int) -> str:
    return json.dumps({"selection": selection, "total": total, "items": [_row(i) for i in items]},
                      ensure_ascii=False, indent=2)


def as_turtle(store, items: list[Item]) -> bytes:
    return triples_as(store, [i.iri for i in items], "turtle") if items else b""


def _timelinejs_date(day: Day, precision: str | None) -> dict[str, str]:
    """A TimelineJS date no finer than the record: a year-precision item gives only the year."""
    date = {"year": str(day.year)}
    if precision not in ("Year",):
        date["month"] = str(day.month)
        if precision not in ("Month",):
            date["day"] = str(day.day)
    return date


def as_timelinejs(items: list[Item], title: str, page_url: str) -> str:
    """A Knight Lab TimelineJS file a journalist can publish as is; spans stay spans and the
    honest label ("this weekend — 15–16 Mar 2025") is the display date.

    TimelineJS puts headlines, texts, display dates and group names into the page as HTML, so
    every one of them is escaped here: a literal is always shown as text, never run.
    """
    events = []
    for item in items:
        span: Span = item.span
        start = span.earliest or span.latest
        if start is None:
            continue
        event = {"unique_id": item.id, "start_date": _timelinejs_date(start, span.precision),
                 "display_date": escape(span.label()), "group": escape(item.kind),
                 "text": {"headline": escape(item.summary or item.kind),
                          "text": escape(f"{item.actors} · {item.kind} · {item.status.lower()}")}}
        if span.earliest and span.latest and span.latest != span.earliest:
            event["end_date"] = _timelinejs_date(span.latest, span.precision)
        events.append(event)
    return json.dumps({"title": {"text": {"headline": escape(title), "text": escape(f"From Parley: {page_url}")}},
                       "events": events}, ensure_ascii=False, indent=2)


def _calendar_days(span: Span) -> tuple[dt.date | None, dt.date | None]:
    """The span's first day and exclusive end as Python dates, each None when it has none or
    it falls outside the years 1 to 9999."""
    end = span.latest + 1 if span.latest is not None else None
    return (span.earliest.to_date() if span.earliest else None), (end.to_date() if end else None)


def as_icalendar(items: list[Item], base_url: str, stamp: dt.datetime | None = None) -> bytes:
    """Planned, expected, possible and unconfirmed items as tentative all-day events.

    Each event runs from its earliest day to its latest (DTEND is exclusive). An event known
    only to start on some day (an earliest date, no latest) is not made into a one-day event:
    it starts on its earliest day, has no DTEND, and its DESCRIPTION says that the end is
    unknown (RFC 5545 lets calendars show a dated event without an end on its first day).
    Items with no earliest day ("by 13 Mar 2025") are left out: a calendar cannot place them.
    So are items whose days iCalendar cannot write (its years run from 0001 to 9999, and a
    last day of 31 Dec 9999 has no exclusive end): the calendar names each of them and why
    in an ``X-PARLEY-LEFT-OUT`` property instead.

    DTSTAMP is ``stamp``, else the time the file is generated, in UTC: with no METHOD the
    RFC reads it as the time the information was last revised, and this file is a fresh view.
    """
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Parley//negotiation timeline//EN")
    cal.add("version", "2.0")
    for item in items:
        span = item.span
        if not item.tentative or span.earliest is None:
            continue
        first, end = _calendar_days(span)
        if first is None or (span.latest is not None and end is None):
            cal.add("x-parley-left-out", f"{item.iri}: its span ({span.label()}) is outside the years 1 to 9999 "
                                         "that iCalendar can hold")
            continue
        event = Event()
        event.add("uid", f"{item.id}@parley")
        event.add("summary", f"[{item.status.lower()}] {item.summary}")
        event.add("dtstart", first)
        description = f"{span.label()} · {item.actors} · {item.kind}"
        if span.latest is None:
            description += f" · the end is unknown: only the earliest day ({span.earliest.isoformat()}) is known"
        else:
            event.add("dtend", end)
        event.add("dtstamp", stamp)
        event.add("status", "TENTATIVE")
        event.add("description", description)
        event.add("url", f"{base_url}statement/{item.id}")
        cal.add_component(event)
    return cal.to_ical()
