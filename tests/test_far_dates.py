"""Dates the shapes accept but Python's ``date`` cannot hold (years before 1 or after 9999).

XSD 1.1 allows any year ("0000" is 1 BC, "-0044" is 45 BC, "99999" is a year). The timeline,
its overview, the statement page and every export show and order such statements, and never
answer 500; iCalendar, which cannot write them, leaves them out and says so.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from icalendar import Calendar

from kb.importer import import_files
from kb.sample import load_sample
from kb.spans import Day, Span, parse_day
from kb.store import open_store
from kb.vocab import NEG

XSD = "http://www.w3.org/2001/XMLSchema#"
STATEMENT = "https://w3id.org/parley/id/statement/"
FAR = {  # statement id: (earliest, latest)
    "far-future": ("99999-01-01", "99999-12-31"),
    "last-day": ("9999-12-31", "9999-12-31"),
    "ides-of-march": ("-0044-03-15", "-0044-03-15"),
    "year-zero": (None, "0000-01-01"),
    "long-ago": ("-0100-01-01", None),
}


def _turtle() -> bytes:
    parts = [f"@prefix neg: <{NEG}> . @prefix xsd: <{XSD}> . @prefix prov: <http://www.w3.org/ns/prov#> ."]
    for ident, (earliest, latest) in FAR.items():
        dates = "".join(f' neg:{name} "{value}"^^xsd:date ;' for name, value in
                        (("earliest", earliest), ("latest", latest)) if value)
        parts.append(f"""<{STATEMENT}{ident}> a neg:Meeting ; neg:actor <https://w3id.org/parley/id/actor/ukraine> ;
    prov:wasDerivedFrom <https://w3id.org/parley/id/source/2025-03-13-russia-asks-us-for-ceasefire-details> ;
    neg:status neg:Planned ;{dates} neg:summary "Far-off meeting {ident}"@en .""")
    return "\n".join(parts).encode()


@pytest.fixture(scope="module")
def far_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("far") / "far.ttl"
    path.write_bytes(_turtle())
    with open_store("memory:") as store:
        load_sample(store)
        import_files(store, [str(path)])
        yield store


@pytest.fixture
def far_client(far_store):
    from webui import create_app

    app = create_app({"STORE": "memory:", "STORE_OBJECT": far_store, "TESTING": True})
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app.test_client()


def _ids_in_order(rows) -> list[str]:
    return [r.rsplit("/", 1)[-1] for r in rows if r.rsplit("/", 1)[-1] in FAR]


EXPECTED_ORDER = ["long-ago", "ides-of-march", "year-zero", "last-day", "far-future"]


@pytest.mark.parametrize("order", ["", "newest"])
def test_the_timeline_shows_far_dates_in_order(far_client, order):
    response = far_client.get("/", query_string={"order": order} if order else {})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    found = sorted(FAR, key=lambda ident: page.index(f"statement/{ident}"))
    assert found == (EXPECTED_ORDER[::-1] if order else EXPECTED_ORDER)
    for label in ("15 Mar 45 BC", "by 1 Jan 1 BC", "from 1 Jan 101 BC", "31 Dec 9999", "99999"):
        assert label in page
    assert "<svg" in page  # the overview is drawn, ticks and all


def test_the_overview_places_far_bars_within_its_width(far_store):
    from kb import timeline
    from webui import overview

    items = timeline.items(far_store, timeline.Selection())
    drawn = overview.build(items)
    assert drawn.start == Day(-100, 1, 1) and drawn.end == Day(99999, 12, 31)
    assert all(0 <= bar.x <= overview.WIDTH and bar.width > 0 for bar in drawn.bars)
    assert 0 < len(drawn.ticks) <= overview.MAX_TICKS
    assert [x for x, _ in drawn.ticks] == sorted(x for x, _ in drawn.ticks)


@pytest.mark.parametrize("ident", sorted(FAR))
def test_the_statement_page_of_a_far_date_answers(far_client, ident):
    for suffix in ("", ".ttl", ".jsonld"):
        assert far_client.get(f"/statement/{ident}{suffix}").status_code == 200
    page = far_client.get(f"/statement/{ident}").get_data(as_text=True)
    assert Span(*map(parse_day, FAR[ident])).label() in page


def test_the_exports_keep_far_dates_as_written(far_client):
    response = far_client.get("/timeline.csv")
    assert response.status_code == 200
    rows = {r["statement"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    for ident, (earliest, latest) in FAR.items():
        assert (rows[ident]["earliest"], rows[ident]["latest"]) == (earliest or "", latest or "")
    assert _ids_in_order(rows) == EXPECTED_ORDER
    listed = json.loads(far_client.get("/timeline.json").data)
    assert _ids_in_order(json.dumps(listed).split('"')) == EXPECTED_ORDER
    tl = json.loads(far_client.get("/timeline.timelinejs.json").data)
    starts = {e["unique_id"]: e["start_date"] for e in tl["events"]}
    assert starts["ides-of-march"] == {"year": "-44", "month": "3", "day": "15"}
    assert starts["far-future"]["year"] == "99999"
    assert far_client.get("/timeline.ttl").status_code == 200


def test_icalendar_leaves_out_what_it_cannot_write_and_says_why(far_client):
    response = far_client.get("/timeline.ics")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.data)
    uids = {str(e["uid"]) for e in cal.walk("VEVENT")}
    assert "2025-03-13-possible-putin-trump-call@parley" in uids  # the sample's plans stay
    assert not {f"{ident}@parley" for ident in FAR} & uids
    left_out = cal.get("x-parley-left-out")
    reasons = [str(r) for r in (left_out if isinstance(left_out, list) else [left_out])]
    for ident in ("far-future", "last-day", "ides-of-march", "long-ago"):  # year-zero has no start: not placeable
        assert any(r.startswith(STATEMENT + ident + ":") and "1 to 9999" in r for r in reasons)


def test_the_cli_query_and_export_take_far_dates(tmp_path, parley):
    store_dir = tmp_path / "store"
    path = tmp_path / "far.ttl"
    path.write_bytes(_turtle())
    assert parley("--store", str(store_dir), "import", str(path)).code == 0
    run = parley("--store", str(store_dir), "query", "--name", "timeline", "--format", "csv")
    assert run.code == 0 and b"-0044-03-15" in run.out and b"99999-12-31" in run.out
    run = parley("--store", str(store_dir), "export", "--format", "nquads")
    assert run.code == 0 and b'"-0044-03-15"^^' in run.out
    assert parley("--store", str(store_dir), "stats").code == 0


def test_days_count_across_every_year():
    assert Day.fromordinal(1) == Day(1, 1, 1) and Day(0, 12, 31).toordinal() == 0
    for year in (-400, -44, -1, 0, 1, 1600, 1900, 2000, 9999, 10000, 99999):
        for month, day in ((1, 1), (2, 28), (12, 31)):
            d = Day(year, month, day)
            assert Day.fromordinal(d.toordinal()) == d and d + 1 > d and (d + 1) - 1 == d
    assert Day(0, 2, 29) and Day(-4, 2, 29)  # years 0 and -4 are leap years
    with pytest.raises(ValueError):
        Day(-1, 2, 29)
    assert parse_day("-0044-03-15T12:00:00Z") == Day(-44, 3, 15)
    assert parse_day("2025-03-13") == Day(2025, 3, 13) and parse_day("2025-03-13").to_date().isoformat() == "2025-03-13"
    assert parse_day("not a date") is None and parse_day("1" * 20 + "-01-01") is None


def test_a_span_mixes_days_and_python_dates():
    import datetime as dt

    span = Span(dt.date(2025, 3, 15), Day(2025, 3, 16))
    assert span.earliest == Day(2025, 3, 15) and isinstance(span.earliest, Day)
    assert span.latest == dt.date(2025, 3, 16) and hash(span.latest) == hash(dt.date(2025, 3, 16))
    assert span.label() == "15–16 Mar 2025"
