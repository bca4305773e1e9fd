"""The W3C RDF 1.1 Turtle, TriG, N-Triples and N-Quads suites through the import path, driven by
their manifests: positive tests import, negative tests are refused with ``FILE:LINE:COLUMN`` and
write nothing, evaluation tests export back isomorphic to the expected N-Triples / N-Quads.

Known failures are listed, each with its reason, in ``tests/conformance.py``.
"""

from __future__ import annotations

import io
import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kb.errors import ParseError
from kb.export import export
from kb.importer import import_files, import_parsed
from kb.rdfio import ParsedInput, default_graph_for, read_rdf
from kb.store import open_store
from kb.vocab import ONTOLOGY_GRAPH

from . import conformance
from .conformance import RDF_KNOWN_FAILURES, RdfCase

CASES = conformance.rdf_cases(conformance.available())


def params(kind: str) -> list:
    """The cases of one kind, known failures marked (strictly: one that starts passing fails)."""
    def marks(case: RdfCase) -> list:
        if case.id not in RDF_KNOWN_FAILURES:
            return []
        return [pytest.mark.xfail(reason=RDF_KNOWN_FAILURES[case.id], raises=AssertionError, strict=True)]

    return [pytest.param(case, id=case.id, marks=marks(case)) for case in CASES if case.kind == kind]


def test_the_suites_are_there():
    folder = conformance.require()
    counts = {kind: sum(c.kind == kind for c in CASES) for kind in ("positive", "negative", "eval")}
    assert counts == {"positive": 266, "negative": 272, "eval": 288}, f"{folder}: {counts}"


def test_every_known_failure_is_a_case_with_a_reason():
    conformance.require()
    ids = {c.id for c in CASES}
    for case_id, reason in RDF_KNOWN_FAILURES.items():
        assert case_id in ids, f"{case_id} is no test of the suites: drop it from the list"
        assert len(reason) > 30, case_id


# ---------------------------------------------------------------------------------------------
# Positive and negative syntax
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", params("positive"))
def test_positive_syntax_is_imported(case: RdfCase, parley):
    run = parley("--store", "memory:", "import", "--base", case.base, str(case.action))
    assert run.code == 0, run.err
    assert run.err.startswith("wrote "), run.err


def canonical_dump(store) -> list[str]:
    """Everything the store holds, as sorted N-Quads lines."""
    return sorted(str(q) for q in store.quads())


@pytest.mark.parametrize("case", params("negative"))
def test_negative_syntax_is_refused_and_writes_nothing(case: RdfCase):
    with open_store("memory:") as store:
        # the graph the refused import would replace holds something: it must stay as it was
        graph = default_graph_for(str(case.action))
        kept = ox.Quad(ox.NamedNode("http://example.org/kept"), ox.NamedNode("http://example.org/p"),
                       ox.Literal("kept"), ox.NamedNode(graph))
        import_parsed(store, [ParsedInput("kept.nq", graph, [kept])])
        before = canonical_dump(store)
        with pytest.raises(ParseError) as refused:
            import_files(store, [str(case.action)], base=case.base)
        assert canonical_dump(store) == before
    assert_located(refused.value, case)


def assert_located(err: ParseError, case: RdfCase) -> None:
    """The message names the file and a line and column that exist in it."""
    lines = case.action.read_bytes().split(b"\n")
    assert err.source == str(case.action)
    assert err.line is not None and 1 <= err.line <= len(lines), str(err)
    assert err.column is not None and 1 <= err.column <= len(lines[err.line - 1]) + 1, str(err)
    assert str(err).startswith(f"{case.action}:{err.line}:{err.column}: ") and err.message.strip(), str(err)


@pytest.mark.parametrize("case", params("negative"))
def test_negative_syntax_through_the_command(case: RdfCase, parley):
    run = parley("--store", "memory:", "import", "--base", case.base, str(case.action))
    assert run.code == 1
    assert re.fullmatch(rf"error: {re.escape(str(case.action))}:\d+:\d+: \S[^\n]*\n", run.err), run.err


# ---------------------------------------------------------------------------------------------
# Evaluation: export isomorphic to the expected result
# ---------------------------------------------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DEFAULT = rdflib.URIRef("urn:x-conformance:default-graph")
_S, _P, _O, _G = (rdflib.URIRef(f"urn:x-conformance:{n}") for n in "spog")


def to_rdflib(term):
    """A pyoxigraph term as rdflib's, lexical forms kept as they are (rdflib's parsers would
    normalize "01"^^xsd:integer, hiding the very differences the suites test)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return _DEFAULT
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    datatype = None if term.datatype.value == _XSD_STRING else rdflib.URIRef(term.datatype.value)
    return rdflib.Literal(term.value, datatype=datatype, normalize=False)


def as_graph(quads) -> rdflib.Graph:
    """A dataset as one rdflib graph, a blank node per quad pointing at its four terms, so that
    rdflib's graph isomorphism is dataset isomorphism (blank nodes shared across graphs and
    blank-node graph names included)."""
    graph = rdflib.Graph()
    for q in quads:
        node = rdflib.BNode()
        for predicate, term in zip((_S, _P, _O, _G), (q.subject, q.predicate, q.object, q.graph_name), strict=True):
            graph.add((node, predicate, to_rdflib(term)))
    return graph


def assert_isomorphic(got: list[ox.Quad], expected: list[ox.Quad]) -> None:
    assert isomorphic(as_graph(got), as_graph(expected)), (
        "not isomorphic:\n--- exported\n" + "\n".join(sorted(map(str, got)))
        + "\n--- expected\n" + "\n".join(sorted(map(str, expected))))


def expected_quads(case: RdfCase) -> list[ox.Quad]:
    fmt = ox.RdfFormat.N_QUADS if case.syntax == "trig" else ox.RdfFormat.N_TRIPLES
    return list(ox.parse(path=str(case.result), format=fmt))


def exported(store, graph: str, syntax: str) -> list[ox.Quad]:
    """What ``parley export`` gives back: for Turtle the import's graph as N-Triples; for TriG the
    whole dataset as N-Quads, the import's graph standing for the file's default graph."""
    out = io.BytesIO()
    if syntax == "turtle":
        if not store.has_graph(graph):
            return []  # an empty graph is no graph: export names only graphs that exist
        export(store, out, fmt="ntriples", graph=graph)
        return list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES))
    export(store, out, fmt="nquads")
    own = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph() if q.graph_name == own else q.graph_name)
            for q in ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS) if q.graph_name.value != ONTOLOGY_GRAPH]


@pytest.mark.parametrize("case", params("eval"))
def test_evaluation_exports_isomorphic(case: RdfCase):
    with open_store("memory:") as store:
        report = import_files(store, [str(case.action)], base=case.base)
        got = exported(store, report.inputs[0].graph, case.syntax)
    assert_isomorphic(got, expected_quads(case))


NUMBER_CASES = [pytest.param(c, id=c.id) for c in CASES
                if RDF_KNOWN_FAILURES.get(c.id) == conformance.CANONICAL_NUMBERS]


@pytest.mark.parametrize("case", NUMBER_CASES)
def test_numbers_are_only_canonicalized_by_the_store(case: RdfCase):
    """The known failure's reason, checked: parsing keeps every lexical form, and the export
    equals the expected result once that has been through a pyoxigraph store too."""
    parsed = read_rdf(str(case.action), base=case.base, graph="urn:x-conformance:import")
    own = ox.NamedNode(parsed.graph)
    assert_isomorphic([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph() if q.graph_name == own
                               else q.graph_name) for q in parsed.quads], expected_quads(case))
    canonical = ox.Store()
    canonical.extend(expected_quads(case))
    with open_store("memory:") as store:
        report = import_files(store, [str(case.action)], base=case.base)
        assert_isomorphic(exported(store, report.inputs[0].graph, case.syntax), list(canonical))
