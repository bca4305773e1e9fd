"""The questions the benchmark asks, each answered by Parley's own functions and by a plain query.

Why one table: every question needs the same four things (how Parley answers it, which plain
query answers it, and how to reduce each answer to the same comparable form), so a check that
Parley's answer is identical to the plain one is one line per question, whoever makes Parley
faster behind the same ``kb`` functions.

Parley's answers come through its public functions only: ``kb.timeline.items`` (first page of
50), ``kb.timeline.facets`` and ``kb.analysis.stance_matrix``. ``stance_matrix`` has no actor
filter, so for "the top 20 actors" Parley computes every actor and the answer is cut to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kb.analysis import stance_matrix
from kb.timeline import Selection, facets, items
from kb.vocab import NEG

PAGE = 50


def parameters(manifest: dict) -> dict:
    """The parameters of every question, from the generated data's manifest."""
    return {"actor": manifest["mid_actor"], "from": "2019-01-01", "to": "2022-12-31",
            "year_from": "2020-01-01", "year_to": "2020-12-31", "text": manifest["search_word"],
            "asOf": "2022-06-30", "actors": manifest["top_actors"]}


def _local(value: str) -> str:
    return value[len(NEG):] if value.startswith(NEG) else value


def from_json(items: list) -> frozenset:
    """A digest as a child process sent it (tuples arrive as lists)."""
    return frozenset(tuple(x) if isinstance(x, list) else x for x in items)


def page_digest(rows) -> frozenset:
    """A page as the set of its statements (Parley orders items of the same day its own way)."""
    return frozenset(r["statement"] for r in rows)


def facet_digest(rows) -> frozenset:
    return frozenset((r["dimension"], r["value"], int(r["count"])) for r in rows)


def stance_digest(rows) -> frozenset:
    return frozenset((r["actor"], r["topic"], _local(r["stance"]), r["statement"], r["day"]) for r in rows)


def parley_timeline(store, p: dict) -> frozenset:
    found = items(store, Selection(actor=p["actor"], start=p["from"], end=p["to"]), limit=PAGE)
    return frozenset(i.iri for i in found)


def parley_search(store, p: dict) -> frozenset:
    return frozenset(i.iri for i in items(store, Selection(text=p["text"]), limit=PAGE))


def parley_facets(store, p: dict) -> frozenset:
    counts = facets(store, Selection(start=p["year_from"], end=p["year_to"]), labels={})
    return frozenset((dim, f.value, f.count) for dim, found in counts.items() for f in found)


def parley_facets_kind_topic(store, p: dict) -> frozenset:
    counts = facets(store, Selection(start=p["year_from"], end=p["year_to"]), labels={}, dimensions=("kind", "topic"))
    return frozenset((dim, f.value, f.count) for dim, found in counts.items() for f in found)


def parley_stance(store, p: dict) -> frozenset:
    matrix = stance_matrix(store, as_of=p["asOf"])
    return frozenset((a, t, c.stance, c.statement, c.day) for (a, t), c in matrix.cells.items())


def top_only(digest: frozenset, p: dict) -> frozenset:
    """The cells of the 20 most active actors."""
    wanted = set(p["actors"])
    return frozenset(cell for cell in digest if cell[0] in wanted)


@dataclass(frozen=True)
class Task:
    name: str
    query: str  # the plain query in bench/queries/
    parley: Callable | None  # (store, params) -> digest; None when derived from another task's answer
    digest: Callable  # plain rows -> digest
    plain_params: Callable[[dict], dict] = lambda p: p
    parley_from: str | None = None  # Parley answers with that task's call, cut by ``narrow``
    narrow: Callable | None = None  # (digest, params) -> digest


TASKS = (
    Task("timeline page", "timeline", parley_timeline, page_digest),
    Task("facets by kind and topic (one year)", "facets-kind-topic", parley_facets_kind_topic, facet_digest,
         lambda p: {"from": dt.date.fromisoformat(p["year_from"]), "to": dt.date.fromisoformat(p["year_to"])}),
    Task("facets (one year)", "facets", parley_facets, facet_digest,
         lambda p: {"from": dt.date.fromisoformat(p["year_from"]), "to": dt.date.fromisoformat(p["year_to"])}),
    Task("stance-as-of", "stance", parley_stance, stance_digest),
    Task("stance-as-of, top 20", "stance-top", None, stance_digest, parley_from="stance-as-of", narrow=top_only),
    Task("free-text search", "search", parley_search, page_digest),
)
