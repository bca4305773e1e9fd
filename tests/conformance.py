"""The W3C conformance suites: where they are, how their manifests read, and Parley's known
failures, each with its reason (the way rdflib's ``test/test_w3c_spec`` lists its own).

The suites live outside the repository, in ``../shared/conformance`` beside the clone (CI puts a
copy there). ``PARLEY_CONFORMANCE`` changes that: unset, the suites must be there and a missing
folder fails the run with a message; ``skip`` skips the conformance tests (say so when you do);
any other value is the folder to use instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

ENV = "PARLEY_CONFORMANCE"
def _beside_the_clone() -> Path:
    """``../shared/conformance`` next to the clone, else the nearest ``shared/conformance`` up the tree."""
    repo = Path(__file__).resolve().parents[1]
    for folder in repo.parents:
        if (folder / "shared" / "conformance").is_dir():
            return folder / "shared" / "conformance"
    return repo.parent / "shared" / "conformance"


DEFAULT_ROOT = _beside_the_clone()

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"

#: The RDF 1.1 suites: folder → (Parley's syntax name, the URL the tests assume they live at).
#: The N-Triples and N-Quads manifests state no ``mf:assumedTestBase``; theirs is the same pattern.
RDF_SUITES = {
    "rdf-turtle": ("turtle", "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"),
    "rdf-trig": ("trig", "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-trig/"),
    "rdf-n-triples": ("ntriples", "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-n-triples/"),
    "rdf-n-quads": ("nquads", "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-n-quads/"),
}
#: rdft test types (without the format's name) → what the test asks of an import.
KINDS = {"PositiveSyntax": "positive", "NegativeSyntax": "negative", "Eval": "eval", "NegativeEval": "negative"}
FORMAT_NAMES = {"turtle": "Turtle", "trig": "Trig", "ntriples": "NTriples", "nquads": "NQuads"}


def root() -> Path | None:
    """The conformance folder, or None when ``PARLEY_CONFORMANCE=skip``."""
    setting = os.environ.get(ENV, "")
    if setting == "skip":
        return None
    return Path(setting) if setting else DEFAULT_ROOT


def require() -> Path:
    """The conformance folder; fails the test (never skips silently) when it is missing."""
    folder = root()
    if folder is None:
        pytest.skip(f"{ENV}=skip: the W3C conformance suites are not run")
    if not (folder / "rdf-tests").is_dir() or not (folder / "sparql-protocol").is_dir():
        pytest.fail(f"the W3C conformance suites are not at {folder}: CI copies shared/ beside the clone "
                    f"(../shared/conformance); point {ENV} at another copy, or set {ENV}=skip to run without them")
    return folder


def available() -> Path | None:
    """The conformance folder if it is there (for collecting cases; ``require`` reports its absence)."""
    folder = root()
    return folder if folder is not None and folder.is_dir() else None


# ---------------------------------------------------------------------------------------------
# Manifests
# ---------------------------------------------------------------------------------------------

class Manifest:
    """A ``manifest.ttl`` parsed with the base its tests assume, so actions are their URLs."""

    def __init__(self, path: Path, base: str):
        self.folder, self.base = path.parent, base
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base + path.name)
        self.node = ox.NamedNode(base + path.name)

    def value(self, subject, predicate: str):
        """The one object of ``subject predicate``, or None."""
        return next((q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)), None)

    def values(self, subject, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def items(self, head) -> Iterator:
        """The members of an RDF list, in order."""
        nil = ox.NamedNode(RDF + "nil")
        while head is not None and head != nil:
            yield self.value(head, RDF + "first")
            head = self.value(head, RDF + "rest")

    def entries(self) -> list:
        return list(self.items(self.value(self.node, MF + "entries")))

    def local(self, iri: ox.NamedNode) -> Path:
        """The file in the copy that an action or result URL names."""
        assert iri.value.startswith(self.base), iri
        return self.folder / iri.value[len(self.base):]


@dataclass(frozen=True)
class RdfCase:
    """One test of an RDF syntax suite, as its manifest states it."""

    suite: str
    name: str
    kind: str  # positive, negative, eval
    syntax: str  # Parley's name of the format
    action: Path
    base: str  # the test's URL: the base IRI of its import
    result: Path | None

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def rdf_cases(folder: Path | None) -> list[RdfCase]:
    """Every test of the four RDF 1.1 syntax suites, driven by their manifests."""
    if folder is None:
        return []
    cases = []
    for suite, (syntax, base) in RDF_SUITES.items():
        manifest = Manifest(folder / "rdf-tests" / suite / "manifest.ttl", base)
        prefix = RDFT + "Test" + FORMAT_NAMES[syntax]
        for entry in manifest.entries():
            kind_iri = manifest.value(entry, RDF + "type").value
            assert kind_iri.startswith(prefix) and kind_iri[len(prefix):] in KINDS, f"unknown test type {kind_iri}"
            action = manifest.value(entry, MF + "action")
            result = manifest.value(entry, MF + "result")
            cases.append(RdfCase(suite, manifest.value(entry, MF + "name").value, KINDS[kind_iri[len(prefix):]],
                                 syntax, manifest.local(action), action.value,
                                 manifest.local(result) if result is not None else None))
    return cases


# ---------------------------------------------------------------------------------------------
# The SPARQL 1.1 Protocol manifest
# ---------------------------------------------------------------------------------------------

HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROTOCOL_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/"


@dataclass(frozen=True)
class HttpRequest:
    """One request of a protocol test and the response it must get."""

    method: str
    path: str  # as the manifest gives it, starting with /sparql/
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: frozenset[str]  # status classes: "2xx", "3xx", "4xx"
    result_format: str | None  # boolean, tabular, RDF
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolCase:
    name: str
    label: str
    graph_data: tuple[tuple[Path, str], ...]  # (file, graph IRI) loaded before the requests
    requests: tuple[HttpRequest, ...]


def protocol_cases(folder: Path | None) -> list[ProtocolCase]:
    """Every test of the SPARQL 1.1 Protocol manifest, with its requests in order."""
    if folder is None:
        return []
    manifest = Manifest(folder / "sparql-protocol" / "manifest.ttl", PROTOCOL_BASE)
    cases = []
    for entry in manifest.entries():
        data = tuple((manifest.local(manifest.value(d, UT + "graph")), manifest.value(d, RDFS + "label").value)
                     for d in manifest.values(entry, UT + "graphData"))
        connection = manifest.value(entry, MF + "action")
        requests = tuple(_request(manifest, r) for r in manifest.items(manifest.value(connection, HT + "requests")))
        cases.append(ProtocolCase(entry.value.rsplit("#", 1)[1], manifest.value(entry, MF + "name").value,
                                  data, requests))
    return cases


def _request(manifest: Manifest, node) -> HttpRequest:
    body = manifest.value(node, HT + "body")
    data = None
    if body is not None:
        encoding = manifest.value(body, CNT + "characterEncoding")
        data = manifest.value(body, CNT + "chars").value.encode(encoding.value if encoding else "utf-8")
    headers = tuple((manifest.value(h, HT + "fieldName").value, manifest.value(h, HT + "fieldValue").value)
                    for h in manifest.items(manifest.value(node, HT + "headers")))
    response = manifest.value(node, HT + "resp")
    statuses = frozenset(s.value.removeprefix(HTS + "StatusCode") for s in manifest.values(response, MF + "expectedStatus"))
    result_format = manifest.value(response, MF + "expectedFormat")
    boolean = manifest.value(response, MF + "expectedBoolean")
    return HttpRequest(manifest.value(node, HT + "methodName").value, manifest.value(node, HT + "absolutePath").value,
                       headers, data, statuses, result_format.value if result_format else None,
                       None if boolean is None else boolean.value == "true")


# ---------------------------------------------------------------------------------------------
# Known failures, each with its reason
# ---------------------------------------------------------------------------------------------

# pyoxigraph's store keeps xsd:integer, xsd:decimal and xsd:double literals as values and gives
# them back in canonical form, so the export differs from the file in the literals' lexical forms
# (RDF terms, hence not isomorphic); Parley's parsing keeps them, which
# test_numbers_are_only_canonicalized_by_the_store checks for each of these cases.
CANONICAL_NUMBERS = ("pyoxigraph's store gives numbers back in canonical form (01 → 1, +1 → 1, 1.0 → 1, "
                     "1E0 → 1); upstream oxigraph/oxigraph#526")

#: RDF suite cases, by ``suite/name``, that fail for a reason that is not Parley's to fix here.
RDF_KNOWN_FAILURES: dict[str, str] = {
    f"{suite}/{name}": CANONICAL_NUMBERS
    for suite in ("rdf-turtle", "rdf-trig")
    for name in ("bareword_decimal", "bareword_double", "double_lower_case_e", "positive_numeric",
                 "numeric_with_leading_0")
} | {
    f"rdf-turtle/turtle-subm-{n}": CANONICAL_NUMBERS for n in (11, 17, 19, 20, 26)
} | {
    f"rdf-trig/trig-subm-{n}": CANONICAL_NUMBERS for n in (11, 17, 19, 20, 26)
}

# The ontology graph is Parley's own and rewritten from the bundled files: no write may change it
# (kb/update.py), so CLEAR ALL and DROP ALL are refused with 400.
ONTOLOGY_KEPT = "deliberate: CLEAR ALL / DROP ALL would empty Parley's ontology graph, which no write may change"
# pyoxigraph's update takes no dataset, so /update refuses using-graph-uri and
# using-named-graph-uri (400) rather than ignoring them and updating over every graph; the
# updates of these cases also start with CLEAR ALL / DROP ALL.
USING_REFUSED = ("using-graph-uri / using-named-graph-uri are refused (pyoxigraph's update takes no dataset); "
                 "and the CLEAR ALL / DROP ALL they start with is refused on purpose (the ontology graph)")

#: SPARQL 1.1 Protocol cases, by name, that Parley refuses on purpose or cannot honour yet.
PROTOCOL_KNOWN_FAILURES: dict[str, str] = {
    "update_dataset_default_graph": USING_REFUSED,
    "update_dataset_default_graphs": USING_REFUSED,
    "update_dataset_named_graphs": USING_REFUSED,
    "update_dataset_full": USING_REFUSED,
    "update_post_form": ONTOLOGY_KEPT,
    "update_post_direct": ONTOLOGY_KEPT,
}
