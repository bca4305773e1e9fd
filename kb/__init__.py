"""Parley's knowledge base: dated statements of diplomatic negotiations as RDF.

Data flows one way: text or RDF in → parsed and validated → one atomic write into a store →
SPARQL and named queries → tables, JSON, CSV and RDF out. This package is the library; the
``parley`` command and the web app are thin shells over it.
"""

__version__ = "0.1.0"
