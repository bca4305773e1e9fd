"""Hostile requests on a store kept in memory, and updates past their limit (issue 7; kb/workers.py,
kb/update.py): each is stopped at its limit, nothing is written, and the server keeps answering.

Queries nested or chained thousands deep once crashed a server on a store in memory (SIGSEGV:
pyoxigraph recurses on the thread's stack), and a runaway query there was never given up on.
These run against a real server (waitress, its own process, 127.0.0.1, always stopped), so that
a regression fails a test instead of ending the test run.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kb.errors import BadInput
from kb.export import export
from kb.sample import load_sample
from kb.store import open_store
from kb.update import MAX_PATTERNS, UpdateTimeout, apply_update
from kb.workers import Busy, Stragglers

from .servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "limits-token"
TIME_LIMIT = 2
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: Within the pattern cap, but its plan alone takes pyoxigraph about half a second (measured: 0.6 s).
SLOW_TO_PLAN = ("INSERT { <urn:test:slow> <urn:test:p> <urn:test:o> } WHERE { "
                + " ".join(f"?s <urn:test:p{i}> ?o{i} ." for i in range(MAX_PATTERNS - 5)) + " }")
GOOD = ("INSERT DATA { GRAPH <urn:test:limits> { <https://w3id.org/parley/id/actor/limits> a "
        "<https://w3id.org/parley/ns#Actor> ; <http://www.w3.org/2000/01/rdf-schema#label> 'Limits' } }")

SERVE = r"""
import sys, waitress
from kb.sample import load_sample
from kb.store import open_store
from webui import create_app
store = open_store("memory:")
load_sample(store)
app = create_app({"STORE": "memory:", "STORE_OBJECT": store, "SPARQL_TIMEOUT": float(sys.argv[2]),
                  "SPARQL_UPDATE_TIMEOUT": float(sys.argv[2]), "WRITE_TOKEN": sys.argv[3]})
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8)
"""


@pytest.fixture
def memory_server():
    """A server of this test's own on a store in memory holding the sample: the stragglers a test
    leaves compute on until it is stopped."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(port), str(TIME_LIMIT), TOKEN], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/sparql?query=ASK%7B%7D", process, seconds=90)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        process.stderr.close()


def post(url: str, path: str, body: bytes, media: str, **headers) -> tuple[int, str, float]:
    started = time.monotonic()
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": media, **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), time.monotonic() - started


def query(url: str, text: str) -> tuple[int, str, float]:
    return post(url, "/sparql", urllib.parse.urlencode({"query": text}).encode(), "application/x-www-form-urlencoded")


def update(url: str, text: str) -> tuple[int, str, float]:
    return post(url, "/update", text.encode(), "application/sparql-update", Authorization=f"Bearer {TOKEN}")


def timeline_answers(url: str) -> bool:
    with urllib.request.urlopen(url + "/", timeout=10) as answer:
        return answer.status == 200 and b"ceasefire" in answer.read().lower()


def dump(store) -> list[str]:
    out = io.BytesIO()
    export(store, out, fmt="nquads")
    return sorted(out.getvalue().decode().splitlines())


#: (name, query, the status it gets, words of the message) on a store in memory.
DEEP = [
    ("groups ten thousand deep", "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000, 400, "nests more than"),
    ("negations", "ASK { ?s ?p ?o FILTER(" + "!" * 10_000 + "true) }", 400, "nests more than"),
    ("inverse paths", "ASK { ?s " + "^" * 10_000 + "<urn:p> ?o }", 400, "nests more than"),
    ("brackets", "ASK { ?s <urn:p> " + "[ <urn:p> " * 5_000 + "]" * 5_000 + " }", 400, "nests more than"),
    ("a thousand patterns", "SELECT * WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(1000)) + " }",
     400, "too long"),
    ("a path of twenty thousand steps", "ASK { ?s " + "/".join(["<urn:p>"] * 20_000) + " ?o }", 400, "too long"),
    ("five thousand unions", "ASK { " + " UNION ".join(["{ ?s <urn:p> ?o }"] * 5_000) + " }", 400, "too long"),
]


def test_deep_and_huge_queries_on_a_store_in_memory_get_400_and_the_server_stays_up(memory_server):
    url, process = memory_server
    for name, text, status, says in DEEP:
        got, body, _ = query(url, text)
        assert (got, says in body) == (status, True), (name, got, body[:300])
        assert process.poll() is None, name
    # chained operators nest no group: the parser recurses on the query's own big stack
    got, body, _ = query(url, "ASK { ?s ?p ?o FILTER(1" + " + 1" * 20_000 + " > 0) }")
    assert got in (200, 503), (got, body[:300])
    assert process.poll() is None
    assert timeline_answers(url)
    got, body, _ = query(url, "ASK { ?s a neg:Visit }")
    assert got == 200 and '"boolean": true' in body, (got, body)


def test_a_runaway_query_on_a_store_in_memory_is_given_up_on_and_stragglers_are_bounded(memory_server):
    url, process = memory_server
    for _ in range(2):  # each keeps computing in its thread: pyoxigraph cannot cancel it
        got, body, took = query(url, RUNAWAY)
        assert got == 503 and "time limit" in body, (got, body)
        assert TIME_LIMIT - 0.5 < took < TIME_LIMIT + 3, took
        assert timeline_answers(url)
    got, body, took = query(url, "ASK { ?s a neg:Visit }")  # two stragglers: no third is started
    assert got == 503 and "still computing" in body and took < 1, (got, body, took)
    assert timeline_answers(url)
    assert process.poll() is None


def test_a_huge_update_is_refused_and_a_runaway_one_stopped_writing_nothing_while_the_server_answers(memory_server):
    url, process = memory_server
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # every graph, the default one too
    before = query(url, count)
    assert before[0] == 200
    huge = ("INSERT { ?s0 <urn:test:p> ?o0 } WHERE { " + " ".join(f"?s{i} <urn:test:p> ?o{i} ." for i in range(1000))
            + " }")
    got, body, took = update(url, huge)
    assert got == 400 and "too long" in body and took < 2, (got, body, took)
    runaway = ("INSERT { <urn:test:s> <urn:test:n> ?n } WHERE { { SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { "
               "?a ?b ?c . ?d ?e ?f . ?h ?i ?j . ?k ?l ?m } } } }")  # an update's default graph is only the default
    got, body, took = update(url, runaway)
    assert got == 503 and "time limit" in body and "nothing was written" in body, (got, body)
    assert TIME_LIMIT - 0.5 < took < TIME_LIMIT + 3, took
    assert timeline_answers(url)
    got, body, _ = update(url, GOOD)  # the straggler still computes, on its copy
    assert got == 503 and "still computing" in body, (got, body)
    assert query(url, count)[:2] == before[:2]
    assert process.poll() is None


def test_an_update_past_its_limit_writes_nothing_and_its_copy_is_cleaned_up(tmp_path):
    """On disk: the trial's scratch checkpoint is removed by the straggler once it is done."""
    with open_store(str(tmp_path / "store")) as store:
        load_sample(store)
        before = dump(store)
        stragglers = Stragglers(1, "updates")
        with pytest.raises(UpdateTimeout, match="nothing was written"):
            apply_update(store, SLOW_TO_PLAN, timeout=0.05, stragglers=stragglers)
        with pytest.raises(Busy, match="still computing"):
            apply_update(store, GOOD, timeout=10, stragglers=stragglers)
        assert dump(store) == before
        wait_for(lambda: stragglers.running == 0)
        assert dump(store) == before  # the straggler ran on its copy only
        assert not list(tmp_path.glob("parley-scratch-*"))
        apply_update(store, GOOD, timeout=10, stragglers=stragglers)  # and then writes go on
        assert len(dump(store)) == len(before) + 2


def test_an_update_past_its_limit_on_a_store_in_memory_writes_nothing():
    with open_store("memory:") as store:
        load_sample(store)
        before = dump(store)
        stragglers = Stragglers(1, "updates")
        with pytest.raises(UpdateTimeout):
            apply_update(store, SLOW_TO_PLAN, timeout=0.05, stragglers=stragglers)
        wait_for(lambda: stragglers.running == 0)
        assert dump(store) == before
        apply_update(store, SLOW_TO_PLAN, timeout=30, stragglers=stragglers)  # within its limit it runs
        assert len(dump(store)) == len(before)  # (its WHERE matches nothing)


def test_updates_with_more_patterns_than_the_planner_can_take_are_refused_first():
    with open_store("memory:") as store:
        before = dump(store)
        for text in ("DELETE { ?s ?p ?o } WHERE { " + " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(400)) + " }",
                     "DELETE { ?s ?p ?o } WHERE { ?s " + " ; ".join(f"<urn:p{i}> ?o{i}" for i in range(400)) + " }",
                     "DELETE WHERE { ?s " + "/".join(["<urn:p>"] * 400) + " ?o }"):
            started = time.monotonic()
            with pytest.raises(BadInput, match="too long"):
                apply_update(store, text, timeout=30)
            assert time.monotonic() - started < 1
        assert dump(store) == before
        apply_update(store, "INSERT DATA { GRAPH <urn:test:big> { " + " ".join(
            f"<urn:s{i}> <urn:p> <urn:o{i}> ." for i in range(5_000)) + " } }")  # data blocks are not patterns
        assert len(dump(store)) == len(before) + 5_000


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "still not done"
        time.sleep(0.05)


def test_an_error_handed_from_a_big_stack_thread_frees_its_iterators_there():
    """pyoxigraph's iterators may only be dropped by the thread that made them: an error raised
    while one was open, handed to the caller, must not carry it across (that would end in an
    'unsendable' error at some later garbage collection, in whatever test runs then)."""
    import gc

    import pyoxigraph

    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:test:s"), pyoxigraph.NamedNode("urn:test:p"),
                              pyoxigraph.NamedNode("urn:test:o")))

    def fails_while_reading():
        reading = store.quads_for_pattern(None, None, None)
        next(reading)
        raise BadInput("stopped while reading")

    unraisable = []
    previous, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        with pytest.raises(BadInput, match="stopped while reading"):
            Stragglers(1, "queries").call(fails_while_reading, timeout=10, late=UpdateTimeout("late"))
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert not unraisable
