"""The bundled ontology, kept up to date in its own graph of every store."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from .vocab import ONTOLOGY_GRAPH


def _ontology_dir() -> Path:
    """``ontology/`` beside the package in a checkout (and editable installs); an installed
    wheel carries it as data files under ``<prefix>/share/parley/ontology``."""
    for candidate in (Path(__file__).resolve().parent.parent / "ontology",
                      Path(sys.prefix) / "share" / "parley" / "ontology"):
        if (candidate / "parley.ttl").is_file():
            return candidate
    raise FileNotFoundError("Parley's ontology files are missing: reinstall Parley")


ONTOLOGY_DIR = _ontology_dir()
ONTOLOGY_FILE = ONTOLOGY_DIR / "parley.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@lru_cache(maxsize=1)
def ontology_quads() -> tuple[Quad, ...]:
    """The ontology's triples, placed in the ontology graph."""
    graph = NamedNode(ONTOLOGY_GRAPH)
    return tuple(Quad(t.subject, t.predicate, t.object, graph)
                 for t in parse(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE))


def ensure_ontology(store) -> None:
    """Write the bundled ontology into the store's ontology graph if it differs."""
    wanted = set(ontology_quads())
    if set(store.quads(ONTOLOGY_GRAPH)) != wanted:
        store.replace_graphs({ONTOLOGY_GRAPH}, list(wanted))
