"""The staged import (kb.importer._import_staged): big files bulk-loaded into a copy of the store,
validated there and swapped in, with the guarantees and messages of the in-memory path."""

from __future__ import annotations

import pytest

from kb.errors import BadInput, ParseError, ValidationError
from kb.export import export
from kb.importer import import_files
from kb.rdfio import GENID
from kb.sample import load_sample
from kb.store import open_store
from kb.store.embedded import EmbeddedStore
from kb.vocab import NEG, ONTOLOGY_GRAPH

from .conftest import DATA

STATEMENT = (DATA / "statement.ttl").read_text(encoding="utf-8")


@pytest.fixture(params=["staged", "staged, empty store", "in memory"])
def store(request, tmp_path, monkeypatch):
    """An on-disk store written to by its only user, holding the sample (but for ``empty
    store``: then the staged path validates an in-memory copy while it bulk-loads); ``staged``
    makes every file big enough for the staged path, ``in memory`` none."""
    monkeypatch.setattr(EmbeddedStore, "BULK_QUADS", 10**9 if request.param == "in memory" else 1)
    with open_store(str(tmp_path / "store")) as opened:
        if "empty" not in request.param:
            load_sample(opened)
        opened.exclusive = True
        yield opened


def nquads(store) -> list[bytes]:
    import io

    out = io.BytesIO()
    export(store, out, fmt="nquads")
    return sorted(out.getvalue().splitlines())


def test_a_file_goes_into_its_graph_and_again_replaces_it(store, tmp_path):
    path = tmp_path / "talks.ttl"
    path.write_text(STATEMENT, encoding="utf-8")
    first = import_files(store, [str(path)])
    graph = path.resolve().as_uri()
    assert first.written == {graph: store.graph_sizes()[graph]} and first.quads > 0
    again = import_files(store, [str(path)])
    assert again.replaced == {graph: first.quads} and f"(replacing {first.quads})" in again.summary()
    assert store.graph_sizes()[graph] == first.quads


def test_a_trig_dump_replaces_its_named_graphs_and_skips_the_ontology(store, tmp_path):
    path = tmp_path / "dump.trig"
    if not store.graph_sizes().keys() - {ONTOLOGY_GRAPH}:
        load_sample(store)
    with open(path, "wb") as out:
        export(store, out, fmt="trig")
    before = nquads(store)
    report = import_files(store, [str(path)])
    assert nquads(store) == before
    assert "skipped" in report.summary() and "quads of the ontology graph" in report.summary()
    assert ONTOLOGY_GRAPH not in report.written


def test_a_syntax_error_says_where_and_writes_nothing(store, tmp_path):
    path = tmp_path / "broken.nt"
    path.write_text('<https://e/a> <https://e/p> "1" .\n<https://e/a> <https://e/p> "2 .\n', encoding="utf-8")
    before = nquads(store)
    with pytest.raises(ParseError, match=r"broken\.nt:2:\d+: "):
        import_files(store, [str(path)])
    assert nquads(store) == before


def test_a_shape_violation_names_the_file_and_writes_nothing(store, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(STATEMENT.replace('neg:latest "2026-02-02"', 'neg:latest "2026-13-45"'), encoding="utf-8")
    before = nquads(store)
    with pytest.raises(ValidationError) as caught:
        import_files(store, [str(path)])
    assert any(v.source == str(path) for v in caught.value.violations), caught.value
    assert nquads(store) == before


def test_a_dry_run_writes_nothing(store, tmp_path):
    path = tmp_path / "talks.ttl"
    path.write_text(STATEMENT, encoding="utf-8")
    before = nquads(store)
    report = import_files(store, [str(path)], dry_run=True)
    assert report.quads > 0 and report.summary().startswith("would write")
    assert nquads(store) == before


def test_redefining_a_term_of_parley_is_refused(store, tmp_path):
    path = tmp_path / "redefine.ttl"
    path.write_text(f"<{NEG}Proposal> <http://www.w3.org/2000/01/rdf-schema#label> \"Surrender\"@en .\n",
                    encoding="utf-8")
    before = nquads(store)
    with pytest.raises(BadInput, match=r"redefine\.ttl: neg:Proposal <http://www.w3.org/2000/01/rdf-schema#label>"):
        import_files(store, [str(path)])
    assert nquads(store) == before


def test_a_blank_node_graph_gets_a_skolem_iri_and_exports_as_a_blank_node(store, tmp_path):
    path = tmp_path / "anonymous.trig"
    path.write_text("_:g { <https://e/a> <https://e/p> 1 }\n", encoding="utf-8")
    report = import_files(store, [str(path)])
    (graph,) = [g for g, n in report.written.items() if n]
    assert graph.startswith(GENID) and f"<{graph}>" in report.summary() and "_:" not in report.summary()
    assert store.graph_sizes()[graph] == 1
    assert any(line.endswith(b" _:" + graph[len(GENID):].encode() + b" .") for line in nquads(store))


def test_a_dump_restores_into_an_empty_store_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(EmbeddedStore, "BULK_QUADS", 1)
    path = tmp_path / "dump.nq"
    with open_store(str(tmp_path / "first")) as first:
        load_sample(first)
        with open(path, "wb") as out:
            export(first, out, fmt="nquads")
        expected = nquads(first)
    with open_store(str(tmp_path / "second")) as second:
        second.exclusive = True
        report = import_files(second, [str(path)])
        assert nquads(second) == expected
        assert "quads of the ontology graph" in report.summary()


def test_one_broken_file_of_two_writes_neither(store, tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(STATEMENT, encoding="utf-8")
    bad.write_text("<https://e/a> <https://e/p> .\n", encoding="utf-8")
    before = nquads(store)
    with pytest.raises(ParseError, match=r"bad\.ttl:1:"):
        import_files(store, [str(good), str(bad)])
    assert nquads(store) == before


def test_a_blank_node_graph_is_written_under_its_skolem_iri_to_any_store(store, tmp_path):
    """The ``store`` fixture of conftest: in memory, and on each SPARQL server the tests run
    against (``GRAPH _:g`` cannot be written by SPARQL: the skolem IRI can)."""
    path = tmp_path / "anonymous.trig"
    path.write_text("_:g { <https://e/a> <https://e/p> 1 } _:h { <https://e/b> <https://e/p> 2 }\n", encoding="utf-8")
    report = import_files(store, [str(path)])
    named = sorted(g for g, n in report.written.items() if n)
    assert len(named) == 2 and all(g.startswith(GENID) for g in named), report.written
    assert "_:" not in report.summary()
    assert {g: store.graph_sizes().get(g) for g in named} == dict.fromkeys(named, 1)


def test_a_store_redefining_a_term_is_refused_whatever_wrote_it():
    import pyoxigraph

    from kb.importer import refuse_redefinitions_in
    from kb.ontology import ontology_quads

    scratch = pyoxigraph.Store()
    scratch.extend(ontology_quads())
    refuse_redefinitions_in(scratch)  # the ontology graph may say what it likes
    scratch.update(f"INSERT DATA {{ GRAPH <urn:g:x> {{ <{NEG}Gossip> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                   f"<{NEG}Statement> }} }}")
    with pytest.raises(BadInput, match=r"<urn:g:x>: neg:Gossip .*neg:Statement"):
        refuse_redefinitions_in(scratch)


def test_a_violation_already_in_the_store_does_not_stop_an_import_that_does_not_touch_it(store, tmp_path, monkeypatch):
    """As on the in-Python path: only what an import touches may stop it (data written under
    older shapes is not this import's to fix); what it does touch still does."""
    from kb.store.embedded import Staging

    commits = []
    monkeypatch.setattr(Staging, "commit", lambda self, real=Staging.commit: (commits.append(1), real(self))[1])
    store.raw.update(f"INSERT DATA {{ GRAPH <urn:test:old> {{ <urn:test:old-statement> a <{NEG}Proposal> }} }}")
    path = tmp_path / "talks.ttl"
    path.write_text(STATEMENT, encoding="utf-8")
    report = import_files(store, [str(path)])
    assert report.quads > 0 and path.resolve().as_uri() in store.graph_sizes()
    assert bool(commits) == (EmbeddedStore.BULK_QUADS == 1)  # the staged path ran when it should
    bad = tmp_path / "touches.ttl"
    bad.write_text(f"<urn:test:old-statement> <{NEG}summary> \"now touched\"@en .\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        import_files(store, [str(bad)])
    assert "urn:test:old-statement" in str(refused.value)
