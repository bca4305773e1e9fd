"""Serialize query answers for the SPARQL protocol, stopping at a row cap.

pyoxigraph serializes a whole answer or nothing; an endpoint must stop at a cap and say so,
so SELECT answers are written here, row by row, in the four W3C results formats.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, serialize

from .vocab import PREFIXES, XSD

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD, "application/rdf+xml": RdfFormat.RDF_XML,
}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
                "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


@dataclass
class Answer:
    """A serialized answer: the bytes, their media type, and whether rows were cut at the cap."""

    kind: str  # select, ask, graph
    media_type: str
    body: bytes
    rows: int = 0
    truncated: bool = False


def kind_of(result) -> str:
    """``select``, ``ask`` or ``graph``."""
    if isinstance(result, QuerySolutions):
        return "select"
    if isinstance(result, QueryBoolean):
        return "ask"
    return "graph"


def serialize_answer(result, kind: str, media_type: str, max_rows: int) -> Answer:
    """Write ``result`` (of ``kind``) as ``media_type``, which must suit that kind."""
    if kind == "select":
        return _select(result, SELECT_TYPES[media_type], media_type, max_rows)
    if kind == "ask":
        fmt = SELECT_TYPES[media_type]
        return Answer("ask", media_type, _boolean(bool(result), fmt))
    triples = []
    truncated = False
    for triple in result:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    fmt = GRAPH_TYPES[media_type]
    prefixes = PREFIXES if fmt == RdfFormat.TURTLE else None
    return Answer("graph", media_type, serialize(triples, format=fmt, prefixes=prefixes), len(triples), truncated)


def _select(result: QuerySolutions, fmt: str, media_type: str, max_rows: int) -> Answer:
    names = [v.value for v in result.variables]
    rows, truncated = [], False
    for solution in result:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append([solution[n] for n in names])
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt]
    return Answer("select", media_type, writer(names, rows), len(rows), truncated)


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _json(names, rows) -> bytes:
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()


def _xml_term(term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(names, rows) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>" + "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                                         for n, t in zip(names, row, strict=True) if t is not None) + "</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode()


def _csv(names, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, BlankNode) else t.value) for t in row])
    return buffer.getvalue().encode()


def _tsv(names, rows) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]  # N-Triples terms
    return ("\n".join(lines) + "\n").encode()


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return b"_askResult\r\n" + (b"true" if value else b"false") + b"\r\n"
    return json.dumps({"head": {}, "boolean": value}).encode()
