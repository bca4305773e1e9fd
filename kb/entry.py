"""One statement typed by a person (``parley add``, web forms) → validated quads in its own graph.

The person gives words ("next week", "Vladimir Putin", "proposal"); this module turns them into
RDF terms — dates through :func:`kb.dates.resolve` against the source's publication time,
names through the store — and refuses anything it cannot read, before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pyoxigraph import Literal, NamedNode, Quad

from .errors import BadInput
from .query import resolve_name
from .rdfio import ParsedInput
from .store import Store
from .vocab import GRAPH, NEG, PREFIXES, PROV, RDF, RDFS, SCHEMA, XSD, expand

ADDED_GRAPH = GRAPH + "added/"
KINDS = ("Proposal", "Acceptance", "Rejection", "Position", "Demand", "Meeting", "Call", "Visit", "Agreement",
         "MilitaryEvent", "Assessment")
STATUSES = ("Occurred", "Planned", "Expected", "Possible", "Unconfirmed", "Denied")
STANCES = ("Supports", "Opposes", "Conditional", "Undecided")
_PRECISION = {"day": "Day", "week": "Week", "month": "Month", "year": "Year", "unknown": "Unknown"}


@dataclass
class NewStatement:
    """What a person types for one statement; names and words, not IRIs."""

    kind: str
    actors: list[str]
    when: str
    summary: str
    source: str
    counterparts: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    status: str = "Occurred"
    stance: str | None = None
    quote: str | None = None
    language: str = "en"
    reference: date | datetime | None = None  # what "next week" counts from: default the source's date
    identifier: str | None = None
    source_published: datetime | None = None  # for a new source given by its URL
    source_title: str | None = None


def choose(value: str, allowed: tuple[str, ...], what: str) -> str:
    """'proposal', 'neg:Proposal' or 'Proposal' → 'Proposal'; anything else is refused by name."""
    plain = value.strip().removeprefix("neg:").replace(" ", "").replace("-", "").lower()
    for option in allowed:
        if option.lower() == plain:
            return option
    raise BadInput(f"{what} {value!r} is not one of: {', '.join(allowed)}")


def build(store: Store, new: NewStatement) -> ParsedInput:
    """The statement's quads in ``…/graph/added/<id>``, ready for :func:`kb.importer.import_parsed`.

    :raises BadInput: for a date that cannot be read, an unknown name or a wrong choice.
    """
    from .dates import resolve

    kind = choose(new.kind, KINDS, "kind")
    status = choose(new.status, STATUSES, "status")
    _check_language(new.language)
    if new.identifier is not None and not _IDENTIFIER.fullmatch(new.identifier):
        raise BadInput(f"--id {_shown(new.identifier)}: use letters, digits, '-', '_' and '.' "
                       "(it ends the statement's IRI), starting with a letter or a digit")
    new_source = _new_source(store, new)
    source = new.source if new_source else _iri(store, new.source, NEG + "Source")
    reference = new.reference or new.source_published or _published(store, source) or date.today()
    try:
        span = resolve(new.when, reference, [new.language])
    except ValueError as err:  # e.g. a language dateparser does not know
        raise BadInput(f"cannot date {_shown(new.when)}: {err}") from None
    if not span:
        reason = span.reason if len(span.reason) <= 300 else span.reason[:300] + "…"
        raise BadInput(f"cannot date {_shown(new.when)}: {reason}")
    if not new.actors:
        raise BadInput("a statement needs at least one actor")
    if not new.summary.strip():
        raise BadInput("a statement needs a one-line summary")
    ident = new.identifier or _identifier(span, new.summary)
    node = NamedNode(PREFIXES["stmt"] + ident)
    lang = new.language
    triples = [(RDF + "type", NamedNode(NEG + kind)), (NEG + "status", NamedNode(NEG + status)),
               (NEG + "summary", Literal(new.summary.strip(), language=lang)),
               (PROV + "wasDerivedFrom", NamedNode(source)), (NEG + "edtf", Literal(span.edtf)),
               (NEG + "dateText", Literal(span.text, language=lang)),
               (NEG + "datePrecision", NamedNode(NEG + _PRECISION[span.precision]))]
    triples += [(NEG + "actor", NamedNode(_iri(store, a, NEG + "Actor"))) for a in new.actors]
    triples += [(NEG + "counterpart", NamedNode(_iri(store, a, NEG + "Actor"))) for a in new.counterparts]
    triples += [(NEG + "topic", NamedNode(_iri(store, t, NEG + "Topic"))) for t in new.topics]
    if new.stance:
        triples.append((NEG + "stance", NamedNode(NEG + choose(new.stance, STANCES, "stance"))))
    if new.quote:
        triples.append((NEG + "quote", Literal(new.quote, language=lang)))
    for prop, bound in ((NEG + "earliest", span.earliest), (NEG + "latest", span.latest)):
        if bound is not None:
            kind_of = "dateTime" if isinstance(bound, datetime) else "date"
            triples.append((prop, Literal(bound.isoformat(), datatype=NamedNode(XSD + kind_of))))
    graph = NamedNode(ADDED_GRAPH + ident)
    quads = [Quad(node, NamedNode(p), o, graph) for p, o in triples]
    quads += [Quad(NamedNode(source), NamedNode(p), o, graph) for p, o in new_source]
    return ParsedInput(f"statement {ident}", graph.value, quads)


_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _shown(words: str, limit: int = 80) -> str:
    """Words for a message, cut to ``limit`` characters: a message stays one readable line."""
    return repr(words) if len(words) <= limit else repr(words[:limit]) + f"… ({len(words)} characters)"


def _check_language(tag: str) -> None:
    """A language tag (BCP 47 as RDF takes it: ``en``, ``pt-BR``), else BadInput."""
    try:
        Literal("", language=tag)
    except ValueError:
        raise BadInput(f"--language {tag!r} is not a language tag such as en, ru or pt-BR") from None


def _new_source(store: Store, new: NewStatement) -> list[tuple]:
    """A source given by a URL the store does not know yet: described from the options."""
    if not new.source.startswith(("http://", "https://")):
        return []
    _iri(store, new.source, NEG + "Source")  # refuses a URL that is not an IRI
    if _published(store, new.source) is not None:
        return []
    if any(True for _ in store.quads_for(NamedNode(new.source), NamedNode(RDF + "type"))):
        return []
    if new.source_published is None:
        raise BadInput(f"{new.source} is a new source: give its publication time (--published)")
    triples = [(RDF + "type", NamedNode(NEG + "Source")), (SCHEMA + "url", NamedNode(new.source)),
               (SCHEMA + "datePublished", Literal(new.source_published.isoformat(),
                                                  datatype=NamedNode(XSD + "dateTime")))]
    if new.source_title:
        triples.append((RDFS + "label", Literal(new.source_title, language=new.language)))
    return triples


def _iri(store: Store, name: str, of_class: str) -> str:
    """A prefixed name, an IRI or a name in the store, as a valid IRI.

    :raises BadInput: for an unknown name or something that is not an IRI.
    """
    name = name.strip()
    if re.match(r"^[a-z][\w-]*:", name) and (full := expand(name)):
        iri = full
    elif name.startswith(("http://", "https://", "urn:")):
        iri = name
    else:
        return resolve_name(store, name, of_class)
    try:
        NamedNode(iri)
    except ValueError as err:
        raise BadInput(f"{_shown(name)} is not a valid IRI: {err}") from None
    return iri


def _published(store: Store, source: str) -> date | datetime | None:
    for quad in store.quads_for(NamedNode(source), NamedNode(SCHEMA + "datePublished")):
        text = quad.object.value
        try:
            return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _identifier(span, summary: str) -> str:
    day = (span.earliest or span.latest)
    words = re.findall(r"[a-z0-9]+", summary.lower())[:7]
    prefix = f"{day:%Y-%m-%d}-" if day else ""
    return prefix + "-".join(words or ["statement"])
