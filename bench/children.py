"""Work the benchmark runs in child processes: the imports, and the query timings of one engine.

Why children: each import must start from nothing and have a peak memory of its own (wait4
gives a child's high-water mark), and a query that takes minutes (rdflib, or a slow version of
Parley) must be stoppable: neither pyoxigraph nor rdflib can cancel a query, so the runner
kills the child instead and goes on with the next question in a new one.

The runner calls these; each prints one JSON record per line on standard output:

    children.py import parley|raw STORE_DIR FILE
    children.py index STORE_DIR
    children.py queries parley|raw STORE_DIR PARAMS_JSON TASK...
    children.py rdflib FILE PARAMS_JSON TASK...
"""

from __future__ import annotations

import json
import sys
import time

import plain
from measure import repeat
from tasks import TASKS

from kb.ontology import ONTOLOGY_FILE, ontology_quads
from kb.vocab import ONTOLOGY_GRAPH


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def import_parley(store_dir: str, path: str) -> None:
    """What ``parley import FILE`` does: open (or create) the store, parse, validate, write."""
    from kb.importer import import_files
    from kb.store import open_store

    start = time.perf_counter()
    with open_store(store_dir) as store:
        store.exclusive = True  # as `parley import` does: the process is the store's only user
        report = import_files(store, [path])
    emit({"seconds": time.perf_counter() - start, "quads": report.quads})


def build_index(store_dir: str) -> None:
    """Parley's statement index, built as ``parley serve`` builds it after an import."""
    from kb import statement_index
    from kb.store import open_store

    start = time.perf_counter()
    with open_store(store_dir) as store:
        built = statement_index.current(store, build_now=True) is not None
    emit({"seconds": time.perf_counter() - start, "built": built})


def import_raw(store_dir: str, path: str) -> None:
    """pyoxigraph's bulk loader on the same file, then (untimed) the ontology the plain queries
    need to tell statements by their classes, which Parley's store holds too."""
    from pyoxigraph import RdfFormat, Store

    start = time.perf_counter()
    store = Store(store_dir)
    store.bulk_load(path=path, format=RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    store.extend(ontology_quads())
    store.flush()
    emit({"seconds": seconds})


def timed_tasks(names: list[str], answer) -> None:
    """Time each named task with ``answer(task)`` and emit its timing and digest."""
    for task in (t for t in TASKS if t.name in names):
        timing, digest = repeat(lambda task=task: answer(task))
        emit({"task": task.name, **timing, "digest": sorted(list(d) if isinstance(d, tuple) else d for d in digest)})


def queries(engine: str, store_dir: str, params: dict, names: list[str]) -> None:
    """Parley's functions on its store, or the plain queries on the raw pyoxigraph store."""
    if engine == "parley":
        from kb import statement_index
        from kb.store import open_store

        store = open_store(store_dir)
        emit({"ready": True, "index": statement_index.current(store) is not None})
        timed_tasks(names, lambda task: task.parley(store, params))
        return
    from pyoxigraph import Store

    store = Store(store_dir)
    emit({"ready": True})
    texts = {t.name: plain.query_text(t.query, t.plain_params(params)) for t in TASKS}
    timed_tasks(names, lambda task: task.digest(plain.on_oxigraph(store, texts[task.name])))


def rdflib_child(path: str, params: dict, names: list[str]) -> None:
    """Plain rdflib: parse the file into a Dataset (union default graph), then the plain queries."""
    import rdflib

    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    seconds = time.perf_counter() - start
    dataset.graph(rdflib.URIRef(ONTOLOGY_GRAPH)).parse(str(ONTOLOGY_FILE), format="turtle")
    emit({"ready": True, "import_seconds": seconds})
    texts = {t.name: plain.query_text(t.query, t.plain_params(params)) for t in TASKS}
    timed_tasks(names, lambda task: task.digest(plain.on_rdflib(dataset, texts[task.name])))


def main(argv: list[str]) -> None:
    command, rest = argv[0], argv[1:]
    if command == "import":
        (import_parley if rest[0] == "parley" else import_raw)(rest[1], rest[2])
    elif command == "index":
        build_index(rest[0])
    elif command == "queries":
        queries(rest[0], rest[1], json.loads(open(rest[2]).read()), rest[3:])
    elif command == "rdflib":
        rdflib_child(rest[0], json.loads(open(rest[1]).read()), rest[2:])
    else:
        sys.exit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
