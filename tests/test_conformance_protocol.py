"""The W3C SPARQL 1.1 Protocol manifest against Parley's app (Flask's test client over a store
in memory holding the sample and each test's data): queries go to ``/sparql``, updates to
``/update`` with the write token, as the manifest allows ("an endpoint being tested may require
different endpoints to be used for Query and Update requests").

Known failures are listed, each with its reason, in ``tests/conformance.py``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kb.importer import import_files
from kb.sample import load_sample
from kb.store import open_store

from . import conformance
from .conformance import PROTOCOL_KNOWN_FAILURES, HttpRequest, ProtocolCase

TOKEN = "conformance-token"
CASES = conformance.protocol_cases(conformance.available())

#: Why each request that must be refused is refused: its status, and words of the message, so that
#: a case cannot pass by failing for another reason.
REFUSALS = {
    "bad_query_method": (405, ""),
    "bad_multiple_queries": (400, "one 'query' per request"),
    "bad_query_wrong_media_type": (415, "unsupported request body text/plain"),
    "bad_query_missing_form_type": (415, "unsupported request body (none)"),
    "bad_query_missing_direct_type": (415, "unsupported request body (none)"),
    "bad_query_non_utf8": (415, "must be UTF-8"),
    "bad_query_syntax": (400, "bad SPARQL query"),
    "bad_update_get": (405, ""),
    "bad_multiple_updates": (400, "one 'update' per request"),
    "bad_update_wrong_media_type": (415, "send application/sparql-update"),
    "bad_update_missing_form_type": (415, "send application/sparql-update"),
    "bad_update_non_utf8": (415, "must be UTF-8"),
    "bad_update_syntax": (400, "bad SPARQL update"),
    "bad_update_dataset_conflict": (400, "using-named-graph-uri parameter is not supported"),
}
#: What each known failure gets instead, checked by test_known_failures_fail_for_their_reason.
KNOWN_SYMPTOMS = {
    "update_dataset_default_graph": "the using-graph-uri parameter is not supported",
    "update_dataset_default_graphs": "the using-graph-uri parameter is not supported",
    "update_dataset_named_graphs": "the using-named-graph-uri parameter is not supported",
    "update_dataset_full": "the using-graph-uri parameter is not supported",
    "update_post_form": "an update may not change the ontology graph",
    "update_post_direct": "an update may not change the ontology graph",
}
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_TYPES = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-triples": ox.RdfFormat.N_TRIPLES}


def params() -> list:
    return [pytest.param(case, id=case.name, marks=[pytest.mark.xfail(
                reason=PROTOCOL_KNOWN_FAILURES[case.name], raises=AssertionError, strict=True)]
                if case.name in PROTOCOL_KNOWN_FAILURES else [])
            for case in CASES]


def test_the_manifest_is_there():
    conformance.require()
    assert len(CASES) == 34
    assert {c.name for c in CASES if c.name.startswith("bad_")} == set(REFUSALS)
    assert set(PROTOCOL_KNOWN_FAILURES) <= {c.name for c in CASES}
    assert set(KNOWN_SYMPTOMS) == set(PROTOCOL_KNOWN_FAILURES)


@pytest.fixture
def endpoint():
    """A fresh app per case: the cases' updates clear and rewrite the store."""
    from webui import create_app

    with open_store("memory:") as store:
        load_sample(store)
        app = create_app({"STORE": "memory:", "STORE_OBJECT": store, "TESTING": True, "WRITE_TOKEN": TOKEN})
        yield store, app.test_client()
        app.extensions["parley_queries"].close()


def is_update(case: ProtocolCase, req: HttpRequest) -> bool:
    """Whether a request is the case's update (to /update) or a query (to /sparql)."""
    content_type = dict(req.headers).get("content-type", "")
    if content_type == "application/sparql-query" or b"query=" in (req.body or b"") or "query=" in req.path:
        return False
    return "update" in case.name


def send(client, case: ProtocolCase, req: HttpRequest):
    assert req.path.startswith("/sparql/"), req.path
    path = ("/update" if is_update(case, req) else "/sparql") + req.path[len("/sparql/"):]
    headers = dict(req.headers)
    if path.startswith("/update"):
        headers["Authorization"] = f"Bearer {TOKEN}"
    content_type = headers.pop("content-type", None)
    return client.open(path, method=req.method, data=req.body, headers=headers, content_type=content_type)


@pytest.mark.parametrize("case", params())
def test_protocol(case: ProtocolCase, endpoint):
    store, client = endpoint
    for data, graph in case.graph_data:
        import_files(store, [str(data)], graph=graph)
    for req in case.requests:
        before = sorted(map(str, store.quads()))
        response = send(client, case, req)
        status_class = f"{response.status_code // 100}xx"
        assert status_class in req.statuses, f"{response.status_code}: {response.get_data(as_text=True)}"
        if "4xx" in req.statuses:
            assert_refused_for_its_reason(case, response)
            assert sorted(map(str, store.quads())) == before, "a refused request wrote"
        if req.result_format:
            assert_answer(req, response)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES if c.name in PROTOCOL_KNOWN_FAILURES])
def test_known_failures_fail_for_their_reason(case: ProtocolCase, endpoint):
    """A known failure is refused with 400 for the reason listed, and nothing else goes wrong."""
    store, client = endpoint
    for data, graph in case.graph_data:
        import_files(store, [str(data)], graph=graph)
    for req in case.requests:
        response = send(client, case, req)
        if f"{response.status_code // 100}xx" not in req.statuses:
            assert response.status_code == 400
            assert KNOWN_SYMPTOMS[case.name] in response.get_data(as_text=True)
            return
    pytest.fail(f"{case.name} passes: drop it from PROTOCOL_KNOWN_FAILURES")


def assert_refused_for_its_reason(case: ProtocolCase, response) -> None:
    status, words = REFUSALS[case.name]
    assert response.status_code == status, response.get_data(as_text=True)
    assert words in response.get_data(as_text=True)


def assert_answer(req: HttpRequest, response) -> None:
    """The answer is in a format the test allows, parses, and says what it must."""
    media = response.mimetype
    if req.result_format == "RDF":
        assert media in RDF_TYPES, media
        list(ox.parse(response.data, format=RDF_TYPES[media]))
        return
    allowed = RESULT_TYPES if req.result_format == "tabular" else \
        {k: v for k, v in RESULT_TYPES.items() if v in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)}
    assert media in allowed, media
    answer = ox.parse_query_results(response.data, format=allowed[media])
    if req.result_format == "boolean":
        assert isinstance(answer, ox.QueryBoolean)
        if req.boolean is not None:
            assert bool(answer) is req.boolean
    else:
        assert isinstance(answer, ox.QuerySolutions)
        list(answer)


def test_the_query_endpoint_refuses_updates_and_bodies_not_in_utf8(endpoint):
    """Beyond the manifest: /sparql itself never runs an update, and reads its body strictly."""
    store, client = endpoint
    before = sorted(map(str, store.quads()))
    response = client.get("/sparql?update=CLEAR%20ALL")
    assert response.status_code == 400 and "POST them to /update" in response.get_data(as_text=True)
    response = client.post("/sparql", data="update=CLEAR%20ALL", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "send updates to /update" in response.get_data(as_text=True)
    response = client.post("/sparql", data=b"ASK { \xff }", content_type="application/sparql-query")
    assert response.status_code == 400 and "not valid UTF-8 (at byte 6)" in response.get_data(as_text=True)
    assert sorted(map(str, store.quads())) == before
