"""The web app's reviewed gaps: escaped TimelineJS fields, honest iCalendar events, facet
counts that match the filters, contiguous day groups, and the ontology graph kept safe."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from icalendar import Calendar

from kb.importer import import_files

PREFIXES = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix stmt: <https://w3id.org/parley/id/statement/> .
@prefix actor: <https://w3id.org/parley/id/actor/> .
"""


def add_turtle(app, tmp_path, text: str, name: str = "extra.ttl") -> None:
    path = tmp_path / name
    path.write_text(PREFIXES + text)
    import_files(app.extensions["parley_store"], [str(path)])


def test_timelinejs_fields_are_escaped(client, app, tmp_path):
    add_turtle(app, tmp_path, """stmt:test-evil a neg:Position ; neg:actor actor:russia ;
  neg:latest "2025-03-10"^^xsd:date ; neg:dateText "<b>soon</b>"@en ;
  neg:summary "<script>alert('x')</script> says hello"@en ; prov:wasDerivedFrom <urn:test:src> .
""")
    tl = json.loads(client.get("/timeline.timelinejs.json").data)
    evil = next(e for e in tl["events"] if e["unique_id"] == "test-evil")
    assert evil["text"]["headline"] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; says hello"
    assert "<b>" not in evil["display_date"] and "&lt;b&gt;soon&lt;/b&gt;" in evil["display_date"]
    assert "<" not in json.dumps(tl)


def test_icalendar_stamp_is_a_real_utc_time(client):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = client.get("/timeline.ics").data
    events = Calendar.from_ical(data).walk("VEVENT")
    assert events
    for event in events:
        stamp = event.decoded("dtstamp")
        assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
        assert stamp >= before and stamp.year > 2000
    assert re.search(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", data)


def test_icalendar_open_ended_event_starts_on_its_earliest_day_and_says_the_end_is_unknown(client):
    cal = Calendar.from_ical(client.get("/timeline.ics").data)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    call = events["2025-03-13-possible-putin-trump-call@parley"]  # earliest 13 Mar, no latest
    assert call.decoded("dtstart") == dt.date(2025, 3, 13)
    assert "dtend" not in call and "duration" not in call
    assert "end is unknown" in str(call["description"])
    weekend = events["2025-03-13-witkoff-expected-in-moscow-this-weekend@parley"]
    assert weekend.decoded("dtend") == dt.date(2025, 3, 17) and "unknown" not in str(weekend["description"])


def test_actor_facet_counts_what_its_filter_selects(sample_store):
    from kb import timeline

    everything = timeline.Selection()
    actors = timeline.facets(sample_store, everything, {})["actor"]
    russia = next(f for f in actors if f.value.endswith("/actor/russia"))
    assert russia.count > 5  # its spokespeople's statements count too
    for facet in actors:
        picked = timeline.items(sample_store, timeline.Selection(actor=facet.value))
        assert len(picked) == facet.count, facet.value


def test_actor_facet_on_the_page_matches_the_list_it_links_to(client):
    html = client.get("/").data.decode()
    shown = int(re.search(r'<option value="actor:russia"[^>]*>[^<]*\((\d+)\)</option>', html).group(1))
    assert shown == len(re.findall(r'<li id="item-', client.get("/?actor=actor:russia").data.decode()))


def day_headings(html: str) -> list[str]:
    return re.findall(r'<h4 class="day-label">([^<]*)</h4>', html)


def test_items_under_one_day_heading_are_contiguous_in_both_orders(client, app, tmp_path):
    # IRIs chosen so that ordering ties by IRI alone would interleave the three headings.
    statements = [("a-by", None, "2025-03-13"), ("b-from", "2025-03-13", None), ("c-by", None, "2025-03-13"),
                  ("d-exact", "2025-03-13", "2025-03-13"), ("e-from", "2025-03-13", None)]
    add_turtle(app, tmp_path, "".join(
        f"stmt:test-tie-{name} a neg:Position ; neg:actor actor:russia ; neg:summary \"tie {name}\"@en ;"
        + (f' neg:earliest "{e}"^^xsd:date ;' if e else "") + (f' neg:latest "{l_}"^^xsd:date ;' if l_ else "")
        + " prov:wasDerivedFrom <urn:test:src> .\n" for name, e, l_ in statements))
    oldest, newest = client.get("/").data.decode(), client.get("/?order=newest").data.decode()
    for html in (oldest, newest):
        headings = day_headings(html)
        assert len(headings) == len(set(headings)), headings
    march = [h for h in day_headings(oldest) if h in ("by 13 Mar 2025", "13 Mar 2025", "from 13 Mar 2025")]
    assert march == ["by 13 Mar 2025", "13 Mar 2025", "from 13 Mar 2025"]
    ids = re.findall(r'<li id="item-([^"]+)"', oldest)
    assert re.findall(r'<li id="item-([^"]+)"', newest) == ids[::-1]
    assert [i for i in ids if i.startswith("test-tie-")] == [
        "test-tie-a-by", "test-tie-c-by", "test-tie-d-exact", "test-tie-b-from", "test-tie-e-from"]


ONTOLOGY = "https://w3id.org/parley/graph/ontology"
TOKEN = "test-token-for-the-ontology"


def ontology_of(store) -> set:
    return set(store.quads(ONTOLOGY))


def test_the_write_path_refuses_to_drop_or_change_the_ontology(sample_store):
    from pyoxigraph import Literal, NamedNode, Quad

    from kb.errors import BadInput
    from kb.importer import import_parsed
    from kb.rdfio import ParsedInput

    before = ontology_of(sample_store)
    extra = Quad(NamedNode("http://e/a"), NamedNode("http://e/b"), Literal("c"), NamedNode(ONTOLOGY))
    for parsed in (ParsedInput("a drop", ONTOLOGY, []),
                   ParsedInput("a change", ONTOLOGY, [*before, extra]),
                   ParsedInput("a smaller copy", ONTOLOGY, sorted(before, key=str)[1:]),
                   ParsedInput("a dataset", "urn:g:other", [extra])):
        with pytest.raises(BadInput, match="ontology graph"):
            import_parsed(sample_store, [parsed])
        assert ontology_of(sample_store) == before
    assert not sample_store.has_graph("urn:g:other")


def test_an_unchanged_copy_of_the_ontology_is_accepted_and_left_alone(sample_store):
    from kb.importer import import_parsed
    from kb.rdfio import ParsedInput

    before = ontology_of(sample_store)
    report = import_parsed(sample_store, [ParsedInput("a copy", ONTOLOGY, list(before))])
    assert ONTOLOGY not in report.written and report.quads == 0
    assert ontology_of(sample_store) == before


def test_drop_graph(sample_store, tmp_path):
    from kb.errors import BadInput, NotFound
    from kb.importer import drop_graph

    with pytest.raises(BadInput, match="ontology"):
        drop_graph(sample_store, ONTOLOGY)
    assert ontology_of(sample_store)
    with pytest.raises(NotFound):
        drop_graph(sample_store, "urn:g:nothing-here")
    with pytest.raises(BadInput, match="not a valid IRI"):
        drop_graph(sample_store, "nothere")
    extra = tmp_path / "extra.ttl"
    extra.write_text('<http://e/a> <http://e/b> "c" .\n')
    import_files(sample_store, [str(extra)], graph="urn:g:extra")
    drop_graph(sample_store, "urn:g:extra")
    assert not sample_store.has_graph("urn:g:extra")


def test_graph_store_cannot_delete_or_overwrite_the_ontology(sample_store):
    from webui import create_app

    app = create_app({"STORE": "memory:", "STORE_OBJECT": sample_store, "TESTING": True, "WRITE_TOKEN": TOKEN})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    url = f"/graph-store?graph={ONTOLOGY}"
    before = ontology_of(sample_store)
    copy = client.get(url, headers={"Accept": "application/n-triples"}).data
    assert client.delete(url, headers=auth).status_code == 400
    other = b'<http://e/a> <http://e/b> "c" .\n'
    for method in (client.put, client.post):
        response = method(url, data=other, headers={**auth, "Content-Type": "application/n-triples"})
        assert response.status_code == 400 and b"ontology graph" in response.data
    assert ontology_of(sample_store) == before
    put_back = client.put(url, data=copy, headers={**auth, "Content-Type": "application/n-triples"})
    assert put_back.status_code == 204 and ontology_of(sample_store) == before
    not_an_iri = client.delete("/graph-store?graph=nothere", headers=auth)
    assert not_an_iri.status_code == 400 and b"not a valid IRI" in not_an_iri.data
