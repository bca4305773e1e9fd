"""The timeline page and the exports of the current view."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from itertools import groupby

from flask import Blueprint, Response, redirect, render_template, request, url_for

from kb import publish, timeline
from kb.dates import Undated, resolve
from kb.errors import BadInput
from kb.spans import month_label, year_label
from kb.vocab import compact

from .. import overview
from ..links import remember_labels, store

bp = Blueprint("timeline", __name__)


def _selection() -> timeline.Selection:
    return timeline.Selection.from_params(request.args)


@bp.get("/")
def index():
    if (request.args.get("when") or "").strip():
        return _dates_in_words(request.args["when"].strip())
    selection = _selection()
    page = timeline.page(store(), selection, facet_limit=FACET_OPTIONS)
    names = remember_labels({f.value for facets in page.facets.values() for f in facets} |
                            {item.source for item in page.items if item.source})
    for facets in page.facets.values():
        for f in facets:
            f.label = names.get(f.value) or f.label
    groups = [(month, [(day, list(items)) for day, items in groupby(month_items, key=_day_key)])
              for month, month_items in groupby(page.items, key=_month_key)]
    template = "_timeline_body.html" if request.args.get("partial") else "timeline.html"
    return render_template(template, page=page, selection=selection, groups=groups,
                           overview=overview.build(page.items), options=_options(page),
                           exports=_export_links(selection))


def _dates_in_words(words: str):
    """``?when=March 2025`` (or "last week", "by 2022", "since January"): read as of today, in
    the past unless the words say otherwise, and sent on to the same view with its days, so
    the address a reader shares keeps meaning the same days tomorrow."""
    span = resolve(words[:200], dt.date.today(), tense="past")
    if isinstance(span, Undated) or (span.earliest is None and span.latest is None):
        reason = span.reason if isinstance(span, Undated) else "no date"
        raise BadInput(f"when: {words[:200]!r} is not a date or period Parley can read ({reason}); "
                       "try words like “March 2025”, “last week”, “since January” or a day like 2025-03-13")
    params = timeline.Selection.from_params(request.args).params(start=None, end=None, page=1)
    if span.earliest is not None:
        params["from"] = _day(span.earliest)
    if span.latest is not None:
        params["to"] = _day(span.latest)
    return redirect(url_for("timeline.index") + "?" + urllib.parse.urlencode(params))


def _day(moment) -> str:
    """The day of a date or a time, as the date filters take it."""
    return (moment.date() if isinstance(moment, dt.datetime) else moment).isoformat()


FACET_OPTIONS = 200  # choices listed per filter, most frequent first: a store may have 100,000 sources


def _options(page: timeline.Page) -> dict[str, list[dict]]:
    """Each filter's choices with their counts, the most frequent first; values as short
    prefixed names for readable links. The current choice stays listed (with 0 when nothing
    matches it), and any value still works in the URL."""
    out = {}
    for dim, facets in page.facets.items():
        current = getattr(page.selection, dim)
        options = []
        for f in facets:
            short = compact(f.value)
            value = f.value if short.startswith("<") else short
            options.append({"value": value, "label": f.label, "count": f.count,
                            "selected": current in (value, f.value)})
        if current and not any(o["selected"] for o in options):
            options.append({"value": current, "label": current, "count": 0, "selected": True})
        out[dim] = options
    return out


def _month_key(item: timeline.Item) -> str:
    day = item.span.earliest or item.span.latest
    if day is None:
        return "Undated"
    if item.span.precision == "Year" or (item.span.earliest is None and item.span.precision in ("Year",)):
        return year_label(day.year)
    return month_label(day)


def _day_key(item: timeline.Item) -> str:
    return item.span.label()


def _export_links(selection: timeline.Selection) -> dict[str, str]:
    params = selection.params(page=1)
    return {name: url_for(f"timeline.{endpoint}", **params) for name, endpoint in
            (("CSV", "export_csv"), ("JSON", "export_json"), ("Turtle", "export_turtle"),
             ("TimelineJS", "export_timelinejs"), ("iCalendar", "export_ics"))}


def _all_items() -> tuple[timeline.Selection, list[timeline.Item]]:
    selection = _selection()
    return selection, timeline.items(store(), selection)


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/timeline.csv")
def export_csv():
    _, items = _all_items()
    return _download(publish.as_csv(items), "text/csv", "parley-timeline.csv")


@bp.get("/timeline.json")
def export_json():
    selection, items = _all_items()
    return Response(publish.as_json(items, selection.params(page=1), len(items)), mimetype="application/json")


@bp.get("/timeline.ttl")
def export_turtle():
    _, items = _all_items()
    return _download(publish.as_turtle(store(), items), "text/turtle", "parley-timeline.ttl")


@bp.get("/timeline.timelinejs.json")
def export_timelinejs():
    selection, items = _all_items()
    page_url = url_for("timeline.index", _external=True, **selection.params(page=1))
    return _download(publish.as_timelinejs(items, "Parley timeline", page_url), "application/json",
                     "parley-timelinejs.json")


@bp.get("/timeline.ics")
def export_ics():
    _, items = _all_items()
    return _download(publish.as_icalendar(items, url_for("timeline.index", _external=True)), "text/calendar",
                     "parley-planned.ics")
