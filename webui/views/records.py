"""Statement and actor pages, which are also their IRIs' linked-data documents.

The same URL answers HTML to browsers and Turtle or JSON-LD to clients that ask for them
(content negotiation), or to ``.ttl`` / ``.jsonld`` addresses.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from kb import analysis, record
from kb.vocab import ID, NEG, compact

from ..links import store

bp = Blueprint("records", __name__)

RDF_VIEWS = {"text/turtle": ("turtle", "ttl"), "application/ld+json": ("jsonld", "jsonld")}
SUFFIXES = {suffix: media for media, (_, suffix) in RDF_VIEWS.items()}


def _negotiated(suffix: str | None) -> str | None:
    """The RDF media type asked for by suffix or Accept header, or None for HTML."""
    if suffix:
        if suffix not in SUFFIXES:
            abort(404)
        return SUFFIXES[suffix]
    best = request.accept_mimetypes.best_match(["text/html", *RDF_VIEWS])
    return best if best in RDF_VIEWS else None


def _rdf(iri: str, media: str) -> Response:
    fmt = RDF_VIEWS[media][0]
    response = Response(record.triples_as(store(), [iri], fmt), mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


def _html(body: str) -> Response:
    response = Response(body, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/statement/<ident>")
@bp.get("/statement/<ident>.<suffix>")
def statement(ident: str, suffix: str | None = None):
    return _statement_page(ID + "statement/" + ident, suffix)


def _statement_page(iri: str, suffix: str | None = None):
    media = _negotiated(suffix)
    found = record.statement(store(), iri)
    if media:
        return _rdf(iri, media)
    turtle = record.triples_as(store(), [iri], "turtle").decode("utf-8")
    return _html(render_template("statement.html", rec=found, iri=iri, turtle=turtle, compact=compact,
                                 sparql=_fetch_query(iri), today=dt.date.today().isoformat(), NEG=NEG))


def _fetch_query(iri: str) -> str:
    return ("PREFIX neg: <https://w3id.org/parley/ns#>\n"
            f"SELECT ?property ?value WHERE {{\n  <{iri}> ?property ?value .\n}}")


@bp.get("/actor/<ident>")
@bp.get("/actor/<ident>.<suffix>")
def actor(ident: str, suffix: str | None = None):
    return _actor_page(ID + "actor/" + ident, suffix)


def _actor_page(iri: str, suffix: str | None = None):
    media = _negotiated(suffix)
    found = record.actor(store(), iri)
    if media:
        return _rdf(iri, media)
    moves = analysis.who_moved(store(), iri)
    return _html(render_template("actor.html", rec=found, iri=iri, moves=moves, compact=compact,
                                 chart=_stance_chart(found.history), NEG=NEG))


@bp.get("/resource")
def resource():
    """Any IRI in the record: statements and actors get their pages, anything else its fields."""
    iri = request.args.get("iri", "")
    if not iri:
        abort(404)
    found = record.resource(store(), iri)
    if any(t.startswith(NEG) and t not in (NEG + "Actor", NEG + "Person", NEG + "State", NEG + "Organization",
                                            NEG + "Topic", NEG + "Source") for t in found.types):
        return _statement_page(iri)
    if any(t in (NEG + "Actor", NEG + "Person", NEG + "State", NEG + "Organization") for t in found.types):
        return _actor_page(iri)
    media = _negotiated(None)
    if media:
        return _rdf(iri, media)
    return _html(render_template("resource.html", res=found, iri=iri, compact=compact))


@bp.get("/id/<kind>/<ident>")
def dereference(kind: str, ident: str):
    """Where Parley's IRIs (https://w3id.org/parley/id/…) land: 303 See Other to the page."""
    if kind not in ("statement", "actor"):
        return redirect(url_for("records.resource", iri=f"{ID}{kind}/{ident}"), 303)
    return redirect(url_for(f"records.{kind}", ident=ident), 303)


def _stance_chart(history: list[dict]) -> dict:
    """Per topic, the stances over time as points on a shared time axis (0–1000)."""
    points = [(r["topic"].value, r["stance"].value[len(NEG):], r["statement"].value,
               r["edtf"].value if r["edtf"] else "")
              for r in history if r["topic"] is not None and r["stance"] is not None]
    if not points:
        return {}
    topics: dict[str, list] = {}
    order = {p[2]: i for i, p in enumerate(points)}  # history is already in date order
    n = max(len(order) - 1, 1)
    for topic, stance, statement_iri, edtf in points:
        topics.setdefault(topic, []).append({"x": 20 + order[statement_iri] / n * 960, "stance": stance,
                                             "statement": statement_iri, "edtf": edtf})
    return topics

