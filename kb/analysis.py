"""Readings across the record: the stance matrix, what's next, and who moved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyoxigraph import NamedNode

from . import statement_index
from .query import named_bindings, run_named, select_rows
from .spans import Span, parse_day
from .store import Store
from .vocab import NEG


def _local(term) -> str | None:
    return None if term is None else term.value[len(NEG):] if term.value.startswith(NEG) else term.value


@dataclass
class Cell:
    stance: str  # Supports, Opposes, Conditional, Undecided
    statement: str
    day: str


@dataclass
class Matrix:
    actors: list[str]
    topics: list[str]
    cells: dict[tuple[str, str], Cell]


def stance_matrix(store: Store, as_of: str | None = None) -> Matrix:
    """Actors × topics: each cell the latest stance known by ``as_of`` and the statement fixing it."""
    index = statement_index.current(store)
    if index is not None:
        day = named_bindings(store, "stance-as-of", {"asOf": as_of}).get("asOf") if as_of else None
        rows = statement_index.stance_as_of(index, parse_day(day.value).toordinal() if day is not None else None)
        cells = {(actor, topic): Cell(_local(NamedNode(stance)), statement, dt.date.fromordinal(ordinal).isoformat())
                 for actor, topic, stance, statement, ordinal in rows}
    else:
        rows = select_rows(run_named(store, "stance-as-of", {"asOf": as_of} if as_of else {}))
        cells = {(r["actor"].value, r["topic"].value): Cell(_local(r["stance"]), r["statement"].value,
                                                            r["day"].value) for r in rows}
    return Matrix(sorted({a for a, _ in cells}), sorted({t for _, t in cells}), cells)


@dataclass
class Plan:
    iri: str
    kind: str
    status: str
    span: Span
    summary: str
    fulfilled_by: str | None
    fulfilled_on: dt.date | None

    def outcome(self, today: dt.date) -> str:
        """``upcoming``, ``happened``, ``happened late`` (slipped), ``denied`` or ``unknown``."""
        if self.fulfilled_by:
            if self.span.latest and self.fulfilled_on and self.fulfilled_on > self.span.latest:
                return "happened late"
            return "happened"
        if self.status == "Denied":
            return "denied"
        if self.span.latest is None or self.span.latest >= today:
            return "upcoming"
        return "unknown"


def plans(store: Store) -> list[Plan]:
    """Every plan or expectation, each once, with what fulfilled it."""
    found: dict[str, Plan] = {}
    for r in select_rows(run_named(store, "plans")):
        iri = r["plan"].value
        plan = found.get(iri)
        if plan is None:
            plan = found[iri] = Plan(iri, _local(r["kind"]), _local(r["status"]),
                                     Span.from_terms(r["earliest"], r["latest"], r["precision"], r["dateText"]),
                                     r["summary"].value if r["summary"] else "", None, None)
        if r["fulfilledBy"] is not None:
            day = parse_day(r["fulfilledOn"].value) if r["fulfilledOn"] else None
            if plan.fulfilled_by is None or (day and (plan.fulfilled_on is None or day > plan.fulfilled_on)):
                plan.fulfilled_by, plan.fulfilled_on = r["fulfilledBy"].value, day
    return list(found.values())


@dataclass
class Move:
    actor: str
    topic: str
    before: str
    after: str
    day: str
    statement: str
    previous: str  # the statement that held the old stance


def who_moved(store: Store, actor: str | None = None) -> list[Move]:
    """Every change of stance: an actor's stance on a topic differing from its previous one."""
    rows = select_rows(run_named(store, "stance-history", {"actor": f"<{actor}>"} if actor else {}))
    moves, last = [], {}
    for r in rows:
        key = (r["actor"].value, r["topic"].value)
        stance, day = _local(r["stance"]), r["day"].value
        before = last.get(key)
        # Only a later day is a move: two stances known only by the same day have no order.
        if before and before[0] != stance and day > before[2]:
            moves.append(Move(key[0], key[1], before[0], stance, day, r["statement"].value, before[1]))
        if not before or day > before[2] or before[0] == stance:
            last[key] = (stance, r["statement"].value, day)
    return sorted(moves, key=lambda m: (m.day, m.statement))
