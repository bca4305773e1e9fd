"""The gazetteer: who is who in a text, read from RDF (the store's actors and the bundled world list).

Names are labels and aliases (``skos:altLabel``), metonyms and demonyms included, so "the
Kremlin" finds Russia and "Mr. Peskov" finds Dmitry Peskov. Matching is case-sensitive (so
"US" is the country and "us" is not) except for a capital first letter at a sentence start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph

from .. import queries
from ..store import Store
from ..vocab import NEG, PREFIXES, SCHEMA, sparql_prologue

WORLD = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "world.ttl"
_KIND_RANK = {"Person": 0, "State": 1, "Organization": 2, "Actor": 3, "NewsMediaOrganization": 4}


@dataclass
class Entry:
    """One actor the gazetteer knows."""

    iri: str
    kind: str  # Person, State, Organization or Actor
    label: str
    names: set[str] = field(default_factory=set)
    represents: str | None = None
    role: str | None = None
    draft: bool = False  # made from this text, not known before


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    iri: str
    text: str


class Gazetteer:
    """Actors by name, with a matcher that finds their mentions in text."""

    def __init__(self, entries: dict[str, Entry]):
        self.entries = entries
        self._by_name: dict[str, str] = {}
        for entry in sorted(entries.values(), key=lambda e: (_KIND_RANK.get(e.kind, 9), e.iri)):
            for name in entry.names:
                self._by_name.setdefault(name, entry.iri)
        self._pattern = None

    @classmethod
    def from_rows(cls, rows, into: dict[str, Entry] | None = None) -> dict[str, Entry]:
        entries = into if into is not None else {}
        for row in rows:
            iri = row["actor"].value
            kind = row["class"].value.removeprefix(NEG).removeprefix(SCHEMA)
            entry = entries.get(iri)
            if entry is None or _KIND_RANK.get(kind, 9) < _KIND_RANK.get(entry.kind, 9):
                old = entry
                entry = entries[iri] = Entry(iri, kind, row["name"].value)
                if old:
                    entry.names, entry.represents, entry.role = old.names, old.represents, old.role
            name = row["name"].value
            entry.names.add(name)
            if row["isLabel"] is not None and row["isLabel"].value == "true":
                entry.label = name
            if row["represents"] is not None:
                entry.represents = row["represents"].value
            if row["role"] is not None:
                entry.role = row["role"].value
        return entries

    def lookup(self, name: str) -> str | None:
        return self._by_name.get(name) or self._by_name.get(name[:1].lower() + name[1:])

    def add(self, entry: Entry) -> None:
        """Learn an actor found in the text (a new speaker), so later mentions find it too."""
        self.entries[entry.iri] = entry
        for name in entry.names:
            self._by_name.setdefault(name, entry.iri)
        self._pattern = None

    def find(self, text: str) -> list[Mention]:
        """Mentions of known actors, longest name first, left to right, not overlapping."""
        if self._pattern is None:
            names = sorted(self._by_name, key=len, reverse=True)
            alternatives = "|".join(re.escape(n) for n in names if n)
            self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if alternatives else None
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            iri = self.lookup(match.group())
            if iri:
                found.append(Mention(match.start(), match.end(), iri, match.group()))
        return found

    def copy(self) -> Gazetteer:
        return Gazetteer({iri: Entry(e.iri, e.kind, e.label, set(e.names), e.represents, e.role, e.draft)
                          for iri, e in self.entries.items()})


def _with_capitals(entries: dict[str, Entry]) -> None:
    """'the Kremlin' also as 'The Kremlin' (a sentence may start with it)."""
    for entry in entries.values():
        entry.names |= {n[0].upper() + n[1:] for n in entry.names if n and n[0].islower()}


@lru_cache(maxsize=1)
def _world_rows() -> tuple:
    if not WORLD.exists():
        return ()
    store = pyoxigraph.Store()
    store.load(path=str(WORLD), format=pyoxigraph.RdfFormat.TURTLE)
    return tuple(store.query(sparql_prologue(PREFIXES) + queries.get("gazetteer").text))


def load_gazetteer(store: Store | None = None, extra_rows=()) -> Gazetteer:
    """The bundled world gazetteer, overlaid with every actor the store knows."""
    entries = Gazetteer.from_rows(_world_rows())
    if store is not None:
        Gazetteer.from_rows(store.query(queries.get("gazetteer").text), entries)
    Gazetteer.from_rows(extra_rows, entries)
    _with_capitals(entries)
    return Gazetteer(entries)
