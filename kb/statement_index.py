"""A columnar index of the statements, so timeline pages, facet counts and stance-as-of do not
scan the store: the same answers as the named queries, computed with numpy over arrays.

Why: on a million statements the plain SPARQL for facets (~1 s) and stance-as-of (~16 s) is
far too slow for a page, while the same counts over arrays take milliseconds. The index is
*derived* data: it is built from the store, stamped with the store's write stamp
(:attr:`EmbeddedStore.stamp`, renewed by every write), and used only while the stamp matches,
so an answer is never stale. When it does not match, callers fall back to the named queries,
which are the definition of every answer (tests compare both on generated data).

It covers what can be answered exactly from its columns — the actor, topic, kind, status,
source, date-range and known-on filters, and free-text search: each statement's summaries and
quotes, lower-cased by Oxigraph's own ``LCASE`` at build time, sit in one UTF-8 text that a
search scans with ``find`` (a substring of UTF-8 is a substring of characters, so this is the
query's ``CONTAINS``). Any store whose data breaks an assumption of the columns (a statement
with two kinds, two latest dates, a date that is not ISO…) is left to the queries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, Store

from .vocab import NEG, PROV, RDF, RDFS, SCHEMA

FAR_PAST, FAR_FUTURE = np.iinfo(np.int32).min, np.iinfo(np.int32).max
_P = {name: NamedNode(iri) for name, iri in {
    "type": RDF + "type", "subClassOf": RDFS + "subClassOf", "actor": NEG + "actor", "topic": NEG + "topic",
    "stance": NEG + "stance", "status": NEG + "status", "earliest": NEG + "earliest", "latest": NEG + "latest",
    "review": NEG + "reviewStatus", "source": PROV + "wasDerivedFrom", "published": SCHEMA + "datePublished",
    "represents": NEG + "represents", "onBehalfOf": PROV + "actedOnBehalfOf", "summary": NEG + "summary",
    "quote": NEG + "quote"}.items()}
DRAFT, OCCURRED = NEG + "Draft", NEG + "Occurred"


class NotExact(Exception):
    """The store holds data the columns cannot represent exactly: use the named queries."""


@dataclass
class Vocabulary:
    """IRIs ↔ small integers, for one kind of value (kinds, actors, topics…)."""

    terms: list[str]

    def __post_init__(self):
        self.ids = {t: i for i, t in enumerate(self.terms)}

    def id(self, term: str) -> int:
        """The id of ``term``, or -1 for a term the index has never seen (it matches nothing)."""
        return self.ids.get(term, -1)


_VALUE_COLUMN = {"reach": "actor", "actor": "actor", "topic": "topic", "source": "source"}


class StatementIndex:
    """The arrays; see :func:`build`. Read-only once made."""

    COLUMNS = ("kind", "status", "earliest", "latest", "known", "rank", "iri_offsets",
               "reach_stmt", "reach_actor", "actor_stmt", "actor_actor", "topic_stmt", "topic_topic",
               "source_stmt", "source_source", "pair_group", "pair_actor", "pair_topic", "pair_stmt",
               "pair_day", "pair_stance", "text_offsets")
    VOCABS = ("kinds", "statuses", "actors", "topics", "sources", "stances")

    def __init__(self, stamp: str, arrays: dict[str, np.ndarray], iri_bytes: np.ndarray, vocabs: dict[str, list],
                 text: bytes | mmap.mmap = b""):
        self.stamp = stamp
        self.a = arrays
        self.iri_bytes = iri_bytes
        self.text = text  # statement i's lower-cased words: text[text_offsets[i]:text_offsets[i + 1]]
        self.v = {name: Vocabulary(terms) for name, terms in vocabs.items()}
        self.size = len(arrays["kind"])
        self._starts: dict[str, np.ndarray] = {}

    def related(self, relation: str, mask: np.ndarray) -> np.ndarray:
        """The values a relation (``reach``, ``topic``, ``source``…) gives the statements in
        ``mask``, one per pair. Pairs are sorted by statement, so a narrow selection reads only
        its own rows (a year of a million statements: 3 ms instead of 8)."""
        stmt, values = self.a[relation + "_stmt"], self.a[relation + "_" + _VALUE_COLUMN[relation]]
        chosen = np.flatnonzero(mask)
        if len(chosen) * 4 > self.size:
            return values[mask[stmt]]
        if relation not in self._starts:
            self._starts[relation] = np.searchsorted(stmt, np.arange(self.size + 1, dtype=np.int64))
        starts = self._starts[relation][chosen]
        lengths = self._starts[relation][chosen + 1] - starts
        before = np.cumsum(lengths) - lengths  # where each statement's rows begin in the answer
        return values[np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()))]

    def iri(self, i: int) -> str:
        start, end = int(self.a["iri_offsets"][i]), int(self.a["iri_offsets"][i + 1])
        return self.iri_bytes[start:end].tobytes().decode("utf-8")

    # --- persistence -----------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` atomically (a temporary folder renamed into place)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        for name in self.COLUMNS:
            np.save(partial / f"{name}.npy", self.a[name])
        np.save(partial / "iri_bytes.npy", self.iri_bytes)
        (partial / "text.bin").write_bytes(self.text)
        (partial / "index.json").write_text(json.dumps({"stamp": self.stamp, "vocabs": {
            name: self.v[name].terms for name in self.VOCABS}}), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(partial, folder)

    @classmethod
    def load(cls, folder: Path) -> StatementIndex | None:
        """The index saved in ``folder`` (arrays memory-mapped: opening costs almost nothing)."""
        try:
            meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in cls.COLUMNS}
            iri_bytes = np.load(folder / "iri_bytes.npy", mmap_mode="r")
            text = _map(folder / "text.bin")
        except (OSError, ValueError, KeyError):
            return None
        return cls(meta["stamp"], arrays, iri_bytes, meta["vocabs"], text)


def _map(path: Path) -> bytes | mmap.mmap:
    """A file's bytes, memory-mapped (an empty file cannot be mapped, and needs not be)."""
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return b""
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


# --- building ----------------------------------------------------------------------------------

def _day(literal) -> int:
    """The ordinal of a date's first ten characters, as the queries compare ``SUBSTR(…, 1, 10)``."""
    try:
        return dt.date.fromisoformat(literal.value[:10]).toordinal()
    except ValueError:
        raise NotExact(f"a date the index cannot order: {literal.value!r}") from None


class _Term(NamedTuple):
    value: str  # an IRI, or a literal's lexical form
    iri: bool


def _read_term(cell: str) -> _Term | None:
    """A term of a TSV results row (IRIs in <>, literals quoted); blank nodes are not statements."""
    if cell.startswith("<"):
        return _Term(cell[1:-1], True)
    if cell.startswith('"'):
        return _Term(cell[1:cell.rindex('"')], False)
    return None


def _objects(raw, predicate: str) -> dict[str, list[_Term]]:
    """subject IRI → distinct objects of ``predicate``, over every graph (the union default graph).

    One query answered as TSV in Rust: reading Oxigraph's quads one by one in Python costs
    about twice as much per triple.
    """
    found: dict[str, list[_Term]] = {}
    answer = raw.query(f"SELECT ?s ?o WHERE {{ ?s <{_P[predicate].value}> ?o }}", use_default_graph_as_union=True)
    for line in answer.serialize(format=QueryResultsFormat.TSV).decode("utf-8").split("\n")[1:]:
        subject, _, obj = line.partition("\t")
        if subject.startswith("<") and (term := _read_term(obj)) is not None:
            values = found.setdefault(subject[1:-1], [])
            if term not in values:  # the same triple in two graphs is one triple of the union
                values.append(term)
    return found


def _single(values: list | None, what: str):
    if not values:
        return None
    if len(values) > 1:
        raise NotExact(f"a statement with {len(values)} values of {what}")
    return values[0]


def build(raw, stamp: str) -> StatementIndex:
    """Read every statement from a pyoxigraph store into columns.

    :raises NotExact: when the data breaks an assumption of the columns.
    """
    kinds = sorted({q.subject.value for q in raw.quads_for_pattern(None, _P["subClassOf"], NamedNode(NEG + "Statement"),
                                                                   None) if isinstance(q.subject, NamedNode)})
    typed: dict[str, str] = {}
    for subject, values in _objects(raw, "type").items():
        mine = [v.value for v in values if v.value in kinds]
        if len(mine) > 1:
            raise NotExact("a statement with two kinds")
        if mine:
            typed[subject] = mine[0]
    columns = {p: _objects(raw, p) for p in ("actor", "topic", "stance", "status", "earliest", "latest", "review",
                                             "source", "represents", "onBehalfOf")}
    drafts = {s for s, values in columns["review"].items() if any(v.value == DRAFT for v in values)}
    iris = sorted(s for s in typed if s not in drafts)
    used = {x.value for s in iris for x in columns["source"].get(s, ())}
    published = {s: min(_day(v) for v in values) for s, values in _objects(raw, "published").items() if s in used}
    index = _assemble(iris, typed, kinds, columns, published, drafts, stamp)
    index.a["text_offsets"], index.text = _texts(raw, iris)
    return index


SEPARATOR = b"\x00"  # between two texts: a search for words holding it is left to the query


def _texts(raw, iris: list[str]) -> tuple[np.ndarray, bytes]:
    """Each statement's summaries and quotes as ``LCASE`` gives them, in statement order."""
    words: dict[str, set[str]] = {}
    answer = raw.query(f"SELECT ?s (LCASE(STR(?o)) AS ?t) WHERE {{ ?s <{_P['summary'].value}>|<{_P['quote'].value}> ?o "
                       "FILTER(isIRI(?s)) }", use_default_graph_as_union=True)
    for row in answer:
        if row[1] is not None:  # STR() of a blank node is an error: the query's FILTER drops it too
            words.setdefault(row[0].value, set()).add(row[1].value)
    parts, offsets, at = [], np.zeros(len(iris) + 1, np.int64), 0
    for i, s in enumerate(iris):
        for text in sorted(words.get(s, ())):
            part = text.encode("utf-8") + SEPARATOR
            parts.append(part)
            at += len(part)
        offsets[i + 1] = at
    return offsets, b"".join(parts)


def _assemble(iris, typed, kinds, columns, published, drafts, stamp) -> StatementIndex:
    n = len(iris)
    v = {"kinds": kinds, "statuses": sorted({OCCURRED} | {x.value for vs in columns["status"].values() for x in vs}),
         "stances": sorted({x.value for vs in columns["stance"].values() for x in vs})}
    v["actors"] = sorted({x.value for s in iris for x in columns["actor"].get(s, ())} |
                         {x.value for vs in (*columns["represents"].values(), *columns["onBehalfOf"].values())
                          for x in vs})
    v["topics"] = sorted({x.value for s in iris for x in columns["topic"].get(s, ())})
    v["sources"] = sorted({x.value for s in iris for x in columns["source"].get(s, ())})
    ids = {name: {t: i for i, t in enumerate(terms)} for name, terms in v.items()}
    a = {name: np.empty(n, np.int32) for name in ("kind", "status", "earliest", "latest", "known")}
    for i, s in enumerate(iris):
        a["kind"][i] = ids["kinds"][typed[s]]
        status = _single(columns["status"].get(s), "neg:status")
        a["status"][i] = ids["statuses"][status.value if status is not None else OCCURRED]
        earliest, latest = _single(columns["earliest"].get(s), "neg:earliest"), _single(columns["latest"].get(s),
                                                                                         "neg:latest")
        a["earliest"][i] = _day(earliest) if earliest is not None else FAR_PAST
        a["latest"][i] = _day(latest) if latest is not None else FAR_FUTURE
        days = [published[x.value] for x in columns["source"].get(s, ()) if x.value in published]
        a["known"][i] = min(days) if days else FAR_FUTURE
    a["rank"] = _timeline_rank(iris, a)
    encoded = [s.encode("utf-8") for s in iris]
    a["iri_offsets"] = np.concatenate([[0], np.cumsum([len(b) for b in encoded], dtype=np.int64)]).astype(np.int64)
    iri_bytes = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
    for name, vocab in (("actor", "actors"), ("topic", "topics"), ("source", "sources")):
        pairs = [(i, ids[vocab][x.value]) for i, s in enumerate(iris) for x in columns[name].get(s, ())]
        a[f"{name}_stmt"], a[f"{name}_{name}"] = _pairs(pairs)
    a["reach_stmt"], a["reach_actor"] = _reach(iris, columns, ids["actors"])
    a.update(_stance_pairs(columns, drafts, ids, {s: i for i, s in enumerate(iris)}))
    return StatementIndex(stamp, a, iri_bytes, v)


def _pairs(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    array = np.array(sorted(set(pairs)), dtype=np.int32).reshape(-1, 2)
    return np.ascontiguousarray(array[:, 0]), np.ascontiguousarray(array[:, 1])


def _reach(iris, columns, actor_ids) -> tuple[np.ndarray, np.ndarray]:
    """(statement, actor) for the actor filter: who made it, and whom its makers speak for."""
    speaks_for: dict[str, set[str]] = {}
    for prop in ("represents", "onBehalfOf"):
        for person, values in columns[prop].items():
            speaks_for.setdefault(person, set()).update(x.value for x in values if x.iri)
    pairs = []
    for i, s in enumerate(iris):
        for who in columns["actor"].get(s, ()):
            pairs.append((i, actor_ids[who.value]))
            pairs.extend((i, actor_ids[x]) for x in speaks_for.get(who.value, ()))
    return _pairs(pairs)


def _timeline_rank(iris: list[str], a: dict[str, np.ndarray]) -> np.ndarray:
    """Each statement's place in the timeline query's ORDER BY: start day, end day, IRI."""
    start = np.where(a["earliest"] != FAR_PAST, a["earliest"], a["latest"])
    end = np.where(a["latest"] != FAR_FUTURE, a["latest"], a["earliest"])
    # the IRIs are sorted already, so position is the IRI order
    order = np.lexsort((np.arange(len(iris)), end, start))
    rank = np.empty(len(iris), np.int32)
    rank[order] = np.arange(len(iris), dtype=np.int32)
    return rank


def _stance_pairs(columns, drafts, ids, position) -> dict[str, np.ndarray]:
    """One row per (actor, topic, statement) with a stance and a latest day, sorted by (actor,
    topic, day, IRI): the last row of a group up to a day is the stance as of that day."""
    rows = []
    for s, stances in columns["stance"].items():
        latest = columns["latest"].get(s)
        if s in drafts or not latest:
            continue
        if s not in position:
            raise NotExact("a stance on something that is not a statement")
        stance = _single(stances, "neg:stance")
        day = _day(_single(latest, "neg:latest"))
        for actor in columns["actor"].get(s, ()):
            for topic in columns["topic"].get(s, ()):
                # ids follow IRI order and positions follow IRI order: sorting ids sorts the IRIs
                rows.append((ids["actors"][actor.value], ids["topics"][topic.value], day, position[s],
                             ids["stances"][stance.value]))
    rows.sort()
    table = np.array(rows, dtype=np.int32).reshape(-1, 5)
    pair_of = table[:, 0].astype(np.int64) * (len(ids["topics"]) + 1) + table[:, 1]
    group = np.concatenate([[0], np.cumsum(pair_of[1:] != pair_of[:-1])]).astype(np.int32) if len(rows) else \
        np.array([], np.int32)
    return {"pair_group": group, "pair_actor": table[:, 0].copy(), "pair_topic": table[:, 1].copy(),
            "pair_day": table[:, 2].copy(), "pair_stmt": table[:, 3].copy(), "pair_stance": table[:, 4].copy()}


# --- answering ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """The timeline filters as ids and day ordinals (None: not filtered)."""

    actor: int | None = None
    topic: int | None = None
    kind: int | None = None
    status: int | None = None
    source: int | None = None
    start: int | None = None
    end: int | None = None
    known_on: int | None = None


def filters_for(index: StatementIndex, bindings: dict) -> Filters:
    """The index's filters for the named queries' bindings (RDF terms, as kb.queries.bind gives)."""
    def term(name, vocab):
        return index.v[vocab].id(bindings[name].value) if name in bindings else None

    def day(name):
        return dt.date.fromisoformat(bindings[name].value[:10]).toordinal() if name in bindings else None

    return Filters(term("actor", "actors"), term("topic", "topics"), term("kind", "kinds"),
                   term("status", "statuses"), term("source", "sources"), day("from"), day("to"), day("knownOn"))


def _with(index: StatementIndex, stmt: np.ndarray, values: np.ndarray, wanted: int) -> np.ndarray:
    mask = np.zeros(index.size, bool)
    mask[stmt[values == wanted]] = True
    return mask


def select(index: StatementIndex, f: Filters) -> np.ndarray:
    """The statements the filters keep, as a boolean mask (the statement-filters fragment)."""
    a = index.a
    mask = np.ones(index.size, bool)
    if f.actor is not None:
        mask &= _with(index, a["reach_stmt"], a["reach_actor"], f.actor)
    if f.topic is not None:
        mask &= _with(index, a["topic_stmt"], a["topic_topic"], f.topic)
    if f.source is not None:
        mask &= _with(index, a["source_stmt"], a["source_source"], f.source)
    if f.kind is not None:
        mask &= a["kind"] == f.kind
    if f.status is not None:
        mask &= a["status"] == f.status
    if f.start is not None:
        mask &= a["latest"] >= f.start  # no latest (FAR_FUTURE) always reaches the range
    if f.end is not None:
        mask &= a["earliest"] <= f.end  # no earliest (FAR_PAST) always starts before it
    if f.known_on is not None:
        mask &= a["known"] <= f.known_on
    return mask


_LCASE = Store()  # an empty store, to lower-case words exactly as the store's own LCASE does


def text_matches(index: StatementIndex, words: str) -> np.ndarray | None:
    """A mask of the statements whose summary or quote contains ``words`` in any case (the
    text-matches query), or None when only the query can tell (no words, or words holding the
    separator)."""
    lowered = _LCASE.query(f"SELECT (LCASE({Literal(words)}) AS ?l) WHERE {{}}").__next__()[0].value
    needle = lowered.encode("utf-8")
    if not needle or SEPARATOR in needle:
        return None
    offsets, text, mask = index.a["text_offsets"], index.text, np.zeros(index.size, bool)
    at = text.find(needle)
    while at >= 0:
        i = int(np.searchsorted(offsets, at, side="right")) - 1
        mask[i] = True
        at = text.find(needle, int(offsets[i + 1]))  # one match is enough: go on with the next statement
    return mask


class _SortedIris:
    """The index's IRIs as a sorted sequence, for bisect (they are stored in IRI order)."""

    def __init__(self, index: StatementIndex):
        self.index = index

    def __len__(self) -> int:
        return self.index.size

    def __getitem__(self, i: int) -> str:
        return self.index.iri(i)


def among(index: StatementIndex, iris) -> np.ndarray:
    """A mask of the given statements (IRIs the index does not hold are left out)."""
    sequence, mask = _SortedIris(index), np.zeros(index.size, bool)
    for iri in iris:
        i = bisect.bisect_left(sequence, iri)
        if i < index.size and sequence[i] == iri:
            mask[i] = True
    return mask


def page(index: StatementIndex, mask: np.ndarray, limit: int | None, offset: int, descending: bool) -> list[str]:
    """The IRIs of one page of the selection, in the timeline query's order."""
    chosen = np.nonzero(mask)[0]
    ranks = index.a["rank"][chosen]
    if descending:
        ranks = -ranks.astype(np.int64)
    stop = len(chosen) if limit is None else min(len(chosen), offset + limit)
    if stop <= offset:
        return []
    if stop < len(chosen):
        nearest = np.argpartition(ranks, stop - 1)[:stop]
        ordered = nearest[np.argsort(ranks[nearest], kind="stable")]
    else:
        ordered = np.argsort(ranks, kind="stable")
    return [index.iri(int(i)) for i in chosen[ordered[offset:stop]]]


DIMENSIONS = ("kind", "status", "actor", "topic", "source")


def facet_counts(index: StatementIndex, mask: np.ndarray, dimensions: tuple[str, ...] = DIMENSIONS,
                 limit: int | None = None, keep: dict[str, str] | None = None) -> list[tuple[str, str, int]]:
    """(dimension, value, count) rows in the facets query's order: dimension, count desc, value.

    With ``limit``, each dimension gives its ``limit`` first rows, then the row of its value in
    ``keep`` (the chosen filter) if that came later: the rows a page lists. Cutting here, on
    arrays, is what keeps a selection citing 100,000 sources as fast as one citing ten."""
    a, rows, keep = index.a, [], keep or {}
    columns = {"kind": ("kinds", "kind"), "status": ("statuses", "status"), "actor": ("actors", "reach"),
               "topic": ("topics", "topic"), "source": ("sources", "source")}
    for dimension in sorted(dimensions):
        vocab, column = columns[dimension]
        values = a[column][mask] if column in a else index.related(column, mask)
        counts = np.bincount(values, minlength=len(index.v[vocab].terms))
        found = np.nonzero(counts)[0]
        # vocabulary ids follow IRI order, so (count desc, id) is the query's (count desc, value)
        order = found - counts[found].astype(np.int64) * (len(counts) + 1)
        if limit is not None and len(found) > limit:
            first = np.argpartition(order, limit - 1)[:limit] if limit > 0 else np.empty(0, np.int64)
            ordered = found[first[np.argsort(order[first])]]
            wanted = index.v[vocab].id(keep[dimension]) if dimension in keep else -1
            if wanted >= 0 and counts[wanted] and wanted not in ordered:
                ordered = np.append(ordered, wanted)
        else:
            ordered = found[np.argsort(order)]
        terms = index.v[vocab].terms
        rows.extend(zip([dimension] * len(ordered), [terms[i] for i in ordered.tolist()],
                        counts[ordered].tolist(), strict=True))
    return rows


def stance_as_of(index: StatementIndex, as_of: int | None) -> list[tuple[str, str, str, str, int]]:
    """(actor, topic, stance, statement, day) per (actor, topic), as the stance-as-of query."""
    a = index.a
    keep = np.nonzero(a["pair_day"] <= as_of)[0] if as_of is not None else np.arange(len(a["pair_day"]))
    if not len(keep):
        return []
    groups = a["pair_group"][keep]
    last = keep[np.r_[groups[1:] != groups[:-1], True]]
    actors, topics, stances = index.v["actors"].terms, index.v["topics"].terms, index.v["stances"].terms
    columns = (a["pair_actor"][last].tolist(), a["pair_topic"][last].tolist(), a["pair_stance"][last].tolist(),
               a["pair_stmt"][last].tolist(), a["pair_day"][last].tolist())
    return [(actors[actor], topics[topic], stances[stance], index.iri(stmt), day)
            for actor, topic, stance, stmt, day in zip(*columns, strict=True)]


# --- which index a store has -------------------------------------------------------------------

_building = threading.Lock()


def folder_for(store) -> Path | None:
    return Path(str(store.path).rstrip("/") + ".index") if getattr(store, "path", None) else None


def current(store, *, build_now: bool = False) -> StatementIndex | None:
    """The store's index if it is up to date with the store; else None (callers use the queries).

    An on-disk index that matches the store's stamp is opened (memory-mapped). With
    ``build_now`` a missing or stale index is built (and saved) first; without it, a
    background build may be started (see :func:`keep_current`).
    """
    stamp = getattr(store, "stamp", None)
    if stamp is None:
        return None
    index = getattr(store, "_statement_index", None)
    if index is not None and index.stamp == stamp:
        return index
    folder = folder_for(store)
    if folder is not None and getattr(store, "_index_read_at", None) != stamp:
        # Read what is on disk once per version of the store: a stale index's vocabularies are
        # megabytes of JSON, and every page asks while a rebuild is under way.
        store._index_read_at = stamp
        if (saved := StatementIndex.load(folder)) is not None and saved.stamp == stamp:
            store._statement_index = saved
            return saved
    if build_now:
        return _build_and_keep(store, stamp)
    if getattr(store, "keep_index_current", False) and getattr(store, "_index_tried", None) != stamp:
        store._index_tried = stamp  # one try per version: data the columns cannot hold is not retried
        threading.Thread(target=_build_quietly, args=(store,), daemon=True).start()
    return None


def _build_and_keep(store, stamp: str) -> StatementIndex | None:
    with _building:
        index = getattr(store, "_statement_index", None)
        if index is not None and index.stamp == stamp:
            return index
        try:
            index = build(store.raw, stamp)
        except NotExact:
            store._statement_index = None
            return None
        if store.stamp != stamp:  # written to while building: this one is already stale
            return None
        store._statement_index = index
        folder = folder_for(store)
        if folder is not None:
            index.save(folder)
        return index


def _build_quietly(store) -> None:
    """A background build: never raises (the queries answer meanwhile), one at a time."""
    if not _building.acquire(blocking=False):
        return
    try:
        stamp = store.stamp
        index = _build_in_child(store, stamp) if folder_for(store) else _try_build(store.raw, stamp)
        if index is not None and store.stamp == stamp:
            store._statement_index = index
    except Exception:  # noqa: BLE001 - a background build must never take the server down; queries still answer
        pass
    finally:
        _building.release()


def _try_build(raw, stamp: str) -> StatementIndex | None:
    try:
        return build(raw, stamp)
    except NotExact:
        return None


def _build_in_child(store, stamp: str) -> StatementIndex | None:
    """Build from a checkpoint in a child process, so that the server's memory and its Python
    thread stay its own however large the store; the checkpoint is only trusted when the stamp
    did not change while it was taken (writes renew it before and after)."""
    folder = folder_for(store)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".index-build-", dir=folder.parent) as scratch:
        snapshot = Path(scratch) / "snapshot"
        store.checkpoint(str(snapshot))
        if store.stamp != stamp:
            return None
        subprocess.run([sys.executable, "-m", "kb.statement_index", str(snapshot), stamp, str(folder)],
                       check=True, timeout=6 * 3600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = StatementIndex.load(folder)
    return index if index is not None and index.stamp == stamp else None


def keep_current(store) -> None:
    """Long-running processes (the server) build the index in the background whenever it is stale."""
    if getattr(store, "stamp", None) is not None:
        store.keep_index_current = True
        current(store)


def _main(argv: list[str]) -> int:
    """``python -m kb.statement_index SNAPSHOT STAMP FOLDER``: build from a store checkpoint, save."""
    import pyoxigraph

    snapshot, stamp, folder = argv
    try:
        index = build(pyoxigraph.Store.read_only(snapshot), stamp)
    except NotExact:
        return 3
    index.save(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
