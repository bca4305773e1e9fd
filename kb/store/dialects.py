"""Where SPARQL servers differ, in one place: endpoints, the union default graph, auth, JSON.

A remote store is named by its query endpoint URL. The dialect says where the update and Graph
Store endpoints are, how to make the default graph the union of all graphs (as Parley's queries
expect), how to authenticate, and how to read the server's answers. Pick one with
``PARLEY_STORE_DIALECT`` or let the URL's shape decide.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import BadInput


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str | None  # None: write graphs with SPARQL Update instead
    graph_param: str = "graph"  # the Graph Store Protocol's parameter name


@dataclass(frozen=True)
class Dialect:
    """One server family's quirks."""

    name: str
    query_params: tuple[tuple[str, str], ...] = ()  # added to every query request
    auth: str = "basic"  # how credentials are sent: basic or digest
    max_insert_triples: int = 20_000  # triples per INSERT DATA request
    system_graphs: tuple[str, ...] = ()  # the server's own graphs (IRI prefixes), never Parley's data
    bnodes_in_insert_data: bool = True  # False: write with INSERT {…} WHERE {} (same meaning)

    def is_system_graph(self, graph: str) -> bool:
        return graph.startswith(self.system_graphs) if self.system_graphs else False

    def endpoints(self, url: str) -> Endpoints:
        """The update and Graph Store endpoints, from options or the server's conventions."""
        update = os.environ.get("PARLEY_STORE_UPDATE_URL")
        graph_store = os.environ.get("PARLEY_STORE_GRAPH_STORE_URL")
        parts = urlsplit(url)
        if self.name == "oxigraph":
            base = parts.path.rsplit("/", 1)[0]
            update = update or urlunsplit(parts._replace(path=f"{base}/update", query=""))
            graph_store = graph_store or urlunsplit(parts._replace(path=f"{base}/store", query=""))
            return Endpoints(url, update, graph_store)
        if self.name == "virtuoso":
            auth = os.environ.get("PARLEY_STORE_USER")
            root = parts.path.rsplit("/", 1)[0]
            update = update or (urlunsplit(parts._replace(path=f"{root}/sparql-auth")) if auth else url)
            graph_store = graph_store or urlunsplit(parts._replace(
                path=f"{root}/sparql-graph-crud-auth" if auth else f"{root}/sparql-graph-crud", query=""))
            return Endpoints(url, update, graph_store, graph_param="graph-uri")
        return Endpoints(url, update or url, graph_store)

    def read_json(self, body: bytes) -> bytes:
        """SPARQL JSON results in the standard form pyoxigraph reads."""
        if self.name != "virtuoso":
            return body
        data = json.loads(body)
        if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # Virtuoso's ASK answer as a table
            rows = data["results"]["bindings"]
            value = rows[0]["__ASK_RETVAL"]["value"] if rows else 0
            return json.dumps({"head": {}, "boolean": str(value) in ("1", "true")}).encode()
        for binding in data.get("results", {}).get("bindings", []):
            for term in binding.values():
                if term.get("type") == "typed-literal":  # Virtuoso's pre-standard spelling
                    term["type"] = "literal"
                elif term.get("type") == "bnode":  # "nodeID://b10006" is not a blank node label
                    term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"])
        return json.dumps(data).encode()


DIALECTS = {
    # Oxigraph server: /query, /update, /store; the union default graph is a query option.
    "oxigraph": Dialect("oxigraph", query_params=(("union-default-graph", ""),)),
    # Virtuoso: one /sparql endpoint (Digest auth on /sparql-auth), the default graph is already
    # the union of all graphs, JSON literals typed as "typed-literal", long updates are refused,
    # it keeps graphs of its own (schemas, LDP) that are not Parley's data, and it refuses blank
    # nodes in INSERT DATA.
    "virtuoso": Dialect("virtuoso", auth="digest", max_insert_triples=5_000,
                        system_graphs=("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#",
                                       "http://localuriqaserver/", "http://www.w3.org/2002/07/owl#"),
                        bnodes_in_insert_data=False),
    # Any SPARQL 1.1 server whose default graph is the union (set PARLEY_STORE_UPDATE_URL and
    # PARLEY_STORE_GRAPH_STORE_URL when they differ from the query URL).
    "generic": Dialect("generic"),
}


def dialect_for(url: str) -> Dialect:
    """The dialect named by ``PARLEY_STORE_DIALECT``, else guessed from the URL."""
    name = os.environ.get("PARLEY_STORE_DIALECT")
    if name:
        if name not in DIALECTS:
            raise BadInput(f"unknown PARLEY_STORE_DIALECT {name!r} (known: {', '.join(DIALECTS)})")
        return DIALECTS[name]
    path = urlsplit(url).path.rstrip("/")
    if path.endswith("/query"):
        return DIALECTS["oxigraph"]
    if path.endswith(("/sparql", "/sparql-auth")):
        return DIALECTS["virtuoso"]
    return DIALECTS["generic"]
