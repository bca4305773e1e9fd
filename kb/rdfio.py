"""Read RDF files into quads, and write quads out: the parse step of the one write path.

Syntax errors become :class:`~kb.errors.ParseError` with file, line and column; nothing is
written by this module.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pyoxigraph import DefaultGraph, NamedNode, Quad, parse, serialize

from .errors import BadInput, NotFound, ParseError
from .formats import RdfSyntax, rdf_syntax, rdf_syntax_for_path
from .vocab import PREFIXES

STDIN = "-"


@dataclass
class ParsedInput:
    """One input file as parsed: its quads (default graph already moved to ``graph``)."""

    source: str  # the file name as the user gave it, or "<stdin>"
    graph: str  # the graph its default-graph triples went into
    quads: list[Quad] = field(default_factory=list)
    skipped_ontology: int = 0  # quads of the ontology graph a dump carried, left out

    @property
    def graphs(self) -> set[str]:
        """Every named graph this input writes: its own graph and the file's named graphs."""
        return {q.graph_name.value for q in self.quads} | {self.graph}


def default_graph_for(path: str, data: bytes | None = None) -> str:
    """The graph IRI an import goes into when none is given.

    A file's graph is its absolute ``file:`` URI, so importing the same file again replaces
    it; standard input is named after its content, so two different pipes never overwrite
    each other.
    """
    if path == STDIN:
        return "urn:sha256:" + hashlib.sha256(data or b"").hexdigest()
    return Path(path).resolve().as_uri()


def read_rdf(path: str, *, syntax: RdfSyntax | str | None = None, graph: str | None = None,
             base: str | None = None, stdin: IO[bytes] | None = None) -> ParsedInput:
    """Parse one file (or ``-`` for standard input) into quads.

    :raises ParseError: on a syntax error, with line and column.
    :raises BadInput: when the format cannot be told or the file cannot be read.
    """
    if isinstance(syntax, str):
        syntax = rdf_syntax(syntax)
    if path == STDIN:
        if syntax is None:
            raise BadInput("reading standard input needs --format")
        data = (stdin or sys.stdin.buffer).read()
        label = "<stdin>"
    else:
        syntax = syntax or rdf_syntax_for_path(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"{path}: no such file") from None
        except OSError as err:
            raise BadInput(f"{path}: cannot read: {err.strerror}") from None
        label = path
    target = graph or default_graph_for(path, data)
    if base is None and path != STDIN:
        base = Path(path).resolve().as_uri()
    return ParsedInput(label, target, parse_bytes(data, syntax, label=label, graph=target, base=base))


def parse_bytes(data: bytes, syntax: RdfSyntax, *, label: str, graph: str,
                base: str | None = None) -> list[Quad]:
    """Parse a whole serialization, moving default-graph triples into ``graph``."""
    target = NamedNode(graph)
    try:
        return [
            Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, DefaultGraph) else q
            for q in parse(data, format=syntax.oxigraph, base_iri=base, rename_blank_nodes=True)
        ]
    except SyntaxError as err:
        raise ParseError(label, err.lineno, err.offset, _clean_message(err)) from None
    except ValueError as err:  # e.g. an invalid base IRI
        raise BadInput(f"{label}: {err}") from None


def _clean_message(err: SyntaxError) -> str:
    """Drop oxigraph's 'Parser error between line … column …:' preamble: we print FILE:LINE:COL."""
    message = err.msg or str(err)
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    return message


def write_rdf(quads: Iterable[Quad], syntax: RdfSyntax, output: IO[bytes] | None = None) -> bytes | None:
    """Serialize quads; triple-only syntaxes get the triples without their graph names."""
    if syntax.datasets:
        data: Iterable = quads
    else:
        data = (q.triple for q in quads)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig") else None
    return serialize(data, output, format=syntax.oxigraph, prefixes=prefixes)
