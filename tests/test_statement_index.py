"""The statement index gives exactly the named queries' answers, and never a stale one."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kb import statement_index as si
from kb.analysis import stance_matrix
from kb.importer import import_files
from kb.query import run_named, select_rows
from kb.sample import load_sample
from kb.store import open_store
from kb.timeline import Selection, facets, items

NEG = "https://w3id.org/parley/ns#"
KINDS = ["Proposal", "Acceptance", "Rejection", "Position", "Demand", "Meeting", "Call", "Visit", "Agreement",
         "MilitaryEvent", "Assessment"]
STATUSES = ["Occurred", "Planned", "Expected", "Possible", "Unconfirmed", "Denied"]
STANCES = ["Supports", "Opposes", "Conditional", "Undecided"]


def _generated_record(seed: int, n: int) -> str:
    """A random record that exercises every column: open spans, several actors and topics,
    persons speaking for states, drafts, missing statuses, sources published on various days."""
    rng = random.Random(seed)
    lines = ["@prefix neg: <https://w3id.org/parley/ns#> . @prefix ex: <https://example.org/> .",
             "@prefix prov: <http://www.w3.org/ns/prov#> . @prefix schema: <https://schema.org/> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for a in range(12):
        kind = "neg:Person" if a >= 8 else "neg:State"
        lines.append(f'ex:actor{a} a {kind} ; rdfs:label "Actor {a}"@en .')
        if a >= 8:
            lines.append(f"ex:actor{a} neg:represents ex:actor{a - 8} .")
    for t in range(5):
        lines.append(f'ex:topic{t} a neg:Topic ; rdfs:label "Topic {t}"@en .')
    for src in range(n // 4 + 1):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
        lines.append(f'ex:source{src} a neg:Source ; schema:datePublished "{day.isoformat()}"^^xsd:date .')
    for i in range(n):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
        end = start + dt.timedelta(days=rng.choice([0, 0, 1, 6, 30, 365]))
        shape = rng.random()
        dates = (f'neg:earliest "{start}"^^xsd:date ; neg:latest "{end}"^^xsd:date' if shape < .6 else
                 f'neg:latest "{end}"^^xsd:date' if shape < .85 else f'neg:earliest "{start}"^^xsd:date')
        actors = ", ".join(f"ex:actor{rng.randrange(12)}" for _ in range(rng.choice([1, 1, 2])))
        topics = ", ".join(f"ex:topic{rng.randrange(5)}" for _ in range(rng.choice([1, 1, 2])))
        parts = [f"ex:s{i:04d} a neg:{rng.choice(KINDS)}", f"neg:actor {actors}", f"neg:topic {topics}", dates,
                 f"prov:wasDerivedFrom ex:source{rng.randrange(n // 4 + 1)}", f'neg:summary "statement {i}"@en']
        if rng.random() < .7:
            parts.append(f"neg:status neg:{rng.choice(STATUSES)}")
        if rng.random() < .6:
            parts.append(f"neg:stance neg:{rng.choice(STANCES)}")
        if rng.random() < .05:
            parts.append("neg:reviewStatus neg:Draft")
        lines.append(" ; ".join(parts) + " .")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "record.ttl"
    path.write_text(_generated_record(7, 400), encoding="utf-8")
    with open_store("memory:") as store:
        load_sample(store)
        import_files(store, [str(path)], graph="https://example.org/g/record")
        assert si.current(store, build_now=True) is not None
        yield store


def _plain_page(store, selection: Selection, limit=None, offset=0) -> list[str]:
    rows = select_rows(run_named(store, "timeline", selection.query_params(), limit=limit, offset=offset,
                                 descending=selection.newest_first))
    return [r["statement"].value for r in rows]


def _index_mask(store, selection: Selection):
    from kb.timeline import _indexed

    index, mask = _indexed(store, selection)
    return index, mask


def _index_page(store, selection: Selection, limit=None, offset=0) -> list[str]:
    index, mask = _index_mask(store, selection)
    return si.page(index, mask, limit, offset, selection.newest_first)


SELECTIONS = [
    Selection(),
    Selection(actor="https://example.org/actor0"),  # a state, with the persons speaking for it
    Selection(actor="https://example.org/actor9", kind="neg:Meeting"),
    Selection(topic="https://example.org/topic2", status="neg:Occurred"),
    Selection(status="neg:Planned", newest_first=True),
    Selection(source="https://example.org/source3"),
    Selection(start="2021-01-01", end="2021-12-31"),
    Selection(actor="https://example.org/actor1", start="2022-03-01", end="2022-03-31", newest_first=True),
    Selection(knownOn="2021-06-30"),
    Selection(actor="actor:russia"),
    Selection(kind="neg:Rejection", knownOn="2025-03-13"),
    Selection(actor="https://example.org/nobody"),
    Selection(text="STATEMENT 1"),  # any case: statements 1, 10–19, 100–199
    Selection(text="ceasefire", actor="actor:russia", newest_first=True),
    Selection(text="no such words"),
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=range(len(SELECTIONS)))
def test_pages_are_the_timeline_querys(record, selection):
    assert _index_page(record, selection) == _plain_page(record, selection)
    for offset in (0, 7, 50):
        assert _index_page(record, selection, 10, offset) == _plain_page(record, selection, 10, offset)


@pytest.mark.parametrize("selection", SELECTIONS, ids=range(len(SELECTIONS)))
def test_facets_are_the_facet_querys(record, selection):
    index, mask = _index_mask(record, selection)
    plain = [(r["dimension"].value, r["value"].value, int(r["count"].value))
             for r in select_rows(run_named(record, "timeline-facets", selection.query_params()))]
    assert si.facet_counts(index, mask) == plain


@pytest.mark.parametrize("limit", [0, 1, 3, 20])
@pytest.mark.parametrize("selection", SELECTIONS, ids=range(len(SELECTIONS)))
def test_the_most_frequent_facets_are_the_facet_querys_first_rows(record, selection, limit):
    """What a page lists: each filter's ``limit`` most frequent values, then the chosen one if
    it came later, cut on the index's arrays exactly as from the query's rows."""
    fast = facets(record, selection, {}, limit=limit)
    saved, record._statement_index = record._statement_index, None
    try:
        record.keep_index_current = False
        plain = facets(record, selection, {}, limit=limit)
    finally:
        record._statement_index = saved
    assert fast == plain
    for dimension, chosen in (("actor", selection.actor), ("source", selection.source)):
        if chosen and any(f.value == chosen for f in facets(record, selection, {})[dimension]):
            assert chosen in [f.value for f in fast[dimension]]  # the current choice stays listed


@pytest.mark.parametrize("as_of", [None, "2020-06-01", "2021-12-31", "2023-02-14", "2025-03-13"])
def test_stance_as_of_is_the_stance_querys(record, as_of):
    index = si.current(record)
    day = dt.date.fromisoformat(as_of).toordinal() if as_of else None
    fast = [(a, t, s, st, dt.date.fromordinal(d).isoformat()) for a, t, s, st, d in si.stance_as_of(index, day)]
    plain = [(r["actor"].value, r["topic"].value, r["stance"].value, r["statement"].value, r["day"].value)
             for r in select_rows(run_named(record, "stance-as-of", {"asOf": as_of} if as_of else {}))]
    assert fast == plain


def test_items_and_facets_use_it_and_agree_with_the_queries(record):
    selection = Selection(actor="https://example.org/actor2", start="2021-01-01")
    assert [i.iri for i in items(record, selection, limit=20)]  # through the index
    saved, record._statement_index = record._statement_index, None
    try:
        record.keep_index_current = False
        plain_items, plain_facets = items(record, selection, limit=20), facets(record, selection, {})
        plain_matrix = stance_matrix(record, "2022-01-01")
    finally:
        record._statement_index = saved
    # GROUP_CONCAT's order is the engine's choice, so the actors of an item are compared as a set
    def same(found):
        return [(i.iri, i.span, i.kind, sorted(i.actors.split(", ")), i.summary, i.status) for i in found]
    assert same(items(record, selection, limit=20)) == same(plain_items)
    assert facets(record, selection, {}) == plain_facets
    assert stance_matrix(record, "2022-01-01") == plain_matrix


def test_a_write_makes_the_index_stale_and_answers_stay_current(tmp_path):
    with open_store("memory:") as store:
        load_sample(store)
        before = si.current(store, build_now=True)
        assert before is not None
        extra = tmp_path / "one.ttl"
        extra.write_text(_generated_record(3, 8), encoding="utf-8")
        import_files(store, [str(extra)], graph="https://example.org/g/one")
        assert si.current(store) is None  # stale: never used
        new = [i.iri for i in items(store, Selection(actor="https://example.org/actor0"))]
        assert new == _plain_page(store, Selection(actor="https://example.org/actor0"))
        assert si.current(store, build_now=True).size > before.size


def test_an_index_on_disk_is_reopened_only_for_the_same_contents(tmp_path):
    location = str(tmp_path / "store")
    with open_store(location) as store:
        load_sample(store)
        built = si.current(store, build_now=True)
        stamp = store.stamp
    with open_store(location) as store:
        assert store.stamp == stamp
        reopened = si.current(store)
        assert reopened is not None and reopened.size == built.size
        assert _index_page(store, Selection(actor="actor:russia")) == _plain_page(store, Selection(actor="actor:russia"))
        extra = tmp_path / "one.ttl"
        extra.write_text(_generated_record(5, 6), encoding="utf-8")
        import_files(store, [str(extra)], graph="https://example.org/g/one")
    with open_store(location) as store:
        assert si.current(store) is None


def test_data_the_columns_cannot_hold_is_left_to_the_queries():
    with open_store("memory:") as store:
        load_sample(store)
        store.update('INSERT DATA { GRAPH <https://example.org/g/odd> { '
                     '<https://w3id.org/parley/id/statement/2025-03-13-peskov-awaits-us-briefing> '
                     '<https://w3id.org/parley/ns#latest> "2025-03-12"^^<http://www.w3.org/2001/XMLSchema#date> } }')
        assert si.current(store, build_now=True) is None  # two latest dates: not exact
        assert items(store, Selection(actor="actor:russia"))  # the queries still answer


def test_the_timeline_page_lists_the_most_frequent_choices_and_fresh_labels(tmp_path):
    from webui import create_app
    from webui.views.timeline import FACET_OPTIONS

    with open_store("memory:") as store:
        path = tmp_path / "many.ttl"
        path.write_text(_generated_record(11, 4 * FACET_OPTIONS + 40), encoding="utf-8")  # > FACET_OPTIONS sources
        import_files(store, [str(path)], graph="https://example.org/g/many")
        client = create_app({"STORE": "memory:", "STORE_OBJECT": store, "TESTING": True}).test_client()
        page = client.get("/?source=https://example.org/source300").get_data(as_text=True)
        source_select = page.split('name="source"')[1].split("</select>")[0]
        assert source_select.count("<option") <= FACET_OPTIONS + 2  # "any", the top choices, the chosen one
        assert 'value="https://example.org/source300" selected' in source_select
        assert "Actor 3" in client.get("/").get_data(as_text=True)
        path.write_text(path.read_text(encoding="utf-8").replace('"Actor 3"', '"Actor Three"'), encoding="utf-8")
        import_files(store, [str(path)], graph="https://example.org/g/many")  # replaces the graph
        page = client.get("/").get_data(as_text=True)
        assert "Actor Three" in page and "Actor 3 (" not in page  # labels follow the store's stamp


def test_the_server_builds_the_index_in_a_child_process_and_keeps_it(tmp_path):
    import time

    from webui import create_app

    location = str(tmp_path / "store")
    with open_store(location) as store:
        load_sample(store)
        client = create_app({"STORE": location, "STORE_OBJECT": store, "TESTING": True,
                             "SPARQL_WORKERS": 1}).test_client()
        assert client.get("/").status_code == 200  # answered by the queries while the index is built
        deadline = time.monotonic() + 60
        while si.current(store) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        index = si.current(store)
        assert index is not None and index.stamp == store.stamp
        assert (tmp_path / "store.index" / "index.json").exists()
        assert client.get("/?actor=actor:russia").status_code == 200


def test_the_timeline_page_reads_only_the_labels_it_shows(sample_store):
    """A store may name millions of things: the page asks for the few hundred it shows."""
    from webui import create_app

    app = create_app({"STORE": "memory:", "STORE_OBJECT": sample_store, "TESTING": True})
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Dmitry Peskov" in page and "Tin Tuc" in page
    assert "parley_labels" not in app.extensions  # the whole-store label table was never read


TRICKY_WORDS = ['"ÉTAT de DROIT"@fr', '"ΟΔΟΣ ΕΙΡΗΝΗΣ"@el', '"İstanbul talks"@en', '"Straße"@de',
                '"tab\\there, new\\nline"@en', '"first"@en, "second"@fr', '"emoji 🕊 dove"@und']


@pytest.fixture(scope="module")
def wordy(tmp_path_factory):
    """Statements whose summaries and quotes need Unicode case rules, with two of each."""
    lines = ["@prefix neg: <https://w3id.org/parley/ns#> . @prefix ex: <https://example.org/> ."]
    for i, words in enumerate(TRICKY_WORDS):
        lines.append(f'ex:w{i} a neg:Position ; neg:actor ex:a ; neg:summary {words} ; '
                     f'neg:quote "Quote {i}: the rest"@en, "Zitat {i}"@de ; <http://www.w3.org/ns/prov#wasDerivedFrom> '
                     f'ex:src ; neg:latest "2025-03-{i + 10}"^^<http://www.w3.org/2001/XMLSchema#date> .')
    lines.append('ex:a a neg:State ; <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .')
    lines.append('ex:src a neg:Source .')
    path = tmp_path_factory.mktemp("wordy") / "wordy.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store("memory:") as store:
        import_files(store, [str(path)], graph="https://example.org/g/wordy")
        assert si.current(store, build_now=True) is not None
        yield store


@pytest.mark.parametrize("words", ["état", "ΟΔΟΣ", "οδος", "όδος", "i̇stanbul", "istanbul", "STRASSE", "straße",
                                   "tab\there", "new\nline", "first", "FIRST", "firstquote", "the rest", "zitat 3",
                                   "🕊", "dove zitat", " ", "rest\x00", "Quote 1", "quote 1: the rest"])
def test_words_are_found_as_the_text_query_finds_them(wordy, words):
    """Any case, any script, across neither two texts nor two statements: the query's answer."""
    selection = Selection(text=words)
    assert _index_page(wordy, selection) == _plain_page(wordy, selection)


def test_searching_the_index_on_disk_reads_the_same_words(tmp_path):
    location = str(tmp_path / "store")
    with open_store(location) as store:
        load_sample(store)
        si.current(store, build_now=True)
    with open_store(location) as store:
        index = si.current(store)
        assert index is not None and len(index.text) > 0
        for words in ("ceasefire", "Witkoff", "Kursk", "no such words"):
            selection = Selection(text=words)
            assert _index_page(store, selection) == _plain_page(store, selection)
        assert _index_page(store, Selection(text="ceasefire"))


def test_a_summary_that_is_no_literal_elsewhere_does_not_stop_the_index(tmp_path):
    """Shapes constrain the summaries of statements only: a blank node as another resource's
    summary must not keep the index from being built (the pages would stay on the queries)."""
    path = tmp_path / "odd.ttl"
    path.write_text(f"<https://example.org/thing> <{NEG}summary> [ <https://example.org/p> 1 ] .\n", encoding="utf-8")
    with open_store("memory:") as store:
        load_sample(store)
        import_files(store, [str(path)], graph="https://example.org/g/odd")
        assert si.current(store, build_now=True) is not None
        assert _index_page(store, Selection(text="ceasefire")) == _plain_page(store, Selection(text="ceasefire"))
