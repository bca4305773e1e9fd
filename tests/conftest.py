"""Shared fixtures: stores, the sample, and the ``parley`` command run in-process."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.sample import load_sample
from kb.store import open_store

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store():
    """An empty in-memory store (with the ontology, as every store has)."""
    with open_store("memory:") as s:
        yield s


@pytest.fixture
def sample_store(store):
    """An in-memory store holding the bundled sample."""
    load_sample(store)
    return store


@pytest.fixture
def store_dir(tmp_path):
    """A location for an on-disk store that does not exist yet."""
    return str(tmp_path / "store")


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
