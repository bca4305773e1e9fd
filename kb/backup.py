"""Backups of an embedded store, and restoring one into place.

A backup is a RocksDB checkpoint (pyoxigraph's ``Store.backup``): the store as it was at one
instant, every transaction in it whole or not at all, taken while the store keeps serving.
On the same file system it is made of hard links to the store's immutable files, so it is
quick and small; copy it elsewhere to survive the loss of the disk. A backup appears under its
name only when complete, and a restore swaps a full, verified copy into place.

Only one process can open a store directory: while ``parley serve`` holds it, the backup is
the server's to make (``POST /admin/backup``). A SPARQL server store is backed up by the
server itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph

from .errors import BadInput, NotFound, StoreLocked
from .store import EmbeddedStore, Store
from .store.embedded import stamp_file_for

MEMORY = "memory:"
#: RocksDB writes this file in every database directory: what tells a store from any directory
MARKER = "CURRENT"


@dataclass(frozen=True)
class BackupReport:
    """What a backup or a restore holds, read back from the copy itself."""

    path: Path
    quads: int
    graphs: int

    def summary(self, verb: str) -> str:
        return f"{verb} {self.quads} quads in {self.graphs} graphs: {self.path}"


def backup(store: Store, target: str | os.PathLike) -> BackupReport:
    """Write a consistent copy of an open embedded store into ``target``, a new directory (or
    an empty one), while the store goes on serving reads and writes.

    :raises BadInput: for a store in memory or on a SPARQL server, or a ``target`` that holds files.
    """
    if not isinstance(store, EmbeddedStore) or not store.path:
        raise BadInput(_not_embedded(store.location))
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BadInput(f"{target}: already exists; a backup goes into a new (or empty) directory")
    if target.resolve().is_relative_to(Path(store.path).resolve()):
        raise BadInput(f"{target}: a backup cannot go inside the store it copies")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.partial-") as scratch:
        partial = Path(scratch) / "store"
        store.checkpoint(str(partial))
        os.replace(partial, target)  # appears whole or not at all; replaces only an empty directory
    return inspect(target)


def backup_location(location: str, target: str | os.PathLike) -> BackupReport:
    """Open the store at ``location`` (which must exist and be free) and back it up into ``target``.

    :raises StoreError: if another process (a running ``parley serve``) holds the store.
    :raises NotFound: if there is no store at ``location``.
    """
    path = _store_directory(location)
    if not (path / MARKER).is_file():
        raise NotFound(f"{location}: no store there to back up")
    try:
        store = EmbeddedStore(str(path), location=location)
    except StoreLocked:
        raise StoreLocked(
            f"the store {location} is in use by another process (a running `parley serve`?). "
            "Back it up through that server: curl -X POST -H \"Authorization: Bearer $PARLEY_WRITE_TOKEN\" "
            f"http://HOST:PORT/admin/backup writes one into {location.rstrip('/')}.backups/; or stop the "
            "server and run this again.") from None
    with store:
        return backup(store, target)


def backup_into(store: Store, parent: str | os.PathLike | None = None) -> BackupReport:
    """Back ``store`` up into a new directory named after the time (UTC, e.g.
    ``20250313T084700123456Z``) under ``parent``, by default ``STORE.backups`` beside the
    store: what a server does when asked for a backup, with no path taken from the request."""
    if not isinstance(store, EmbeddedStore) or not store.path:
        raise BadInput(_not_embedded(store.location))
    parent = Path(parent) if parent else Path(str(store.path).rstrip("/") + ".backups")
    return backup(store, parent / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ"))


def restore(source: str | os.PathLike, location: str, *, force: bool = False) -> BackupReport:
    """Put the backup ``source`` in place as the store at ``location``.

    The backup is copied beside the target, opened to check it, then renamed into place; an
    existing store is replaced only with ``force``, and only if no process holds it. The
    backup itself is left as it was. Replacing takes two renames (old store out, new one in):
    stopped between them, the old store is still whole in ``.NAME.restore-*/old`` beside it.

    :raises NotFound: if ``source`` is no backup.
    :raises BadInput: for a server or memory store, or an existing store without ``force``.
    :raises StoreError: if another process holds the store at ``location``.
    """
    source, target = Path(source), _store_directory(location)
    if not (source / MARKER).is_file():
        raise NotFound(f"{source}: not a backup (no store there)")
    if target.exists() and target.resolve() == source.resolve():
        raise BadInput(f"{source}: is the store itself")
    existing = target.exists() and any(target.iterdir())
    if existing:
        _check_replaceable(target, location, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.restore-") as scratch:
        fresh = Path(scratch) / "store"
        shutil.copytree(source, fresh)
        report = inspect(fresh)
        _forget_stamp(target)
        if existing:
            old = Path(scratch) / "old"
            os.replace(target, old)
            try:
                os.replace(fresh, target)
            except OSError:
                os.replace(old, target)  # put the old store back rather than leave none
                raise
        else:
            os.replace(fresh, target)  # a missing or empty directory: one atomic rename
    return BackupReport(target, report.quads, report.graphs)


def inspect(path: str | os.PathLike) -> BackupReport:
    """Open a backup read-only and count what it holds (a full scan: it proves the copy reads).

    :raises BadInput: if it does not open as a store.
    """
    try:
        copy = pyoxigraph.Store.read_only(str(path))
    except OSError as err:
        raise BadInput(f"{path}: does not open as a store: {err}") from None
    try:
        return BackupReport(Path(path), len(copy), sum(1 for _ in copy.named_graphs()))
    finally:
        del copy


def _check_replaceable(target: Path, location: str, force: bool) -> None:
    if not (target / MARKER).is_file():
        raise BadInput(f"{location}: holds files that are not a store; restore into a new directory")
    if not force:
        raise BadInput(f"{location}: already holds a store; restoring replaces all of it: add --force")
    try:
        EmbeddedStore(str(target), location=location).close()  # is anyone holding it?
    except StoreLocked:
        raise StoreLocked(f"the store {location} is in use by another process (a running `parley serve`?): "
                         "stop it, then restore") from None


def _forget_stamp(target: Path) -> None:
    """Drop the write stamp kept beside the store (see ``EmbeddedStore.stamp``), before the swap:
    the restored contents then get a new stamp when next opened, so nothing derived from the old
    contents (kb.statement_index) is taken for current, even if the restore stops half-way."""
    stamp_file_for(target).unlink(missing_ok=True)


def _store_directory(location: str) -> Path:
    if location == MEMORY or location.startswith(("http://", "https://")):
        raise BadInput(_not_embedded(location))
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise BadInput(f"{location}: not a directory (a store is a directory)")
    return path


def _not_embedded(location: str) -> str:
    if location == MEMORY:
        return "a memory: store lives for one command only; there is nothing to back up or restore"
    return (f"{location} is a SPARQL server: its backups are the server's job (Oxigraph: `oxigraph backup`; "
            "Virtuoso: backup_online()); `parley export --format nquads` makes a portable dump")
