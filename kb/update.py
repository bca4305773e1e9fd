"""SPARQL 1.1 Update through the same guarantees as an import: validated, atomic, all or nothing.

The update first runs on a scratch copy of the store (a checkpoint of an on-disk store, or a
copy of one kept in memory); the copy is checked against the shapes; only then does the same
update run on the real store, in one transaction. Updates may not touch the ontology graph.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode

from .errors import BadInput, QueryError, ValidationError
from .shapes import validate_store
from .store import Store
from .vocab import ONTOLOGY_GRAPH, PREFIXES


def apply_update(store: Store, text: str) -> None:
    """Validate a SPARQL update on a scratch copy, then apply it to ``store``.

    :raises QueryError: if the update does not parse or uses SERVICE.
    :raises BadInput: if it uses LOAD (the store would fetch the URL), changes the ontology, or
        nests or runs on further than the parser can take (see :func:`_refuse_hostile`).
    :raises ValidationError: if the store would break the shapes; nothing is written.
    """
    _refuse_hostile(text)
    with _scratch(store) as scratch:
        _on_a_big_stack(_run, scratch, text)
        ontology = NamedNode(ONTOLOGY_GRAPH)
        if set(scratch.quads_for_pattern(None, None, None, ontology)) != set(store.quads(ONTOLOGY_GRAPH)):
            raise BadInput(f"an update may not change the ontology graph <{ONTOLOGY_GRAPH}>")
        violations = validate_store(scratch)
        if violations:
            raise ValidationError(violations)
    _on_a_big_stack(store.update, text)


#: pyoxigraph parses and plans SPARQL recursively, on the calling thread's stack: a few thousand
#: nested groups, or a few thousand chained operators, overflow 8 MiB and kill the process. An
#: update may nest this deep, and hold this many lexemes outside INSERT DATA / DELETE DATA blocks
#: (which are flat lists of any size); it runs on a stack of STACK bytes, far more than either needs.
MAX_NESTING, MAX_LEXEMES, STACK = 128, 5_000, 256 * 1024 * 1024


def _refuse_hostile(text: str) -> None:
    """Refuse, before any parsing, an update that would make the store fetch something (SERVICE,
    LOAD) or that nests or chains further than the parser can take.

    >>> _refuse_hostile("INSERT DATA { <http://e/LOAD> <http://e/p> 'SERVICE' } # LOAD")
    >>> _refuse_hostile("DELETE {?s ?p ?o} WHERE {?s ?p ?o FILTER(?o<1)};LOADSILENT<http://127.0.0.1/>")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kb.errors.BadInput: LOAD is refused (in 'LOADSILENT'): the server makes no outbound requests; ...
    """
    depth, counted, data_depth, after_data, run = 0, 0, None, False, 0
    for lexeme in _LEXEME.finditer(text):
        word, piece = lexeme.group("word"), lexeme.group()
        if piece.isspace():
            continue
        if word:
            _refuse_outbound(word)
        run = run + 1 if piece in "!^" else 0  # unary operators nest too: !!!!x, ^^^^p
        if piece in "{([" or run:
            depth += 1 if piece in "{([" else 0
            if max(depth, run) > MAX_NESTING:
                raise BadInput(f"the update nests more than {MAX_NESTING} levels deep (at character "
                               f"{lexeme.start()}); Parley's SPARQL parser cannot take more")
        if piece == "{" and after_data and data_depth is None:
            data_depth = depth
        elif piece in "})]":
            if data_depth == depth:
                data_depth = None
            depth -= 1
        after_data = bool(word) and word.upper() == "DATA"
        if data_depth is None:
            counted += 1
            if counted > MAX_LEXEMES:
                raise BadInput(f"the update is too long outside INSERT DATA / DELETE DATA blocks (more than "
                               f"{MAX_LEXEMES} words and signs); write large data with INSERT DATA or the "
                               "Graph Store")


def refuse_federation(query: str) -> None:
    """Refuse a query that would make the store fetch a URL: SERVICE, however it is glued to its
    neighbours (the lexer below knows where strings, IRIs and comments really end).

    :raises QueryError: naming SERVICE.
    """
    for lexeme in _LEXEME.finditer(query):
        word = lexeme.group("word")
        if word and "SERVICE" in word.upper():
            raise QueryError("SERVICE (federated queries) is refused: Parley makes no outbound requests")


def _refuse_outbound(word: str) -> None:
    """SERVICE and LOAD would make the store fetch a URL. Oxigraph's parser needs no space after a
    keyword (``SERVICE:x``, ``LOADSILENT<…>`` and ``true.SERVICE`` all run), so any word that
    holds either counts, whatever follows it."""
    upper = word.upper()
    where = "" if upper in ("SERVICE", "LOAD") else f" (in {word!r})"
    if "SERVICE" in upper:
        raise QueryError(f"SERVICE (federated queries) is refused{where}")
    if "LOAD" in upper:
        raise BadInput(f"LOAD is refused{where}: the server makes no outbound requests; import the file with "
                       "parley import or the Graph Store")


def _on_a_big_stack(function, *args) -> None:
    """Call ``function(*args)`` in a thread of its own with a stack of :data:`STACK` bytes (only
    what it touches is ever allocated), and raise what it raised."""
    failed: list[BaseException] = []

    def call() -> None:
        try:
            function(*args)
        except BaseException as err:  # handed over to the calling thread below, not swallowed
            failed.append(err)

    previous = threading.stack_size(STACK)
    try:
        worker = threading.Thread(target=call, name="parley-update", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if failed:
        raise failed[0]


#: The lexemes of SPARQL that may hold any text, so that a keyword inside them is no keyword:
#: comments (to the end of a line, ``\r`` included), IRIs (only the characters an IRI may hold,
#: so ``FILTER(1<2)SERVICE<…>`` is no IRI), strings, variables, the local part of prefixed names,
#: and backslash escapes (``neg:a\'`` opens no string); anything else is a word or one character.
_SKIPPED = (
    r"#[^\n\r]*",  # a comment
    r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>',  # an IRI
    r"'''(?:[^'\\]|\\.|'(?!''))*'''", r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'(?:[^'\\]|\\.)*'", r'"(?:[^"\\]|\\.)*"',  # strings
    r"[?$][A-Za-z0-9_]*",  # a variable
    r":(?:[A-Za-z0-9_\-.:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*",  # a local name
    r"\\[_~.\-!$&'()*+,;=/?#@%]",  # an escape
)
_LEXEME = re.compile("|".join(_SKIPPED) + r"|(?P<word>[A-Za-z_][A-Za-z0-9_\-.]*)|.", re.DOTALL)


def _run(target: pyoxigraph.Store, text: str) -> None:
    try:
        target.update(text, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"bad SPARQL update: {(err.msg or str(err)).splitlines()[0][:300]}") from None
    except (ValueError, RuntimeError) as err:
        raise QueryError(f"the update failed: {err}") from None


class _scratch:
    """A throw-away copy of the store to try an update on."""

    def __init__(self, store: Store):
        self.store, self.dir = store, None

    def __enter__(self) -> pyoxigraph.Store:
        if self.store.path:
            self.dir = tempfile.mkdtemp(prefix="parley-scratch-", dir=Path(self.store.path).parent)
            target = str(Path(self.dir) / "copy")
            self.store.checkpoint(target)
            return pyoxigraph.Store(target)
        copy = pyoxigraph.Store()  # a store in memory or on a server: copy it (fine at modest sizes)
        copy.extend(self.store.quads())
        return copy

    def __exit__(self, *exc) -> None:
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
