"""Page through a query's answers in the engine (LIMIT/OFFSET), forwards or backwards.

Only Parley's own named queries go through here; the only text added is integers and the
``DESC`` keyword, so no value from outside ever becomes query text.
"""

from __future__ import annotations

import re

from .errors import QueryError

_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def paged(query: str, *, limit: int | None = None, offset: int = 0, descending: bool = False) -> str:
    """The query with its ORDER BY keys reversed (when asked) and LIMIT/OFFSET appended.

    >>> paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY (STR(?s)) ?s", limit=10, offset=20, descending=True)
    'SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC((STR(?s))) DESC(?s) LIMIT 10 OFFSET 20'
    """
    if descending:
        query = _reverse_order(query)
    if limit is not None:
        query = f"{query.rstrip()} LIMIT {int(limit)}"
    if offset:
        query = f"{query.rstrip()} OFFSET {int(offset)}"
    return query


def _reverse_order(query: str) -> str:
    matches = list(_ORDER_BY.finditer(query))
    if not matches:
        raise QueryError("the query has no ORDER BY to reverse")
    start = matches[-1].end()
    keys = _order_keys(query[start:])
    flipped = []
    for key in keys:
        upper = key.upper()
        if upper.startswith("DESC"):
            flipped.append("ASC" + key[4:])
        elif upper.startswith("ASC"):
            flipped.append("DESC" + key[3:])
        else:
            flipped.append(f"DESC({key})")
    return query[:start] + " " + " ".join(flipped)


def _order_keys(clause: str) -> list[str]:
    """Split an ORDER BY clause into its keys: variables, (expressions), ASC(…)/DESC(…)."""
    keys, i, n = [], 0, len(clause)
    while i < n:
        if clause[i].isspace():
            i += 1
            continue
        j = i
        while j < n and (clause[j].isalnum() or clause[j] in "?$_:"):
            j += 1
        if j < n and clause[j] == "(":
            depth = 0
            while j < n:
                depth += clause[j] == "("
                depth -= clause[j] == ")"
                j += 1
                if depth == 0:
                    break
        if j == i:
            raise QueryError(f"cannot read the ORDER BY clause near {clause[i:i + 20]!r}")
        keys.append(clause[i:j])
        i = j
    return keys
