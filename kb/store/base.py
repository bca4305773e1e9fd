"""What every store offers: SPARQL queries over the union of graphs, and one atomic write.

Callers (the CLI, the web app, the importer) only see this interface, so a remote SPARQL 1.1
server can be added as another kind of store without touching them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping

from pyoxigraph import BlankNode, DefaultGraph, Quad, QueryBoolean, QuerySolutions, QueryTriples

from ..bindings import bind_values
from ..bounded import RUNNER

Term = object  # a pyoxigraph NamedNode, BlankNode or Literal
QueryResult = QuerySolutions | QueryBoolean | QueryTriples


class Store(ABC):
    """A Parley dataset: named graphs, queried as one union default graph."""

    #: what the user passed as --store, for messages
    location: str

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` give variables RDF terms (never pasted as text).

        The default graph is the union of all graphs; ``GRAPH`` still addresses each one.

        :raises QueryError: if the query does not parse.
        """
        from ..update import refuse_hostile_query  # here: kb.update builds on the store

        refuse_hostile_query(sparql)  # SERVICE, and nesting deep enough to overflow the parser's stack
        present = {k: v for k, v in (bindings or {}).items() if v is not None}
        runner = RUNNER.get()
        if runner is not None:  # a page while the statement index is rebuilt (kb.bounded)
            return runner(bind_values(sparql, present))
        return self._query(bind_values(sparql, present))

    @abstractmethod
    def _query(self, sparql: str) -> QueryResult:
        """Run a complete SPARQL query text."""

    @abstractmethod
    def query_dataset(self, sparql: str, default_graphs=(), named_graphs=(), *,
                      timeout: float | None = None) -> QueryResult:
        """Run a query as the SPARQL protocol asks: with the given default and named graphs,
        or over the union of all graphs when no default graph is named. ``timeout`` bounds how
        long a server store waits (the embedded store is bounded by its caller, see kb.workers)."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update as one request (callers validate first: see kb.update)."""

    @abstractmethod
    def replace_graphs(self, graphs: set[str], quads: list[Quad]) -> None:
        """Atomically drop ``graphs`` and insert ``quads``: all of it happens, or none.

        This is the only way data is written; validation happens before it is called.
        """

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """Every quad, or those of one graph."""

    @abstractmethod
    def quads_for(self, subject=None, predicate=None, obj=None, graph: str | None = None) -> Iterator[Quad]:
        """The quads matching a pattern (None matches anything), in every graph or one."""

    @abstractmethod
    def graph_sizes(self) -> dict[str, int]:
        """Each named graph and its number of quads."""

    def __len__(self) -> int:
        return sum(self.graph_sizes().values())

    def staging(self, size: int):
        """Where a big write of about ``size`` bytes of input can build the whole store after
        it, to be checked and swapped in (see kb.store.embedded.Staging); None for a store that
        takes every write through :meth:`replace_graphs` (the default)."""
        return None

    def has_graph(self, graph: str) -> bool:
        """Whether the store holds any quad in ``graph``."""
        return next(iter(self.quads_for(graph=graph)), None) is not None

    def close(self) -> None:  # noqa: B027 - stores without resources need not override it
        """Release the store (the embedded store's lock, a server's connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()



def insert_data(quads: list[Quad]) -> str:
    """An INSERT DATA request for ``quads``; pyoxigraph prints terms in N-Triples syntax,
    which SPARQL reads, so no value is ever pasted in unescaped.

    :raises ValueError: for a quad in a graph named by a blank node, which SPARQL cannot write
        (the parser gives such graphs skolem IRIs: see kb.rdfio.skolem_graph).
    """
    by_graph: dict[object, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, BlankNode):
            raise ValueError(f"SPARQL cannot write into the blank-node graph {q.graph_name}")
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [("\n".join(t) if isinstance(g, DefaultGraph) else f"GRAPH {g} {{\n" + "\n".join(t) + "\n}")
              for g, t in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
