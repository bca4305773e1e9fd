"""Crashes, concurrency and backups: nothing is lost or half-written, and a busy store says so.

The embedded store only: each test is about RocksDB on disk (checkpoints, locks, crashes).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kb import backup
from kb.importer import import_parsed
from kb.rdfio import ParsedInput
from kb.store import open_store

from .servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PARLEY = [sys.executable, "-m", "kb"]
EX = "http://example.org/reliability/"


def canonical_dump(parley, store: str) -> list[bytes]:
    """The whole dataset as sorted N-Quads lines: equal lists, equal datasets."""
    run = parley("--store", store, "export", "--format", "nquads")
    assert run.code == 0, run.err
    return sorted(run.out.splitlines())


def graph_of(graph: str, size: int, tag: str = "") -> ParsedInput:
    """An input of exactly ``size`` triples for ``graph`` (outside Parley's shapes: quick to check)."""
    quads = [Quad(NamedNode(f"{EX}{tag}s{i}"), NamedNode(f"{EX}p"), Literal(f"{tag}{i}"), NamedNode(graph))
             for i in range(size)]
    return ParsedInput(graph, graph, quads)


def sizes_in(path: Path) -> dict[str, int]:
    """Each named graph of a store directory and its size, read without taking the lock."""
    copy = pyoxigraph.Store.read_only(str(path))
    try:
        rows = copy.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"].value: int(row["n"].value) for row in rows}
    finally:
        del copy


# ---------------------------------------------------------------------------------------------
# Backup and restore
# ---------------------------------------------------------------------------------------------

def test_backup_then_restore_gives_an_identical_dataset(parley, tmp_path):
    store, copy, saved = str(tmp_path / "store"), str(tmp_path / "copy"), str(tmp_path / "backups" / "one")
    assert parley("--store", store, "sample").code == 0
    before = canonical_dump(parley, store)

    run = parley("--store", store, "backup", saved)
    assert run.code == 0, run.err
    assert f"backed up {len(before)} quads" in run.err
    run = parley("--store", copy, "restore", saved)
    assert run.code == 0, run.err
    assert canonical_dump(parley, copy) == before
    assert not [p.name for p in tmp_path.iterdir() if ".partial-" in p.name or ".restore-" in p.name]

    # a later change, then a restore over it: refused without --force, and then back as it was
    extra = tmp_path / "extra.nt"
    extra.write_text(f"<{EX}s> <{EX}p> \"later\" .\n")
    assert parley("--store", store, "import", str(extra)).code == 0
    changed = canonical_dump(parley, store)
    run = parley("--store", store, "restore", saved)
    assert run.code == 1 and "--force" in run.err
    assert canonical_dump(parley, store) == changed
    with open_store(store) as s:
        stamp = s.stamp
    run = parley("restore", saved, "--store", store, "--force")
    assert run.code == 0, run.err
    assert canonical_dump(parley, store) == before
    with open_store(store) as s:
        assert s.stamp != stamp  # nothing derived from the replaced contents is taken for current
    assert parley("--store", store, "backup", saved).code == 1  # a backup never overwrites another


@pytest.mark.parametrize("store, command, message", [
    ("http://127.0.0.1:9/query", "backup", "backups are the server's job"),
    ("http://127.0.0.1:9/query", "restore", "backups are the server's job"),
    ("memory:", "backup", "nothing to back up"),
    (None, "backup", "no store there"),
    (None, "restore", "not a backup"),
])
def test_backup_and_restore_refuse_what_they_cannot_do(parley, tmp_path, store, command, message):
    run = parley("--store", store or str(tmp_path / "nowhere"), command, str(tmp_path / "elsewhere"))
    assert run.code == 1 and message in run.err and "Traceback" not in run.err
    assert sorted(tmp_path.iterdir()) == []


def test_restore_never_replaces_a_directory_that_is_not_a_store(parley, tmp_path):
    store, saved = str(tmp_path / "store"), str(tmp_path / "saved")
    assert parley("--store", store, "stats").code == 0
    assert parley("--store", store, "backup", saved).code == 0
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    run = parley("--store", str(precious), "restore", saved, "--force")
    assert run.code == 1 and "not a store" in run.err
    assert (precious / "notes.txt").read_text() == "keep me"


def test_a_backup_taken_during_imports_holds_each_import_whole_or_not_at_all(tmp_path):
    """Imports of K triples each, one graph each, while backups are taken: every backup holds
    the first m imports exactly (a point in time), each graph with all its K triples."""
    K, IMPORTS = 2000, 10
    graphs = [f"urn:test:import:{i}" for i in range(IMPORTS)]
    with open_store(str(tmp_path / "store")) as store, ThreadPoolExecutor(1) as pool:
        first_written = threading.Event()

        def writer():
            for graph in graphs:
                import_parsed(store, [graph_of(graph, K)])
                first_written.set()

        writing = pool.submit(writer)
        while not (first_written.wait(0.01) or writing.done()):
            pass
        taken = []
        while not writing.done():
            taken.append(backup.backup(store, tmp_path / "backups" / str(len(taken))).path)
        writing.result()  # the writer's own failure, if any
    held = []
    for path in taken:
        sizes = {g: n for g, n in sizes_in(path).items() if g.startswith("urn:test:")}
        assert set(sizes.values()) <= {K}, path
        assert sorted(sizes, key=graphs.index) == graphs[:len(sizes)], path  # imports happen in order
        held.append(len(sizes))
    assert any(0 < m < IMPORTS for m in held), held  # at least one backup fell between imports


# ---------------------------------------------------------------------------------------------
# Crashes and readers
# ---------------------------------------------------------------------------------------------

def write_big_file(path: Path, triples: int, tag: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<{EX}{tag}/s{i // 10}> <{EX}p{i % 10}> "value {i}" .\n')


def test_sigkill_during_a_large_import_leaves_all_of_it_or_none(parley, tmp_path):
    """``parley import`` of 200,000 triples killed with SIGKILL at seeded random moments: the
    store opens again, the graph holds all of them or none, and the rest is untouched."""
    N, KILLS = 200_000, 3
    store = str(tmp_path / "store")
    assert parley("--store", store, "sample").code == 0
    with open_store(store) as s:
        kept = s.graph_sizes()

    whole = tmp_path / "whole.nt"
    write_big_file(whole, N, "whole")
    started = time.monotonic()
    done = subprocess.run(PARLEY + ["--store", store, "import", "--graph", "urn:test:whole", str(whole)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    kept["urn:test:whole"] = N
    whole.unlink()

    rng = random.Random(20250313)
    outcomes = []
    for trial in range(KILLS):
        source, graph = tmp_path / f"big{trial}.nt", f"urn:test:killed:{trial}"
        write_big_file(source, N, f"t{trial}")
        process = subprocess.Popen(PARLEY + ["--store", store, "import", "--graph", graph, str(source)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            # most of an import is its one write transaction, in the second half of its run
            time.sleep(rng.uniform(0.3, 0.95) * duration)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        source.unlink()
        with open_store(store) as s:  # opens again, lock and all
            sizes = s.graph_sizes()
        n = sizes.pop(graph, 0)
        assert n in (0, N), f"kill {trial}: {n} of {N} triples"
        assert sizes == kept, f"kill {trial}: other graphs changed"
        assert n == N or process.returncode != 0, f"kill {trial}: the import ended well but wrote {n}"
        outcomes.append((process.returncode, n))
        if n:
            kept[graph] = n
    assert any(code == -signal.SIGKILL for code, _ in outcomes), outcomes


def test_readers_during_an_import_see_the_old_graph_or_the_new_one(tmp_path):
    """A graph of K triples replaced, again and again, by one of K2 (through the import path)
    while a reader counts it: every count is K or K2."""
    K, K2, G = 3000, 5000, "urn:test:replaced"
    with open_store(str(tmp_path / "store")) as store, ThreadPoolExecutor(1) as pool:
        import_parsed(store, [graph_of(G, K, "a")])
        counts, stop = [], threading.Event()

        def reader():
            while not stop.is_set():
                row = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{G}> {{ ?s ?p ?o }} }}")))
                counts.append(int(row["n"].value))

        reading = pool.submit(reader)
        try:
            for i in range(6):
                import_parsed(store, [graph_of(G, K2, "b") if i % 2 == 0 else graph_of(G, K, "a")])
        finally:
            stop.set()
        reading.result()
    assert set(counts) == {K, K2}, sorted(set(counts))


# ---------------------------------------------------------------------------------------------
# A store a server holds
# ---------------------------------------------------------------------------------------------

@dataclass
class Serving:
    store: str
    url: str
    before: list[bytes]  # the canonical dump when the server started
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # lets it stop its query workers
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def serving(parley, tmp_path):
    """``parley serve`` as its own process on a store holding the sample; always stopped."""
    store = str(tmp_path / "store")
    assert parley("--store", store, "sample").code == 0
    before = canonical_dump(parley, store)
    port = free_port()
    env = {**os.environ, "PARLEY_SPARQL_WORKERS": "1", "PARLEY_WRITE_TOKEN": WRITE_TOKEN}
    process = subprocess.Popen(PARLEY + ["--store", store, "serve", "--port", str(port), "--threads", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    server = Serving(store, f"http://127.0.0.1:{port}", before, process)
    try:
        wait_until_up(server.url + "/sparql?query=ASK%7B%7D", process, seconds=60)
        yield server
    finally:
        server.stop()


def count_over_http(url: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    asked = urllib.request.Request(f"{url}/sparql?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(asked, timeout=30) as answer:
        return int(answer.read().decode().splitlines()[1])


def test_a_second_parley_on_a_store_a_server_holds_is_told_what_to_do(parley, tmp_path, serving):
    """``stats``, ``import``, ``backup`` and ``restore`` on a store ``parley serve`` holds: one line
    saying what to do, exit code 1, no traceback; the server keeps answering, the store is unchanged."""
    answered = count_over_http(serving.url)
    talks, other, saved = tmp_path / "talks.nt", str(tmp_path / "other"), str(tmp_path / "other-saved")
    talks.write_text(f"<{EX}s> <{EX}p> \"while serving\" .\n")
    assert parley("--store", other, "stats").code == 0 and parley("--store", other, "backup", saved).code == 0
    held = f"error: the store {serving.store} is held by `parley serve` at {serving.url}"
    busy = f"error: the store {serving.store} is in use by another process"
    for argv, start, advice in [(["stats"], held, f"parley import --server {serving.url}"),
                                (["import", str(talks)], held, f"parley import --server {serving.url}"),
                                (["backup", str(tmp_path / "saved")], busy, "/admin/backup"),
                                (["restore", saved, "--force"], busy, "stop it, then restore")]:
        run = subprocess.run(PARLEY + ["--store", serving.store] + argv, capture_output=True, text=True,
                             cwd=ROOT, timeout=60)
        assert run.returncode == 1, (argv, run.stderr)
        assert run.stderr.startswith(start), run.stderr
        assert "parley serve" in run.stderr and advice in run.stderr, argv
        assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1, run.stderr
    assert not (tmp_path / "saved").exists()
    assert count_over_http(serving.url) == answered
    serving.stop()
    assert canonical_dump(parley, serving.store) == serving.before


WRITE_TOKEN = "reliability-token"


def test_parley_import_writes_through_the_server_that_holds_the_store(tmp_path, serving):
    """What the second parley is told to do works: each file goes whole through the server's
    Graph Store, with the graph and base `parley import` would give it; a bad file is refused
    naming its line, and nothing of it is written."""
    talks, dataset, broken = tmp_path / "talks.ttl", tmp_path / "two.trig", tmp_path / "broken.nt"
    talks.write_text(f"@prefix ex: <{EX}> . ex:s ex:p <relative> .\n")
    dataset.write_text(f"<{EX}g1> {{ <{EX}a> <{EX}p> 1 }} <{EX}g2> {{ <{EX}b> <{EX}p> 2 }} <{EX}c> <{EX}p> 3 .\n")
    broken.write_text(f"<{EX}x> <{EX}p> \"1\" .\n<{EX}y> <{EX}p> .\n")
    env = {**os.environ, "PARLEY_WRITE_TOKEN": WRITE_TOKEN}

    def through(*files, **extra):
        return subprocess.run(PARLEY + ["--store", serving.store, "import", "--server", serving.url, *map(str, files)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120, env={**env, **extra})

    run = through(talks, dataset)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [f"wrote {talks} to <{talks.resolve().as_uri()}> through {serving.url}",
                                       f"wrote {dataset} to <{dataset.resolve().as_uri()}> through {serving.url}"]
    asked = {f"<{talks.resolve().as_uri()}>": f"<{EX}s> <{EX}p> <{talks.resolve().parent.as_uri()}/relative>",
             f"<{EX}g1>": f"<{EX}a> <{EX}p> 1", f"<{EX}g2>": f"<{EX}b> <{EX}p> 2",
             f"<{dataset.resolve().as_uri()}>": f"<{EX}c> <{EX}p> 3"}
    for graph, triple in asked.items():
        query = urllib.parse.quote(f"ASK {{ GRAPH {graph} {{ {triple} }} }}")
        with urllib.request.urlopen(f"{serving.url}/sparql?query={query}", timeout=30) as answer:
            assert b"true" in answer.read(), (graph, triple)
    before = count_over_http(serving.url)
    run = through(broken)
    assert run.returncode == 1 and run.stderr.startswith(f"error: {broken}: the server refused it (400)"), run.stderr
    assert f"{broken}:2:" in run.stderr and "Traceback" not in run.stderr
    run = through(talks, PARLEY_WRITE_TOKEN="")
    assert run.returncode == 1 and "$PARLEY_WRITE_TOKEN" in run.stderr
    run = subprocess.run(PARLEY + ["--store", serving.store, "import", "--server", "file:///etc", str(talks)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
    assert run.returncode == 1 and "http(s) address" in run.stderr
    assert count_over_http(serving.url) == before


def test_the_server_backs_up_the_store_it_holds(parley, tmp_path):
    """``POST /admin/backup`` with the write token: a backup beside the store, restorable to the
    same dataset; without the token, nothing."""
    pytest.importorskip("webui.views.admin", reason="POST /admin/backup is not in webui yet (kb/backup.py has "
                                                    "what it calls)")
    from webui import create_app

    store, copy = str(tmp_path / "store"), str(tmp_path / "copy")
    assert parley("--store", store, "sample").code == 0
    before = canonical_dump(parley, store)
    app = create_app({"STORE": store, "TESTING": True, "WRITE_TOKEN": "s3cret", "SPARQL_WORKERS": 0})
    try:
        client = app.test_client()
        assert client.post("/admin/backup").status_code == 401
        assert not Path(store + ".backups").exists()
        answer = client.post("/admin/backup", headers={"Authorization": "Bearer s3cret"})
        assert answer.status_code == 201, answer.get_data(as_text=True)
        made = answer.get_json()
        assert Path(made["backup"]).parent == Path(store + ".backups") and made["quads"] == len(before)
    finally:
        app.extensions["parley_queries"].close()
        app.extensions["parley_store"].close()
    assert parley("--store", copy, "restore", made["backup"]).code == 0
    assert canonical_dump(parley, copy) == before


def test_an_interrupted_swap_is_undone_or_finished_when_the_store_opens(tmp_path):
    """The big-import path swaps a bulk-loaded copy in with two renames; a kill at any point
    between them must leave one whole store (kb/store/embedded.py, _recover_swap)."""
    import shutil

    from kb.store import open_store
    from kb.store.embedded import _sibling

    location = tmp_path / "store"
    with open_store(str(location)) as store:
        store.update("INSERT DATA { GRAPH <https://example.org/g/one> { <https://e/a> <https://e/p> 1 } }")
        before = len(store)
    incoming, previous = _sibling(location, "incoming"), _sibling(location, "previous")
    # killed between the renames: the store is at .previous only
    location.rename(previous)
    with open_store(str(location)) as store:
        assert len(store) == before
    # killed while the copy was being loaded: a half-made copy is thrown away
    shutil.copytree(location, incoming)
    with open_store(str(location)) as store:
        assert len(store) == before
    assert not incoming.exists()
    # killed after the swap, before the clean-up: the new store stays, the old copy goes
    shutil.copytree(location, previous)
    with open_store(str(location)) as store:
        assert len(store) == before
    assert not previous.exists()


def test_a_big_import_by_the_only_user_replaces_graphs_like_any_other(tmp_path, monkeypatch):
    from kb.importer import import_files
    from kb.store import open_store
    from kb.store.embedded import EmbeddedStore

    monkeypatch.setattr(EmbeddedStore, "BULK_QUADS", 100)  # the swap path, on a small file
    first, second = tmp_path / "first.nt", tmp_path / "second.nt"
    first.write_text("".join(f"<https://e/s{i}> <https://e/p> \"{i}\" .\n" for i in range(300)))
    second.write_text("".join(f"<https://e/t{i}> <https://e/p> \"{i}\" .\n" for i in range(200)))
    with open_store(str(tmp_path / "store")) as store:
        store.exclusive = True
        import_files(store, [str(first)], graph="https://example.org/g/keep")
        import_files(store, [str(first)], graph="https://example.org/g/data")
        stamp = store.stamp
        import_files(store, [str(second)], graph="https://example.org/g/data")  # replaces it
        sizes = store.graph_sizes()
        assert sizes["https://example.org/g/data"] == 200 and sizes["https://example.org/g/keep"] == 300
        assert store.stamp != stamp
    with open_store(str(tmp_path / "store")) as store:
        assert store.graph_sizes()["https://example.org/g/data"] == 200
