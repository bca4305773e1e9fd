"""Check data against ``ontology/shapes.ttl`` by compiling the SHACL shapes to SPARQL.

Why not run a SHACL engine directly: pyshacl over rdflib needs about a minute and 2 GB for
100k statements, while the same constraints as SPARQL over an in-memory pyoxigraph store take
seconds. The shapes file stays the single statement of the rules: this module reads it and
compiles exactly the SHACL features it understands, and refuses (:class:`ShapesError`) any
other feature rather than silently ignoring it. ``tests/test_shapes.py`` checks that pyshacl
gives the same verdicts on the same inputs.

Supported: node shapes with ``sh:targetClass`` (subclasses included, as SHACL requires) and
``sh:nodeKind``; property shapes with an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``,
``sh:datatype`` (lexical validity included), ``sh:nodeKind``, ``sh:class``, ``sh:in``,
``sh:hasValue``, ``sh:pattern``, ``sh:uniqueLang``, ``sh:or`` of such constraints; and SPARQL
constraints (``sh:sparql`` with ``sh:select``, ``sh:prefixes``, ``sh:message``) whose ``$this``
is not used inside sub-selects.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, parse

from .errors import ShapesError, Violation
from .ontology import SHAPES_FILE, ontology_quads
from .vocab import RDF, RDFS, SH, XSD

_XSD_CASTS = {XSD + t for t in ("date", "dateTime", "integer", "decimal", "boolean", "double", "float",
                                "time", "duration", "string")}
_NODE_KINDS = {
    "IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "(isIRI(?v) || isBlank(?v))", "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
    "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
}
_PROPERTY_KEYS = {"path", "minCount", "maxCount", "datatype", "nodeKind", "class", "in", "hasValue",
                  "pattern", "flags", "uniqueLang", "or", "message", "name", "description", "severity"}
_NODE_KEYS = {"targetClass", "nodeKind", "property", "sparql", "message", "name", "description", "severity"}
_IGNORED_PREDICATES = {RDF + "type", RDFS + "label", RDFS + "comment"}


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose rows are violations."""

    shape: str
    path: str | None
    message: str
    query: str  # must project ?this, may project ?v and other variables named in the message


class _Graph:
    """Just enough of a triple index over the shapes file to read shapes."""

    def __init__(self, quads: list[Quad]):
        self.index: dict[object, dict[str, list]] = {}
        for q in quads:
            self.index.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)

    def values(self, node, predicate: str) -> list:
        return self.index.get(node, {}).get(predicate, [])

    def one(self, node, predicate: str):
        found = self.values(node, predicate)
        return found[0] if found else None

    def keys(self, node) -> set[str]:
        return {p[len(SH):] if p.startswith(SH) else p for p in self.index.get(node, {})} - \
            {p for p in _IGNORED_PREDICATES}

    def rdf_list(self, head) -> list:
        items = []
        while head != NamedNode(RDF + "nil"):
            items.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
            if head is None:
                raise ShapesError("malformed RDF list in shapes")
        return items


def _term(node) -> str:
    return str(node)  # N-Triples syntax, which is valid SPARQL


def _focus(target_classes: list[str]) -> str:
    values = " ".join(f"<{c}>" for c in target_classes)
    return (f"{{ SELECT DISTINCT ?this WHERE {{ VALUES ?targetClass {{ {values} }} "
            f"?this a ?cls . ?cls rdfs:subClassOf* ?targetClass . }} }}")


def _value_test(g: _Graph, shape, where: str) -> list[str]:
    """SPARQL boolean expressions on ?v that hold when the value conforms to ``shape``."""
    tests = []
    datatype = g.one(shape, SH + "datatype")
    if datatype is not None:
        tests.append(_datatype_test(datatype.value))
    kind = g.one(shape, SH + "nodeKind")
    if kind is not None:
        name = kind.value[len(SH):]
        if name not in _NODE_KINDS:
            raise ShapesError(f"{where}: unknown sh:nodeKind {kind}")
        tests.append(_NODE_KINDS[name])
    cls = g.one(shape, SH + "class")
    if cls is not None:
        tests.append(f"EXISTS {{ ?v rdf:type/rdfs:subClassOf* {_term(cls)} }}")
    allowed = g.one(shape, SH + "in")
    if allowed is not None:
        tests.append("(" + " || ".join(f"sameTerm(?v, {_term(t)})" for t in g.rdf_list(allowed)) + ")")
    pattern = g.one(shape, SH + "pattern")
    if pattern is not None:
        flags = g.one(shape, SH + "flags")
        flag_arg = f", {_term(Literal(flags.value))}" if flags is not None else ""
        tests.append(f"(!isBlank(?v) && REGEX(STR(?v), {_term(Literal(pattern.value))}{flag_arg}))")
    alternatives = g.one(shape, SH + "or")
    if alternatives is not None:
        options = []
        for member in g.rdf_list(alternatives):
            unknown = g.keys(member) - {"datatype", "nodeKind", "class", "in", "pattern", "flags"}
            if unknown:
                raise ShapesError(f"{where}: sh:or members may only use value tests, not {sorted(unknown)}")
            options.append(" && ".join(_value_test(g, member, where)) or "true")
        tests.append("(" + " || ".join(f"({o})" for o in options) + ")")
    return tests


def _datatype_test(datatype: str) -> str:
    if datatype == RDF + "langString":
        return "(isLiteral(?v) && LANG(?v) != \"\")"
    test = f"(isLiteral(?v) && DATATYPE(?v) = <{datatype}>"
    if datatype in _XSD_CASTS:
        # An ill-typed literal such as "2025-13-45"^^xsd:date fails the cast.
        test += f" && sameTerm(<{datatype}>(STR(?v)), <{datatype}>(STR(?v)))"
    return test + ")"


def _property_checks(g: _Graph, node_shape, prop, focus: str) -> list[Check]:
    shape_name = str(prop)
    unknown = g.keys(prop) - _PROPERTY_KEYS
    if unknown:
        raise ShapesError(f"{shape_name}: unsupported SHACL feature(s) {sorted(unknown)}")
    path = g.one(prop, SH + "path")
    if not isinstance(path, NamedNode):
        raise ShapesError(f"{shape_name}: only IRI paths are supported")
    p = _term(path)
    custom = g.one(prop, SH + "message")
    checks = []

    def add(default_message: str, query: str, explain: bool = True) -> None:
        if custom is None:
            message = default_message
        else:
            message = f"{custom.value} ({default_message})" if explain else custom.value
        checks.append(Check(str(node_shape), path.value, message, query))

    min_count = g.one(prop, SH + "minCount")
    if min_count is not None and int(min_count.value) > 0:
        n = int(min_count.value)
        add("none given" if n == 1 else f"fewer than {n} given",
            f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} ?v }} }}" if n == 1 else
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?v) < {n})")
    max_count = g.one(prop, SH + "maxCount")
    if max_count is not None:
        n = int(max_count.value)
        add(f"at most {n} allowed, more given",
            f"SELECT ?this WHERE {{ {focus} ?this {p} ?v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})")
    tests = _value_test(g, prop, shape_name)
    if tests:
        add(f"{path.value} has a value that does not fit",
            f"SELECT ?this ?v WHERE {{ {focus} ?this {p} ?v FILTER(!COALESCE({' && '.join(tests)}, false)) }}",
            explain=False)
    has_value = g.one(prop, SH + "hasValue")
    if has_value is not None:
        add(f"{has_value} is missing",
            f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} {_term(has_value)} }} }}")
    unique = g.one(prop, SH + "uniqueLang")
    if unique is not None and unique.value == "true":
        add("two values in the same language",
            f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?a, ?b . "
            f"FILTER(!sameTerm(?a, ?b) && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) BIND(LANG(?a) AS ?v) }}")
    return checks


def _sparql_check(g: _Graph, node_shape, constraint, focus: str) -> Check:
    select = g.one(constraint, SH + "select")
    if select is None:
        raise ShapesError(f"{constraint}: a SPARQL constraint needs sh:select")
    prologue = ""
    for ontology in g.values(constraint, SH + "prefixes"):
        for decl in g.values(ontology, SH + "declare"):
            prologue += f"PREFIX {g.one(decl, SH + 'prefix').value}: <{g.one(decl, SH + 'namespace').value}>\n"
    text = select.value.replace("$this", "?this")
    if re.search(r"\{[^{}]*\bSELECT\b", text, re.IGNORECASE):
        raise ShapesError(f"{constraint}: sub-selects are not supported in SPARQL constraints")
    # Pre-binding $this (SHACL §5.3.1) done as a join at the top of the WHERE clause.
    brace = text.index("{")
    text = text[:brace + 1] + f" {focus} " + text[brace + 1:]
    message = g.one(constraint, SH + "message")
    return Check(str(node_shape), None, message.value if message is not None else "violates a SPARQL constraint",
                 prologue + text)


@lru_cache(maxsize=4)
def compile_shapes(path: Path = SHAPES_FILE) -> tuple[Check, ...]:
    """Compile a shapes file into SPARQL checks.

    :raises ShapesError: if the file uses SHACL features this compiler does not implement.
    """
    g = _Graph(list(parse(path=str(path), format=RdfFormat.TURTLE)))
    checks: list[Check] = []
    for node_shape, props in g.index.items():
        if NamedNode(SH + "NodeShape") not in props.get(RDF + "type", []):
            continue
        unknown = g.keys(node_shape) - _NODE_KEYS
        if unknown:
            raise ShapesError(f"{node_shape}: unsupported SHACL feature(s) {sorted(unknown)}")
        targets = [t.value for t in g.values(node_shape, SH + "targetClass")]
        if not targets:
            raise ShapesError(f"{node_shape}: only sh:targetClass targets are supported")
        focus = _focus(targets)
        kind = g.one(node_shape, SH + "nodeKind")
        if kind is not None:
            test = _NODE_KINDS[kind.value[len(SH):]].replace("?v", "?this")
            name = kind.value[len(SH):]
            wording = "must be named by an IRI, not a blank node" if name == "IRI" else f"must be a {name}"
            checks.append(Check(str(node_shape), None, wording,
                                f"SELECT ?this WHERE {{ {focus} FILTER(!{test}) }}"))
        for prop in g.values(node_shape, SH + "property"):
            checks.extend(_property_checks(g, node_shape, prop, focus))
        for constraint in g.values(node_shape, SH + "sparql"):
            checks.append(_sparql_check(g, node_shape, constraint, focus))
    return tuple(checks)


_PROLOGUE = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX xsd: <{XSD}>\n"


def validate(quads: list[Quad], checks: tuple[Check, ...] | None = None) -> list[Violation]:
    """Every violation of the shapes in ``quads`` (with the ontology); empty means valid."""
    store = Store()
    store.extend(quads)
    store.extend(ontology_quads())
    return validate_store(store, checks)


def validate_store(store: Store, checks: tuple[Check, ...] | None = None) -> list[Violation]:
    """Every violation in a whole pyoxigraph store (its union graph, which must hold the
    ontology), e.g. a scratch copy after a SPARQL update."""
    checks = compile_shapes() if checks is None else checks
    violations: dict[tuple, Violation] = {}

    def run(check: Check):
        solutions = store.query(_PROLOGUE + check.query, use_default_graph_as_union=True)
        return {v.value for v in solutions.variables}, list(solutions)

    # pyoxigraph lets go of the GIL while it evaluates, so the checks run on every core at once
    with ThreadPoolExecutor(max_workers=max(1, min(len(checks), os.cpu_count() or 1))) as pool:
        answers = list(pool.map(run, checks))
    for check, (names, rows) in zip(checks, answers, strict=True):
        for row in rows:
            focus = row["this"]
            value = row["v"] if "v" in names else None
            message = _fill(check.message, row, names)
            shown = show_term(value) if value is not None else None
            v = Violation(show_term(focus), message, check.path, shown, check.shape)
            violations.setdefault((v.focus, v.message, v.path, v.value), v)
    return sorted(violations.values(), key=lambda v: (v.focus, v.message))


def _fill(message: str, row, names: set[str]) -> str:
    """Replace ``{?var}`` / ``{$var}`` in a SHACL message with the row's values."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in names:
            return match.group(0)
        term = row[name]
        return show_term(term) if term is not None else ""
    return re.sub(r"\{[?$](\w+)\}", value, message)


def show_term(term) -> str:
    """A term as violation messages show it: <iri>, _:label, or a literal's text."""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)
