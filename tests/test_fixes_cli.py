"""The command's reviewed gaps: messages on stderr, the --store help, the import progress bar."""

from __future__ import annotations

import dataclasses
import http.server
import io
import sys
import threading
from pathlib import Path

import pyoxigraph
import pytest

from kb import cli
from kb.errors import BadInput
from kb.ontology import ensure_ontology
from kb.store import RemoteStore
from kb.store.embedded import run_on
from kb.update import apply_update

from .conftest import DATA


def test_sample_reports_on_stderr_and_leaves_stdout_empty(parley, store_dir):
    run = parley("--store", store_dir, "sample")
    assert run.code == 0, run.err
    assert run.out == b""
    assert "wrote " in run.err and " quads to <https://w3id.org/parley/graph/sample/" in run.err


def test_import_reports_on_stderr_and_leaves_stdout_empty(parley, store_dir):
    run = parley("--store", store_dir, "import", "--graph", "urn:g:one", str(DATA / "statement.ttl"))
    assert run.code == 0, run.err
    assert run.out == b""
    assert "quads to <urn:g:one>" in run.err and run.err.startswith("wrote ")
    run = parley("--store", store_dir, "import", "--dry-run", "--graph", "urn:g:one", str(DATA / "statement.ttl"))
    assert run.out == b"" and run.err.startswith("would write ")


def test_store_help_names_every_kind_of_store(parley, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option, so the phrase is not wrapped
    run = parley("--help")
    assert run.code == 0
    line = next(line for line in run.text.splitlines() if "--store" in line and "directory" in line)
    assert "memory:" in line and "or the http(s) URL of a SPARQL 1.1 server" in line


def test_readme_tour_shows_the_real_output(parley, store_dir, monkeypatch):
    """The five-line tour pastes the timeline query's output: it must be what the command prints."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A five-line tour", 1)[1].split("\n## ", 1)[0]
    shown = tour.split("```\n-[ 1 ]", 1)[1].split("```", 1)[0]
    assert parley("--store", store_dir, "sample").code == 0
    monkeypatch.setenv("COLUMNS", "100")
    run = parley("--store", store_dir, "query", "--name", "timeline", "--param", "status=neg:Planned")
    assert run.code == 0, run.err
    assert run.text == "-[ 1 ]" + shown


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the handler's name is fixed by http.server
        _Recorder.hits.append(self.path)
        body = b"<http://e/a> <http://e/b> <http://e/c> .\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def web_server():
    """A local HTTP server that records every request it gets, always stopped."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_update_with_load_is_refused_before_any_request(store, web_server):
    for text in (f"LOAD <{web_server}data.ttl> INTO GRAPH <urn:g:loaded>",
                 f"load silent <{web_server}data.ttl>",
                 f"INSERT DATA {{ GRAPH <urn:g:x> {{ <http://e/a> <http://e/b> 1 }} }} ; LOAD <{web_server}x.ttl>"):
        with pytest.raises(BadInput) as caught:
            apply_update(store, text)
        assert str(caught.value) == ("LOAD is refused: the server makes no outbound requests; import the file "
                                     "with parley import or the Graph Store")
    assert _Recorder.hits == []
    assert not store.has_graph("urn:g:loaded") and not store.has_graph("urn:g:x")


def test_load_inside_strings_comments_and_iris_is_no_load(store):
    apply_update(store, '# LOAD nothing\nINSERT DATA { GRAPH <urn:g:words> { <http://e/LOAD> <http://e/b> "LOAD <x>" } }')
    assert store.has_graph("urn:g:words")


class _ServerInMemory(RemoteStore):
    """The real RemoteStore (its chunking, staging graphs and MOVE) over an in-memory pyoxigraph
    store instead of HTTP, with chunks of 50 quads so that a small import is sent in several."""

    def __init__(self):
        super().__init__("http://127.0.0.1:9/never-contacted")
        self.dialect = dataclasses.replace(self.dialect, max_insert_triples=50)
        self.local = pyoxigraph.Store()
        ensure_ontology(self)

    def query_dataset(self, sparql, default_graphs=(), named_graphs=()):
        return run_on(self.local, sparql, default_graphs, named_graphs)

    def update(self, text):
        self.local.update(text)


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _import_chunked(monkeypatch, tmp_path, stderr):
    data = tmp_path / "many.nt"
    data.write_text("".join(f'<http://e/s{i}> <http://e/p> "v{i}" .\n' for i in range(120)))
    server = _ServerInMemory()
    monkeypatch.setattr(cli, "open_store", lambda location: server)
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    code = cli.main(["--store", server.location, "import", "--graph", "urn:g:many", str(data)])
    assert code == 0, stderr.getvalue()
    assert sum(1 for _ in server.local.quads_for_pattern(None, None, None, pyoxigraph.NamedNode("urn:g:many"))) == 120
    return stderr.getvalue()


def test_chunked_import_to_a_server_shows_a_progress_bar_in_a_terminal(monkeypatch, tmp_path):
    err = _import_chunked(monkeypatch, tmp_path, _Terminal())
    bar, summary = err.rsplit("\n", 2)[:2]
    frames = bar.split("\r")[1:]
    assert [f.split("% ")[1] for f in frames] == ["50/120 quads", "100/120 quads", "120/120 quads"]
    assert frames[-1] == f"sending [{'#' * 30}] 100% 120/120 quads"
    assert summary == "wrote 120 quads to <urn:g:many>"


def test_chunked_import_is_quiet_in_a_pipe(monkeypatch, tmp_path):
    err = _import_chunked(monkeypatch, tmp_path, io.StringIO())
    assert "\r" not in err and "sending" not in err
    assert err == "wrote 120 quads to <urn:g:many>\n"


def test_a_big_import_into_the_embedded_store_shows_its_reading_in_a_terminal(monkeypatch, tmp_path):
    """The staged import bulk-loads in Rust; the bar follows the bytes it has read."""
    from kb.store.embedded import EmbeddedStore

    monkeypatch.setattr(EmbeddedStore, "BULK_QUADS", 1)  # take the staged path for a small file
    data = tmp_path / "many.nt"
    data.write_text("".join(f'<http://e/s{i}> <http://e/p> "value number {i}" .\n' for i in range(20_000)))
    stderr = _Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    code = cli.main(["--store", str(tmp_path / "store"), "import", "--graph", "urn:g:many", str(data)])
    err = stderr.getvalue()
    assert code == 0, err
    frames = err.split("\n")[0].split("\r")[1:]
    assert len(frames) > 2 and all(f.startswith("reading [") for f in frames)
    assert frames[-1].startswith(f"reading [{'#' * 30}] 100% ")
    assert err.endswith("wrote 20000 quads to <urn:g:many>\n")
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert cli.main(["--store", str(tmp_path / "store"), "import", "--graph", "urn:g:many", str(data)]) == 0
    assert "\r" not in quiet.getvalue() and "reading" not in quiet.getvalue()
