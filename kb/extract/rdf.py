"""Write an extraction as RDF: the source with its text, the run, the drafts and new actors.

Everything goes into one named graph per article (``…/graph/drafts/<slug>``), so drafts never
mix with the curated record until a person accepts them (see :mod:`kb.review`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pyoxigraph import Literal, NamedNode, Quad

from ..vocab import GRAPH, NEG, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD
from . import VERSION, DatedDraft, Extraction

DRAFTS_GRAPH = GRAPH + "drafts/"
_PRECISION = {"day": "Day", "week": "Week", "month": "Month", "year": "Year", "unknown": "Unknown"}


def draft_graph(slug: str) -> str:
    return DRAFTS_GRAPH + slug


def draft_quads(extraction: Extraction, graph: str | None = None) -> list[Quad]:
    """The extraction as quads in its draft graph; the same extraction always gives the same quads."""
    g = NamedNode(graph or draft_graph(extraction.slug))
    article, slug = extraction.article, extraction.slug
    source = NamedNode(PREFIXES["source"] + slug)
    run = NamedNode(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, source.value + '#extract-' + VERSION)}")
    lang = article.language or "en"
    quads: list[tuple] = [
        (source, _rdf("type"), NamedNode(NEG + "Source")),
        (source, _rdf("type"), NamedNode(SCHEMA + "NewsArticle")),
        (source, NamedNode(SCHEMA + "text"), Literal(article.text)),
        (source, NamedNode(SCHEMA + "inLanguage"), Literal(lang)),
        (source, NamedNode(SCHEMA + "datePublished"), _time(article.published)),
    ]
    if article.title:
        quads += [(source, NamedNode(RDFS + "label"), Literal(article.title, language=lang)),
                  (source, NamedNode(SCHEMA + "headline"), Literal(article.title, language=lang))]
    if article.publisher:
        quads.append((source, NamedNode(SCHEMA + "author"), Literal(article.publisher)))
    if article.url:
        quads.append((source, NamedNode(SCHEMA + "url"), NamedNode(article.url)))
    quads += [(run, _rdf("type"), NamedNode(PROV + "Activity")),
              (run, NamedNode(RDFS + "label"), Literal(f"parley extract {VERSION}", language="en")),
              (run, NamedNode(PROV + "used"), source)]
    outlets = []
    for outlet in extraction.reported_by:
        node, extra = _outlet(outlet)
        outlets.append(node)
        quads += extra
    for number, dated in enumerate(extraction.drafts, start=1):
        quads += _statement(dated, NamedNode(f"{PREFIXES['stmt']}draft-{slug}-{number:02d}"), source, run,
                            outlets, extraction, lang)
    used = {a for d in extraction.drafts for a in d.draft.actors + d.draft.counterparts + d.draft.according_to}
    for entry in extraction.gazetteer.entries.values():
        if entry.draft and entry.iri in used:
            quads += _actor(entry)
    return [Quad(s, p, o, g) for s, p, o in quads]


def _statement(dated: DatedDraft, node: NamedNode, source, run, outlets, extraction: Extraction, lang: str):
    draft, text = dated.draft, extraction.article.text
    triples = [
        (node, _rdf("type"), NamedNode(NEG + draft.kind)),
        (node, NamedNode(NEG + "reviewStatus"), NamedNode(NEG + "Draft")),
        (node, NamedNode(NEG + "extractionRule"), Literal(draft.rule)),
        (node, NamedNode(PROV + "wasGeneratedBy"), run),
        (node, NamedNode(PROV + "wasDerivedFrom"), source),
        (node, NamedNode(NEG + "status"), NamedNode(NEG + draft.status)),
        (node, NamedNode(NEG + "quote"), Literal(text[draft.start:draft.end], language=lang)),
        (node, NamedNode(NEG + "quoteStart"), Literal(str(draft.start), datatype=NamedNode(XSD + "integer"))),
        (node, NamedNode(NEG + "quoteEnd"), Literal(str(draft.end), datatype=NamedNode(XSD + "integer"))),
        (node, NamedNode(NEG + "summary"), Literal(draft.summary, language=lang)),
        (node, NamedNode(NEG + "datePrecision"), NamedNode(NEG + _PRECISION[dated.precision])),
        (node, NamedNode(NEG + "edtf"), Literal(dated.edtf)),
    ]
    for prop, values in (("actor", draft.actors), ("counterpart", draft.counterparts),
                         ("accordingTo", draft.according_to)):
        triples += [(node, NamedNode(NEG + prop), NamedNode(v)) for v in values]
    triples += [(node, NamedNode(NEG + "reportedBy"), outlet)
                for outlet in dict.fromkeys(outlets + [NamedNode(o) for o in draft.reported_by])]
    if dated.earliest is not None:
        triples.append((node, NamedNode(NEG + "earliest"), _time(dated.earliest)))
    if dated.latest is not None:
        triples.append((node, NamedNode(NEG + "latest"), _time(dated.latest)))
    if dated.date_text:
        triples.append((node, NamedNode(NEG + "dateText"), Literal(dated.date_text, language=lang)))
    return triples


def _actor(entry) -> list[tuple]:
    node = NamedNode(entry.iri)
    triples = [(node, _rdf("type"), NamedNode(NEG + entry.kind)),
               (node, NamedNode(RDFS + "label"), Literal(entry.label, language="en"))]
    if entry.role:
        triples.append((node, NamedNode(NEG + "role"), Literal(entry.role, language="en")))
    if entry.represents and entry.kind == "Person":
        triples.append((node, NamedNode(NEG + "represents"), NamedNode(entry.represents)))
    return triples


def _outlet(outlet: str) -> tuple[NamedNode, list[tuple]]:
    """A known outlet's IRI, or a new outlet node named as the article names it."""
    if outlet.startswith(("http://", "https://")):
        return NamedNode(outlet), []
    import re

    node = NamedNode(PREFIXES["outlet"] + re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-"))
    return node, [(node, _rdf("type"), NamedNode(SCHEMA + "NewsMediaOrganization")),
                  (node, NamedNode(RDFS + "label"), Literal(outlet, language="en"))]


def _time(value: date | datetime) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=NamedNode(XSD + "dateTime"))
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))


def _rdf(name: str) -> NamedNode:
    return NamedNode(RDF + name)

