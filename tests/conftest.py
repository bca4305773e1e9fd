"""Shared fixtures: stores, the sample, and the ``parley`` command run in-process."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.sample import load_sample
from kb.store import open_store

DATA = Path(__file__).resolve().parent / "data"


BACKENDS = [b for b in os.environ.get("PARLEY_TEST_BACKENDS", "embedded,oxigraph,virtuoso").split(",") if b]


def pytest_configure(config):
    config.addinivalue_line("markers", "embedded_only(reason): the test is about the embedded store itself")
    config.addinivalue_line("markers", "slow: the long fuzz and load runs (CI runs them too; -m 'not slow' skips them)")


@pytest.fixture(scope="session")
def sparql_servers(tmp_path_factory):
    """Real SPARQL servers, started on first use and stopped at the end of the run."""
    from .servers import start_oxigraph, start_virtuoso

    started = {}

    def get(name: str):
        if name not in started:
            starter = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}[name]
            started[name] = starter(tmp_path_factory.mktemp(name))
        return started[name]

    yield get
    for server in started.values():
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request, sparql_servers, monkeypatch):
    """Which store the test runs on: embedded, or a real server emptied for the test."""
    marker = request.node.get_closest_marker("embedded_only")
    if request.param != "embedded" and marker:
        pytest.skip(f"embedded store only: {marker.args[0]}")
    if request.param == "embedded":
        return None
    from .servers import reset

    server = sparql_servers(request.param)
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    reset(server)
    return server


@pytest.fixture
def store(backend):
    """An empty store (with the ontology, as every store has): in memory, or on a server."""
    with open_store(backend.url if backend else "memory:") as s:
        yield s


@pytest.fixture
def sample_store(store):
    """An in-memory store holding the bundled sample."""
    load_sample(store)
    return store


@pytest.fixture
def store_dir(tmp_path, backend):
    """A store location for --store: a directory that does not exist yet, or a server's URL."""
    return backend.url if backend else str(tmp_path / "store")


@dataclass
class Run:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


@pytest.fixture
def parley(monkeypatch):
    """Run the ``parley`` command in-process: ``parley("--store", d, "stats")`` → Run."""
    from kb.cli import main

    def run(*argv: str, stdin: bytes = b"") -> Run:
        out, err = io.BytesIO(), io.StringIO()
        fake_out = io.TextIOWrapper(out, encoding="utf-8")
        monkeypatch.setattr(sys, "stdout", fake_out)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else 0
        fake_out.flush()
        return Run(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def app(sample_store):
    """The web app over the sample (in memory)."""
    from webui import create_app

    app = create_app({"STORE": "memory:", "STORE_OBJECT": sample_store, "TESTING": True})
    return app


@pytest.fixture
def client(app):
    return app.test_client()
