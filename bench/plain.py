"""The plain queries: hand-written SPARQL (bench/queries/*.rq) that every engine runs as is.

Why: Parley must be compared with what a user gets from an engine without Parley, so the same
query text goes to pyoxigraph, rdflib, Virtuoso and Parley's own /sparql, and every answer is
reduced to plain rows of strings, so answers from different engines can be compared.

Parameters are written ``$name`` in the files and replaced by RDF terms printed in N-Triples
syntax (escaped by pyoxigraph), like Jena's ParameterizedSparqlString: a VALUES block at the
top, as Parley's named queries use, would not reach into the sub-selects that pick a page
first, and constants are what a person writes by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kb.vocab import XSD, sparql_prologue

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"\$(\w+)")
Rows = list[dict[str, str | None]]


def term(value) -> str:
    """A parameter as SPARQL: an IRI for http(s) strings, an ``xsd:date`` for a date, a plain
    literal for other strings, a list as its terms separated by spaces (for VALUES)."""
    if isinstance(value, (list, tuple)):
        return " ".join(term(v) for v in value)
    if isinstance(value, dt.date):
        return str(Literal(value.isoformat(), datatype=NamedNode(XSD + "date")))
    if value.startswith(("http://", "https://")):
        return str(NamedNode(value))
    return str(Literal(value))


def query_text(name: str, params: dict) -> str:
    """The query ``name`` with its ``$parameters`` filled in (header comments dropped)."""
    lines = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    body = "\n".join(line for line in lines if not line.startswith("#"))
    return sparql_prologue() + _PARAM.sub(lambda m: term(params[m[1]]), body)


def on_oxigraph(store, sparql: str) -> Rows:
    """Run on a pyoxigraph store, the default graph being the union of all graphs."""
    result = store.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def on_rdflib(dataset, sparql: str) -> Rows:
    """Run on an rdflib Dataset whose default graph is the union."""
    result = dataset.query(sparql)
    names = [str(v) for v in result.vars]
    return [{n: (str(row[n]) if row[n] is not None else None) for n in names} for row in result]


def on_endpoint(url: str, sparql: str, timeout: float = 600) -> Rows:
    """Run over the SPARQL protocol (POST, JSON results) on a server: Virtuoso or /sparql."""
    body = urllib.parse.urlencode({"query": sparql}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    names = answer["head"]["vars"]
    return [{n: (b[n]["value"] if n in b else None) for n in names} for b in answer["results"]["bindings"]]
