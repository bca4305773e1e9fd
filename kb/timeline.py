"""The timeline as journalists read it: filtered, paged items with facet counts.

The web app and the exports call this module; it runs the named queries ``timeline`` and
``timeline-facets`` and turns rows into plain items. Nothing here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache

from pyoxigraph import NamedNode

from . import statement_index
from .query import named_bindings, run_bound, run_named, select_rows
from .spans import Span
from .store import Store
from .vocab import NEG, compact, expand

PAGE_SIZE = 50
FILTER_NAMES = ("actor", "topic", "kind", "status", "source", "text", "from", "to", "knownOn")


@dataclass(frozen=True)
class Selection:
    """What a timeline view shows: every filter, the order and the page. Lives in the URL."""

    actor: str | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    source: str | None = None
    text: str | None = None
    start: str | None = None  # "from" in URLs and queries
    end: str | None = None  # "to"
    knownOn: str | None = None  # noqa: N815 - the query parameter's name
    newest_first: bool = False
    page: int = 1

    @classmethod
    def from_params(cls, params) -> Selection:
        """Read a selection from URL-style parameters (a dict or a werkzeug MultiDict)."""
        get = lambda k: (params.get(k) or "").strip() or None  # noqa: E731
        try:
            page = max(1, int(params.get("page") or 1))
        except ValueError:
            page = 1
        return cls(get("actor"), get("topic"), get("kind"), get("status"), get("source"), get("q"),
                   get("from"), get("to"), get("knownOn"), params.get("order") == "newest", page)

    def params(self, **changes) -> dict[str, str]:
        """The URL parameters of this selection (with ``changes``), defaults left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        out = {"actor": values["actor"], "topic": values["topic"], "kind": values["kind"],
               "status": values["status"], "source": values["source"], "q": values["text"],
               "from": values["start"], "to": values["end"], "knownOn": values["knownOn"]}
        out = {k: v for k, v in out.items() if v}
        if values["newest_first"]:
            out["order"] = "newest"
        if values["page"] and values["page"] > 1:
            out["page"] = str(values["page"])
        return out

    def query_params(self) -> dict[str, str]:
        """The named queries' parameters for this selection."""
        return {k: v for k, v in {"actor": self.actor, "topic": self.topic, "kind": self.kind,
                                  "status": self.status, "source": self.source, "text": self.text,
                                  "from": self.start, "to": self.end, "knownOn": self.knownOn}.items() if v}


@dataclass
class Item:
    """One statement on the timeline."""

    iri: str
    span: Span
    edtf: str | None
    kind: str  # local name, e.g. "Proposal"
    actors: str
    summary: str
    status: str  # local name, e.g. "Planned"
    source: str | None
    quote: str | None = None
    reported_via: str | None = None

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def tentative(self) -> bool:
        """Planned, expected, possible or unconfirmed: not (yet) a thing that happened."""
        return self.status in ("Planned", "Expected", "Possible", "Unconfirmed")


@dataclass
class Facet:
    """One value of a filter and how many statements of the selection have it."""

    value: str
    name: str | None  # its label, if it has one
    count: int

    @property
    def label(self) -> str:
        """The label, else a short name (made only when asked: a selection may cite 100,000 sources)."""
        return self.name or _short(self.value)

    @label.setter
    def label(self, text: str) -> None:
        self.name = text


@dataclass
class Page:
    items: list[Item]
    total: int
    selection: Selection
    facets: dict[str, list[Facet]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _local(term) -> str | None:
    return None if term is None else _short(term.value)


@lru_cache(maxsize=1 << 16)
def _short(value: str) -> str:
    """neg:Proposal → "Proposal", other IRIs as prefixed names (cached: facets name thousands)."""
    return value[len(NEG):] if value.startswith(NEG) else compact(value)


def items(store: Store, selection: Selection, limit: int | None = None, offset: int = 0) -> list[Item]:
    """The items the selection picks (all, or one page), in timeline order, oldest first unless
    asked; newest first is the exact reverse, ties included.

    The query orders by start, end and IRI; within what it fetched, items are put in
    :attr:`Span.order_key` order (then IRI), so items shown under the same day heading are
    contiguous ("by 13 Mar" items are not split by a "from 13 Mar" one).
    """
    indexed = _indexed(store, selection)
    if indexed:
        index, mask = indexed
        iris = statement_index.page(index, mask, limit, offset, selection.newest_first)
        rows = select_rows(run_bound(store, "timeline", {"statement": [NamedNode(i) for i in iris]})) if iris else []
    else:
        rows = select_rows(run_named(store, "timeline", selection.query_params(), limit=limit, offset=offset,
                                     descending=selection.newest_first))
    found = [Item(r["statement"].value, Span.from_terms(r["earliest"], r["latest"], r["precision"], r["dateText"]),
                  r["edtf"].value if r["edtf"] else None, _local(r["kind"]), r["actors"].value if r["actors"] else "",
                  r["summary"].value if r["summary"] else "", _local(r["reportedStatus"]),
                  r["firstSource"].value if r["firstSource"] else None,
                  r["quote"].value if r["quote"] else None,
                  r["reportedVia"].value if r["reportedVia"] else None) for r in rows]
    found.sort(key=lambda item: (item.span.order_key, item.iri), reverse=selection.newest_first)
    return found


def page(store: Store, selection: Selection, labels: dict[str, str] | None = None,
         facet_limit: int | None = None) -> Page:
    """One page of items (fetched alone, never the whole selection) and the facet counts of
    the whole selection (the ``facet_limit`` most frequent values of each); every statement
    has exactly one kind, so the kind counts add up to the total."""
    found = items(store, selection, limit=PAGE_SIZE, offset=(selection.page - 1) * PAGE_SIZE)
    counts = facets(store, selection, labels, limit=facet_limit)
    return Page(found, sum(f.count for f in counts["kind"]), selection, counts)


def facets(store: Store, selection: Selection, labels: dict[str, str] | None = None,
           dimensions: tuple[str, ...] = statement_index.DIMENSIONS,
           limit: int | None = None) -> dict[str, list[Facet]]:
    """Counts per actor, topic, kind, status and source (or only ``dimensions``) within the
    current selection; with ``limit``, the most frequent values of each and the chosen one."""
    chosen = {"actor": selection.actor, "topic": selection.topic, "kind": selection.kind,
              "status": selection.status, "source": selection.source}
    out: dict[str, list[Facet]] = {d: [] for d in dimensions}
    indexed = _indexed(store, selection)
    if indexed:
        keep = {d: expand(v) or v for d, v in chosen.items() if v}
        rows = statement_index.facet_counts(*indexed, dimensions=dimensions, limit=limit, keep=keep)
    else:
        rows = [(r["dimension"].value, r["value"].value, int(r["count"].value))
                for r in select_rows(run_named(store, "timeline-facets", selection.query_params()))
                if r["dimension"].value in dimensions]
    for dimension, value, count in rows:
        if limit is not None and len(out[dimension]) >= limit and not _is_chosen(value, chosen.get(dimension)):
            continue
        out[dimension].append(Facet(value, labels.get(value) if labels else None, count))
    return out


def _is_chosen(value: str, chosen: str | None) -> bool:
    return chosen is not None and value in (chosen, expand(chosen))


def _indexed(store: Store, selection: Selection):
    """(index, mask) when the statement index can answer this selection exactly, else None."""
    index = statement_index.current(store)
    if index is None:
        return None
    bindings = named_bindings(store, "timeline", selection.query_params())
    mask = statement_index.select(index, statement_index.filters_for(index, bindings))
    if selection.text:
        found = statement_index.text_matches(index, bindings["text"].value)
        if found is None:  # words only the store can look for
            rows = select_rows(run_bound(store, "text-matches", {"text": bindings["text"]}))
            found = statement_index.among(index, (r["statement"].value for r in rows))
        mask &= found
    return index, mask


def labels(store: Store, iris: Iterable[str] | None = None) -> dict[str, str]:
    """Preferred labels (English first) of everything that has one, or of ``iris`` only."""
    found: dict[str, str] = {}
    if iris is None:
        batches = [None]
    else:
        wanted = sorted(set(iris))
        batches = [wanted[i:i + 500] for i in range(0, len(wanted), 500)]
    for batch in batches:
        rows = run_named(store, "labels") if batch is None else \
            run_bound(store, "labels", {"resource": [NamedNode(i) for i in batch]})
        for r in select_rows(rows):
            found.setdefault(r["resource"].value, r["label"].value)
    return found

