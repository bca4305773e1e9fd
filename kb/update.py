"""SPARQL 1.1 Update through the same guarantees as an import: validated, atomic, all or nothing.

The update first runs on a scratch copy of the store (a checkpoint of an on-disk store, or a
copy of one kept in memory); the copy is checked against the shapes; only then does the same
update run on the real store, in one transaction. Updates may not touch the ontology graph.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode

from .bindings import keywords
from .errors import BadInput, QueryError, ValidationError
from .shapes import validate_store
from .store import Store
from .vocab import ONTOLOGY_GRAPH, PREFIXES


def apply_update(store: Store, text: str) -> None:
    """Validate a SPARQL update on a scratch copy, then apply it to ``store``.

    :raises QueryError: if the update does not parse or uses SERVICE.
    :raises BadInput: if it uses LOAD (the store would fetch the URL), or changes the ontology.
    :raises ValidationError: if the store would break the shapes; nothing is written.
    """
    words = keywords(text)  # outside comments, strings and IRIs: <http://e/LOAD> is no LOAD
    if "SERVICE" in words:
        raise QueryError("SERVICE (federated queries) is refused")
    if "LOAD" in words:
        raise BadInput("LOAD is refused: the server makes no outbound requests; import the file with "
                       "parley import or the Graph Store")
    with _scratch(store) as scratch:
        _run(scratch, text)
        ontology = NamedNode(ONTOLOGY_GRAPH)
        if set(scratch.quads_for_pattern(None, None, None, ontology)) != set(store.quads(ONTOLOGY_GRAPH)):
            raise BadInput(f"an update may not change the ontology graph <{ONTOLOGY_GRAPH}>")
        violations = validate_store(scratch)
        if violations:
            raise ValidationError(violations)
    store.update(text)


def _run(target: pyoxigraph.Store, text: str) -> None:
    try:
        target.update(text, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"bad SPARQL update: {(err.msg or str(err)).splitlines()[0][:300]}") from None
    except (ValueError, RuntimeError) as err:
        raise QueryError(f"the update failed: {err}") from None


class _scratch:
    """A throw-away copy of the store to try an update on."""

    def __init__(self, store: Store):
        self.store, self.dir = store, None

    def __enter__(self) -> pyoxigraph.Store:
        if self.store.path:
            self.dir = tempfile.mkdtemp(prefix="parley-scratch-", dir=Path(self.store.path).parent)
            target = str(Path(self.dir) / "copy")
            self.store.checkpoint(target)
            return pyoxigraph.Store(target)
        copy = pyoxigraph.Store()  # a store in memory or on a server: copy it (fine at modest sizes)
        copy.extend(self.store.quads())
        return copy

    def __exit__(self, *exc) -> None:
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
