"""Read RDF files into quads, and write quads out: the parse step of the one write path.

Syntax errors become :class:`~kb.errors.ParseError` with file, line and column; nothing is
written by this module.
"""

from __future__ import annotations

import hashlib
import sys
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple, parse, serialize

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
        """Every graph IRI this input writes: its own graph and the file's IRI-named graphs.

        Graphs named by a blank node (TriG allows ``_:g { … }``) are left out: their names are
        fresh at parsing, so they never replace a graph already in the store.
        """
        return {q.graph_name.value for q in self.quads if isinstance(q.graph_name, NamedNode)} | {self.graph}


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
    """Parse a whole serialization, moving default-graph triples into ``graph``.

    :raises ParseError: on a syntax error, located as precisely as the parser allows.
    :raises BadInput: for input Parley refuses on purpose (entity declarations, triple terms).
    """
    try:
        target = NamedNode(graph)
    except ValueError:
        raise BadInput(f"{graph!r} is not a valid IRI for a graph") from None
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is allowed, and means nothing
    if syntax.name == "rdfxml":
        _refuse_xml_entities(data, label)
    try:
        quads = [Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, DefaultGraph) else q
                 for q in parse(data, format=syntax.oxigraph, base_iri=base, rename_blank_nodes=True)]
    except SyntaxError as err:
        line, column = err.lineno, err.offset
        if line is None and syntax.name == "rdfxml":
            line, column = _xml_error_position(data)
        elif line is not None:
            line, column = _within_text(data, line, column)
        raise ParseError(label, line, column, _clean_message(err)) from None
    except MemoryError:
        raise BadInput(f"{label}: a single token (a literal or an IRI) is longer than the parser's "
                       "16 MiB limit") from None
    except ValueError as err:  # e.g. an invalid base IRI
        raise BadInput(f"{label}: {err}") from None
    for q in quads:
        if isinstance(q.subject, Triple) or isinstance(q.object, Triple):
            raise BadInput(f"{label}: RDF 1.2 triple terms are not supported yet (in {q.subject} {q.predicate} …)")
    return quads


def _within_text(data: bytes, line: int, column: int | None) -> tuple[int, int | None]:
    """An error "at the end of the file" is reported after the last newline, on a line the
    reader cannot see: point at the end of the last line that has text instead."""
    lines = data.decode("utf-8", "replace").split("\n")
    if line <= len(lines) and lines[line - 1].strip():
        return line, column
    last = max((i for i, text in enumerate(lines[:line], 1) if text.strip()), default=line)
    return last, len(lines[last - 1].rstrip()) + 1 if last <= len(lines) else column


def _refuse_xml_entities(data: bytes, label: str) -> None:
    """RDF/XML may declare entities, and nested ones expand exponentially ("billion laughs"):
    refuse any document type declaration with entities before the parser sees it."""
    head = data[:65536]
    if b"<!DOCTYPE" in head and b"<!ENTITY" in data:
        line = data[: data.index(b"<!ENTITY")].count(b"\n") + 1
        raise ParseError(label, line, None, "XML entity declarations are not accepted (they can expand "
                         "without bound); write the IRIs out in full")


def _xml_error_position(data: bytes) -> tuple[int | None, int | None]:
    """Where an XML well-formedness error is, from expat (entities are never expanded here)."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        return err.lineno, err.offset + 1
    return None, None


def _clean_message(err: SyntaxError) -> str:
    """Drop oxigraph's 'Parser error between line … column …:' preamble: we print FILE:LINE:COL."""
    message = err.msg or str(err)
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    if "LoadDocumentCallback" in message or "remote context" in message.lower():
        return "JSON-LD remote contexts are not fetched (Parley makes no outbound requests); inline the @context"
    return message


def write_rdf(quads: Iterable[Quad], syntax: RdfSyntax, output: IO[bytes] | None = None) -> bytes | None:
    """Serialize quads; triple-only syntaxes get the triples without their graph names."""
    if syntax.datasets:
        data: Iterable = quads
    else:
        data = (q.triple for q in quads)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig") else None
    return serialize(data, output, format=syntax.oxigraph, prefixes=prefixes)
