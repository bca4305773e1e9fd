"""Bind query parameters as RDF terms with a VALUES block, never by pasting text into queries.

The block goes at the top of the query's outermost WHERE group, so FILTERs (including
``FILTER NOT EXISTS``) see the bound values and an unbound parameter is simply absent. Plain
SPARQL 1.1, so the same bound query runs on the embedded store and on any SPARQL server.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product

from pyoxigraph import Literal, NamedNode

from .errors import QueryError


def values_block(bindings: Mapping[str, object]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for the given terms; a list binds a variable to each of
    its terms in turn (one row per combination). Blank nodes cannot be bound."""
    names = sorted(bindings)
    choices = []
    for name in names:
        if not name.isidentifier():
            raise QueryError(f"{name!r} is not a variable name")
        value = bindings[name]
        terms = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if not all(isinstance(t, (NamedNode, Literal)) for t in terms):
            raise QueryError(f"?{name} must be bound to IRIs or literals")
        choices.append(terms)
    variables = " ".join(f"?{n}" for n in names)
    # Terms print in N-Triples syntax, escaped by pyoxigraph.
    rows = " ".join("(" + " ".join(str(t) for t in combo) + ")" for combo in product(*choices))
    return f"VALUES ({variables}) {{ {rows} }}"


def bind_values(query: str, bindings: Mapping[str, object] | None) -> str:
    """The query with a VALUES block opening its first group.

    >>> bind_values('SELECT * WHERE { ?s ?p ?o }', {"s": NamedNode("http://e/a")})
    'SELECT * WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    brace = _first_group(query)
    return query[: brace + 1] + " " + values_block(bindings) + query[brace + 1:]


def _first_group(query: str) -> int:
    """Index of the ``{`` opening the WHERE group: the first top-level ``{`` outside comments,
    strings and IRIs, skipping a CONSTRUCT template."""
    depth, after_construct = 0, False
    for i, token in tokens(query):
        if token == "{":
            if depth == 0 and not after_construct:
                return i
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                after_construct = False
        elif depth == 0 and token.upper() == "CONSTRUCT":
            after_construct = True
        elif depth == 0 and token.upper() == "WHERE":
            after_construct = False
    raise QueryError("the query has no WHERE group to bind parameters in")


def tokens(query: str):
    """Braces and words of a query with comments, strings and IRIs skipped, with positions."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1  # skip escaped characters, \\ included
            i = j + len(quote) - 1
        elif c == "<" and (end := query.find(">", i)) > 0 and not any(ch.isspace() for ch in query[i:end]):
            i = end
        elif c in "{}":
            yield i, c
        elif c in "?$":  # a variable: never a keyword, whatever its name
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            i = j - 1
        elif c.isalpha():
            j = i
            while j < n and (query[j].isalnum() or query[j] in "_:-."):
                j += 1
            yield i, query[i:j].rstrip(".")
            i = j - 1
        i += 1


def keywords(query: str) -> set[str]:
    """The words of a query outside comments, strings and IRIs, upper-cased (to spot SERVICE)."""
    return {token.upper() for _, token in tokens(query) if token not in "{}"}


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the query's first form keyword outside comments,
    strings and IRIs (a word in a comment, such as "describe", does not count)."""
    for _, token in tokens(query):
        upper = token.upper()
        if upper in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return upper
    return None
