"""The embedded store: pyoxigraph on disk (RocksDB, transactional) or in memory."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad

from ..errors import BadInput, QueryError, StoreError, StoreLocked
from ..vocab import PREFIXES
from .base import QueryResult, Store, insert_data


class EmbeddedStore(Store):
    """A pyoxigraph store; ``path=None`` keeps it in memory (for tests and dry runs)."""

    #: Writes of at least this many quads by the store's only user (``exclusive``) go through a
    #: checkpoint that is bulk-loaded and swapped in: about three times faster than one big
    #: transaction and without holding the whole write in memory, and as atomic.
    BULK_QUADS = 50_000
    #: Roughly how many bytes of a file make a quad, to tell a big file before it is parsed
    #: (N-Quads of Parley's statements run at ~200 bytes a quad, Turtle at ~60).
    BYTES_PER_QUAD = 64

    def __init__(self, path: str | None = None, *, location: str | None = None):
        self.location = location or (path or "memory:")
        self.exclusive = False  # set by a command that owns the store alone (see replace_graphs)
        self._lock = _hold(path, self.location) if path else None  # before recovering: see _hold
        try:
            if path:
                _recover_swap(path)
            self._store = pyoxigraph.Store(path) if path else pyoxigraph.Store()
        except OSError as err:
            self._release()
            if "lock" in str(err).lower():
                raise StoreLocked(_held_by_whom(self.location, path)) from None
            raise StoreError(f"cannot open the store {self.location}: {err}") from None
        except BaseException:
            self._release()
            raise
        self._path = path
        self._stamp = self._read_stamp()

    # --- the write stamp: renewed before and after every write, so derived data (kb.statement_index)
    # built at an older stamp is never taken for current, even after a crash in the middle of a write

    @property
    def stamp(self) -> str:
        """An id of the store's current contents; a new one before and after every write."""
        return self._stamp

    def _stamp_file(self):
        return stamp_file_for(self._path) if self._path else None

    def _read_stamp(self) -> str:
        file = self._stamp_file()
        if file is not None:
            try:
                return file.read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                pass
        return self._renew_stamp()

    def _renew_stamp(self) -> str:
        import uuid

        self._stamp = uuid.uuid4().hex
        file = self._stamp_file()
        if file is not None:
            with open(file, "w", encoding="ascii") as handle:
                handle.write(self._stamp)
                handle.flush()
                os.fsync(handle.fileno())
        return self._stamp

    def _query(self, sparql: str) -> QueryResult:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"bad SPARQL query: {_short(err.msg or str(err))}") from None

    def query_dataset(self, sparql: str, default_graphs=(), named_graphs=(), *,
                      timeout: float | None = None) -> QueryResult:
        return run_on(self._store, sparql, default_graphs, named_graphs)

    def update(self, text: str) -> None:
        self._renew_stamp()
        try:
            self._store.update(text, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"bad SPARQL update: {_short(err.msg or str(err))}") from None
        except (ValueError, RuntimeError) as err:
            raise QueryError(f"the update failed: {err}") from None
        finally:
            self._written()

    def replace_graphs(self, graphs: set[str], quads: list[Quad]) -> None:
        self._renew_stamp()
        try:
            existing = [g for g in graphs if self._store.contains_named_graph(NamedNode(g))]
            if self.exclusive and self._path and len(quads) >= self.BULK_QUADS:
                self._replace_by_swap(existing, quads)
            elif not existing:
                self._store.extend(quads)  # one transaction
            else:
                # Dropping and inserting in one SPARQL update keeps it one transaction.
                drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in sorted(existing))
                self._store.update(drops + insert_data(quads))
        finally:
            self._written()

    def _replace_by_swap(self, existing: list[str], quads: list[Quad]) -> None:
        """Checkpoint the store, drop and bulk-load in the copy, then swap the copy in (see
        :meth:`_swap_in`)."""
        incoming = _sibling(Path(self._path), "incoming")
        shutil.rmtree(incoming, ignore_errors=True)
        self._store.flush()
        self._store.backup(str(incoming))
        copy = pyoxigraph.Store(str(incoming))
        if existing:
            copy.update("".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in sorted(existing)).rstrip(" ;\n"))
        copy.bulk_extend(quads)
        copy.flush()
        del copy
        self._swap_in(incoming)

    def _swap_in(self, incoming: Path) -> None:
        """Put the closed store at ``incoming`` in place of this one with two renames. Until the
        second rename the store is the old one (a crash leaves it, and the next open puts it
        back: see _recover_swap); after it, the new one. Only for a process that is the store's
        only user: the store is closed for the moment of the swap."""
        path = Path(self._path)
        previous = _sibling(path, "previous")
        del self._store
        try:
            os.replace(path, previous)
            try:
                os.replace(incoming, path)
            except OSError:
                os.replace(previous, path)  # put the old store back: the write did not happen
                raise
        finally:
            self._store = pyoxigraph.Store(str(path))  # the new store, or the old one if the swap failed
        shutil.rmtree(previous, ignore_errors=True)

    def staging(self, size: int) -> Staging | None:
        """A new, empty store beside this one to build the store after a big write in (an
        estimated ``size`` bytes of input), then swap in whole; None when the write should go
        through :meth:`replace_graphs` instead (a small one, a store in memory or shared)."""
        if not (self.exclusive and self._path) or size < self.BULK_QUADS * self.BYTES_PER_QUAD:
            return None
        return Staging(self)

    def _written(self) -> None:
        """After a write (done or failed): on disk, and a stamp again, so that whatever was read
        while the write was under way — and labelled with the stamp of before — is never current."""
        if self._path:
            self._store.flush()
        self._renew_stamp()

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        if graph is None:
            return self._store.quads_for_pattern(None, None, None, None)
        return self._store.quads_for_pattern(None, None, None, graph_node(graph))

    def quads_for(self, subject=None, predicate=None, obj=None, graph: str | None = None) -> Iterator[Quad]:
        return self._store.quads_for_pattern(subject, predicate, obj, graph_node(graph) if graph else None)

    def graph_sizes(self) -> dict[str, int]:
        rows = self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        sizes = {row["g"].value: int(row["n"].value) for row in rows}
        default = sum(1 for _ in self._store.quads_for_pattern(None, None, None, DefaultGraph()))
        if default:
            sizes[""] = default
        return sizes

    @property
    def path(self) -> str | None:
        """The store's directory, or None in memory."""
        return self._path

    @property
    def raw(self) -> pyoxigraph.Store:
        """The pyoxigraph store itself, for code that needs its own query options."""
        return self._store

    def checkpoint(self, target: str) -> None:
        """A consistent copy of the store at ``target`` (hard links where possible)."""
        self._store.flush()
        self._store.backup(target)

    def as_rdflib(self):
        """The same data as an ``rdflib.Dataset`` (through oxrdflib, no copy), for code written
        against rdflib. Read from it; write through :mod:`kb.importer`, which validates."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self._store), default_union=True)

    def close(self) -> None:
        if self._path:
            self._store.flush()
        del self._store
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # the flock goes with the descriptor
            self._lock = None


class Staging:
    """The store after a write, built beside the store at ``.<name>.incoming`` and swapped in
    by :meth:`commit`, or thrown away (on leaving the ``with`` block uncommitted, or by the next
    opening after a crash: see _recover_swap). Readers of the store see none of it until then."""

    def __init__(self, owner: EmbeddedStore):
        self._owner = owner
        self._path = _sibling(Path(owner.path), "incoming")
        shutil.rmtree(self._path, ignore_errors=True)
        self.raw = pyoxigraph.Store(str(self._path))

    def keep_rest(self, replaced: set[str]) -> None:
        """Copy in every quad of the store outside the ``replaced`` graphs (the default graph and
        the ontology graph included): what the write leaves as it is."""
        source = self._owner.raw
        kept = [g for g in source.named_graphs() if not (isinstance(g, NamedNode) and g.value in replaced)]
        for graph in [DefaultGraph(), *kept]:
            self.raw.bulk_extend(source.quads_for_pattern(None, None, None, graph))

    def commit(self) -> None:
        """Swap the staged store in: from here on it is the store."""
        owner = self._owner
        owner._renew_stamp()
        try:
            self.raw.flush()
            if sys.getrefcount(self.raw) > 2:  # this attribute and the call's own argument
                raise RuntimeError("the staged store is still open elsewhere: it cannot be swapped in")
            del self.raw
            owner._store.flush()
            owner._swap_in(self._path)
        finally:
            owner._written()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        if hasattr(self, "raw"):  # not committed: the write never happened
            del self.raw
            shutil.rmtree(self._path, ignore_errors=True)


def _hold(path: str, location: str) -> int:
    """Take the store's own lock (an flock on ``<path>.lock``) for as long as it is open.

    RocksDB locks the directory too, but only once it is open, and opening comes after
    :func:`_recover_swap`, which removes a half-built ``.incoming`` copy: without this lock, a
    second process opening the store would delete the copy a running import is building.

    :raises StoreLocked: when another process (or another opening here) holds the store.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(path).rstrip("/") + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreLocked(_held_by_whom(location, path)) from None
    return fd


def _held_by_whom(location: str, path: str) -> str:
    """What to tell a second process about a store another one holds: where to write instead."""
    try:
        url = serving_file_for(path).read_text(encoding="utf-8").strip()
    except OSError:
        url = ""
    if url:
        return (f"the store {location} is held by `parley serve` at {url}: stop it, or write through it with "
                f"`parley import --server {url} FILE…` (its write token in $PARLEY_WRITE_TOKEN)")
    return (f"the store {location} is in use by another process (a running `parley serve`?): stop it, or "
            "write through that server with `parley import --server URL FILE…` (its write token in "
            "$PARLEY_WRITE_TOKEN)")


def _sibling(path: Path, role: str) -> Path:
    return path.with_name(f".{path.name}.{role}")


def _recover_swap(path: str) -> None:
    """Finish or undo a swap a crash interrupted (see EmbeddedStore._replace_by_swap)."""
    store, incoming, previous = Path(path), _sibling(Path(path), "incoming"), _sibling(Path(path), "previous")
    if not store.exists() and previous.exists():
        os.replace(previous, store)  # killed between the two renames: the old store, whole
    shutil.rmtree(incoming, ignore_errors=True)  # an unfinished copy: the write never happened
    if store.exists():
        shutil.rmtree(previous, ignore_errors=True)  # swapped in, not yet cleaned


def serving_file_for(path: str) -> Path:
    """Where ``parley serve`` writes the address it serves a store directory on (``<path>.serving``),
    so that a second ``parley`` can say where to write instead."""
    return Path(str(path).rstrip("/") + ".serving")


def stamp_file_for(path: str):
    """Where a store directory's write stamp is kept: beside it, ``<path>.stamp``."""
    from pathlib import Path

    return Path(str(path).rstrip("/") + ".stamp")


def graph_node(graph: str) -> NamedNode:
    """The graph name as an IRI term.

    :raises BadInput: if it is not an absolute IRI (the message an import gives).
    """
    try:
        return NamedNode(graph)
    except ValueError:
        raise BadInput(f"{graph!r} is not a valid IRI for a graph") from None


def _short(message: str, limit: int = 300) -> str:
    """Oxigraph lists every token it expected; keep the first line and a readable length."""
    first = message.splitlines()[0]
    return first if len(first) <= limit else first[:limit] + "…"


def run_on(store: pyoxigraph.Store, sparql: str, default_graphs=(), named_graphs=()) -> QueryResult:
    """Run a query on a pyoxigraph store with the SPARQL protocol's dataset options."""
    options = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [NamedNode(g) for g in named_graphs]
    try:
        return store.query(sparql, **options)
    except SyntaxError as err:
        raise QueryError(f"bad SPARQL query: {_short(err.msg or str(err))}") from None
    except ValueError as err:
        raise QueryError(str(err)) from None
