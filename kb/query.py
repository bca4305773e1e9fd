"""Run SPARQL and named queries against a store, with parameters bound as RDF terms."""

from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode, QuerySolutions

from . import queries
from .errors import BadInput
from .paging import paged
from .store import QueryResult, Store
from .vocab import NEG


def run_sparql(store: Store, sparql: str) -> QueryResult:
    """Run a SPARQL query as written (prefixes of :data:`kb.vocab.PREFIXES` are pre-declared)."""
    return store.query(sparql)


def run_named(store: Store, name: str, params: Mapping[str, str] | None = None, *,
              limit: int | None = None, offset: int = 0, descending: bool = False) -> QueryResult:
    """Run a named query from ``kb/queries/`` with textual parameters, optionally one page of
    it (``limit``/``offset``, in its order or the reverse).

    IRI parameters also take a name (``Vladimir Putin``, ``putin``) looked up in the store.
    """
    named = queries.get(name)
    bindings = named_bindings(store, name, params)
    text = paged(named.text, limit=limit, offset=offset, descending=descending) \
        if (limit is not None or offset or descending) else named.text
    return store.query(text, bindings)


def named_bindings(store: Store, name: str, params: Mapping[str, str] | None) -> dict:
    """A named query's textual parameters as RDF terms (names looked up in the store)."""
    return queries.bind(queries.get(name), params or {}, resolve_name=lambda text, param=None:
                        resolve_name(store, text, NAME_CLASSES.get(param)))


def run_bound(store: Store, name: str, bindings: Mapping[str, object]) -> QueryResult:
    """Run a named query with bindings that are already RDF terms (a list binds several)."""
    return store.query(queries.get(name).text, bindings)


#: Parameters whose names are looked up among one class only ("Moscow" the actor, not the place).
NAME_CLASSES = {"actor": NEG + "Actor", "topic": NEG + "Topic", "source": NEG + "Source",
                "speaker": NEG + "Actor"}


def resolve_name(store: Store, text: str, of_class: str | None = None) -> str:
    """The one IRI whose label, alias or local name is ``text`` (among ``of_class`` if given).

    :raises BadInput: when no resource, or more than one, has that name.
    """
    bindings = {"name": Literal(text)}
    if of_class:
        bindings["class"] = NamedNode(of_class)
    rows = list(store.query(queries.get("resolve-name").text, bindings))
    found = sorted({row["resource"].value for row in rows})
    if not found:
        raise BadInput(f"nothing in the store is called {text!r}; give an IRI or a prefixed name like actor:russia")
    if len(found) > 1:
        raise BadInput(f"{text!r} is ambiguous: it names {', '.join('<' + f + '>' for f in found)}")
    return found[0]


def select_rows(result: QueryResult) -> list[dict[str, object]]:
    """A SELECT answer as a list of dicts (variable → term), for code that wants plain data."""
    if not isinstance(result, QuerySolutions):
        raise BadInput("expected a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]
