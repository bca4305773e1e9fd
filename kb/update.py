"""SPARQL 1.1 Update through the same guarantees as an import: validated, atomic, all or nothing.

The update first runs on a scratch copy of the store (a checkpoint of an on-disk store, or a
copy of one kept in memory); the copy is checked against the shapes; only then does the same
update run on the real store, in one transaction. Updates may not touch the ontology graph.

A time limit bounds the trial on the scratch copy (parsing, planning, running, validating): past
it the caller gets :class:`UpdateTimeout` and the store is untouched, since nothing reaches it
before the trial is done. pyoxigraph cannot cancel the trial, so its thread computes on, on the
copy only, and removes the copy when done; while one such straggler runs, further updates are
refused (:class:`kb.workers.Busy`). The update that passed then runs once more on the store, to
completion (it takes about as long as its trial did): a write is never cut off half-way.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode

from .errors import BadInput, QueryError, QueryTimeout, ValidationError
from .importer import refuse_redefinitions_in
from .shapes import validate_store
from .store import Store
from .vocab import ONTOLOGY_GRAPH, PREFIXES
from .workers import STACK, Stragglers, on_a_big_stack

__all__ = ["MAX_LEXEMES", "MAX_NESTING", "MAX_PATTERNS", "STACK", "UpdateTimeout", "apply_update",
           "refuse_federation", "refuse_hostile_query"]


class UpdateTimeout(QueryTimeout):
    """The update's trial ran past the time limit; nothing was written."""


def apply_update(store: Store, text: str, *, timeout: float | None = None,
                 stragglers: Stragglers | None = None) -> None:
    """Validate a SPARQL update on a scratch copy, then apply it to ``store``.

    ``timeout`` bounds the trial in seconds (None: no limit); ``stragglers`` counts the trials
    given up on that still compute, shared by the callers of one store (default: this call's own).

    :raises QueryError: if the update does not parse or uses SERVICE.
    :raises BadInput: if it uses LOAD (the store would fetch the URL), changes the ontology, or
        nests, runs on or holds more patterns than the parser and planner can take (see
        :func:`_refuse_hostile`).
    :raises ValidationError: if the store would break the shapes; nothing is written.
    :raises UpdateTimeout: if the trial ran past ``timeout``; nothing is written.
    :raises Busy: while an earlier trial given up on still computes; nothing is written.
    """
    _refuse_hostile(text)
    stragglers = stragglers or Stragglers(1, "updates")
    late = UpdateTimeout(f"the update ran past the time limit of {timeout or 0:g} s and was stopped; nothing was "
                         "written")
    stragglers.call(_try, store, text, timeout=timeout, late=late)
    on_a_big_stack(store.update, text)


def _try(store: Store, text: str) -> None:
    """Run the update on a scratch copy of ``store`` and check the result; write nothing to ``store``."""
    with _scratch(store) as scratch:
        _run(scratch, text)
        ontology = NamedNode(ONTOLOGY_GRAPH)
        if set(scratch.quads_for_pattern(None, None, None, ontology)) != set(store.quads(ONTOLOGY_GRAPH)):
            raise BadInput(f"an update may not change the ontology graph <{ONTOLOGY_GRAPH}>")
        refuse_redefinitions_in(scratch, getattr(store, "raw", None))  # nor anything new about neg: terms elsewhere
        violations = validate_store(scratch)
        if violations:
            raise ValidationError(violations)


#: pyoxigraph parses and plans SPARQL recursively, on the calling thread's stack: a few thousand
#: nested groups, or a few thousand chained operators, overflow 8 MiB and kill the process. An
#: update may nest this deep, and hold this many lexemes outside INSERT DATA / DELETE DATA blocks
#: (which are flat lists of any size); it runs on a stack of STACK bytes, far more than either needs.
#: Planning grows with the fourth power of the triple patterns sharing a group (measured with
#: pyoxigraph 0.5.13, ``?s <p_i> ?o_i`` repeated: 100 in 0.6 s, 200 in 9 s, 400 in 185 s), so an
#: update may hold MAX_PATTERNS of them outside the data blocks (so may a query on a store in memory,
#: where nothing can stop a plan).
MAX_NESTING, MAX_LEXEMES, MAX_PATTERNS = 128, 5_000, 100

#: What ends a triple pattern (or a step of a property path, which the planner expands into one).
_PATTERN_ENDS = frozenset(".;,/|}")


def _refuse_hostile(text: str) -> None:
    """Refuse, before any parsing, an update that would make the store fetch something (SERVICE,
    LOAD) or that nests, chains or joins further than the parser and planner can take.

    >>> _refuse_hostile("INSERT DATA { <http://e/LOAD> <http://e/p> 'SERVICE' } # LOAD")
    >>> _refuse_hostile("DELETE {?s ?p ?o} WHERE {?s ?p ?o FILTER(?o<1)};LOADSILENT<http://127.0.0.1/>")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kb.errors.BadInput: LOAD is refused (in 'LOADSILENT'): the server makes no outbound requests; ...
    """
    _scan(text, "update", BadInput, refuse_load=True, max_lexemes=MAX_LEXEMES, max_patterns=MAX_PATTERNS)


def refuse_hostile_query(query: str, *, count_patterns: bool = False) -> None:
    """Refuse a query that uses SERVICE (however hidden), nests deeper than the parser can take,
    or, with ``count_patterns``, holds more triple patterns than the planner can take.

    :raises QueryError: saying which, and where.
    """
    _scan(query, "query", QueryError, refuse_load=False, max_lexemes=None,
          max_patterns=MAX_PATTERNS if count_patterns else None)


def _scan(text: str, what: str, error: type[BadInput], *, refuse_load: bool, max_lexemes: int | None,
          max_patterns: int | None) -> None:
    """One pass of the lexer over ``text``, raising ``error`` at the first limit it passes."""
    depth, counted, patterns, data_depth, after_data, run = 0, 0, 0, None, False, 0
    for lexeme in _LEXEME.finditer(text):
        word, piece = lexeme.group("word"), lexeme.group()
        if piece.isspace():
            continue
        if word:
            _refuse_outbound(word, load=refuse_load)
        run = run + 1 if piece in "!^" else 0  # unary operators nest too: !!!!x, ^^^^p
        if piece in "{([" or run:
            depth += 1 if piece in "{([" else 0
            if max(depth, run) > MAX_NESTING:
                raise error(f"the {what} nests more than {MAX_NESTING} levels deep (at character "
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
            if max_lexemes is not None and counted > max_lexemes:
                raise error(f"the {what} is too long outside INSERT DATA / DELETE DATA blocks (more than "
                            f"{max_lexemes} words and signs); write large data with INSERT DATA or the "
                            "Graph Store")
            patterns += piece in _PATTERN_ENDS
            if max_patterns is not None and patterns > max_patterns:
                raise error(_too_many_patterns(what, max_patterns, lexeme.start()))


def _too_many_patterns(what: str, limit: int, at: int) -> str:
    where = "outside INSERT DATA / DELETE DATA blocks " if what == "update" else ""
    why = ("" if what == "update" else " on a store kept in memory, where nothing can stop it")
    return (f"the {what} is too long: more than {limit} triple patterns and path steps {where}(at character {at}); "
            f"pyoxigraph takes minutes to plan a few hundred{why}. Split it"
            + (", or write data with INSERT DATA or the Graph Store" if what == "update" else ""))


def refuse_federation(query: str) -> None:
    """Refuse a query that would make the store fetch a URL: SERVICE, however it is glued to its
    neighbours (the lexer below knows where strings, IRIs and comments really end).

    :raises QueryError: naming SERVICE.
    """
    for lexeme in _LEXEME.finditer(query):
        word = lexeme.group("word")
        if word and "SERVICE" in word.upper():
            raise QueryError("SERVICE (federated queries) is refused: Parley makes no outbound requests")


def _refuse_outbound(word: str, *, load: bool = True) -> None:
    """SERVICE and LOAD would make the store fetch a URL. Oxigraph's parser needs no space after a
    keyword (``SERVICE:x``, ``LOADSILENT<…>`` and ``true.SERVICE`` all run), so any word that
    holds either counts, whatever follows it."""
    upper = word.upper()
    where = "" if upper in ("SERVICE", "LOAD") else f" (in {word!r})"
    if "SERVICE" in upper:
        raise QueryError(f"SERVICE (federated queries) is refused{where}")
    if load and "LOAD" in upper:
        raise BadInput(f"LOAD is refused{where}: the server makes no outbound requests; import the file with "
                       "parley import or the Graph Store")


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
