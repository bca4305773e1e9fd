"""A query that runs too long on a server store is given up on at the time limit (kb/workers.py)."""

from __future__ import annotations

import time

import pytest

from kb.errors import QueryTimeout
from kb.sample import load_sample
from kb.store import open_store
from kb.workers import QueryRequest, QueryService

from .servers import start_oxigraph

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own: the runaway query keeps it busy until it is stopped."""
    server = start_oxigraph(tmp_path)
    yield server
    server.stop()


def test_a_runaway_query_on_a_server_is_given_up_on_and_the_next_one_answers(own_server):
    with open_store(own_server.url) as store:
        load_sample(store)
        service = QueryService(store, timeout=1.5)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit"):
            service.run(QueryRequest(RUNAWAY))
        assert time.monotonic() - started < 5
        answer = service.run(QueryRequest("ASK { ?s a neg:Visit }"))
        assert b"true" in answer.body
