"""Import: every format, one graph per file, replace atomically, refuse bad input whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse, serialize

from kb.errors import BadInput, ParseError, ValidationError
from kb.importer import import_files
from kb.rdfio import default_graph_for

from .conftest import DATA

GOOD = DATA / "statement.ttl"
EX = "http://example.org/talks/"


def count(store, graph=None) -> int:
    return sum(1 for _ in store.quads(graph))


def with_line_broken(tmp_path: Path, line_no: int) -> Path:
    """The good file with a syntax error planted on ``line_no``."""
    lines = GOOD.read_text().splitlines()
    lines[line_no - 1] = lines[line_no - 1].replace(";", "; ^^^", 1)
    bad = tmp_path / "broken.ttl"
    bad.write_text("\n".join(lines) + "\n")
    return bad


def test_import_writes_the_file_into_its_own_graph(store):
    report = import_files(store, [str(GOOD)])
    graph = GOOD.resolve().as_uri()
    assert report.written == {graph: count(store, graph)} and report.quads > 15
    assert store.has_graph(graph)


def test_syntax_error_names_the_line_and_writes_nothing(store, parley, tmp_path):
    import_files(store, [str(GOOD)], graph="urn:g:first")
    before = len(store)
    bad = with_line_broken(tmp_path, 17)
    with pytest.raises(ParseError) as caught:
        import_files(store, [str(bad)], graph="urn:g:first")
    assert caught.value.line == 17 and str(caught.value).startswith(f"{bad}:17:")
    assert len(store) == before


def test_cli_syntax_error_leaves_quad_count_unchanged(parley, tmp_path, store_dir):
    parley("--store", store_dir, "sample")
    before = parley("--store", store_dir, "query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
                    "--format", "csv").text
    bad = with_line_broken(tmp_path, 19)
    run = parley("--store", store_dir, "import", str(GOOD), str(bad))
    assert run.code == 1 and f"{bad}:19:" in run.err
    after = parley("--store", store_dir, "query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
                   "--format", "csv").text
    assert after == before


def test_statement_without_actor_is_refused_and_nothing_written(store, tmp_path):
    text = GOOD.read_text().replace("neg:actor ex:norland ; ", "").replace("ex:offer", "ex:second-offer")
    bad = tmp_path / "no-actor.ttl"
    bad.write_text(text)
    before = len(store)
    with pytest.raises(ValidationError) as caught:
        import_files(store, [str(GOOD), str(bad)])
    [violation] = caught.value.violations
    assert violation.focus == f"<{EX}second-offer>" and "neg:actor" in violation.message
    assert violation.source == str(bad)
    assert len(store) == before


@pytest.mark.parametrize("broken,expected", [
    ('neg:earliest "2026-02-02"', 'neg:earliest "2026-02-05"'),  # earliest after latest
    ('neg:latest "2026-02-02"^^xsd:date', 'neg:latest "2026-13-45"^^xsd:date'),  # not a date
    ("a neg:Proposal", "a neg:Proposal, neg:Demand"),  # two kinds
    ("prov:wasDerivedFrom ex:wire-report", "neg:dateText \"x\""),  # no source
    ('neg:status neg:Occurred', 'neg:status neg:Rumoured'),  # not a status
    ('"We are ready to sit down tomorrow."@en', '"We are ready to sit down tomorrow."'),  # no language
])
def test_each_shape_rule_refuses_bad_statements(store, tmp_path, broken, expected):
    text = GOOD.read_text()
    assert broken in text
    bad = tmp_path / "bad.ttl"
    bad.write_text(text.replace(broken, expected))
    with pytest.raises(ValidationError):
        import_files(store, [str(bad)])
    assert not store.has_graph(bad.resolve().as_uri())


def test_no_dates_at_all_is_refused_but_one_bound_is_enough(store, tmp_path):
    text = GOOD.read_text()
    one_bound = tmp_path / "one.ttl"
    one_bound.write_text(text.replace('neg:earliest "2026-02-02"^^xsd:date ; ', ""))
    import_files(store, [str(one_bound)])
    none = tmp_path / "none.ttl"
    none.write_text(text.replace('neg:earliest "2026-02-02"^^xsd:date ; neg:latest "2026-02-02"^^xsd:date ;', "")
                    .replace("ex:offer", "ex:undated-offer"))
    with pytest.raises(ValidationError, match="earliest and neg:latest"):
        import_files(store, [str(none)])


def test_date_and_datetime_bounds_of_the_same_day_are_valid(store, tmp_path):
    text = GOOD.read_text().replace('neg:latest "2026-02-02"^^xsd:date',
                                    'neg:latest "2026-02-02T08:00:00"^^xsd:dateTime')
    path = tmp_path / "mixed.ttl"
    path.write_text(text)
    import_files(store, [str(path)])


def test_other_rdf_is_imported_untouched(store, tmp_path):
    foaf = tmp_path / "people.ttl"
    foaf.write_text('<http://e/alice> a <http://xmlns.com/foaf/0.1/Person> ; <http://e/age> "x" .\n')
    assert import_files(store, [str(foaf)]).quads == 2


def test_importing_again_replaces_the_graph(store, tmp_path):
    import_files(store, [str(GOOD)], graph="urn:g:talks")
    first = count(store, "urn:g:talks")
    smaller = tmp_path / "smaller.ttl"
    smaller.write_text(GOOD.read_text().replace('    neg:quote "We are ready to sit down tomorrow."@en ;\n', ""))
    report = import_files(store, [str(smaller)], graph="urn:g:talks")
    assert report.replaced == {"urn:g:talks": first}
    assert count(store, "urn:g:talks") == first - 1
    assert not bool(store.query(f"ASK {{ <{EX}offer> neg:quote ?q }}"))


def test_trig_keeps_its_named_graphs_and_default_goes_to_the_import_graph(store, tmp_path):
    trig = tmp_path / "two.trig"
    trig.write_text("<http://e/a> <http://e/p> 1 .\n<http://e/g1> { <http://e/b> <http://e/p> 2 . }\n")
    report = import_files(store, [str(trig)], graph="urn:g:import")
    assert report.written == {"urn:g:import": 1, "http://e/g1": 1}
    assert bool(store.query("ASK { GRAPH <http://e/g1> { <http://e/b> ?p ?o } }"))
    assert bool(store.query("ASK { GRAPH <urn:g:import> { <http://e/a> ?p ?o } }"))


@pytest.mark.parametrize("fmt", [RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.N_TRIPLES, RdfFormat.N_QUADS,
                                 RdfFormat.JSON_LD, RdfFormat.RDF_XML])
def test_every_format_by_extension(store, tmp_path, fmt):
    triples = [q.triple for q in parse(path=str(GOOD))]
    path = tmp_path / f"statement.{fmt.file_extension}"
    serialize(triples, str(path), format=fmt)
    report = import_files(store, [str(path)])
    assert report.quads == len(triples)


def test_format_option_overrides_extension_and_stdin_needs_it(store, tmp_path):
    odd = tmp_path / "statement.txt"
    odd.write_bytes(GOOD.read_bytes())
    with pytest.raises(BadInput, match="--format"):
        import_files(store, [str(odd)])
    assert import_files(store, [str(odd)], syntax="turtle").quads > 0


def test_stdin_graph_is_named_after_content(parley, store_dir):
    data = GOOD.read_bytes()
    run = parley("--store", store_dir, "import", "--format", "turtle", "-", stdin=data)
    assert run.code == 0, run.err
    assert default_graph_for("-", data) in run.err
    run = parley("--store", store_dir, "import", "-", stdin=data)
    assert run.code == 1 and "--format" in run.err


def test_base_resolves_relative_iris(store, tmp_path):
    rel = tmp_path / "relative.ttl"
    rel.write_text("<thing> <prop> <other> .\n")
    import_files(store, [str(rel)], base="http://example.org/base/", graph="urn:g:rel")
    assert bool(store.query("ASK { <http://example.org/base/thing> <http://example.org/base/prop> ?o }"))


def test_dry_run_reports_and_writes_nothing(parley, store_dir):
    run = parley("--store", store_dir, "import", "--dry-run", str(GOOD))
    assert run.code == 0 and "would write" in run.err
    stats = parley("--store", store_dir, "query", f"ASK {{ <{EX}offer> ?p ?o }}")
    assert stats.text == "no\n"


def test_the_ontology_graph_cannot_be_overwritten(store, tmp_path):
    with pytest.raises(BadInput, match="ontology graph"):
        import_files(store, [str(GOOD)], graph="https://w3id.org/parley/graph/ontology")


def test_one_graph_option_takes_one_file(store):
    with pytest.raises(BadInput, match="one file"):
        import_files(store, [str(GOOD), str(GOOD)], graph="urn:g:x")


def test_missing_file_is_a_clear_error(parley, tmp_path):
    run = parley("--store", "memory:", "import", str(tmp_path / "nowhere.ttl"))
    assert run.code == 1 and "no such file" in run.err


def test_an_import_cannot_break_what_the_store_already_holds(store, tmp_path):
    """Validation sees the store as it will be: a patch adding a second status to a statement
    already in the store, or a class that makes old resources statements, is refused."""
    import_files(store, [str(GOOD)], graph="urn:g:talks")
    patch = tmp_path / "patch.ttl"
    patch.write_text('<http://example.org/talks/offer> <https://w3id.org/parley/ns#status> '
                     '<https://w3id.org/parley/ns#Denied> .\n')
    with pytest.raises(ValidationError, match="at most 1 allowed"):
        import_files(store, [str(patch)])
    later = tmp_path / "later.ttl"
    later.write_text('<http://example.org/talks/offer> <https://w3id.org/parley/ns#earliest> '
                     '"2027-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
    with pytest.raises(ValidationError):
        import_files(store, [str(later)], graph="urn:g:later")
    thing = tmp_path / "thing.ttl"
    thing.write_text("<http://e/x> a <http://e/Rumour> .\n")
    import_files(store, [str(thing)])
    rumour = tmp_path / "rumour.ttl"
    rumour.write_text("<http://e/Rumour> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                      "<https://w3id.org/parley/ns#Demand> .\n")
    with pytest.raises(ValidationError) as caught:
        import_files(store, [str(rumour)])
    assert any(v.focus == "<http://e/x>" and v.source == "already in the store" for v in caught.value.violations)


def test_replacing_a_graph_rechecks_what_loses_triples(store, tmp_path):
    """Statements split over two graphs: replacing one graph must not leave the other half invalid."""
    actors = tmp_path / "actor-part.ttl"
    actors.write_text(GOOD.read_text())
    import_files(store, [str(actors)], graph="urn:g:full")
    extra = tmp_path / "extra.ttl"
    extra.write_text('<http://example.org/talks/offer> a <https://w3id.org/parley/ns#Proposal> ; '
                     '<https://w3id.org/parley/ns#dateText> "the day before"@en .\n')
    import_files(store, [str(extra)], graph="urn:g:extra")
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(ValidationError, match="neg:actor"):
        import_files(store, [str(empty)], graph="urn:g:full")  # would orphan the dateText half
    assert store.has_graph("urn:g:full")
