"""Bad input of every kind gets one clear line on stderr, exit code 1, and nothing written."""

from __future__ import annotations

import pytest

from kb import queries
from kb.errors import BadInput, ParseError
from kb.importer import import_files
from kb.query import resolve_name

RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


def quad_count(store) -> int:
    return sum(1 for _ in store.quads())


@pytest.mark.parametrize("name,content,where,words", [
    ("missing-dot.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> <http://e/d>\n",
     ":2:", ""),
    ("bad.nq", '<http://e/a> <http://e/b> "x" <http://e/g> <http://e/h> .\n', ":1:", ""),
    ("bad.trig", "<http://e/g> { <http://e/a> <http://e/b> }\n", ":1:", ""),
    ("bad.jsonld", '{"@id": "http://e/a", "http://e/b": [}', ":1:", ""),
    ("bad.rdf", f'<?xml version="1.0"?>\n<rdf:RDF {RDF_NS}>\n<rdf:Description rdf:about="http://e/x">\n'
                '<rdf:value>x</rdf:valu>\n</rdf:Description></rdf:RDF>\n', ":4:", "ill-formed"),
    ("laughs.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "aaaaaaaaaa">\n'
                   ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
                   f'<rdf:RDF {RDF_NS}><rdf:Description rdf:about="http://e/x"><rdf:value>&b;</rdf:value>'
                   '</rdf:Description></rdf:RDF>\n', ":3", "entity declarations"),
    ("remote.jsonld", '{"@context": "http://example.org/context.jsonld", "@id": "http://e/a", "name": "x"}',
     "remote.jsonld", "remote contexts are not fetched"),
    ("term.ttl", "<http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> <http://e/c> )>> .\n", "term.ttl",
     "triple terms"),
])
def test_broken_files_in_every_format(parley, tmp_path, store_dir, name, content, where, words):
    parley("--store", store_dir, "sample")
    path = tmp_path / name
    path.write_text(content)
    before = parley("--store", store_dir, "stats").text
    run = parley("--store", store_dir, "import", str(path))
    assert run.code == 1 and run.err.count("\n") == 1 and "Traceback" not in run.err
    assert run.err.startswith(f"error: {path}") and where in run.err and words in run.err
    assert parley("--store", store_dir, "stats").text == before


def test_a_byte_order_mark_is_accepted(store, tmp_path):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf<http://e/a> <http://e/b> <http://e/c> .\n")
    assert import_files(store, [str(path)]).quads == 1


def test_invalid_graph_iri(parley, tmp_path):
    path = tmp_path / "ok.ttl"
    path.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    run = parley("--store", "memory:", "import", "--graph", "not an iri", str(path))
    assert run.code == 1 and "not a valid IRI" in run.err


def test_empty_options_are_usage_errors(parley, tmp_path):
    path = tmp_path / "ok.ttl"
    path.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    assert parley("--store", "", "stats").code == 2
    assert parley("--store", "memory:", "import", "--graph", "", str(path)).code == 2


def test_stdin_only_once(parley):
    run = parley("--store", "memory:", "import", "--format", "turtle", "-", "-")
    assert run.code == 1 and "only once" in run.err


def test_service_is_refused(parley):
    run = parley("--store", "memory:", "query", "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert run.code == 1 and "SERVICE" in run.err
    # A variable or a prefixed name that happens to be called "service" is not federation.
    ok = parley("--store", "memory:", "query", "SELECT ?service { ?service <http://e/service> ?o }")
    assert ok.code == 0, ok.err


def test_export_to_an_unwritable_place(parley, tmp_path):
    run = parley("--store", "memory:", "export", "-o", str(tmp_path / "missing-dir" / "dump.trig"))
    assert run.code == 1 and "cannot write" in run.err and "Traceback" not in run.err
    assert not list(tmp_path.glob("**/*.partial"))


@pytest.mark.parametrize("value", ["20250314", "2025-W11-4", "14 March", "2025-02-30"])
def test_dates_must_be_iso_days(sample_store, value):
    with pytest.raises(BadInput, match="ISO date"):
        queries.term_for(queries.get("timeline").parameter("from"), value)


def test_names_are_looked_up_among_the_right_kind_of_thing(sample_store):
    assert resolve_name(sample_store, "Moscow", "https://w3id.org/parley/ns#Actor").endswith("actor/russia")
    with pytest.raises(BadInput, match="ambiguous"):
        resolve_name(sample_store, "Moscow")  # the city and, by metonymy, the state


def test_stats_shows_the_days_covered(parley, store_dir):
    parley("--store", store_dir, "sample")
    run = parley("--store", store_dir, "stats")
    assert "dates       2022-12-31 … 2025-03-23" in run.text


def test_parameters_only_used_in_a_subselect_are_refused(tmp_path, monkeypatch):
    (tmp_path / "bad.rq").write_text("# Bad.\n#\n# @param x iri the x\n"
                                     "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o FILTER(?s = ?x) } } }\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    queries.catalogue.cache_clear()
    try:
        with pytest.raises(BadInput, match="outermost"):
            queries.catalogue()
    finally:
        monkeypatch.undo()
        queries.catalogue.cache_clear()


def test_parse_error_carries_its_position(store, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b "unterminated .\n')
    with pytest.raises(ParseError) as caught:
        import_files(store, [str(path)])
    assert caught.value.line == 2
