"""Run read queries with a real time limit: in worker processes that are killed when late.

pyoxigraph cannot cancel a query, and a thread that merely stops waiting leaves the query
burning a core. So queries from the outside world run in a small pool of worker processes,
each reading a snapshot of the store (a RocksDB checkpoint: hard links, made in milliseconds).
A query past its limit gets its worker killed (SIGKILL) and replaced; the others keep serving.
After every write the owner of the store calls :meth:`QueryService.refresh` for a new snapshot.

A store kept in memory cannot be snapshotted: there queries run in the calling thread, and the
limit is only checked between rows (documented; tests and small uses only).
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph

from .answers import Answer, kind_of, serialize_answer
from .errors import KBError, QueryError, QueryTimeout
from .store.embedded import run_on

__all__ = ["Busy", "QueryRequest", "QueryService", "QueryTimeout", "execute"]


class Busy(KBError):
    """Every worker stayed busy for the whole time limit."""

    http_status = 503


@dataclass(frozen=True)
class QueryRequest:
    """A read query as the SPARQL protocol gives it, with the media type wanted for each kind
    of answer (the kind is only known once the query is parsed)."""

    query: str
    results_type: str = "application/sparql-results+json"  # for SELECT and ASK
    graph_type: str = "text/turtle"  # for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


def execute(run, request: QueryRequest, max_rows: int, deadline: float | None = None) -> Answer:
    """Run one request with ``run(query, default_graphs, named_graphs)`` and serialize the answer."""
    result = run(request.query, request.default_graphs, request.named_graphs)
    kind = kind_of(result)
    media_type = request.graph_type if kind == "graph" else request.results_type
    if deadline is not None and kind != "ask":
        result = _Deadline(result, deadline)
    return serialize_answer(result, kind, media_type, max_rows)


class _Deadline:
    """Wrap an answer's iterator so that reading past the deadline raises QueryTimeout."""

    def __init__(self, inner, deadline: float):
        self.inner, self.deadline = inner, deadline
        self.variables = getattr(inner, "variables", None)

    def __iter__(self):
        for item in self.inner:
            if time.monotonic() > self.deadline:
                raise QueryTimeout("the query ran past the time limit and was stopped")
            yield item


def _worker_main(conn, max_rows: int) -> None:
    """A worker process: open snapshots read-only and answer requests until told to stop."""
    opened, store = None, None
    while True:
        message = conn.recv()
        if message is None:
            return
        snapshot, request = message
        try:
            if snapshot != opened:
                store, opened = pyoxigraph.Store.read_only(snapshot), snapshot
            conn.send(("ok", execute(partial(run_on, store), request, max_rows)))
        except KBError as err:
            conn.send(("error", type(err).__name__, str(err)))
        except (OSError, RuntimeError, ValueError) as err:
            conn.send(("error", "QueryError", f"the query failed: {err}"))


class _Worker:
    def __init__(self, context, max_rows: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, max_rows), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class QueryService:
    """Bounded read queries over a store: a time limit, a row cap, no federation."""

    def __init__(self, store, *, timeout: float = 10.0, max_rows: int = 10_000, workers: int = 2):
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self._path = getattr(store, "path", None)
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers_wanted = workers
        self._snapshot: str | None = None
        self._generation = 0
        if self._path:
            self._context = multiprocessing.get_context("spawn")
            self._root = Path(str(self._path).rstrip("/") + ".snapshots")
            shutil.rmtree(self._root, ignore_errors=True)
            self._root.mkdir(parents=True)
            self.refresh()
            for _ in range(workers):
                self._idle.put(_Worker(self._context, max_rows))

    @property
    def isolated(self) -> bool:
        """True when queries run in killable processes (an on-disk store)."""
        return self._path is not None

    def refresh(self) -> None:
        """Take a new snapshot after a write; keep the two before it for queries still running."""
        if not self._path:
            return
        with self._lock:
            self._generation += 1
            target = self._root / str(self._generation)
            self.store.checkpoint(str(target))
            self._snapshot = str(target)
            for old in sorted(self._root.iterdir(), key=lambda p: int(p.name))[:-3]:
                shutil.rmtree(old, ignore_errors=True)

    def run(self, request: QueryRequest) -> Answer:
        """Answer a read query within the time limit.

        :raises QueryError: for a bad query or SERVICE (federation is refused).
        :raises QueryTimeout: when it ran too long (its worker was killed).
        """
        from .update import refuse_federation  # here, not at the top: kb.update imports this module's neighbours

        refuse_federation(request.query)
        if not self.isolated:
            # a server store: the HTTP request itself is bounded, so a query the server keeps
            # computing is given up on at the limit (see the README on what a server can stop)
            def run(query, default_graphs, named_graphs):
                return self.store.query_dataset(query, default_graphs, named_graphs, timeout=self.timeout)
            return execute(run, request, self.max_rows, time.monotonic() + self.timeout)
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Busy("the server is busy with other queries; try again shortly") from None
        remaining = max(self.timeout - (time.monotonic() - started), 0.1)
        try:
            worker.conn.send((self._snapshot, request))
            if not worker.conn.poll(remaining):
                worker.kill()
                worker = _Worker(self._context, self.max_rows)
                raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s and was stopped")
            status, *payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.kill()
            worker = _Worker(self._context, self.max_rows)
            raise QueryError("the query stopped its worker (out of memory?)") from None
        finally:
            self._idle.put(worker)
        if status == "ok":
            return payload[0]
        kind, message = payload
        raise QueryTimeout(message) if kind == "QueryTimeout" else QueryError(message)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().stop()
        if self._path:
            shutil.rmtree(self._root, ignore_errors=True)
