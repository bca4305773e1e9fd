"""A SPARQL 1.1 server as the store (Oxigraph server, Virtuoso, GraphDB, Fuseki…).

Reads go through the SPARQL 1.1 Protocol with SPARQLWrapper; answers are read back into the
same pyoxigraph objects the embedded store returns, so callers cannot tell the difference.
Writes go through SPARQL 1.1 Update. Credentials come from ``PARLEY_STORE_USER`` and
``PARLEY_STORE_PASSWORD``, never from the command line. Server quirks live in
:mod:`kb.store.dialects`.

Atomicity: a write small enough for one request (the dialect's ``max_insert_triples``) is one
SPARQL Update request, which Oxigraph and Virtuoso each run as one transaction. A larger one is
sent in chunks into staging graphs and switched into place by one final request (MOVE); until
then the staged triples are visible to queries over the union default graph, and a failure
midway drops the staging graphs and leaves the old data as it was.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Iterator

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode, Quad, QueryResultsFormat, RdfFormat
from SPARQLWrapper import DIGEST, JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, QueryBadFormed, SPARQLWrapperException

from ..bindings import query_form
from ..errors import QueryError, QueryTimeout, StoreError
from ..vocab import sparql_prologue
from .base import QueryResult, Store, insert_data
from .dialects import dialect_for
from .embedded import graph_node

_TERMS = ("?s", "?p", "?o")


class RemoteStore(Store):
    """A Parley dataset held by a SPARQL 1.1 server."""

    def __init__(self, url: str):
        self.location = url
        self.dialect = dialect_for(url)
        self.endpoints = self.dialect.endpoints(url)
        self._user = os.environ.get("PARLEY_STORE_USER")
        self._password = os.environ.get("PARLEY_STORE_PASSWORD", "")
        self.progress = None  # a callable(done, total) for chunked writes, set by the CLI

    path = None  # no snapshots of a server: the server bounds its own queries

    # --- reading -------------------------------------------------------------------------------

    def _client(self, endpoint: str) -> SPARQLWrapper:
        client = SPARQLWrapper(endpoint)
        client.setMethod(POST)
        client.setTimeout(300)
        if self._user:
            client.setCredentials(self._user, self._password)
            if self.dialect.auth == "digest":
                client.setHTTPAuth(DIGEST)
        return client

    def _query(self, sparql: str) -> QueryResult:
        return self.query_dataset(sparql)

    def query_dataset(self, sparql: str, default_graphs=(), named_graphs=(), *,
                      timeout: float | None = None) -> QueryResult:
        """Run a query with the protocol's dataset parameters, waiting at most ``timeout`` seconds.

        :raises QueryTimeout: when the server has not answered in time.
        """
        client = self._client(self.endpoints.query)
        if timeout is not None:
            client.setTimeout(max(1, math.ceil(timeout)))
        client.setQuery(sparql_prologue() + sparql)
        if not default_graphs:
            for name, value in self.dialect.query_params:
                client.addParameter(name, value)
        for graph in default_graphs:
            client.addDefaultGraph(graph)
        for graph in named_graphs:
            client.addNamedGraph(graph)
        client.queryType = query_form(sparql) or client.queryType  # SPARQLWrapper reads comments too
        graph_query = client.queryType in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat(N3 if graph_query else JSON)
        if graph_query:
            client.setOnlyConneg(True)
            client.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        body, content_type = self._send(client)
        if graph_query:
            fmt = RdfFormat.N_TRIPLES if "n-triples" in content_type else RdfFormat.TURTLE
            return [q.triple for q in pyoxigraph.parse(body, format=fmt)]
        return pyoxigraph.parse_query_results(self.dialect.read_json(body), format=QueryResultsFormat.JSON)

    def _send(self, client: SPARQLWrapper) -> tuple[bytes, str]:
        try:
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except QueryBadFormed as err:
            raise QueryError(f"the server refused the query: {_first_line(err)}") from None
        except (EndPointInternalError, SPARQLWrapperException) as err:
            raise StoreError(f"the SPARQL server at {self.location} failed: {_first_line(err)}") from None
        except OSError as err:
            if isinstance(err, TimeoutError) or isinstance(getattr(err, "reason", None), TimeoutError):
                raise QueryTimeout(f"the SPARQL server at {self.location} did not answer within the time limit; "
                                   "the query was given up on (the server may still be computing it)") from None
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {err}") from None

    def quads_for(self, subject=None, predicate=None, obj=None, graph: str | None = None) -> Iterator[Quad]:
        pattern = " ".join(str(t) if t is not None else v for t, v in zip((subject, predicate, obj), _TERMS,
                                                                             strict=True))
        graph_term = str(graph_node(graph)) if graph else "?g"  # checked and escaped, never pasted raw
        rows = self._query(f"SELECT * WHERE {{ GRAPH {graph_term} {{ {pattern} }} }}")
        for row in rows:
            if not graph and self.dialect.is_system_graph(row["g"].value):
                continue
            s = subject if subject is not None else row["s"]
            p = predicate if predicate is not None else row["p"]
            o = obj if obj is not None else row["o"]
            yield Quad(s, p, o, NamedNode(graph) if graph else row["g"])

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        return self.quads_for(graph=graph)

    def graph_sizes(self) -> dict[str, int]:
        rows = self._query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"].value: int(row["n"].value) for row in rows
                if isinstance(row["g"], NamedNode) and not self.dialect.is_system_graph(row["g"].value)}

    def has_graph(self, graph: str) -> bool:
        return bool(self._query(f"ASK {{ GRAPH {graph_node(graph)} {{ ?s ?p ?o }} }}"))

    # --- writing -------------------------------------------------------------------------------

    def update(self, text: str) -> None:
        """Send one SPARQL Update request."""
        client = self._client(self.endpoints.update)
        client.setQuery(text)
        client.setMethod(POST)
        self._send(client)

    def replace_graphs(self, graphs: set[str], quads: list[Quad]) -> None:
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in sorted(graphs))
        limit = self.dialect.max_insert_triples
        if len(quads) <= limit:
            self.update(drops + self._insert(quads))
            return
        staging = {g: f"urn:parley:staging:{uuid.uuid4()}" for g in graphs}
        staged = [Quad(q.subject, q.predicate, q.object,
                       NamedNode(staging.get(q.graph_name.value, q.graph_name.value))) for q in quads]
        try:
            for start in range(0, len(staged), limit):
                self.update(self._insert(staged[start:start + limit]))
                if self.progress:
                    self.progress(min(start + limit, len(staged)), len(staged))
        except Exception:
            self.update("".join(f"DROP SILENT GRAPH <{s}> ;\n" for s in staging.values()).rstrip(" ;\n"))
            raise
        moves = " ;\n".join(f"DROP SILENT GRAPH <{g}> ; MOVE SILENT GRAPH <{s}> TO GRAPH <{g}>"
                            for g, s in staging.items())
        self.update(moves)

    def _insert(self, quads: list[Quad]) -> str:
        if self.dialect.bnodes_in_insert_data or not any(
                isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object)):
            return insert_data(quads)
        # Blank nodes are allowed in a template; one template per graph, because Virtuoso fails
        # on a template spanning several (so a blank node shared by two graphs becomes two).
        by_graph: dict[object, list[Quad]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append(q)
        return " ;\n".join("INSERT {" + insert_data(group)[len("INSERT DATA {"):] + " WHERE {}"
                            for group in by_graph.values())

    def checkpoint(self, target: str) -> None:  # pragma: no cover - guarded by path = None
        raise StoreError("a SPARQL server store cannot be snapshotted by Parley; back it up on the server")


def _first_line(err: Exception) -> str:
    """The server's own words: SPARQLWrapper puts the response body after "Response:"."""
    text = str(err).strip()
    if "Response:" in text:
        body = text.split("Response:", 1)[1].strip()
        if body.startswith(("b'", 'b"')):  # SPARQLWrapper prints the body's bytes repr
            body = body[2:-1].replace("\\n", "\n").replace("\\'", "'")
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        text = lines[0] if lines else text
    return text.splitlines()[0][:300] if text else type(err).__name__

