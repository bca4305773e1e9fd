"""Review of extraction drafts: read them beside their article, then accept, edit or reject each.

Extraction (``parley extract``) writes each article's drafts into one named graph,
``…/graph/drafts/<slug>``: the source with its full text, the extraction run, the draft
statements (``neg:reviewStatus neg:Draft``, each with its quote's offsets into the text) and
draft actors for speakers it did not know. Accepting a draft moves it into the curated record,
``…/graph/reviewed/<slug>``, with what it refers to that exists only among the drafts (the source,
the extraction run, a draft actor). Every change replaces whole graphs through
:func:`kb.importer.import_parsed`, so it is validated against the shapes and atomic: accepting
removes the draft and adds the reviewed statement in one transaction, and a bad edit writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from .errors import BadInput, NotFound
from .importer import ImportReport, import_parsed
from .query import resolve_name, run_bound, select_rows
from .rdfio import ParsedInput
from .spans import Span
from .store import Store
from .vocab import (
    DRAFTS_GRAPH_PREFIX,
    NEG,
    PROV,
    RDF,
    RDFS,
    REVIEWED_GRAPH_PREFIX,
    SCHEMA,
    XSD,
    expand,
)

STATUSES = ("Occurred", "Planned", "Expected", "Possible", "Unconfirmed", "Denied")
EDITABLE = ("kind", "status", "summary", "actors", "date_text")
_PRECISIONS = {"day": "Day", "week": "Week", "month": "Month", "year": "Year", "unknown": "Unknown"}
_ACTOR_CLASSES = {NEG + c for c in ("Actor", "Person", "State", "Organization")}
#: What extraction mints for names it did not know; dropped from the drafts once no draft names them.
_MINTED_CLASSES = _ACTOR_CLASSES | {SCHEMA + "NewsMediaOrganization"}

_TYPE = NamedNode(RDF + "type")
_REVIEW_STATUS = NamedNode(NEG + "reviewStatus")
_DRAFT = NamedNode(NEG + "Draft")
_REVIEWED = NamedNode(NEG + "Reviewed")


def draft_graph(slug: str) -> str:
    """The named graph holding one article's drafts."""
    return DRAFTS_GRAPH_PREFIX + slug


def reviewed_graph(slug: str) -> str:
    """The named graph of the curated record that accepted drafts of one article go into."""
    return REVIEWED_GRAPH_PREFIX + slug


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """An article with drafts awaiting review."""

    slug: str
    source: str
    title: str
    published: str | None
    drafts: int


@dataclass
class Draft:
    """One draft statement as a reviewer sees it."""

    iri: str
    kind: str  # local name, e.g. "Position"
    status: str  # local name; "Occurred" when the draft gives none
    span: Span
    edtf: str | None
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    summary: str
    rule: str | None
    actors: list[str] = field(default_factory=list)
    counterparts: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    according_to: list[str] = field(default_factory=list)
    located: bool = False  # its offsets point at a stretch of the text
    offsets_match: bool = False  # and that stretch is its quote

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Segment:
    """A stretch of the article's text and the drafts whose quotes cover it (innermost first)."""

    text: str
    drafts: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()  # drafts whose quote begins here


@dataclass
class ArticleDrafts:
    """An article's text and its drafts, in the order their quotes appear."""

    slug: str
    source: str
    title: str
    published: str | None
    url: str | None
    text: str
    drafts: list[Draft]

    def segments(self) -> list[Segment]:
        """The text cut at every quote's start and end, so each quote can be highlighted in place,
        overlapping quotes included.

        >>> d = Draft("x/a", "Position", "Occurred", Span(None, None), None, "b c", 2, 5, "", None, located=True)
        >>> [(s.text, s.drafts) for s in ArticleDrafts("s", "", "", None, None, "a b c d", [d]).segments()]
        [('a ', ()), ('b c', ('a',)), (' d', ())]
        """
        placed = [d for d in self.drafts if d.located]
        cuts = sorted({0, len(self.text)} | {d.quote_start for d in placed} | {d.quote_end for d in placed})
        out = []
        for start, end in zip(cuts, cuts[1:], strict=False):
            covering = sorted(
                (d for d in placed if d.quote_start <= start and end <= d.quote_end),
                key=lambda d: (d.quote_end - d.quote_start, d.quote_start),
            )
            out.append(
                Segment(
                    self.text[start:end],
                    tuple(d.id for d in covering),
                    tuple(d.id for d in placed if d.quote_start == start),
                )
            )
        return out


def list_articles(store: Store) -> list[Article]:
    """The articles with drafts awaiting review, newest first."""
    rows = select_rows(run_bound(store, "review-articles", {}))
    return [
        Article(
            r["graph"].value[len(DRAFTS_GRAPH_PREFIX) :],
            r["source"].value,
            r["title"].value if r["title"] else r["source"].value,
            r["published"].value if r["published"] else None,
            int(r["drafts"].value),
        )
        for r in rows
    ]


def article_drafts(store: Store, slug: str) -> ArticleDrafts:
    """An article's text and its drafts with every field a reviewer needs.

    :raises NotFound: when no drafts of that article await review.
    """
    graph = _graph_term(draft_graph(slug))
    heads = select_rows(run_bound(store, "review-article", {"graph": graph}))
    drafts = [_draft(r) for r in select_rows(run_bound(store, "review-drafts", {"graph": graph}))]
    if not heads or not drafts:
        raise NotFound(f"no drafts of the article {slug!r} await review")
    head = heads[0]
    text = head["text"].value
    for d in drafts:
        d.located = (
            d.quote_start is not None and d.quote_end is not None and 0 <= d.quote_start < d.quote_end <= len(text)
        )
        d.offsets_match = d.located and text[d.quote_start : d.quote_end] == d.quote
    return ArticleDrafts(
        slug,
        head["source"].value,
        head["title"].value if head["title"] else slug,
        head["published"].value if head["published"] else None,
        head["url"].value if head["url"] else None,
        text,
        drafts,
    )


def _draft(r: dict) -> Draft:
    value = lambda name: r[name].value if r[name] is not None else None  # noqa: E731
    number = lambda name: int(r[name].value) if r[name] is not None and r[name].value.isdigit() else None  # noqa: E731
    iris = lambda name: sorted(set((value(name) or "").split()))  # noqa: E731
    return Draft(
        value("draft"),
        _local(r["kind"]),
        _local(r["status"]) or "Occurred",
        Span.from_terms(r["earliest"], r["latest"], r["precision"], r["dateText"]),
        value("edtf"),
        value("quote"),
        number("quoteStart"),
        number("quoteEnd"),
        value("summary") or "",
        value("rule"),
        iris("actors"),
        iris("counterparts"),
        iris("topics"),
        iris("accordingTo"),
    )


def _local(term) -> str | None:
    if term is None:
        return None
    return term.value[len(NEG) :] if term.value.startswith(NEG) else term.value


def kinds(store: Store) -> list[str]:
    """Every kind of statement the ontology has (local names), for choosing one."""
    return sorted(_local(r["kind"]) for r in select_rows(run_bound(store, "statement-kinds", {})))


# ---------------------------------------------------------------------------------------------
# Writing: accept, reject, edit
# ---------------------------------------------------------------------------------------------


def accept(store: Store, statement_iri: str) -> ImportReport:
    """Move a draft into the curated record, in one transaction: its triples leave the draft graph
    and join ``…/graph/reviewed/<slug>`` marked ``neg:Reviewed``, with the source, the extraction
    run and any draft actor it refers to.

    :raises NotFound: when no such draft awaits review.
    :raises ValidationError: when the result would break the shapes (nothing is written).
    """
    node, graph, held = _find(store, statement_iri)
    own = _description(held, node)
    target = NamedNode(reviewed_graph(graph[len(DRAFTS_GRAPH_PREFIX) :]))
    moved = [q for q in own if not (q.subject == node and q.predicate == _REVIEW_STATUS)]
    moved.append(Quad(node, _REVIEW_STATUS, _REVIEWED, target))
    moved += _supporting(held, own)
    record = list(store.quads(target.value)) + [Quad(q.subject, q.predicate, q.object, target) for q in moved]
    owned = set(own)
    left = _tidy([q for q in held if q not in owned])
    return import_parsed(
        store,
        [
            ParsedInput(f"accepting {statement_iri}", graph, left),
            ParsedInput(f"accepting {statement_iri}", target.value, list(dict.fromkeys(record))),
        ],
    )


def reject(store: Store, statement_iri: str) -> ImportReport:
    """Drop a draft: its triples leave the draft graph, and so do draft actors no other draft
    names (the whole graph once no draft is left).

    :raises NotFound: when no such draft awaits review.
    """
    node, graph, held = _find(store, statement_iri)
    own = set(_description(held, node))
    return import_parsed(
        store, [ParsedInput(f"rejecting {statement_iri}", graph, _tidy([q for q in held if q not in own]))]
    )


def edit(store: Store, statement_iri: str, changes: Mapping[str, object]) -> ImportReport:
    """Change a draft in place: ``kind`` (``Proposal``, ``neg:Proposal`` or an IRI), ``status``,
    ``summary``, ``actors`` (IRIs, prefixed names or names; a list or one comma-separated string)
    and ``date_text`` (the source's words, resolved against its publication time).

    :raises BadInput: for an unknown field, kind, status or actor, or a date text that cannot be
        dated; nothing is written.
    :raises NotFound: when no such draft awaits review.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise BadInput(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    node, graph, held = _find(store, statement_iri)
    g = NamedNode(graph)
    new: dict[str, list] = {}  # predicate → its new objects
    for name, value in changes.items():
        text = value.strip() if isinstance(value, str) else value
        if name == "kind":
            new[RDF + "type"] = [_kind(store, text)] + _other_types(store, held, node)
        elif name == "status":
            new[NEG + "status"] = [_status(text)]
        elif name == "summary":
            if not text:
                raise BadInput("the summary cannot be empty")
            new[NEG + "summary"] = [Literal(text, language=_language(held, node))]
        elif name == "actors":
            new[NEG + "actor"] = _actors(store, text, graph)
        elif name == "date_text":
            new.update(_dates(store, held, node, text))
    kept = [q for q in held if not (q.subject == node and q.predicate.value in new)]
    added = [Quad(node, NamedNode(p), o, g) for p, objects in new.items() for o in objects]
    return import_parsed(store, [ParsedInput(f"editing {statement_iri}", graph, _tidy(kept + added))])


def _find(store: Store, statement_iri: str) -> tuple[NamedNode, str, list[Quad]]:
    """The draft's node, its draft graph and everything that graph holds."""
    try:
        node = NamedNode(statement_iri)
    except ValueError:
        raise BadInput(f"{statement_iri!r} is not a valid IRI") from None
    graphs = sorted(
        {
            q.graph_name.value
            for q in store.quads_for(node, _REVIEW_STATUS, _DRAFT)
            if q.graph_name.value.startswith(DRAFTS_GRAPH_PREFIX)
        }
    )
    if not graphs:
        raise NotFound(f"no draft <{statement_iri}> awaits review")
    if len(graphs) > 1:
        raise BadInput(f"<{statement_iri}> is a draft in several graphs ({', '.join(graphs)}); review it in one")
    return node, graphs[0], list(store.quads(graphs[0]))


def _graph_term(graph: str) -> NamedNode:
    try:
        return NamedNode(graph)
    except ValueError:
        raise NotFound(f"no drafts await review at {graph!r}") from None


def _description(quads: Iterable[Quad], node) -> list[Quad]:
    """The triples about ``node`` and the blank nodes they lead to (its bounded description)."""
    by_subject: dict[object, list[Quad]] = {}
    for q in quads:
        by_subject.setdefault(q.subject, []).append(q)
    out, todo, seen = [], [node], {node}
    while todo:
        for q in by_subject.get(todo.pop(), []):
            out.append(q)
            if isinstance(q.object, BlankNode) and q.object not in seen:
                seen.add(q.object)
                todo.append(q.object)
    return out


def _supporting(held: list[Quad], own: list[Quad]) -> list[Quad]:
    """What the draft graph says about the nodes a statement refers to, and the nodes those refer
    to (the source, the extraction run, draft actors), other drafts excepted."""
    drafts = {q.subject for q in held if q.predicate == _REVIEW_STATUS and q.object == _DRAFT}
    described = {q.subject for q in held}
    out: list[Quad] = []
    seen = {q.subject for q in own}
    todo = [q.object for q in own]
    while todo:
        node = todo.pop()
        if node in seen or node in drafts or node not in described:
            continue
        seen.add(node)
        found = _description(held, node)
        out += found
        todo += [q.object for q in found]
    return out


def _tidy(quads: list[Quad]) -> list[Quad]:
    """A draft graph after a change: nothing once no draft is left, else without the draft actors
    (and new outlets) nothing refers to any more."""
    if not any(q.predicate == _REVIEW_STATUS and q.object == _DRAFT for q in quads):
        return []
    while True:
        actors = {q.subject for q in quads if q.predicate == _TYPE and q.object.value in _MINTED_CLASSES}
        named = {q.object for q in quads if q.subject != q.object}
        unused = {a for a in actors if a not in named}
        if not unused:
            return quads
        drop = {q for a in unused for q in _description(quads, a)}
        quads = [q for q in quads if q not in drop]


def _kind(store: Store, value) -> NamedNode:
    iri = _iri(str(value or ""), NEG)
    if (
        iri
        and next(
            iter(store.quads_for(NamedNode(iri), NamedNode(RDFS + "subClassOf"), NamedNode(NEG + "Statement"))), None
        )
        is not None
    ):
        return NamedNode(iri)
    raise BadInput(f"{value!r} is not a kind of statement (one of: {', '.join(kinds(store))})")


def _other_types(store: Store, held: list[Quad], node) -> list:
    """The statement's types that are not kinds (kept when its kind changes)."""
    kinds_ = {NEG + k for k in kinds(store)}
    return [q.object for q in held if q.subject == node and q.predicate == _TYPE and q.object.value not in kinds_]


def _status(value) -> NamedNode:
    iri = _iri(str(value or ""), NEG)
    if iri and iri.startswith(NEG) and iri[len(NEG) :] in STATUSES:
        return NamedNode(iri)
    raise BadInput(f"{value!r} is not a status (one of: {', '.join(STATUSES)})")


def _iri(value: str, default_namespace: str | None = None) -> str | None:
    """A full IRI (bare or in angle brackets), a prefixed name, or a local name of a namespace."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1] or None
    if re.match(r"^(https?|urn):", value):
        return value
    if ":" in value:
        return expand(value)
    if default_namespace and re.fullmatch(r"\w+", value):
        return default_namespace + value
    return None


def _language(held: list[Quad], node) -> str:
    """The language the draft's summary is in (English when it has none)."""
    for q in held:
        if q.subject == node and q.predicate.value == NEG + "summary" and getattr(q.object, "language", None):
            return q.object.language
    return "en"


def _actors(store: Store, value, graph: str) -> list[NamedNode]:
    names = [n.strip() for n in (re.split(r"[,;\n]", value) if isinstance(value, str) else value or [])]
    names = [n for n in names if n]
    if not names:
        raise BadInput("a statement needs at least one actor")
    return list(dict.fromkeys(_actor(store, n, graph) for n in names))


def _actor(store: Store, name: str, graph: str) -> NamedNode:
    """An actor given by IRI, prefixed name or name: one the record knows, or a draft actor of this
    draft graph (never one known only from another article's drafts, which may yet be rejected)."""
    iri = _iri(name)
    if iri is None:
        try:
            iri = resolve_name(store, name, NEG + "Actor")
        except BadInput as err:
            raise BadInput(f"actor {name!r}: {err}") from None
    try:
        node = NamedNode(iri)
    except ValueError:
        raise BadInput(f"actor {name!r} is not a valid IRI") from None
    known = (q for q in store.quads_for(node, _TYPE) if q.object.value in _ACTOR_CLASSES)
    if not any(q.graph_name.value == graph or not q.graph_name.value.startswith(DRAFTS_GRAPH_PREFIX) for q in known):
        raise BadInput(
            f"actor {name!r}: the record knows no actor <{iri}> (a neg:Person, neg:State or neg:Organization)"
        )
    return node


def _published(store: Store, held: list[Quad], node) -> dt.date:
    """The publication time of the draft's source, which its dates are resolved against."""
    derived = NamedNode(PROV + "wasDerivedFrom")
    for source in (q.object for q in held if q.subject == node and q.predicate == derived):
        for q in store.quads_for(source, NamedNode(SCHEMA + "datePublished")):
            if not isinstance(q.object, Literal):
                continue
            try:
                if q.object.datatype.value == XSD + "dateTime":
                    return dt.datetime.fromisoformat(q.object.value)
                return dt.date.fromisoformat(q.object.value)
            except ValueError:
                continue
    raise BadInput("the draft's source has no schema:datePublished to resolve the date text against")


def _dates(store: Store, held: list[Quad], node, text) -> dict[str, list]:
    """The date properties for the source's words ``text``, resolved against its publication."""
    from . import dates  # resolves "this weekend", "last year"… (imported when a date is edited)

    if not text:
        raise BadInput("give the date in the article's words (e.g. “this weekend”)")
    found = dates.resolve(text, reference=_published(store, held, node))
    if not found:
        raise BadInput(f"cannot date {text!r}: {found.reason}")
    precision = _PRECISIONS.get(str(found.precision).lower())
    if precision is None:
        raise BadInput(f"cannot date {text!r}: unknown precision {found.precision!r}")
    return {
        NEG + "earliest": _day_terms(found.earliest),
        NEG + "latest": _day_terms(found.latest),
        NEG + "datePrecision": [NamedNode(NEG + precision)],
        NEG + "edtf": [Literal(found.edtf)] if found.edtf else [],
        NEG + "dateText": [Literal(text, language=_language(held, node))],
    }


def _day_terms(day: dt.date | None) -> list[Literal]:
    if day is None:
        return []
    datatype = "dateTime" if isinstance(day, dt.datetime) else "date"
    return [Literal(day.isoformat(), datatype=NamedNode(XSD + datatype))]
