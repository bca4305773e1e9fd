"""One table maps format names, media types, file extensions and parser formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat

from .errors import BadInput


@dataclass(frozen=True)
class RdfSyntax:
    """An RDF serialization Parley reads and writes."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    oxigraph: RdfFormat
    datasets: bool  # can it hold named graphs?


RDF_SYNTAXES: tuple[RdfSyntax, ...] = (
    RdfSyntax("turtle", "text/turtle", ("ttl", "turtle"), RdfFormat.TURTLE, False),
    RdfSyntax("trig", "application/trig", ("trig",), RdfFormat.TRIG, True),
    RdfSyntax("ntriples", "application/n-triples", ("nt", "ntriples"), RdfFormat.N_TRIPLES, False),
    RdfSyntax("nquads", "application/n-quads", ("nq", "nquads"), RdfFormat.N_QUADS, True),
    RdfSyntax("jsonld", "application/ld+json", ("jsonld", "json"), RdfFormat.JSON_LD, True),
    RdfSyntax("rdfxml", "application/rdf+xml", ("rdf", "xml", "owl"), RdfFormat.RDF_XML, False),
)

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "json-ld": "jsonld", "rdf/xml": "rdfxml", "xml": "rdfxml"}


def rdf_syntax(name: str) -> RdfSyntax:
    """Look a syntax up by name, alias or media type.

    :raises BadInput: for an unknown name, listing the known ones.
    """
    key = _ALIASES.get(name.lower(), name.lower())
    for syntax in RDF_SYNTAXES:
        if key in (syntax.name, syntax.media_type):
            return syntax
    known = ", ".join(s.name for s in RDF_SYNTAXES)
    raise BadInput(f"unknown RDF format {name!r} (known: {known})")


def rdf_syntax_for_path(path: str | Path) -> RdfSyntax:
    """Guess a file's syntax from its extension (``.gz`` is not supported on purpose)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    for syntax in RDF_SYNTAXES:
        if suffix in syntax.extensions:
            return syntax
    raise BadInput(f"{path}: cannot tell the RDF format from the extension {('.' + suffix) if suffix else '(none)'}; "
                   "pass --format")


@dataclass(frozen=True)
class ResultSyntax:
    """A serialization of SPARQL SELECT/ASK results."""

    name: str
    media_type: str
    oxigraph: QueryResultsFormat


RESULT_SYNTAXES: tuple[ResultSyntax, ...] = (
    ResultSyntax("json", "application/sparql-results+json", QueryResultsFormat.JSON),
    ResultSyntax("xml", "application/sparql-results+xml", QueryResultsFormat.XML),
    ResultSyntax("csv", "text/csv", QueryResultsFormat.CSV),
    ResultSyntax("tsv", "text/tab-separated-values", QueryResultsFormat.TSV),
)


def result_syntax(name: str) -> ResultSyntax:
    """Look a results syntax up by name or media type."""
    for syntax in RESULT_SYNTAXES:
        if name.lower() in (syntax.name, syntax.media_type):
            return syntax
    raise BadInput(f"unknown results format {name!r} (known: {', '.join(s.name for s in RESULT_SYNTAXES)})")
