"""The store: data survives on disk, one process owns it, queries see the union of graphs."""

from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib

from kb.errors import BadInput, StoreError
from kb.importer import import_files
from kb.store import open_store
from kb.vocab import ONTOLOGY_GRAPH

from .conftest import DATA

GOOD = str(DATA / "statement.ttl")


def test_a_new_store_holds_the_ontology_in_its_own_graph(store):
    assert list(store.graph_sizes()) == [ONTOLOGY_GRAPH]
    assert bool(store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ neg:Proposal rdfs:subClassOf neg:Statement }} }}"))


def test_data_survives_reopening(store_dir):
    with open_store(store_dir) as s:
        import_files(s, [GOOD], graph="urn:g:talks")
        size = len(s)
    with open_store(store_dir) as s:
        assert len(s) == size and s.has_graph("urn:g:talks")


def test_default_graph_is_the_union_and_graph_still_works(store):
    import_files(store, [GOOD], graph="urn:g:talks")
    assert bool(store.query("ASK { ?s a neg:Proposal }"))
    rows = list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s a neg:Proposal } }"))
    assert [r["g"].value for r in rows] == ["urn:g:talks"]


@pytest.mark.embedded_only("a server has no lock to take")
def test_a_second_process_gets_a_clear_message(store_dir):
    with open_store(store_dir):
        other = subprocess.run([sys.executable, "-m", "kb", "--store", store_dir, "stats"],
                               capture_output=True, text=True)
    assert other.returncode == 1
    assert "in use by another process" in other.stderr and "Traceback" not in other.stderr


def test_a_file_is_not_a_store(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(BadInput, match="not a directory"):
        open_store(str(path))


def test_an_unreachable_server_is_a_clear_error(parley):
    run = parley("--store", "http://127.0.0.1:9/query", "stats")
    assert run.code == 1 and "cannot reach the SPARQL server" in run.err and "Traceback" not in run.err


@pytest.mark.embedded_only("oxrdflib bridges to the embedded store; for a server use rdflib's SPARQLStore")
def test_rdflib_sees_the_same_data(sample_store):
    dataset = sample_store.as_rdflib()
    neg = rdflib.Namespace("https://w3id.org/parley/ns#")
    visits = set(dataset.subjects(rdflib.RDF.type, neg.Visit))
    assert len(visits) == 1
    answer = dataset.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/parley/ns#Visit> }")
    assert int(next(iter(answer))[0]) == 1


def test_store_error_is_a_kb_error():
    assert issubclass(StoreError, Exception) and StoreError.http_status == 503
