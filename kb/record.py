"""One statement or one actor, with everything the record holds about it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, serialize

from .errors import NotFound
from .formats import rdf_syntax
from .query import run_bound, run_named, select_rows
from .spans import Span
from .store import Store
from .vocab import NEG, PREFIXES, compact


@dataclass
class Value:
    """One value of a property, ready to show: an IRI (with its label) or a literal."""

    term: object

    label: str | None = None

    @property
    def is_iri(self) -> bool:
        return isinstance(self.term, NamedNode)

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        if isinstance(self.term, NamedNode):
            return compact(self.term.value)
        return self.term.value

    @property
    def language(self) -> str | None:
        return self.term.language if isinstance(self.term, Literal) else None


@dataclass
class Resource:
    """All properties of one resource, keyed by compact property name (``neg:actor``)."""

    iri: str
    properties: dict[str, list[Value]] = field(default_factory=dict)

    def values(self, prop: str) -> list[Value]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        found = self.values(prop)
        return found[0].text if found else None

    @property
    def types(self) -> list[str]:
        return [v.term.value for v in self.values("rdf:type")]

    @property
    def label(self) -> str:
        return self.first("rdfs:label") or self.first("skos:prefLabel") or compact(self.iri)


def resource(store: Store, iri: str) -> Resource:
    """Every property of ``iri``; :class:`NotFound` when the record says nothing about it."""
    rows = select_rows(run_named(store, "resource", {"resource": f"<{iri}>"}))
    if not rows:
        raise NotFound(f"nothing is recorded about <{iri}>")
    found = Resource(iri)
    for r in rows:
        label = r["valueLabel"].value if r["valueLabel"] is not None else None
        found.properties.setdefault(compact(r["property"].value), []).append(Value(r["value"], label))
    return found


@dataclass
class Link:
    relation: str  # "respondsTo" or "fulfils"
    outgoing: bool  # True: this statement points at the other one
    other: str
    summary: str | None
    edtf: str | None
    kind: str | None

    @property
    def wording(self) -> str:
        if self.relation == "respondsTo":
            return "answers" if self.outgoing else "answered by"
        return "fulfils" if self.outgoing else "fulfilled by"


@dataclass
class StatementRecord:
    statement: Resource
    span: Span
    kind: str
    status: str
    sources: list[Resource]
    thread: list[Link]


def statement(store: Store, iri: str) -> StatementRecord:
    """A statement with its sources (and the sources they relay) and its thread."""
    st = resource(store, iri)
    kinds = [t[len(NEG):] for t in st.types if t.startswith(NEG) and t != NEG + "Statement"]
    if not kinds:
        raise NotFound(f"<{iri}> is not a statement")
    sources, seen = [], set()
    queue = [v.term.value for v in st.values("prov:wasDerivedFrom") if v.is_iri]
    while queue:  # follow schema:isBasedOn up the reporting chain
        src = queue.pop(0)
        if src in seen:
            continue
        seen.add(src)
        try:
            record = resource(store, src)
        except NotFound:
            record = Resource(src)
        sources.append(record)
        queue += [v.term.value for v in record.values("schema:isBasedOn") if v.is_iri]
    first = lambda p: st.values(p)[0].term if st.values(p) else None  # noqa: E731
    span = Span.from_terms(first("neg:earliest"), first("neg:latest"), first("neg:datePrecision"),
                           first("neg:dateText"))
    status = first("neg:status")
    thread = [Link(r["relation"].value[len(NEG):], r["direction"].value == "out", r["other"].value,
                   r["otherSummary"].value if r["otherSummary"] else None,
                   r["otherEdtf"].value if r["otherEdtf"] else None,
                   r["otherKind"].value[len(NEG):] if r["otherKind"] else None)
              for r in select_rows(run_named(store, "thread", {"statement": f"<{iri}>"}))]
    return StatementRecord(st, span, kinds[0], status.value[len(NEG):] if status else "Occurred", sources, thread)


def triples_as(store: Store, iris: list[str], fmt: str) -> bytes:
    """The triples of some resources in an RDF syntax (Turtle with Parley's prefixes)."""
    query = "resource-triples" if len(iris) == 1 else "statements-triples"
    param = "resource" if len(iris) == 1 else "statement"
    named = run_bound(store, query, {param: [NamedNode(i) for i in iris]})
    syntax = rdf_syntax(fmt)
    out = io.BytesIO()
    serialize(list(named), out, format=syntax.oxigraph,
              prefixes=PREFIXES if syntax.name in ("turtle", "trig") else None)
    return out.getvalue()


@dataclass
class ActorRecord:
    actor: Resource
    speakers: list[dict]  # persons speaking for it: person, name, role
    history: list[dict]  # rows of actor-history


def actor(store: Store, iri: str) -> ActorRecord:
    """An actor: who they are, who speaks for them, everything they said or did."""
    found = resource(store, iri)
    speakers = [{"person": r["person"].value, "name": r["name"].value if r["name"] else compact(r["person"].value),
                 "role": r["role"].value if r["role"] else None}
                for r in select_rows(run_named(store, "represented-by", {"actor": f"<{iri}>"}))]
    history = select_rows(run_named(store, "actor-history", {"actor": f"<{iri}>"}))
    return ActorRecord(found, speakers, history)
