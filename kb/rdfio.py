"""Read RDF files into quads, and write quads out: the parse step of the one write path.

Syntax errors become :class:`~kb.errors.ParseError` with file, line and column; nothing is
written by this module.
"""

from __future__ import annotations

import hashlib
import re
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

#: How deeply JSON-LD objects and arrays, and RDF/XML elements, may nest. pyoxigraph's JSON-LD
#: reader recurses (some 2 KiB of stack a level: a few thousand levels overflow a thread's stack
#: and kill the process) and its RDF/XML reader slows quadratically with depth; real documents
#: nest a few levels.
MAX_NESTING = 128


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
        _check_xml(data, label)
    elif syntax.name == "jsonld":
        _refuse_deep_json(data, label)
    try:
        quads = [Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, DefaultGraph) else q
                 for q in parse(data, format=syntax.oxigraph, base_iri=base, rename_blank_nodes=True)]
    except SyntaxError as err:
        line, column = err.lineno, err.offset
        if line is not None:
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


_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


def _refuse_xml_entities(data: bytes, label: str) -> None:
    """RDF/XML may declare entities, and nested ones expand exponentially ("billion laughs"):
    refuse any entity declaration before the parser sees it, wherever it is (a prolog can be
    padded with comments) and however its DOCTYPE is spelt (the parser takes ``<!doctype``)."""
    found = _ENTITY_DECLARATION.search(data)
    if found:
        line = data[: found.start()].count(b"\n") + 1
        raise ParseError(label, line, None, "XML entity declarations are not accepted (they can expand "
                         "without bound); write the IRIs out in full")


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST_PAIR = re.compile(rb"\{\}|\[\]")


def _refuse_deep_json(data: bytes, label: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_NESTING` before pyoxigraph recurses into it.

    The skeleton of brackets outside strings loses its innermost pairs once per level, so a
    document of depth d takes d passes (a few for any real one).
    """
    skeleton = _JSON_STRING.sub(b"", data).translate(None, _NOT_A_BRACKET)
    for _ in range(MAX_NESTING):
        reduced = _INNERMOST_PAIR.sub(b"", skeleton)
        if reduced == skeleton or not reduced:
            return  # no brackets left, or unbalanced ones: the parser reports those
        skeleton = reduced
    if _INNERMOST_PAIR.search(skeleton):
        raise ParseError(label, None, None, f"JSON nested more than {MAX_NESTING} levels deep is not accepted")


def _check_xml(data: bytes, label: str) -> None:
    """Refuse XML that is not well-formed, or whose elements nest deeper than :data:`MAX_NESTING`,
    with expat's line and column (entities were refused before, so none is expanded here).

    pyoxigraph's RDF/XML reader takes a truncated document (or an empty one) for a whole one and
    reads what it saw: an upload cut short would import as less than it holds.
    """
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def start(*_):
        nonlocal depth
        depth += 1
        if depth > MAX_NESTING:
            raise ParseError(label, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                             f"XML elements nested more than {MAX_NESTING} levels deep are not accepted")

    def end(*_):
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        raise ParseError(label, err.lineno, err.offset + 1,
                         f"ill-formed XML: {xml.parsers.expat.ErrorString(err.code)}") from None


def _clean_message(err: SyntaxError) -> str:
    """Drop oxigraph's 'Parser error between line … column …:' preamble: we print FILE:LINE:COL."""
    message = err.msg or str(err)
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    if "LoadDocumentCallback" in message or "remote context" in message.lower():
        return "JSON-LD remote contexts are not fetched (Parley makes no outbound requests); inline the @context"
    return _visible(message)


def _visible(message: str) -> str:
    r"""Control and format characters of the input, as the escapes that name them.

    >>> _visible("Invalid IRI code point '\x00'; \ufeff is not a valid subject")
    "Invalid IRI code point '\\x00'; \\ufeff is not a valid subject"
    """
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
                   for c in message)


def write_rdf(quads: Iterable[Quad], syntax: RdfSyntax, output: IO[bytes] | None = None) -> bytes | None:
    """Serialize quads; triple-only syntaxes get the triples without their graph names."""
    if syntax.datasets:
        data: Iterable = quads
    else:
        data = (q.triple for q in quads)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig") else None
    return serialize(data, output, format=syntax.oxigraph, prefixes=prefixes)
