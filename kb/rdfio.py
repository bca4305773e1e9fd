"""Read RDF files into quads, and write quads out: the parse step of the one write path.

Syntax errors become :class:`~kb.errors.ParseError` with file, line and column; nothing is
written by this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import re
import sys
import uuid
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, Triple, parse, serialize

from .errors import BadInput, NotFound, ParseError
from .formats import RdfSyntax, rdf_syntax, rdf_syntax_for_path
from .vocab import GENID, PREFIXES

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
    #: the file's named graphs when its quads were loaded straight into a store (kb.importer's
    #: streaming path), so ``quads`` stays empty
    loaded_graphs: set[str] = field(default_factory=set)

    @property
    def graphs(self) -> set[str]:
        """Every graph IRI this input writes: its own graph and the file's named graphs.

        A graph named by a blank node (TriG allows ``_:g { … }``) was given a fresh skolem IRI
        at parsing (see :func:`skolem_graph`), so it never replaces a graph already in the store.
        """
        return {q.graph_name.value for q in self.quads} | self.loaded_graphs | {self.graph}


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
    skolems: dict[BlankNode, NamedNode] = {}

    def named(graph_name):
        if isinstance(graph_name, DefaultGraph):
            return target
        if isinstance(graph_name, BlankNode):
            return skolems.setdefault(graph_name, skolem_graph())
        return graph_name

    with _parser_errors(label, lambda line, column: _within_text(data, line, column)):
        quads = [Quad(q.subject, q.predicate, q.object, named(q.graph_name))
                 for q in parse(data, format=syntax.oxigraph, base_iri=base, rename_blank_nodes=True)]
    for q in quads:
        if isinstance(q.subject, Triple) or isinstance(q.object, Triple):
            raise BadInput(f"{label}: RDF 1.2 triple terms are not supported yet (in {q.subject} {q.predicate} …)")
    if syntax.name == "jsonld":  # after parsing: what the parser refuses is reported as it says
        _refuse_bad_jsonld_ids(data, label, base)
    return quads


def _unskolemized(q: Quad) -> Quad:
    name = q.graph_name
    if isinstance(name, NamedNode) and name.value.startswith(GENID):
        return Quad(q.subject, q.predicate, q.object, BlankNode(name.value[len(GENID):]))
    return q


def skolem_graph() -> NamedNode:
    """A fresh IRI for a graph a file names by a blank node (TriG ``_:g { … }``): SPARQL cannot
    write to a blank-node graph (a server store would refuse ``GRAPH _:g``), so every store gets
    a skolem IRI instead (RDF 1.1 §3.5), new at every parsing as the blank node's label was."""
    return NamedNode(GENID + uuid.uuid4().hex)


#: The syntaxes :func:`load_file` reads straight into a store: no byte-level check of Parley's
#: has to run first (JSON-LD and RDF/XML have nesting and entity checks: see parse_bytes).
STREAMING_SYNTAXES = frozenset({"turtle", "trig", "ntriples", "nquads"})


@contextlib.contextmanager
def _parser_errors(label: str, locate):
    """pyoxigraph's parse errors as Parley's: a syntax error at ``locate(line, column)`` (where
    the line really is in the input), a token too long, a bad base IRI."""
    try:
        yield
    except SyntaxError as err:
        line, column = err.lineno, err.offset
        if line is not None:
            line, column = locate(line, column)
        raise ParseError(label, line, column, _clean_message(err)) from None
    except MemoryError:
        raise BadInput(f"{label}: a single token (a literal or an IRI) is longer than the parser's "
                       "16 MiB limit") from None
    except ValueError as err:  # e.g. an invalid base IRI
        raise BadInput(f"{label}: {err}") from None


class _Reading:
    """A file as pyoxigraph reads it, telling ``tick(bytes read so far)`` as it goes (a progress bar)."""

    def __init__(self, handle, tick, start: int = 0):
        self.handle, self.tick, self.done = handle, tick, start

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        self.tick(self.done)
        return data


def load_file(store: pyoxigraph.Store, path: str, syntax: RdfSyntax, *, label: str, graph: str,
              base: str | None, bulk: bool = True, tick=None) -> set[str]:
    """Bulk-load one file into a (scratch) pyoxigraph store without making Python objects of its
    quads, as :func:`parse_bytes` would read it: default-graph triples into ``graph``, blank nodes
    renamed, blank-node graph names skolemized. Returns the named graphs the file wrote.
    ``bulk=False`` loads in one transaction, a fifth faster into a store in memory. ``tick`` is
    told how many bytes of the file have been read, as they are.

    A failure may leave part of the file in ``store``: the caller throws the store away.

    :raises ParseError: on a syntax error, with line and column.
    :raises BadInput: for input Parley refuses on purpose (triple terms), an invalid IRI.
    """
    if syntax.name not in STREAMING_SYNTAXES:
        raise ValueError(f"{syntax.name} is read through parse_bytes")
    try:
        target = NamedNode(graph)
    except ValueError:
        raise BadInput(f"{graph!r} is not a valid IRI for a graph") from None
    before = set(store.named_graphs())
    load = store.bulk_load if bulk else store.load
    try:
        with _parser_errors(label, lambda line, column: _within_file(path, line, column)), \
                open(path, "rb") as handle:
            bom = handle.read(3) == b"\xef\xbb\xbf"
            if not bom:
                handle.seek(0)
            if tick is not None:
                load(_Reading(handle, tick, handle.tell()), syntax.oxigraph, base_iri=base, to_graph=target)
            elif bom:  # the parser would take it for text: read past it, as parse_bytes strips it
                load(handle, syntax.oxigraph, base_iri=base, to_graph=target)
            else:
                load(path=path, format=syntax.oxigraph, base_iri=base, to_graph=target)
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except OSError as err:
        raise BadInput(f"{label}: cannot read: {err.strerror or err}") from None
    _refuse_loaded_triple_terms(store, path, label)
    added = set(store.named_graphs()) - before
    for name in [g for g in added if isinstance(g, BlankNode)]:
        skolem = skolem_graph()
        store.bulk_extend(Quad(q.subject, q.predicate, q.object, skolem)
                          for q in store.quads_for_pattern(None, None, None, name))
        store.remove_graph(name)
        added = (added - {name}) | {skolem}
    return {g.value for g in added}


def _refuse_loaded_triple_terms(store: pyoxigraph.Store, path: str, label: str) -> None:
    """RDF 1.2 triple terms are refused, as parse_bytes does; they can only be written with
    ``<<``, so only a file holding that pair of bytes is looked for them in the store."""
    with open(path, "rb") as handle:
        if not handle.read(1):
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b"<<") < 0:
                return
    found = next(iter(store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isTRIPLE(?o)) } } LIMIT 1")),
                 None)
    if found is not None:
        raise BadInput(f"{label}: RDF 1.2 triple terms are not supported yet (in {found['s']} {found['p']} …)")


def _within_file(path: str, line: int, column: int | None) -> tuple[int, int | None]:
    """:func:`_within_text` for a file read in lines, not all at once (it can be gigabytes)."""
    last, last_text, reported = None, "", None
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if number == line:
                reported = text
            if text.strip():
                last, last_text = number, text
            if number >= line:
                break
    if reported is not None and reported.strip():
        return line, column
    if last is None:
        return line, column
    return last, len(last_text.rstrip()) + 1


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


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*\Z")


def _refuse_bad_jsonld_ids(data: bytes, label: str, base: str | None) -> None:
    """Refuse a JSON-LD node whose ``@id`` is neither an IRI nor a blank node identifier:
    JSON-LD expansion drops such a node with all it says, so the file would import as less than
    it holds, without a word. Only plain ``@id`` keys are looked at (an aliased one is not)."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return  # the parser reports what is wrong with it
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    continue  # a context's @id-typed terms are no nodes
                if key == "@id" and isinstance(value, str) and not _usable_id(value, base):
                    raise BadInput(f"{label}: the node with \"@id\": {json.dumps(value)} has no valid IRI "
                                   "(JSON-LD would drop it and everything it says)")
                stack.append(value)


def _usable_id(value: str, base: str | None) -> bool:
    """Whether an ``@id`` names a node: a blank node id, or an IRI once resolved against the base."""
    if value.startswith("_:"):
        return True
    if ":" in value and not value.startswith(("./", "../", "/", "#", "?")) and _ABSOLUTE_IRI.match(value):
        try:
            NamedNode(value)
            return True
        except ValueError:
            return False
    if base is None:
        return False
    return not any(c in value for c in ' <>"{}|\\^`')


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
    """Serialize quads; triple-only syntaxes get the triples without their graph names, and
    graphs with skolem IRIs are written as the blank-node graphs they were read from."""
    if syntax.datasets:
        data: Iterable = (_unskolemized(q) for q in quads)
    else:
        data = (q.triple for q in quads)
    prefixes = PREFIXES if syntax.name in ("turtle", "trig") else None
    return serialize(data, output, format=syntax.oxigraph, prefixes=prefixes)
