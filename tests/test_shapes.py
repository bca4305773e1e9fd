"""The compiled shapes give exactly the verdicts of pyshacl, the reference SHACL engine."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from kb.errors import ShapesError
from kb.ontology import ONTOLOGY_FILE, SHAPES_FILE
from kb.sample import sample_files
from kb.shapes import compile_shapes, validate

from .conftest import DATA

STATEMENT = (DATA / "statement.ttl").read_text()

# Inputs that exercise every constraint, valid and invalid; each is written for the tests.
CASES = {
    "valid": STATEMENT,
    "no actor": STATEMENT.replace("neg:actor ex:norland ; ", ""),
    "literal actor": STATEMENT.replace("neg:actor ex:norland", 'neg:actor "Norland"'),
    "no source": STATEMENT.replace("prov:wasDerivedFrom ex:wire-report", 'neg:dateText "x"'),
    "no date": STATEMENT.replace('neg:earliest "2026-02-02"^^xsd:date ; neg:latest "2026-02-02"^^xsd:date ;', ""),
    "reversed dates": STATEMENT.replace('neg:earliest "2026-02-02"', 'neg:earliest "2026-02-09"'),
    "ill-typed date": STATEMENT.replace('neg:latest "2026-02-02"^^xsd:date', 'neg:latest "2026-02-30"^^xsd:date'),
    "string date": STATEMENT.replace('neg:latest "2026-02-02"^^xsd:date', 'neg:latest "2026-02-02"'),
    "two latest": STATEMENT.replace('neg:latest "2026-02-02"^^xsd:date', 'neg:latest "2026-02-02"^^xsd:date, "2026-02-03"^^xsd:date'),
    "mixed date kinds": STATEMENT.replace('neg:latest "2026-02-02"^^xsd:date', 'neg:latest "2026-02-02T09:00:00"^^xsd:dateTime'),
    "two kinds": STATEMENT.replace("a neg:Proposal ;", "a neg:Proposal, neg:Rejection ;"),
    "no kind": STATEMENT.replace("a neg:Proposal ;", "a neg:Statement ;"),
    "bad status": STATEMENT.replace("neg:status neg:Occurred", "neg:status neg:Rumoured"),
    "two statuses": STATEMENT.replace("neg:status neg:Occurred", "neg:status neg:Occurred, neg:Planned"),
    "bad precision": STATEMENT.replace("neg:datePrecision neg:Day", "neg:datePrecision neg:Fortnight"),
    "untagged quote": STATEMENT.replace('tomorrow."@en', 'tomorrow."'),
    "two English summaries": STATEMENT.replace('the border"@en', 'the border"@en, "Talks offered"@en'),
    "summaries in two languages": STATEMENT.replace('the border"@en', 'the border"@en, "Norland propose"@fr'),
    "blank-node statement": STATEMENT.replace("ex:offer a neg:Proposal", "[] a neg:Proposal"),
    "actor without label": STATEMENT.replace('ex:norland a neg:State ; rdfs:label "Norland"@en .', "ex:norland a neg:State ."),
    "bad publication date": STATEMENT.replace('"2026-02-03T10:00:00Z"^^xsd:dateTime', '"yesterday"^^xsd:dateTime'),
    "unrelated data": "<http://e/x> a <http://e/Thing> ; <http://e/p> \"no rules apply\" .",
    "subclass defined in the data": STATEMENT.replace("a neg:Proposal ;", "a ex:Ultimatum ;")
        + "\nex:Ultimatum <http://www.w3.org/2000/01/rdf-schema#subClassOf> neg:Demand .\n",
}


def pyshacl_failures(text: str) -> set[str]:
    data = rdflib.Graph().parse(data=text, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return {_focus_text(report.value(r, sh.focusNode)) for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)}


def _focus_text(node) -> str:
    return "blank" if isinstance(node, rdflib.BNode) else f"<{node}>"


def our_failures(text: str) -> set[str]:
    quads = list(parse(text.encode(), format=RdfFormat.TURTLE))
    return {"blank" if v.focus.startswith("_:") else v.focus for v in validate(quads)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_verdict_as_pyshacl(case):
    assert our_failures(CASES[case]) == pyshacl_failures(CASES[case])


def test_the_cases_cover_both_verdicts():
    verdicts = {bool(our_failures(text)) for text in CASES.values()}
    assert verdicts == {True, False}


def test_sample_data_conforms_for_both_engines():
    text = "\n".join(Path(p).read_text() for p in sample_files())
    quads = [q for p in sample_files() for q in parse(path=str(p))]
    assert validate(quads) == []
    data = rdflib.Graph()
    for p in sample_files():
        data.parse(p)
    conforms, _, report = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(SHAPES_FILE),
                                           ont_graph=rdflib.Graph().parse(ONTOLOGY_FILE))
    assert conforms, report
    assert text


def test_messages_say_what_is_wrong():
    quads = list(parse(CASES["reversed dates"].encode(), format=RdfFormat.TURTLE))
    [violation] = validate(quads)
    assert violation.message == "neg:earliest (2026-02-09) is after neg:latest (2026-02-02)"


def test_unsupported_shacl_is_refused_not_ignored(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
<http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ;
    sh:property [ sh:path <http://e/p> ; sh:minLength 3 ] .
""")
    with pytest.raises(ShapesError, match="minLength"):
        compile_shapes(shapes)


def test_every_rule_in_the_shapes_file_is_compiled():
    checks = compile_shapes()
    paths = {c.path for c in checks if c.path}
    assert {"https://w3id.org/parley/ns#actor", "http://www.w3.org/ns/prov#wasDerivedFrom",
            "https://w3id.org/parley/ns#earliest"} <= paths
    assert sum(1 for c in checks if c.path is None) >= 4  # the SPARQL rules and node kinds
