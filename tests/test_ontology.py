"""The ontology: the terms the project promises exist, each documented, with a versioned header."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kb.ontology import ONTOLOGY_FILE

NEG = rdflib.Namespace("https://w3id.org/parley/ns#")
CLASSES = ["Statement", "Proposal", "Acceptance", "Rejection", "Position", "Demand", "Meeting", "Call",
           "Visit", "Agreement", "MilitaryEvent", "Assessment", "Actor", "Person", "State",
           "Organization", "Topic", "Source"]
PROPERTIES = ["actor", "counterpart", "topic", "stance", "status", "earliest", "latest", "datePrecision",
              "dateText", "quote", "summary", "reportedBy", "represents", "role", "location", "edtf",
              "respondsTo", "fulfils", "cameo", "plover", "condition"]
VALUES = {"Stance": ["Supports", "Opposes", "Conditional", "Undecided"],
          "Status": ["Occurred", "Planned", "Expected", "Possible", "Unconfirmed", "Denied"],
          "DatePrecision": ["Day", "Week", "Month", "Year", "Unknown"]}

g = rdflib.Graph().parse(ONTOLOGY_FILE)


def test_header_has_a_version():
    [ontology] = g.subjects(RDF.type, OWL.Ontology)
    assert g.value(ontology, OWL.versionInfo)
    assert g.value(ontology, RDFS.comment)


def test_required_classes_and_statement_kinds():
    for name in CLASSES:
        assert (NEG[name], RDF.type, OWL.Class) in g, name
    kinds = set(g.subjects(RDFS.subClassOf, NEG.Statement))
    assert {NEG[n] for n in CLASSES[1:12]} == kinds
    assert {NEG.Person, NEG.State, NEG.Organization} == set(g.subjects(RDFS.subClassOf, NEG.Actor))


def test_required_properties_and_values():
    for name in PROPERTIES:
        assert (NEG[name], None, None) in g and g.value(NEG[name], RDF.type) is not None, name
    for cls, members in VALUES.items():
        assert {NEG[m] for m in members} == set(g.subjects(RDF.type, NEG[cls])), cls


def test_every_term_has_a_label_and_a_comment():
    for term in set(g.subjects()):
        if isinstance(term, rdflib.URIRef) and str(term).startswith(str(NEG)):
            assert g.value(term, RDFS.label), term
            assert g.value(term, RDFS.comment), term


def test_aligned_with_standard_vocabularies():
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    sem = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    assert (NEG.Statement, RDFS.subClassOf, sem.Event) in g
    assert (NEG.Actor, RDFS.subClassOf, prov.Agent) in g
    assert (NEG.represents, RDFS.subPropertyOf, prov.actedOnBehalfOf) in g
    assert (NEG.Rejection, NEG.ploverType, rdflib.Literal("REJECT")) in g
