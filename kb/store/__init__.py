"""Open a store from a location: a directory, ``memory:``, or a SPARQL server's query URL."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import BadInput
from .base import QueryResult, Store
from .embedded import EmbeddedStore
from .remote import RemoteStore

DEFAULT_LOCATION = "./parley-data"
MEMORY = "memory:"

__all__ = ["Store", "QueryResult", "EmbeddedStore", "RemoteStore", "open_store", "default_location"]


def default_location() -> str:
    """``$PARLEY_STORE``, else ``./parley-data``."""
    return os.environ.get("PARLEY_STORE") or DEFAULT_LOCATION


def open_store(location: str | None = None) -> Store:
    """Open (creating if needed) the store at ``location``, with the ontology in place.

    :raises BadInput: for a location Parley cannot use.
    :raises StoreError: if the store is locked or unreadable.
    """
    from ..ontology import ensure_ontology

    location = location or default_location()
    if location == MEMORY:
        store: Store = EmbeddedStore(None, location=MEMORY)
    elif location.startswith(("http://", "https://")):
        store = RemoteStore(location)
    else:
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise BadInput(f"{location}: not a directory (a store is a directory, or memory:)")
        store = EmbeddedStore(str(path), location=location)
    ensure_ontology(store)
    return store
