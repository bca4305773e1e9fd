"""Dump the store, or one graph, in any RDF syntax."""

from __future__ import annotations

from typing import IO

from pyoxigraph import NamedNode

from .errors import BadInput, NotFound
from .formats import rdf_syntax
from .rdfio import write_rdf
from .store import Store


def export(store: Store, out: IO[bytes], *, fmt: str = "trig", graph: str | None = None) -> int:
    """Write the dataset (all graphs) or one graph to ``out``; returns the number of quads.

    Triple syntaxes (Turtle, N-Triples, RDF/XML) cannot hold named graphs: without ``graph``
    they get the union of all graphs, each triple once.

    :raises BadInput: if ``graph`` is not an IRI (the same message as an import's).
    :raises NotFound: if the store holds no such graph.
    """
    syntax = rdf_syntax(fmt)
    if graph is not None:
        try:
            NamedNode(graph)
        except ValueError:
            raise BadInput(f"{graph!r} is not a valid IRI for a graph") from None
    if graph is not None and not store.has_graph(graph):
        raise NotFound(f"no graph <{graph}> in the store")
    quads = list(store.quads(graph))
    if not syntax.datasets and graph is None:
        seen: dict = {}
        for q in quads:
            seen.setdefault(q.triple, q)
        quads = list(seen.values())
    write_rdf(quads, syntax, out)
    return len(quads)
