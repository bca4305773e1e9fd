"""Parley's server measured from the outside: the timeline page, /sparql, cold start, memory.

Why a real ``parley serve`` subprocess: that is what a reader's browser and a researcher's
script meet (waitress, Flask, the templates, the pool of query workers reading a snapshot),
and only a fresh process shows what a cold start costs. It runs on 127.0.0.1 on a free port,
with the SPARQL time limit, row cap and worker memory cap lifted so that slow plain queries are
measured rather than cut off.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import plain
from measure import children_of, repeat, summary, vm_hwm
from virtuoso import free_port

PARLEY = str(Path(sys.executable).parent / "parley")
ENV = {"PARLEY_SPARQL_TIMEOUT": "3600", "PARLEY_SPARQL_MAX_ROWS": "10000000", "PARLEY_SPARQL_MEMORY_MB": "0"}


def start(store_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([PARLEY, "--store", str(store_dir), "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env={**os.environ, **ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (it and its query workers), SIGKILL if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def get(url: str, timeout: float = 3600) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read()


def first_answer(url: str, process: subprocess.Popen, timeout: float) -> float:
    """Seconds from now until ``url`` answers 200 (retrying while the port is closed)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"parley serve stopped at start (exit {process.returncode})")
        try:
            get(url, timeout)
            return time.perf_counter() - start
        except (ConnectionError, urllib.error.URLError) as err:
            if isinstance(err, urllib.error.HTTPError):
                raise
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def timeline_url(base: str, p: dict) -> str:
    """The timeline page with the benchmark's actor and date range (the URL a link shares)."""
    return base + "/?" + urllib.parse.urlencode({"actor": p["actor"], "from": p["from"], "to": p["to"]})


def own_pages(base: str, p: dict) -> list[str]:
    """Parley's own pages besides the timeline page: a year with all its filters' counts, the
    stance matrix as of a day, and a word search."""
    return [base + "/?" + urllib.parse.urlencode({"from": p["year_from"], "to": p["year_to"]}),
            base + "/matrix?" + urllib.parse.urlencode({"asOf": p["asOf"]}),
            base + "/?" + urllib.parse.urlencode({"q": p["text"]})]


def memory(process: subprocess.Popen) -> dict:
    """Peak RSS of the server process and, summed, of its child processes (query workers)."""
    workers = [vm_hwm(pid) or 0 for pid in children_of(process.pid)]
    return {"server": vm_hwm(process.pid) or 0, "workers": sum(workers), "processes": 1 + len(workers)}


def measure(store_dir: Path, p: dict, queries: dict[str, str], timeout: float) -> dict:
    """Latency of the timeline page and of /sparql for each plain query, and peak memory after
    Parley's own pages (``own``) and after the plain queries too.

    ``queries`` maps a task's name to its plain query text. Answers of /sparql come back as
    rows, so they can be compared with the raw engine's."""
    process, base = start(store_dir)
    try:
        first_answer(base + "/sparql?query=" + urllib.parse.quote("ASK {}"), process, timeout)
        page_timing, _ = repeat(lambda: get(timeline_url(base, p)))
        for page in own_pages(base, p):  # what readers ask of Parley itself
            get(page)
        own = memory(process)
        sparql = {}
        for name, text in queries.items():
            timing, rows = repeat(lambda text=text: plain.on_endpoint(base + "/sparql", text, timeout))
            sparql[name] = {**timing, "rows": rows}
        return {"page": page_timing, "sparql": sparql, "memory": {**memory(process), "own": own}}
    finally:
        stop(process)


def cold_start(store_dir: Path, timeout: float, rounds: int = 3) -> dict:
    """Process start to the first answered timeline page (GET /, no filter), ``rounds`` times
    (once if it takes longer than 20 s), with the peak memory of the last round."""
    samples, mem = [], {}
    for _ in range(rounds):
        started = time.perf_counter()
        process, base = start(store_dir)
        try:
            first_answer(base + "/", process, timeout)
            samples.append(time.perf_counter() - started)
            mem = memory(process)
        finally:
            stop(process)
        if samples[-1] > 20:
            break
    return {**summary(samples), "memory": mem}
