"""Named SPARQL queries: ``.rq`` files in this folder, each with a header saying what it
answers and which parameters it takes. Parameters are bound as RDF terms, never pasted into
the query text.

Header format (comment lines at the top of the file)::

    # One line saying what the query answers.
    #
    # More lines of description.
    #
    # @param actor iri   who made the statement
    # @param from  date  the first day of interest
    # @param asOf  date! a required parameter ends its type with "!"

Parameters are bound by a VALUES block at the top of the outermost WHERE group (see
:mod:`kb.bindings`), so use them in that group's patterns and FILTERs: a FILTER inside a
UNION branch or an OPTIONAL is evaluated before the join and would not see them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from ..bindings import tokens
from ..errors import BadInput, NotFound
from ..vocab import XSD, expand

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"#\s*@param\s+(\w+)\s+(\w+)(!?)\s*(.*)")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # iri, date, dateTime, string, integer
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str = field(repr=False)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise BadInput(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")


_INCLUDE = re.compile(r"^#INCLUDE ([\w-]+)\s*$", re.MULTILINE)


def _expand_includes(text: str) -> str:
    """Replace ``#INCLUDE name`` lines with the fragment ``_name.rq``, so queries that must
    select the same statements share one text."""
    return _INCLUDE.sub(lambda m: (QUERY_DIR / f"_{m[1]}.rq").read_text(encoding="utf-8"), text)


def _parse(path: Path) -> NamedQuery:
    text = _expand_includes(path.read_text(encoding="utf-8"))
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    params = tuple(Parameter(m[1], m[2], bool(m[3]), m[4].strip())
                   for m in (_PARAM.match(line) for line in header) if m)
    prose = [line.lstrip("#").strip() for line in header if not _PARAM.match(line)]
    title = prose[0] if prose else path.stem
    description = " ".join(p for p in prose[1:] if p).strip()
    return NamedQuery(path.stem, title, description, params, text)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, NamedQuery]:
    """Every named query, by name.

    :raises BadInput: if a query takes a parameter it only uses inside a sub-select, where the
        VALUES block that binds it is not seen (it would silently match everything).
    """
    found = {p.stem: _parse(p) for p in sorted(QUERY_DIR.glob("*.rq")) if not p.stem.startswith("_")}
    for q in found.values():
        outside = _outside_subselects(q.text)
        for p in q.parameters:
            if not re.search(rf"[?$]{p.name}\b", outside):
                raise BadInput(f"named query {q.name!r}: parameter {p.name!r} is not used in its outermost "
                               "WHERE group, where parameters are bound")
    return found


def _outside_subselects(text: str) -> str:
    """The query text without comment lines and without ``{ SELECT … }`` blocks."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found = list(tokens(text))
    cut, k = [], 0
    while k < len(found):
        pos, tok = found[k]
        if tok == "{" and k + 1 < len(found) and found[k + 1][1].upper() == "SELECT":
            depth, j = 0, k
            while j < len(found):
                depth += found[j][1] == "{"
                depth -= found[j][1] == "}"
                if depth == 0:
                    break
                j += 1
            cut.append((pos, found[j][0] + 1 if j < len(found) else len(text)))
            k = j
        k += 1
    for start, end in reversed(cut):
        text = text[:start] + text[end:]
    return text


def get(name: str) -> NamedQuery:
    """A named query, or :class:`NotFound` listing the names there are."""
    try:
        return catalogue()[name]
    except KeyError:
        raise NotFound(f"no named query {name!r} (there are: {', '.join(catalogue())})") from None


def term_for(param: Parameter, value: str, resolve_name: Callable[[str, str], str] | None = None):
    """Turn a parameter's text into the RDF term it stands for.

    IRI parameters take a full IRI, a prefixed name (``actor:russia``) or, given
    ``resolve_name``, a label such as ``Vladimir Putin``.

    :raises BadInput: when the value is not a valid term of the parameter's type.
    """
    value = value.strip()
    if param.type == "iri":
        iri = _as_iri(value) or (resolve_name(value, param.name) if resolve_name else None)
        if iri is None:
            raise BadInput(f"parameter {param.name}: {value!r} is not an IRI or a known prefixed name")
        try:
            return NamedNode(iri)
        except ValueError:
            raise BadInput(f"parameter {param.name}: {value!r} is not a valid IRI") from None
    if param.type in ("date", "dateTime"):
        return Literal(_iso(param, value), datatype=NamedNode(XSD + param.type))
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise BadInput(f"parameter {param.name}: {value!r} is not an integer")
        return Literal(value, datatype=NamedNode(XSD + "integer"))
    if param.type == "string":
        return Literal(value)
    raise BadInput(f"parameter {param.name}: unknown type {param.type!r} in the query header")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso(param: Parameter, value: str) -> str:
    """The canonical lexical form (2025-03-13, 2025-03-13T08:47:00): queries compare dates as
    text, so compact forms such as 20250313 that Python would accept are refused."""
    try:
        if param.type == "date" and _DATE.fullmatch(value):
            return dt.date.fromisoformat(value).isoformat()
        if param.type == "dateTime" and _DATE.match(value) and "T" in value:
            return dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    example = "2025-03-13" if param.type == "date" else "2025-03-13T08:47:00"
    raise BadInput(f"parameter {param.name}: {value!r} is not an ISO {param.type} like {example}")


def _as_iri(value: str) -> str | None:
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if re.match(r"^(https?|urn|file|tag|mailto):", value):
        return value
    return expand(value)


def bind(query: NamedQuery, params: Mapping[str, str],
         resolve_name: Callable[[str, str], str] | None = None) -> dict[str, object]:
    """Check and convert a query's parameters; missing required ones are an error."""
    bindings = {}
    for name, value in params.items():
        bindings[name] = term_for(query.parameter(name), value, resolve_name)
    missing = [p.name for p in query.parameters if p.required and p.name not in bindings]
    if missing:
        raise BadInput(f"query {query.name!r} needs the parameter(s) {', '.join(missing)}")
    return bindings
