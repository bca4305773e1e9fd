"""/sparql, /update and /graph-store as standard clients use them, against a live server over an
on-disk store (so queries run in killable worker processes)."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from werkzeug.serving import make_server

from kb.sample import load_sample
from kb.store import open_store

TOKEN = "test-token-123"
VISITS = "SELECT ?s WHERE { ?s a <https://w3id.org/parley/ns#Visit> }"
ASK = "ASK { ?s a <https://w3id.org/parley/ns#Visit> }"
CONSTRUCT = ("CONSTRUCT { ?s <https://w3id.org/parley/ns#dateText> ?t } "
             "WHERE { ?s a <https://w3id.org/parley/ns#Visit> ; <https://w3id.org/parley/ns#dateText> ?t }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GOOD_GRAPH = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/s/test-1> a neg:Meeting ; neg:actor <https://w3id.org/parley/id/actor/ukraine> ;
  neg:latest "2025-03-30"^^xsd:date ; <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:test:src> ;
  neg:summary "A test meeting"@en .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webui import create_app

    path = str(tmp_path_factory.mktemp("endpoint") / "store")
    store = open_store(path)
    load_sample(store)
    app = create_app({"STORE": path, "STORE_OBJECT": store, "WRITE_TOKEN": TOKEN, "SPARQL_TIMEOUT": 2,
                      "SPARQL_MAX_ROWS": 500, "SPARQL_WORKERS": 2})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    app.extensions["parley_queries"].close()
    store.close()


_OPENER = urllib.request.build_opener()  # our own: SPARQLWrapper installs a global Digest opener


def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def count(server: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    _, _, body = http("GET", f"{server}/sparql?query={q}", headers={"Accept": "application/sparql-results+json"})
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_sparqlwrapper_select_ask_construct(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(VISITS)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["s"]["value"].rsplit("/", 1)[1] for r in rows] == ["2025-03-13-witkoff-expected-in-moscow-this-weekend"]
    client.setQuery(ASK)
    assert client.query().convert()["boolean"] is True
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert {str(o) for o in graph.objects()} == {"this weekend"}


@pytest.mark.parametrize("return_format", ["xml", "rdf+xml", "json-ld"])
def test_sparqlwrapper_construct_gives_an_rdflib_graph_in_every_format(server, return_format):
    """SPARQLWrapper sends format=… names of its own and converts the answer into an rdflib Graph."""
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(return_format)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # SPARQLWrapper's "Format requested was …, but … returned"
        warnings.simplefilter("ignore", DeprecationWarning)  # its own use of rdflib's ConjunctiveGraph
        graph = client.queryAndConvert()
    assert isinstance(graph, rdflib.Graph)
    assert {str(o) for o in graph.objects()} == {"this weekend"}


def test_sparqlwrapper_n3_construct_is_turtle(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat("n3")
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="n3")  # SPARQLWrapper gives N3 as text
    assert {str(o) for o in graph.objects()} == {"this weekend"}


def test_rdflib_sparqlstore_select_ask_construct(server):
    remote = SPARQLStore(f"{server}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=remote)
    assert len(list(graph.query(VISITS))) == 1
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert {str(o) for o in constructed.objects()} == {"this weekend"}


def test_curl_select_ask_construct(server):
    def curl(*args: str) -> str:
        return subprocess.run(["curl", "-sS", "--fail-with-body", *args], check=True, capture_output=True,
                              text=True, timeout=30).stdout

    csv_text = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={VISITS}", f"{server}/sparql")
    assert csv_text.splitlines()[0] == "s" and len(csv_text.splitlines()) == 2
    assert json.loads(curl("-G", "--data-urlencode", f"query={ASK}", f"{server}/sparql"))["boolean"] is True
    ttl = curl("-H", "Content-Type: application/sparql-query", "-H", "Accept: application/n-triples",
               "--data-binary", CONSTRUCT, f"{server}/sparql")
    assert ttl.count('"this weekend"') == 1


@pytest.mark.parametrize("fmt,media,check", [
    ("json", "application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"]),
    ("xml", "application/sparql-results+xml", lambda b: b"<result>" in b),
    ("csv", "text/csv", lambda b: b.startswith(b"s\r\n")),
    ("tsv", "text/tab-separated-values", lambda b: b.startswith(b"?s\n<https://")),
])
def test_result_formats_by_accept_and_by_format(server, fmt, media, check):
    q = urllib.parse.quote(VISITS)
    status, headers, body = http("GET", f"{server}/sparql?query={q}", headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].startswith(media) and check(body)
    status, headers, body = http("GET", f"{server}/sparql?query={q}&format={fmt}")
    assert status == 200 and headers["Content-Type"].startswith(media) and check(body)


def test_graph_formats(server):
    q = urllib.parse.quote(CONSTRUCT)
    for media in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"):
        status, headers, body = http("GET", f"{server}/sparql?query={q}", headers={"Accept": media})
        assert status == 200 and headers["Content-Type"].startswith(media), media
        assert b"this weekend" in body


def test_dataset_parameters(server):
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    gazetteer = urllib.parse.quote("https://w3id.org/parley/graph/sample/gazetteer")
    _, _, body = http("GET", f"{server}/sparql?query={q}&default-graph-uri={gazetteer}")
    only = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    _, _, body = http("GET", f"{server}/sparql?query={q}")
    assert 0 < only < int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    q = urllib.parse.quote("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    _, _, body = http("GET", f"{server}/sparql?query={q}&named-graph-uri={gazetteer}")
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        "https://w3id.org/parley/graph/sample/gazetteer"]


def test_errors_have_the_right_status(server):
    status, _, body = http("GET", f"{server}/sparql?query=" + urllib.parse.quote("SELECT * WHERE {"))
    assert status == 400 and b"bad SPARQL query" in body
    status, _, _ = http("POST", f"{server}/sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = http("GET", f"{server}/sparql?query=" + urllib.parse.quote(VISITS), headers={"Accept": "image/png"})
    assert status == 406
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = http("GET", f"{server}/sparql?query=" + urllib.parse.quote(service))
    assert status == 400 and b"SERVICE" in body


def test_service_description(server):
    status, headers, body = http("GET", f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    sd = rdflib.Graph().parse(data=body, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in sd
    assert (None, SD.feature, SD.UnionDefaultGraph) in sd


def test_cors_for_reads(server):
    status, headers, _ = http("OPTIONS", f"{server}/sparql", headers={"Origin": "http://elsewhere.example",
                                                                       "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    _, headers, _ = http("GET", f"{server}/sparql?query=" + urllib.parse.quote(ASK))
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_row_cap_is_announced(server):
    status, headers, body = http("GET", f"{server}/sparql?query=" + urllib.parse.quote("SELECT * { ?s ?p ?o }"))
    assert status == 200 and headers["Parley-Truncated"] == "500"
    assert len(json.loads(body)["results"]["bindings"]) == 500


def test_a_query_past_the_limit_is_stopped_and_the_next_is_answered_at_once(server):
    started = time.monotonic()
    status, _, body = http("GET", f"{server}/sparql?query=" + urllib.parse.quote(SLOW))
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert elapsed < 6
    started = time.monotonic()
    status, _, _ = http("GET", f"{server}/sparql?query=" + urllib.parse.quote(ASK))
    assert status == 200 and time.monotonic() - started < 1.5
    # The runaway worker was killed, not left running: no child process is still burning a core.
    busy = subprocess.run(["ps", "-o", "pid=,pcpu=,etimes=", "--ppid", str(__import__("os").getpid())],
                          capture_output=True, text=True).stdout.split("\n")
    assert not [line for line in busy if line.strip() and float(line.split()[1]) > 50 and int(line.split()[2]) > 3]


def test_update_needs_the_token_and_changes_nothing_without_it(server):
    before = count(server)
    update = "INSERT DATA { GRAPH <urn:g:x> { <http://e/a> <http://e/b> <http://e/c> } }"
    status, headers, _ = http("POST", f"{server}/update", data=update.encode(),
                              headers={"Content-Type": "application/sparql-update"})
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
    status, _, _ = http("POST", f"{server}/update", data=update.encode(),
                        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"})
    assert status == 401
    assert count(server) == before


def test_updates_are_validated_and_atomic(server):
    before = count(server)
    auth = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    bad = ('INSERT DATA { GRAPH <urn:g:bad> { <http://e/ok> <http://e/p> 1 . '
           '<http://e/s> a <https://w3id.org/parley/ns#Proposal> } }')
    status, _, body = http("POST", f"{server}/update", data=bad.encode(), headers=auth)
    assert status == 400 and b"neg:actor" in body
    assert count(server) == before
    good = "INSERT DATA { GRAPH <urn:g:fine> { <http://e/a> <http://e/b> <http://e/c> } }"
    status, _, _ = http("POST", f"{server}/update", data=good.encode(), headers=auth)
    assert status == 204 and count(server) == before + 1
    form = urllib.parse.urlencode({"update": "DROP GRAPH <urn:g:fine>"}).encode()
    status, _, _ = http("POST", f"{server}/update", data=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"})
    assert status == 204 and count(server) == before
    onto = "DELETE DATA { GRAPH <https://w3id.org/parley/graph/ontology> { <https://w3id.org/parley/ns#Proposal> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://w3id.org/parley/ns#Statement> } }"
    status, _, body = http("POST", f"{server}/update", data=onto.encode(), headers=auth)
    assert status == 400 and b"ontology" in body


def test_graph_store_protocol(server):
    graph = urllib.parse.quote("http://example.org/graphs/test", safe="")
    url = f"{server}/graph-store?graph={graph}"
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    assert http("PUT", url, data=GOOD_GRAPH.encode(), headers={"Content-Type": "text/turtle"})[0] == 401
    assert http("PUT", url, data=GOOD_GRAPH.encode(), headers=auth)[0] == 201
    status, headers, body = http("GET", url, headers={"Accept": "text/turtle"})
    assert status == 200 and b"A test meeting" in body
    assert http("PUT", url, data=GOOD_GRAPH.encode(), headers=auth)[0] == 204  # replaced
    before = count(server)
    broken = GOOD_GRAPH.replace("neg:actor <https://w3id.org/parley/id/actor/ukraine> ;", "")
    status, _, body = http("PUT", url, data=broken.encode(), headers=auth)
    assert status == 400 and b"neg:actor" in body and count(server) == before
    status, _, body = http("POST", url, data=b"<http://e/x> <http://e/y> <http://e/z> .", headers=auth)
    assert status == 204 and count(server) == before + 1
    status, _, body = http("PUT", url, data=b"<http://e/x> <http://e/y> .", headers=auth)
    assert status == 400 and b"request body:1:" in body
    assert http("DELETE", url, headers=auth)[0] == 204
    assert http("GET", url)[0] == 404
    assert http("DELETE", url, headers=auth)[0] == 404
    assert http("PUT", f"{server}/graph-store?default", data=GOOD_GRAPH.encode(), headers=auth)[0] == 400
    status, _, body = http("GET", f"{server}/graph-store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and b"this weekend" in body


def test_the_query_page_for_people(server):
    status, _, body = http("GET", f"{server}/query?example=timeline")
    html = body.decode()
    assert status == 200 and "<table" in html and 'href="/statement/' in html
    assert http("GET", f"{server}/sparql", headers={"Accept": "text/html"})[0] in (200, 303)
    status, _, body = http("GET", f"{server}/query?query=" + urllib.parse.quote("SELECT * WHERE {"))
    assert status == 400 and b"bad SPARQL query" in body


def test_a_query_needing_more_memory_than_a_worker_may_use_is_stopped(tmp_path):
    """A sort over a cartesian product grows by gigabytes a second: it ends its own worker at
    the worker's memory cap (503, saying so), long before the time limit; the server and the
    next query go on."""
    from webui import create_app

    path = str(tmp_path / "store")
    store = open_store(path)
    load_sample(store)
    app = create_app({"STORE": path, "STORE_OBJECT": store, "SPARQL_TIMEOUT": 60, "SPARQL_MEMORY_MB": 300,
                      "SPARQL_WORKERS": 1})
    try:
        client = app.test_client()
        greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
        started = time.monotonic()
        answer = client.get("/sparql", query_string={"query": greedy})
        assert answer.status_code == 503 and "300 MiB" in answer.get_data(as_text=True)
        assert time.monotonic() - started < 30
        assert client.get("/sparql", query_string={"query": ASK}).status_code == 200
        assert client.get("/").status_code == 200
    finally:
        app.extensions["parley_queries"].close()
        store.close()
