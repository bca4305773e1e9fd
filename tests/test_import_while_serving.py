"""A big import through a running server: the timeline keeps answering, and every answer is the
record before the import or after it, never a part of it (issue 7)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from .servers import free_port, wait_until_up
from .test_statement_index import _generated_record

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PARLEY = [sys.executable, "-m", "kb"]
TOKEN = "serving-import-token"
STATEMENTS = 6000  # about 90,000 quads, 4 MB of Turtle: one Graph Store request


def _rows(url: str) -> int:
    with urllib.request.urlopen(url + "/timeline.csv", timeout=120) as answer:
        assert answer.status == 200
        return answer.read().count(b"\n") - 1


def test_the_timeline_answers_the_old_record_or_the_new_during_an_import(tmp_path):
    store, data = str(tmp_path / "store"), tmp_path / "many.ttl"
    data.write_text(_generated_record(17, STATEMENTS), encoding="utf-8")
    assert subprocess.run(PARLEY + ["--store", store, "sample"], cwd=ROOT, capture_output=True).returncode == 0
    port = free_port()
    env = {**os.environ, "PARLEY_WRITE_TOKEN": TOKEN, "PARLEY_SPARQL_WORKERS": "1"}
    server = subprocess.Popen(PARLEY + ["--store", store, "serve", "--port", str(port), "--threads", "4"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", server, seconds=60)
        before = _rows(url)
        seen, failures, done = [], [], threading.Event()

        def read_the_timeline():
            while not done.is_set():
                try:
                    seen.append(_rows(url))
                except Exception as err:  # noqa: BLE001 - any failure to answer is what the test looks for
                    failures.append(repr(err))
                time.sleep(0.05)

        reader = threading.Thread(target=read_the_timeline)
        reader.start()
        try:
            run = subprocess.run(PARLEY + ["--store", store, "import", "--server", url, str(data)], cwd=ROOT,
                                 env=env, capture_output=True, text=True, timeout=600)
        finally:
            time.sleep(0.5)
            done.set()
            reader.join(180)
        assert run.returncode == 0, run.stderr
        after = _rows(url)
        assert after > before
        assert not failures, failures[:3]
        assert len(seen) >= 5, seen  # it kept answering while the import ran
        assert set(seen) <= {before, after}, sorted(set(seen))
    finally:
        server.terminate()
        server.wait(30)
