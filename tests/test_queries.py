"""Named queries: documented headers, parameters bound as terms, and the answers they promise."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from kb import queries
from kb.bindings import bind_values
from kb.errors import BadInput, NotFound, QueryError
from kb.query import resolve_name, run_named, select_rows
from kb.vocab import ID, NEG

ACTOR, STMT, TOPIC = ID + "actor/", ID + "statement/", ID + "topic/"
REQUIRED = {"timeline", "actor-history", "stance-as-of", "upcoming"}


def rows(store, name, **params):
    return select_rows(run_named(store, name, params))


def test_required_queries_exist_with_documented_headers():
    catalogue = queries.catalogue()
    assert REQUIRED <= set(catalogue)
    for q in catalogue.values():
        assert q.title and q.title[0].isupper(), q.name
        assert all(p.description for p in q.parameters), q.name
    assert {p.name for p in catalogue["timeline"].parameters} == {
        "actor", "topic", "kind", "status", "source", "text", "from", "to", "knownOn", "statement"}
    facet_params = [(p.name, p.type) for p in catalogue["timeline-facets"].parameters]
    assert [(p.name, p.type) for p in catalogue["timeline"].parameters] == facet_params


def test_timeline_is_in_date_order_with_stable_ties(sample_store):
    found = rows(sample_store, "timeline")
    assert len(found) >= 20
    keys = [((r["earliest"] or r["latest"]).value[:10], (r["latest"] or r["earliest"]).value[:10],
             r["statement"].value) for r in found]
    assert keys == sorted(keys)
    assert found == rows(sample_store, "timeline")


def test_timeline_filters(sample_store):
    planned = rows(sample_store, "timeline", status="neg:Planned")
    assert planned and all(r["reportedStatus"] == NamedNode(NEG + "Planned") for r in planned)
    visits = rows(sample_store, "timeline", kind="neg:Visit")
    assert [r["dateText"].value for r in visits] == ["this weekend"]
    window = rows(sample_store, "timeline", **{"from": "2025-03-14", "to": "2025-03-31"})
    texts = {r["dateText"].value for r in window if r["dateText"]}
    assert texts == {"this weekend", "next week", "in the coming days"}
    russia = rows(sample_store, "timeline", actor="actor:russia")
    speakers = " ".join(r["actors"].value for r in russia)
    assert "Dmitry Peskov" in speakers and "Sergei Lavrov" in speakers and "Marco Rubio" not in speakers


def test_timeline_accepts_names_for_iris(sample_store):
    by_name = rows(sample_store, "timeline", actor="Vladimir Putin")
    by_iri = rows(sample_store, "timeline", actor=ACTOR + "vladimir-putin")
    assert by_name == by_iri and by_name


def test_actor_history_needs_an_actor(sample_store):
    with pytest.raises(BadInput, match="needs the parameter"):
        rows(sample_store, "actor-history")
    history = rows(sample_store, "actor-history", actor="actor:sergei-lavrov")
    assert {r["kind"].value for r in history} == {NEG + "Rejection"}


def test_stance_as_of_gives_one_latest_stance_per_actor_and_topic(sample_store):
    found = rows(sample_store, "stance-as-of", asOf="2025-03-13")
    pairs = [(r["actor"], r["topic"]) for r in found]
    assert pairs and len(pairs) == len(set(pairs))
    before = rows(sample_store, "stance-as-of", asOf="2025-03-01")
    assert len(before) < len(found)
    assert all(r["day"].value <= "2025-03-01" for r in before)


def test_stance_as_of_picks_the_later_statement(store, tmp_path):
    path = tmp_path / "moves.ttl"
    path.write_text("""@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix ex: <http://e/> .
ex:early a neg:Position ; neg:actor ex:a ; neg:topic ex:t ; neg:stance neg:Opposes ;
  neg:latest "2026-01-05"^^xsd:date ; prov:wasDerivedFrom ex:src .
ex:late a neg:Position ; neg:actor ex:a ; neg:topic ex:t ; neg:stance neg:Supports ;
  neg:earliest "2026-02-01"^^xsd:date ; neg:latest "2026-02-01"^^xsd:date ; prov:wasDerivedFrom ex:src .
""")
    from kb.importer import import_files
    import_files(store, [str(path)])
    [now] = rows(store, "stance-as-of", asOf="2026-03-01")
    assert now["stance"] == NamedNode(NEG + "Supports")
    [then] = rows(store, "stance-as-of", asOf="2026-01-20")
    assert then["stance"] == NamedNode(NEG + "Opposes")


def test_upcoming_after_publication(sample_store):
    found = rows(sample_store, "upcoming", after="2025-03-13")
    assert {r["dateText"].value for r in found if r["dateText"]} >= {"this weekend", "next week"}
    assert all((r["latest"] is None) or r["latest"].value[:10] >= "2025-03-13" for r in found)
    later = rows(sample_store, "upcoming", after="2025-04-01")
    assert all(r["latest"] is None for r in later)  # only what has no end date, like a possible call


def test_parameters_are_terms_not_text(sample_store):
    """A value full of SPARQL stays one literal: it cannot change the query."""
    hostile = '" } UNION { ?resource ?p ?label } #'
    with pytest.raises(BadInput, match="nothing in the store"):
        resolve_name(sample_store, hostile)
    bound = bind_values("SELECT * WHERE { ?s ?p ?name }", {"name": Literal(hostile)})
    assert bound.count("UNION") == 1 and '\\"' in bound


def test_bad_parameter_values_are_refused(sample_store):
    with pytest.raises(BadInput, match="ISO date"):
        rows(sample_store, "timeline", **{"from": "13 March"})
    with pytest.raises(BadInput, match="ambiguous|nothing"):
        rows(sample_store, "timeline", actor="no such actor at all")


def test_unknown_query():
    with pytest.raises(NotFound):
        queries.get("nope")


def test_binding_skips_comments_strings_and_iris():
    q = '# { not here\nPREFIX x: <http://e/{odd}>\nSELECT ("{" AS ?b) WHERE { ?s ?p ?o }'
    bound = bind_values(q, {"s": NamedNode("http://e/a")})
    assert bound.endswith('WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }')
    with pytest.raises(QueryError):
        bind_values("ASK", {"s": NamedNode("http://e/a")})
