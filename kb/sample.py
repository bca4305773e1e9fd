"""The bundled sample: the 13 March 2025 ceasefire article, curated by hand into statements."""

from __future__ import annotations

from pathlib import Path

from .importer import ImportReport, import_files
from .store import Store
from .vocab import SAMPLE_GRAPH_PREFIX

SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "sample"
SAMPLE_ARTICLE = SAMPLE_DIR / "article-2025-03-13.txt"


def sample_files() -> list[Path]:
    """The sample's Turtle files, in the order they are loaded."""
    return sorted(SAMPLE_DIR.glob("*.ttl"))


def load_sample(store: Store) -> list[ImportReport]:
    """Load every sample file into its own graph (``…/graph/sample/<name>``); loading again replaces it."""
    return [import_files(store, [str(path)], graph=SAMPLE_GRAPH_PREFIX + path.stem) for path in sample_files()]
