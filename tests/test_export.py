"""Export: every format, and export → import into an empty store gives an isomorphic dataset."""

from __future__ import annotations

import io
import json

import pytest
from pyoxigraph import CanonicalizationAlgorithm, Dataset, parse

from kb.export import export
from kb.importer import import_files
from kb.store import open_store

from .conftest import DATA


def canonical(quads) -> Dataset:
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def with_blank_nodes(store, tmp_path, shared: bool = True):
    """Blank nodes shared across graphs are the hard case for a round trip. (Virtuoso cannot
    write one blank node into two graphs in one request: there each graph gets its own.)"""
    trig = tmp_path / "bnodes.trig"
    first = "_:x" if shared else "_:w"
    trig.write_text(f'{first} <http://e/p> "in default" .\n'
                    '<http://e/g> { _:x <http://e/q> _:y . _:y <http://e/r> "é"@fr . }\n')
    import_files(store, [str(trig)], graph="urn:g:bnodes")


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_round_trip_is_isomorphic(sample_store, tmp_path, fmt, backend):
    with_blank_nodes(sample_store, tmp_path, shared=backend is None or backend.name != "virtuoso")
    dump = tmp_path / f"dump.{fmt}"
    with open(dump, "wb") as out:
        export(sample_store, out, fmt=fmt)
    with open_store(str(tmp_path / "fresh")) as fresh:
        import_files(fresh, [str(dump)])
        assert canonical(fresh.quads()) == canonical(sample_store.quads())


def test_cli_round_trip_through_a_file(parley, tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    parley("--store", a, "sample")
    dump = tmp_path / "dump.trig"
    run = parley("--store", a, "export", "-o", str(dump))
    assert run.code == 0 and "exported" in run.err and run.out == b""
    assert parley("--store", b, "import", str(dump)).code == 0
    with open_store(a) as sa, open_store(b) as sb:
        assert canonical(sa.quads()) == canonical(sb.quads())


def test_one_graph_as_turtle_uses_prefixes(sample_store):
    out = io.BytesIO()
    export(sample_store, out, fmt="turtle", graph="https://w3id.org/parley/graph/ontology")
    text = out.getvalue().decode()
    assert "@prefix neg: <https://w3id.org/parley/ns#>" in text
    assert "neg:Proposal" in text


def test_union_export_as_ntriples_has_each_triple_once(store, tmp_path):
    path = DATA / "statement.ttl"
    import_files(store, [str(path)], graph="urn:g:one")
    import_files(store, [str(path)], graph="urn:g:two")
    out = io.BytesIO()
    export(store, out, fmt="ntriples")
    lines = [line for line in out.getvalue().decode().splitlines() if line]
    assert len(lines) == len(set(lines))
    assert len(lines) == len(list(parse(path=str(path)))) + sum(1 for _ in store.quads("https://w3id.org/parley/graph/ontology"))


def test_jsonld_export_is_json(sample_store):
    out = io.BytesIO()
    export(sample_store, out, fmt="jsonld")
    assert json.loads(out.getvalue())


def test_unknown_graph(parley):
    run = parley("--store", "memory:", "export", "--graph", "urn:nothing")
    assert run.code == 1 and "no graph" in run.err


def test_export_of_a_graph_that_is_not_an_iri_says_so(parley, tmp_path):
    target = tmp_path / "x.ttl"
    run = parley("--store", "memory:", "export", "--graph", "nothere", "-o", str(target))
    assert run.code == 1
    assert run.err == "error: 'nothere' is not a valid IRI for a graph\n"
    assert not target.exists()
