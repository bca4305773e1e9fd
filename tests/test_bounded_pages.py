"""While the statement index is rebuilt, Parley's pages answer from the query workers within a
deadline (kb.bounded): the same answers, a clear 503 past the deadline, never a stale page."""

from __future__ import annotations

import csv
import io

import pytest

from kb import statement_index
from kb.importer import import_files
from kb.sample import load_sample
from kb.store import open_store

TOKEN = "bounded-token"
PAGES = ["/", "/?actor=actor:russia&from=2025-03-01", "/timeline.csv", "/timeline.csv?q=ceasefire", "/matrix",
         "/actor/russia", "/statement/2025-03-13-lavrov-rejects-western-peacekeepers", "/next"]


@pytest.fixture
def served(tmp_path):
    from webui import create_app

    location = str(tmp_path / "store")
    store = open_store(location)
    load_sample(store)
    assert statement_index.current(store, build_now=True) is not None
    app = create_app({"STORE": location, "STORE_OBJECT": store, "TESTING": True, "WRITE_TOKEN": TOKEN,
                      "SPARQL_WORKERS": 1})
    yield app, store
    app.extensions["parley_queries"].close()
    store.close()


def _rebuilding(monkeypatch):
    """As while a rebuild is under way: no current index (and no build started)."""
    monkeypatch.setattr(statement_index, "current", lambda store, build_now=False: None)


def test_pages_answer_the_same_while_the_index_is_rebuilt(served, monkeypatch):
    app, _ = served
    client = app.test_client()
    indexed = {page: client.get(page) for page in PAGES}
    _rebuilding(monkeypatch)
    for page in PAGES:
        answer = client.get(page)
        assert answer.status_code == 200, (page, answer.get_data(as_text=True)[:300])
        if page.startswith("/timeline.csv"):
            assert _rows(answer.data) == _rows(indexed[page].data), page


def _rows(csv_bytes: bytes) -> list[list]:
    """CSV rows, each cell split at ", " and sorted: the order GROUP_CONCAT joins actors in is
    the engine's choice, and a snapshot may choose differently from the live store."""
    return [[sorted(cell.split(", ")) for cell in row] for row in csv.reader(io.StringIO(csv_bytes.decode()))]


def test_a_page_past_its_deadline_says_why_and_the_server_goes_on(served, monkeypatch):
    app, _ = served
    client = app.test_client()
    _rebuilding(monkeypatch)
    app.config["PAGE_TIMEOUT"] = 1e-6
    answer = client.get("/", headers={"Accept": "text/html"})
    assert answer.status_code == 503 and "statement index" in answer.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    app.config["PAGE_TIMEOUT"] = 10
    assert client.get("/").status_code == 200


def test_a_page_after_a_write_shows_it(served, monkeypatch):
    app, store = served
    client = app.test_client()
    _rebuilding(monkeypatch)
    assert "Bounded test meeting" not in client.get("/timeline.csv").get_data(as_text=True)
    body = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/parley/id/statement/bounded-test> a neg:Meeting ; neg:actor <https://w3id.org/parley/id/actor/ukraine> ;
  neg:latest "2025-03-30"^^xsd:date ; <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:test:src> ;
  neg:summary "Bounded test meeting"@en ."""
    answer = client.put("/graph-store?graph=urn:test:bounded", data=body.encode(),
                        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 201
    assert "Bounded test meeting" in client.get("/timeline.csv").get_data(as_text=True)
    quiet = body.replace("bounded-test", "bounded-quiet").replace("Bounded test meeting", "Quietly written meeting")
    path = store.path + ".quiet.ttl"
    with open(path, "w", encoding="utf-8") as file:
        file.write(quiet)
    import_files(store, [path])  # written beside the server, which is not told: its snapshot is old
    assert "Quietly written meeting" in client.get("/timeline.csv").get_data(as_text=True)
