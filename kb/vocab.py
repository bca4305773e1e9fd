"""The one place that spells Parley's IRIs: namespaces, prefixes and well-known graphs."""

from __future__ import annotations

NEG = "https://w3id.org/parley/ns#"
ID = "https://w3id.org/parley/id/"
GRAPH = "https://w3id.org/parley/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
DCTERMS = "http://purl.org/dc/terms/"
WD = "http://www.wikidata.org/entity/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
SAMPLE_GRAPH_PREFIX = GRAPH + "sample/"
#: Extraction writes each article's drafts into ``drafts/<slug>``; accepted ones move to ``reviewed/<slug>``.
DRAFTS_GRAPH_PREFIX = GRAPH + "drafts/"
REVIEWED_GRAPH_PREFIX = GRAPH + "reviewed/"
#: The graphs a file names by a blank node (TriG ``_:g { … }``) get an IRI here (kb.rdfio.skolem_graph).
GENID = GRAPH + "genid/"

#: Prefixes used when Parley writes Turtle or shows IRIs, and pre-declared in named queries.
PREFIXES: dict[str, str] = {
    "neg": NEG,
    "actor": ID + "actor/",
    "stmt": ID + "statement/",
    "topic": ID + "topic/",
    "source": ID + "source/",
    "outlet": ID + "outlet/",
    "place": ID + "place/",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "sh": SH,
    "prov": PROV,
    "schema": SCHEMA,
    "sem": SEM,
    "dcterms": DCTERMS,
    "wd": WD,
}


def sparql_prologue(prefixes: dict[str, str] = PREFIXES) -> str:
    """PREFIX lines for a query, so named queries and users can write ``neg:actor``."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())


def compact(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """Shorten an IRI with the best matching prefix, or return it in angle brackets.

    >>> compact("https://w3id.org/parley/ns#Proposal")
    'neg:Proposal'
    >>> compact("http://example.org/x")
    '<http://example.org/x>'
    """
    best = max((p for p in prefixes.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
    if best is not None:
        local = iri[len(best[1]):]
        if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def expand(name: str, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """Expand ``prefix:local`` with a known prefix, or return None.

    >>> expand("neg:Proposal")
    'https://w3id.org/parley/ns#Proposal'
    """
    prefix, sep, local = name.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return None
