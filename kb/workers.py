"""Run read queries with a real time limit: in worker processes that are killed when late.

pyoxigraph cannot cancel a query, and a thread that merely stops waiting leaves the query
burning a core. So queries from the outside world run in a small pool of worker processes,
each reading a snapshot of the store (a RocksDB checkpoint: hard links, made in milliseconds).
A query past its limit gets its worker killed (SIGKILL) and replaced; the others keep serving.
Memory is bounded the same way: a worker may allocate ``memory`` bytes (``RLIMIT_DATA``), and a
query that needs more (a sort over a cartesian product) ends its own worker, not the server nor
the machine. After every write the owner of the store calls :meth:`QueryService.refresh` for a
new snapshot.

A store kept in memory cannot be snapshotted, and a thread cannot be killed: there each query
runs in a thread of its own with a big stack (pyoxigraph recurses on it; 8 MiB overflow and end
the process), and the request gives up waiting at the time limit with the same 503. pyoxigraph
cannot cancel it, so the query computes on in that thread until it produces its next row (the
deadline is checked between rows) or, for one that produces none (a COUNT over a cartesian
product), until it is done. :class:`Stragglers` counts those threads and refuses new queries
(503) while :data:`MAX_STRAGGLERS` of them still run, so they cannot pile up; and since on a store
in memory nothing can stop a plan, a query with more triple patterns than the planner can take
(:data:`kb.update.MAX_PATTERNS`) is refused up front, like an update.
"""

from __future__ import annotations

import multiprocessing
import queue
import resource
import shutil
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph

from .answers import Answer, kind_of, serialize_answer
from .errors import KBError, QueryError, QueryTimeout
from .store.embedded import EmbeddedStore, run_on

__all__ = ["Busy", "QueryRequest", "QueryService", "QueryTimeout", "QueryTooLarge", "Stragglers", "execute",
           "on_a_big_stack"]

#: The stack of a thread that parses, plans or runs SPARQL in the server's own process: pyoxigraph
#: recurses on it, and only what it touches is ever allocated.
STACK = 256 * 1024 * 1024
#: How many queries given up on at the time limit (store in memory) may still run before new ones are refused.
MAX_STRAGGLERS = 2
_STACK_SIZE = threading.Lock()  # threading.stack_size is process-wide: set and reset it one thread at a time


class Busy(KBError):
    """Every worker stayed busy for the whole time limit."""

    http_status = 503


class QueryTooLarge(KBError):
    """The query needed more memory than a worker may use."""

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
    max_rows: int | None = None  # the service's row cap unless given (Parley's own pages need every row)


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


def _worker_main(conn, max_rows: int, memory: int | None = None) -> None:
    """A worker process: open snapshots read-only and answer requests until told to stop."""
    if memory:
        try:
            resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
        except (ValueError, OSError):  # a system without RLIMIT_DATA: the time limit still holds
            pass
    opened, store = None, None
    while True:
        message = conn.recv()
        if message is None:
            return
        snapshot, request = message
        try:
            if snapshot != opened:
                store, opened = pyoxigraph.Store.read_only(snapshot), snapshot
            conn.send(("ok", execute(partial(run_on, store), request, request.max_rows or max_rows)))
        except KBError as err:
            conn.send(("error", type(err).__name__, str(err)))
        except MemoryError:
            conn.send(("error", "QueryTooLarge", "the query needed more memory than a query may use"))
        except (OSError, RuntimeError, ValueError) as err:
            conn.send(("error", "QueryError", f"the query failed: {err}"))


class _Worker:
    def __init__(self, context, max_rows: int, memory: int | None = None):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, max_rows, memory), daemon=True)
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


def thread_free(err: BaseException) -> BaseException:
    """``err`` with the locals of its frames (and of the errors it chains) let go of here, in
    the thread that raised it: pyoxigraph's iterators may only be freed by the thread that made
    them, and an error handed to another thread would carry them there. Lines stay in the
    traceback."""
    seen, chained = set(), err
    while chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        traceback.clear_frames(chained.__traceback__)
        chained = chained.__cause__ or chained.__context__
    return err


def _start_on_a_big_stack(target, name: str) -> threading.Thread:
    with _STACK_SIZE:
        previous = threading.stack_size(STACK)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


class Stragglers:
    """Calls run on threads with a big stack and waited for at most a time limit, counting those
    given up on: pyoxigraph can cancel neither a query nor an update, so such a thread computes on
    until it is done. While ``limit`` of them still run, new calls are refused with :class:`Busy`
    instead of piling up more.

    >>> Stragglers(1, "queries").call(sum, [1, 2], timeout=1, late=QueryTimeout("too slow"))
    3
    """

    def __init__(self, limit: int = MAX_STRAGGLERS, what: str = "queries"):
        self.limit, self.what = limit, what
        self._lock = threading.Lock()
        self._running = 0

    @property
    def running(self) -> int:
        """How many calls given up on are still computing."""
        with self._lock:
            return self._running

    def call(self, function, *args, timeout: float | None, late: QueryTimeout):
        """``function(*args)`` on a thread of its own with a stack of :data:`STACK` bytes: what it
        returns, or what it raises.

        :raises Busy: while ``limit`` calls given up on earlier still run.
        :raises QueryTimeout: ``late``, when it is not done within ``timeout`` seconds (None: wait
            as long as it takes); the thread computes on.
        """
        outcome: list[tuple[bool, object]] = []
        abandoned = False

        def run() -> None:
            nonlocal abandoned
            try:
                outcome.append((True, function(*args)))
            except BaseException as err:  # handed over to the calling thread below, not swallowed
                outcome.append((False, thread_free(err)))
            finally:
                with self._lock:
                    if abandoned:
                        self._running -= 1

        with self._lock:
            if self._running >= self.limit:
                raise Busy(f"{self._running} earlier {self.what} that ran past the time limit are still computing "
                           f"(Parley cannot cancel them); try again shortly")
        thread = _start_on_a_big_stack(run, f"parley-{self.what}")
        thread.join(timeout)
        with self._lock:
            if not outcome:  # still computing: from here on its thread counts as a straggler
                abandoned = True
                self._running += 1
                raise late
        done, value = outcome[0]
        if not done:
            raise value
        return value


def on_a_big_stack(function, *args):
    """``function(*args)`` on a thread with a stack of :data:`STACK` bytes, waited for as long as it
    takes: what it returns, or what it raises."""
    return Stragglers(1, "calls").call(function, *args, timeout=None, late=QueryTimeout())


class QueryService:
    """Bounded read queries over a store: a time limit, a row cap, no federation."""

    def __init__(self, store, *, timeout: float = 10.0, max_rows: int = 10_000, workers: int = 2,
                 memory: int | None = 1 << 30):
        self.store, self.timeout, self.max_rows, self.memory = store, timeout, max_rows, memory
        self._path = getattr(store, "path", None)
        self._in_memory = self._path is None and isinstance(store, EmbeddedStore)
        self.stragglers = Stragglers(MAX_STRAGGLERS, "queries")
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers_wanted = workers
        self._snapshot: str | None = None
        self._snapshot_stamp: str | None = None
        self._generation = 0
        if self._path:
            self._context = multiprocessing.get_context("spawn")
            self._root = Path(str(self._path).rstrip("/") + ".snapshots")
            shutil.rmtree(self._root, ignore_errors=True)
            self._root.mkdir(parents=True)
            self.refresh()
            for _ in range(workers):
                self._idle.put(self._new_worker())

    @property
    def isolated(self) -> bool:
        """True when queries run in killable processes (an on-disk store)."""
        return self._path is not None

    def refresh(self, *, unless_current: bool = False) -> None:
        """Take a new snapshot after a write; keep the two before it for queries still running
        (``unless_current``: only if no other thread took one of the current contents meanwhile)."""
        if not self._path:
            return
        with self._lock:
            if unless_current and getattr(self.store, "stamp", None) == self._snapshot_stamp:
                return
            self._generation += 1
            target = self._root / str(self._generation)
            self._snapshot_stamp = getattr(self.store, "stamp", None)  # read before: a write during it shows
            self.store.checkpoint(str(target))
            self._snapshot = str(target)
            for old in sorted(self._root.iterdir(), key=lambda p: int(p.name))[:-3]:
                shutil.rmtree(old, ignore_errors=True)

    def run(self, request: QueryRequest) -> Answer:
        """Answer a read query within the time limit.

        :raises QueryError: for a bad query, SERVICE (federation is refused), nesting deeper than
            the parser can take, or (store in memory) more triple patterns than the planner can.
        :raises QueryTimeout: when it ran too long (its worker was killed; in memory, given up on).
        :raises Busy: when no worker (or, in memory, too many stragglers) left room within the limit.
        """
        from .update import refuse_hostile_query  # here, not at the top: kb.update imports this module

        refuse_hostile_query(request.query, count_patterns=self._in_memory)
        if self._in_memory:
            return self._run_in_a_thread(request)
        if not self.isolated:
            # a server store: the HTTP request itself is bounded, so a query the server keeps
            # computing is given up on at the limit (see the README on what a server can stop)
            def run(query, default_graphs, named_graphs):
                return self.store.query_dataset(query, default_graphs, named_graphs, timeout=self.timeout)
            return execute(run, request, self.max_rows, time.monotonic() + self.timeout)
        return self._in_a_worker(request, self.timeout)

    def run_bounded(self, sparql: str, *, deadline: float):
        """One of Parley's own queries, answered by a worker from the snapshot by ``deadline``
        (``time.monotonic()``) and parsed back into what ``Store.query`` gives (see kb.bounded).

        :raises QueryTimeout: saying the page is waiting for the statement index.
        """
        late = QueryTimeout("this page is waiting for the statement index, which is being rebuilt after a "
                            "change (a few minutes on a large record); the page is back as soon as it is done")
        if getattr(self.store, "stamp", None) != self._snapshot_stamp:
            self.refresh(unless_current=True)  # a write no one told the service about: never answer from before it
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            raise late
        request = QueryRequest(sparql, results_type="application/sparql-results+json",
                               graph_type="application/n-triples", max_rows=sys.maxsize)
        try:
            answer = self._in_a_worker(request, timeout)
        except (QueryTimeout, QueryTooLarge, Busy):
            raise late from None
        if answer.kind == "graph":
            return pyoxigraph.parse(answer.body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return pyoxigraph.parse_query_results(answer.body, format=pyoxigraph.QueryResultsFormat.JSON)

    def _in_a_worker(self, request: QueryRequest, timeout: float) -> Answer:
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy("the server is busy with other queries; try again shortly") from None
        remaining = max(timeout - (time.monotonic() - started), 0.1)
        try:
            worker.conn.send((self._snapshot, request))
            if not worker.conn.poll(remaining):
                worker.kill()
                worker = self._new_worker()
                raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
            status, *payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.kill()
            aborted = worker.process.exitcode == -signal.SIGABRT  # how Rust ends when an allocation fails
            worker = self._new_worker()
            if aborted and self.memory:
                raise self._too_large() from None
            raise QueryError("the query stopped its worker (out of memory?)") from None
        finally:
            self._idle.put(worker)
        if status == "ok":
            return payload[0]
        kind, message = payload
        if kind == "QueryTooLarge":
            raise self._too_large()
        raise QueryTimeout(message) if kind == "QueryTimeout" else QueryError(message)

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.max_rows, self.memory)

    def _too_large(self) -> QueryTooLarge:
        return QueryTooLarge(f"the query needed more than the {self.memory / 2**20:,.0f} MiB a query may use "
                             "and was stopped; ask for less (a LIMIT, fewer variables, no ORDER BY over everything)")

    def _run_in_a_thread(self, request: QueryRequest) -> Answer:
        """A store in memory: the query on a big stack, given up on at the limit (see the module's docstring)."""
        def run(query, default_graphs, named_graphs):
            return self.store.query_dataset(query, default_graphs, named_graphs)

        deadline = time.monotonic() + self.timeout
        return self.stragglers.call(execute, run, request, self.max_rows, deadline, timeout=self.timeout,
                                    late=QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s and "
                                                      "was given up on (on a store kept in memory it may compute "
                                                      "a while longer)"))

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().stop()
        if self._path:
            shutil.rmtree(self._root, ignore_errors=True)
