"""Every page and export through Flask's test client: status, content, escaping, negotiation."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from icalendar import Calendar
from pyoxigraph import RdfFormat, parse

from kb.importer import import_files

WITKOFF = "/statement/2025-03-13-witkoff-expected-in-moscow-this-weekend"
ITEM = re.compile(r'<li id="item-([^"]+)" class="item ')


def item_ids(html: bytes) -> list[str]:
    return ITEM.findall(html.decode())


def test_timeline_shows_every_statement_in_order_with_honest_dates(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.data.decode()
    ids = item_ids(page.data)
    assert len(ids) == 35
    assert ids.index("2025-03-13-ukraine-surprise-attack-on-kursk") < ids.index(
        "2025-03-13-us-to-contact-russia-on-march-12") < ids.index("2025-03-13-witkoff-expected-in-moscow-this-weekend")
    for label in ("12 Mar 2025", "this weekend — 15–16 Mar 2025", "next week — 17–23 Mar 2025",
                  "last year — 2024", "by 13 Mar 2025"):
        assert label in html, label


def test_tentative_items_look_tentative(client):
    html = client.get("/").data.decode()
    witkoff = re.search(r'<li id="item-2025-03-13-witkoff[^>]*class="([^"]+)"', html).group(1)
    assert "tentative" in witkoff and "status-unconfirmed" in witkoff
    lavrov = re.search(r'<li id="item-2025-03-13-lavrov[^>]*class="([^"]+)"', html).group(1)
    assert "tentative" not in lavrov


def test_filters_narrow_the_list_and_facets_count_the_selection(client):
    page = client.get("/?actor=actor:russia&kind=neg:Rejection")
    ids = item_ids(page.data)
    assert sorted(ids) == sorted(["2025-03-13-lavrov-rejects-western-peacekeepers",
                                  "2025-03-13-putin-rules-out-temporary-ceasefire",
                                  "2025-03-13-sheremet-rejects-unconditional-ceasefire"])
    html = page.data.decode()
    assert re.search(r'<option value="neg:Rejection" selected>rejection \(3\)</option>', html)
    assert "3 statements" in html


def test_free_text_search_covers_summaries_and_quotes(client):
    ids = item_ids(client.get("/?q=Sudzha").data)
    assert "2025-03-13-russian-troops-enter-sudzha-square" in ids and len(ids) >= 2
    assert item_ids(client.get("/?q=zzzz-nothing").data) == []


def test_order_newest_first_is_the_exact_reverse(client):
    oldest = item_ids(client.get("/").data)
    newest = item_ids(client.get("/?order=newest").data)
    assert newest == list(reversed(oldest))


def test_as_known_on_shows_only_what_was_published(client):
    assert item_ids(client.get("/?knownOn=2025-03-12").data) == []
    assert len(item_ids(client.get("/?knownOn=2025-03-13").data)) == 35


def test_date_range(client):
    ids = item_ids(client.get("/?from=2025-03-14&to=2025-03-31").data)
    assert "2025-03-13-witkoff-expected-in-moscow-this-weekend" in ids
    assert "2025-03-13-ukraine-surprise-attack-on-kursk" not in ids


def test_bad_filter_values_get_a_clear_400(client):
    page = client.get("/?from=yesterday")
    assert page.status_code == 400 and b"ISO date" in page.data
    page = client.get("/?actor=nobody-at-all")
    assert page.status_code == 400 and b"nobody-at-all" in page.data


def test_partial_for_script_updates(client):
    page = client.get("/?partial=1&kind=neg:Visit")
    assert b"<html" not in page.data and len(item_ids(page.data)) == 1


def test_statement_page_has_everything(client):
    page = client.get(WITKOFF)
    html = page.data.decode()
    assert page.status_code == 200
    assert "this weekend — 15–16 Mar 2025" in html
    assert "Russia has not confirmed this information" in html  # the quote
    assert "Russia asks US to provide details before deciding on ceasefire in Ukraine" in html  # its source
    assert "Tin Tuc Newspaper article" in html  # the source the article relays
    assert "Politico" not in html  # only the first paragraph is attributed to Politico
    first = client.get("/statement/2025-03-13-russia-no-ceasefire-decision-before-us-details").data.decode()
    assert "Reported by" in first and "Politico" in first
    assert 'id="citation"' in html and "Retrieved" in html
    assert "neg:Visit" in html  # the Turtle
    assert "SELECT ?property ?value WHERE" in html


def test_statement_thread_both_ways(client, app, tmp_path):
    thread = tmp_path / "thread.ttl"
    thread.write_text("""@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix stmt: <https://w3id.org/parley/id/statement/> .
@prefix actor: <https://w3id.org/parley/id/actor/> . @prefix source: <https://w3id.org/parley/id/source/> .
stmt:test-visit-happened a neg:Visit ; neg:actor actor:steve-witkoff ; neg:status neg:Occurred ;
  neg:earliest "2025-03-20"^^xsd:date ; neg:latest "2025-03-20"^^xsd:date ;
  neg:summary "Witkoff arrives (test record)"@en ; prov:wasDerivedFrom source:test ;
  neg:fulfils stmt:2025-03-13-witkoff-expected-in-moscow-this-weekend .
""")
    import_files(app.extensions["parley_store"], [str(thread)])
    assert "fulfilled by" in client.get(WITKOFF).data.decode()
    assert "fulfils" in client.get("/statement/test-visit-happened").data.decode()
    nxt = client.get("/next?after=2025-03-25").data.decode()
    assert "happened late" in nxt  # planned for 15–16 March, happened on the 20th


def test_content_negotiation(client):
    turtle = client.get(WITKOFF, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and turtle.headers["Vary"] == "Accept"
    triples = list(parse(turtle.data, format=RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("#dateText") for t in triples)
    jsonld = client.get("/actor/russia", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.data)
    html = client.get("/actor/russia", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.mimetype == "text/html"
    assert client.get(WITKOFF + ".ttl").mimetype == "text/turtle"
    assert client.get(WITKOFF + ".xyz").status_code == 404


def test_iris_resolve_to_pages(client):
    page = client.get("/id/statement/2025-03-13-witkoff-expected-in-moscow-this-weekend")
    assert page.status_code == 303 and page.headers["Location"].endswith(WITKOFF)
    assert client.get("/id/actor/russia").headers["Location"].endswith("/actor/russia")
    topic = client.get("/resource?iri=https://w3id.org/parley/id/topic/ceasefire")
    assert topic.status_code == 200 and b"Ceasefire" in topic.data


def test_actor_page(client):
    html = client.get("/actor/russia").data.decode()
    assert "Dmitry Peskov" in html and "Kremlin spokesman" in html  # who speaks for Russia
    assert "Stance by topic over time" in html
    assert "http://www.wikidata.org/entity/Q159" in html
    person = client.get("/actor/sergei-lavrov").data.decode()
    assert "speaks for" in person and "Western peacekeeping" in person


def test_unknown_things_are_404(client):
    assert client.get("/statement/no-such-thing").status_code == 404
    assert client.get("/actor/no-such-actor").status_code == 404
    missing = client.get("/statement/no-such-thing", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and json.loads(missing.data)["status"] == 404


def test_stance_matrix_cells_link_to_statements(client):
    html = client.get("/matrix?asOf=2025-03-13").data.decode()
    assert "Sergei Lavrov" in html and "Western peacekeeping forces in Ukraine" in html
    assert 'href="/statement/2025-03-13-lavrov-rejects-western-peacekeepers"' in html
    assert "No stances are recorded" in client.get("/matrix?asOf=2020-01-01").data.decode()
    assert client.get("/matrix?asOf=soon").status_code == 400


def test_whats_next(client):
    html = client.get("/next?after=2025-03-13").data.decode()
    upcoming, past = html.split("Earlier plans")
    assert "Witkoff" in upcoming and "next week — 17–23 Mar 2025" in upcoming
    assert "12 Mar 2025" in past and "unknown" in past


def test_who_moved(client, app, tmp_path):
    assert "No actor has changed" in client.get("/moved").data.decode()
    change = tmp_path / "change.ttl"
    change.write_text("""@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix stmt: <https://w3id.org/parley/id/statement/> .
@prefix actor: <https://w3id.org/parley/id/actor/> . @prefix topic: <https://w3id.org/parley/id/topic/> .
stmt:test-lavrov-softens a neg:Position ; neg:actor actor:sergei-lavrov ; neg:topic topic:western-peacekeepers ;
  neg:stance neg:Conditional ; neg:earliest "2025-04-02"^^xsd:date ; neg:latest "2025-04-02"^^xsd:date ;
  neg:summary "Lavrov softens on peacekeepers (test record)"@en ; prov:wasDerivedFrom <urn:test:src> .
""")
    import_files(app.extensions["parley_store"], [str(change)])
    html = client.get("/moved").data.decode()
    assert "Sergei Lavrov" in html and "opposes</span> →" in html and "conditional" in html


def test_exports_of_the_current_view(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/timeline.csv?kind=neg:Rejection").data.decode())))
    assert len(rows) == 3 and all(r["kind"] == "Rejection" for r in rows)
    data = json.loads(client.get("/timeline.json?actor=actor:ukraine").data)
    assert data["selection"] == {"actor": "actor:ukraine"} and data["total"] == len(data["items"]) > 0
    ttl = client.get("/timeline.ttl?kind=neg:Visit").data
    assert len({q.subject for q in parse(ttl, format=RdfFormat.TURTLE) if "statement/" in q.subject.value}) == 1
    tl = json.loads(client.get("/timeline.timelinejs.json").data)
    visit = next(e for e in tl["events"] if e["unique_id"].endswith("witkoff-expected-in-moscow-this-weekend"))
    assert visit["start_date"] == {"year": "2025", "month": "3", "day": "15"}
    assert visit["end_date"] == {"year": "2025", "month": "3", "day": "16"}
    assert visit["display_date"] == "this weekend — 15–16 Mar 2025"
    kursk = next(e for e in tl["events"] if e["unique_id"].endswith("surprise-attack-on-kursk"))
    assert kursk["start_date"] == {"year": "2024"}  # year precision: no invented month or day
    cal = Calendar.from_ical(client.get("/timeline.ics").data)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    weekend = events["2025-03-13-witkoff-expected-in-moscow-this-weekend@parley"]
    assert str(weekend["status"]) == "TENTATIVE"
    assert weekend.decoded("dtstart").isoformat() == "2025-03-15" and weekend.decoded("dtend").isoformat() == "2025-03-17"
    assert not any("lavrov" in uid for uid in events)  # only planned and expected things


def test_literals_are_escaped(client, app, tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text("""@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix stmt: <https://w3id.org/parley/id/statement/> .
@prefix actor: <https://w3id.org/parley/id/actor/> .
stmt:test-evil a neg:Position ; neg:actor actor:russia ; neg:latest "2025-03-10"^^xsd:date ;
  neg:summary "<script>alert('x')</script> says hello"@en ; neg:quote "<img src=x onerror=alert(1)>"@en ;
  prov:wasDerivedFrom <urn:test:src> .
""")
    import_files(app.extensions["parley_store"], [str(evil)])
    for path in ("/", "/statement/test-evil", "/actor/russia", "/?q=script"):
        html = client.get(path).data.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert" in html, path


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src" not in headers["Content-Security-Policy"] or "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"


def test_static_assets_are_local(client):
    html = client.get("/").data.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    for asset in ("/static/parley.js", "/static/parley.css"):
        with client.get(asset) as response:
            assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/matrix", "/next", "/moved", WITKOFF, "/actor/russia"])
def test_pages_have_landmarks_and_one_h1(client, path):
    html = client.get(path).data.decode()
    assert '<main id="main"' in html and "<nav" in html and html.count("<h1") == 1
    assert '<html lang="en">' in html
