"""The SPARQL 1.1 Protocol (/sparql), SPARQL 1.1 Update (/update) and the Graph Store HTTP
Protocol (/graph-store): a dispatch on method and content type, one list of result formats
for negotiation, the right status codes. Reads are open to all (with CORS); writes need the
bearer token from the server's configuration and go through the same validated, atomic path
as `parley import`.
"""

from __future__ import annotations

import hmac
import io
import json

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from pyoxigraph import NamedNode, RdfFormat, parse, serialize
from werkzeug.datastructures import MIMEAccept

from kb import queries
from kb.answers import FORMAT_NAMES, GRAPH_TYPES, SELECT_TYPES
from kb.errors import BadInput, KBError, NotFound, QueryError
from kb.export import export
from kb.formats import rdf_syntax
from kb.importer import drop_graph, drop_ontology_copy, import_parsed
from kb.rdfio import ParsedInput, parse_bytes
from kb.update import apply_update
from kb.vocab import PREFIXES
from kb.workers import Busy, QueryRequest

from ..links import store, write_lock

bp = Blueprint("sparql", __name__)

RESULTS_ORDER = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values", "application/json", "application/xml", "text/xml"]
GRAPH_ORDER = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "text/plain"]
RDF_ACCEPT = GRAPH_ORDER[:-1]
#: ``format=`` names as clients send them (SPARQLWrapper sends format=xml for a CONSTRUCT it wants as
#: RDF/XML, json-ld, n3…): (media type for SELECT/ASK, media type for CONSTRUCT/DESCRIBE).
FORMAT_PAIRS = {
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "json": ("application/sparql-results+json", "application/ld+json"),
    "rdf+xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "rdf": ("application/sparql-results+xml", "application/rdf+xml"),
    "json-ld": ("application/sparql-results+json", "application/ld+json"),
    "n3": ("application/sparql-results+json", "text/turtle"),
}


def service():
    return current_app.extensions["parley_queries"]


@bp.after_request
def cors(response: Response) -> Response:
    """Browser tools on other origins may read; writes still need the token."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
    response.headers["Access-Control-Expose-Headers"] = "Parley-Truncated"
    return response


@bp.route("/sparql", methods=["OPTIONS"])
@bp.route("/update", methods=["OPTIONS"])
@bp.route("/graph-store", methods=["OPTIONS"])
def preflight():
    return Response(status=204)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    text, default_graphs, named_graphs = _query_from_request()
    if text is None:
        if _wants_rdf():
            return _service_description()
        return redirect(url_for("sparql.query_page"), 303)
    results_type, graph_type = _negotiate()
    answer = service().run(QueryRequest(_with_base(text), results_type, graph_type, tuple(default_graphs),
                                        tuple(named_graphs)))
    response = Response(answer.body, mimetype=answer.media_type)
    if answer.media_type.startswith(("text/", "application/sparql-results+json", "application/json")):
        response.charset = "utf-8"
    if answer.truncated:
        response.headers["Parley-Truncated"] = str(service().max_rows)
    response.headers["Vary"] = "Accept"
    return response


def _query_from_request() -> tuple[str | None, list[str], list[str]]:
    """The query and its dataset from GET parameters, a form, or a sparql-query body.

    :raises BadInput: for an update sent here, two queries in one request, or a body that is not UTF-8.
    :raises UnsupportedBody: for any other body, or one that declares another charset.
    """
    args = request.args
    dataset = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if request.method == "GET":
        if "update" in args:
            raise BadInput("updates are never run by GET: POST them to /update")
        return _one(args, "query"), *dataset
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        _utf8_only()
        form = request.form
        if "update" in form:
            raise BadInput("this is the query endpoint; send updates to /update")
        if "query" not in form:
            raise BadInput("a form POST needs a 'query' field")
        # the dataset may come in the form or in the URL (as the W3C protocol tests send it)
        return (_one(form, "query"), dataset[0] + form.getlist("default-graph-uri"),
                dataset[1] + form.getlist("named-graph-uri"))
    if mimetype == "application/sparql-query":
        return _body_text(), *dataset
    raise UnsupportedBody(f"unsupported request body {mimetype or '(none)'}: send application/sparql-query "
                          "or a form with a 'query' field")


def _one(values, name: str) -> str | None:
    """The one ``name`` parameter, or None; two queries (or updates) in one request are refused
    rather than running only the first."""
    given = values.getlist(name)
    if len(given) > 1:
        raise BadInput(f"send one '{name}' per request, not {len(given)}")
    return given[0] if given else None


def _utf8_only() -> None:
    """The protocol's bodies are UTF-8: refuse another declared charset instead of misreading it."""
    charset = request.mimetype_params.get("charset", "utf-8")
    if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedBody(f"the body must be UTF-8 (it says charset={charset})")


def _body_text() -> str:
    """A query or update sent as the whole body, decoded strictly as UTF-8."""
    _utf8_only()
    try:
        return request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadInput(f"the body is not valid UTF-8 (at byte {err.start})") from None


class UnsupportedBody(KBError):
    http_status = 415


class NotAcceptable(KBError):
    http_status = 406


class Unauthorized(KBError):
    http_status = 401


class WritesDisabled(KBError):
    http_status = 403


def _negotiate() -> tuple[str, str]:
    """The media types to answer in: ``format=`` wins, then the Accept header."""
    wanted = request.values.get("format") or request.values.get("output")
    if wanted:
        name = wanted.lower()
        if name in FORMAT_PAIRS:
            return FORMAT_PAIRS[name]
        media = FORMAT_NAMES.get(name, wanted)
        if media in SELECT_TYPES:
            return media, "text/turtle"
        if media in GRAPH_TYPES:
            return "application/sparql-results+json", media
        raise NotAcceptable(f"unknown format {wanted!r} (known: {', '.join(FORMAT_NAMES)})")
    accept: MIMEAccept = request.accept_mimetypes
    results = accept.best_match(RESULTS_ORDER) or "application/sparql-results+json"
    graph = accept.best_match(GRAPH_ORDER) or "text/turtle"
    if accept and not accept.best_match(RESULTS_ORDER + GRAPH_ORDER + ["text/html"]):
        raise NotAcceptable("none of the accepted media types can be produced: ask for SPARQL results "
                            "(JSON, XML, CSV, TSV) or RDF (Turtle, N-Triples, JSON-LD, RDF/XML)")
    return results, graph


def _wants_rdf() -> bool:
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", *RDF_ACCEPT])
    return best in RDF_ACCEPT and accept[best] > accept["text/html"]


def _service_description() -> Response:
    """SPARQL 1.1 Service Description of this endpoint, in the RDF syntax asked for."""
    endpoint = request.base_url
    formats = " ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in
                       ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                        "Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
    ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {', '.join(formats.split())} ;
    sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
    ttl = ttl.replace(", sd:BasicFederatedQuery", "")  # SERVICE is refused
    media = request.accept_mimetypes.best_match(RDF_ACCEPT) or "text/turtle"
    syntax = {"text/turtle": "turtle", "application/n-triples": "ntriples", "application/ld+json": "jsonld",
              "application/rdf+xml": "rdfxml"}[media]
    triples = [q.triple for q in parse(ttl.encode(), format=RdfFormat.TURTLE)]
    return Response(serialize(triples, format=rdf_syntax(syntax).oxigraph), mimetype=media)


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------

def _require_token() -> None:
    token = current_app.config.get("WRITE_TOKEN")
    if not token:
        raise WritesDisabled("writes are disabled on this server (set PARLEY_WRITE_TOKEN to enable them)")
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), str(token).encode()):
        raise Unauthorized("this needs the server's write token: Authorization: Bearer <token>")


def _written() -> None:
    service().refresh()


#: The protocol's dataset for an update; pyoxigraph's update takes none, so they are refused.
USING_PARAMETERS = ("using-graph-uri", "using-named-graph-uri")


@bp.post("/update")
def update():
    _require_token()
    for name in USING_PARAMETERS:
        if name in request.values:  # ignoring it would run the update over more than was asked
            raise BadInput(f"the {name} parameter is not supported: write USING or USING NAMED in the update")
    if request.mimetype == "application/sparql-update":
        text = _body_text()
    elif request.mimetype == "application/x-www-form-urlencoded" and "update" in request.form:
        _utf8_only()
        text = _one(request.form, "update")
    else:
        raise UnsupportedBody("send application/sparql-update, or a form with an 'update' field")
    with write_lock():  # the limit bounds the trial on a scratch copy; past it nothing is written (kb.update)
        apply_update(store(), _with_base(text), timeout=float(current_app.config["SPARQL_UPDATE_TIMEOUT"]),
                     stragglers=current_app.extensions["parley_update_stragglers"])
        _written()
    return Response(status=204)


def _with_base(text: str) -> str:
    """Relative IRIs resolve against the endpoint's URL, as the protocol expects; a BASE of the
    query's own comes later in its prologue and wins."""
    base = request.base_url
    if any(c in base for c in '<>"{}|^`\\ '):
        return text
    return f"BASE <{base}>\n{text}"


def _target_graph() -> str | None:
    """The graph named by ?graph=IRI, or None for ?default."""
    if "default" in request.args:
        return None
    graph = request.args.get("graph")
    if not graph:
        raise BadInput("name a graph with ?graph=IRI (or ?default)")
    return graph


@bp.route("/graph-store", methods=["GET", "HEAD"])
def graph_get():
    graph = _target_graph()
    media = request.accept_mimetypes.best_match(RDF_ACCEPT + ["application/trig", "application/n-quads"]) \
        or "text/turtle"
    syntax = {"text/turtle": "turtle", "application/n-triples": "ntriples", "application/ld+json": "jsonld",
              "application/rdf+xml": "rdfxml", "application/trig": "turtle", "application/n-quads": "ntriples"}[media]
    if graph is not None and not store().has_graph(graph):
        raise NotFound(f"no graph <{graph}>")
    out = io.BytesIO()
    export(store(), out, fmt=syntax, graph=graph)
    return Response(out.getvalue(), mimetype=media if syntax != "turtle" or media == "text/turtle" else "text/turtle")


@bp.route("/graph-store", methods=["PUT", "POST", "DELETE"])
def graph_write():
    _require_token()
    graph = _target_graph()
    if graph is None:
        raise BadInput("Parley keeps every triple in a named graph: write to ?graph=IRI, not ?default")
    with write_lock():
        if request.method == "DELETE":
            drop_graph(store(), graph)  # refuses the ontology graph and non-IRIs; NotFound if absent
            _written()
            return Response(status=204)
        existed = store().has_graph(graph)
        syntax = _body_syntax()
        base = request.args.get("base") or None  # Parley's addition: what `parley import --server` resolves against
        body = ParsedInput("request body", graph,
                           parse_bytes(request.get_data(), syntax, label="request body", graph=graph, base=base))
        if any(q.graph_name.value != graph for q in body.quads):
            # A dataset (TriG, N-Quads, JSON-LD with named graphs): PUT does what `parley import
            # --graph` does with a file, which is Parley's addition to the protocol: the default
            # graph goes to ?graph, each named graph replaces its namesake, the ontology copy a
            # dump carries is left out.
            if request.method != "PUT":
                raise BadInput("POST merges into one graph: send a graph (Turtle, N-Triples, JSON-LD or RDF/XML), "
                               "or PUT the dataset to replace its graphs")
            drop_ontology_copy(body)
        elif request.method == "POST" and existed:
            body.quads = list(store().quads(graph)) + body.quads  # merge into what the graph holds
        import_parsed(store(), [body])
        _written()
    return Response(status=204 if existed else 201)


def _body_syntax():
    mimetype = request.mimetype
    try:
        return rdf_syntax(mimetype)
    except BadInput:
        raise UnsupportedBody(f"unsupported RDF media type {mimetype or '(none)'}: send text/turtle, "
                              "application/n-triples, application/ld+json or application/rdf+xml") from None


@bp.errorhandler(Busy)
def busy(err: Busy):
    response = Response(str(err) + "\n", status=503, mimetype="text/plain")
    response.headers["Retry-After"] = "2"
    return response


@bp.errorhandler(KBError)
def protocol_error(err: KBError):
    """Protocol clients get the parser's or validator's message as plain text."""
    response = Response(str(err) + "\n", status=err.http_status, mimetype="text/plain")
    if isinstance(err, Unauthorized):
        response.headers["WWW-Authenticate"] = 'Bearer realm="parley"'
    return response


# ---------------------------------------------------------------------------------------------
# The query page for people
# ---------------------------------------------------------------------------------------------

@bp.get("/query")
def query_page():
    """An editor with Parley's prefixes, the named queries as examples, and results as a table
    linking to statement and actor pages. Works without JavaScript (the form submits here)."""
    text = request.args.get("query")
    example = request.args.get("example")
    if example and not text:
        text = queries.get(example).text
    table, error, truncated = None, None, False
    if text:
        try:
            answer = service().run(QueryRequest(text, "application/sparql-results+json", "application/n-triples"))
            truncated = answer.truncated
            table = _table(answer)
        except QueryError as err:
            error = str(err)
    prefill = text or "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k in
                              ("neg", "actor", "stmt", "topic", "rdfs", "xsd", "prov", "schema")) + \
        "\nSELECT ?statement ?summary WHERE {\n  ?statement neg:summary ?summary .\n}\nLIMIT 20\n"
    status = 400 if error else 200
    return render_template("query.html", text=prefill, table=table, error=error, truncated=truncated,
                           examples=list(queries.catalogue().values()), max_rows=service().max_rows), status


def _table(answer) -> dict:
    """A SELECT, ASK or graph answer as rows of cells for the page."""
    if answer.kind == "ask":
        return {"columns": ["answer"], "rows": [[{"text": "yes" if json.loads(answer.body)["boolean"] else "no"}]]}
    if answer.kind == "graph":
        triples = [q.triple for q in parse(answer.body, format=RdfFormat.N_TRIPLES)]
        return {"columns": ["subject", "predicate", "object"],
                "rows": [[_cell_term(t.subject), _cell_term(t.predicate), _cell_term(t.object)] for t in triples]}
    data = json.loads(answer.body)
    columns = data["head"]["vars"]
    return {"columns": columns, "rows": [[_cell(b.get(c)) for c in columns] for b in data["results"]["bindings"]]}


def _cell(binding: dict | None) -> dict:
    if binding is None:
        return {"text": ""}
    if binding["type"] == "uri":
        return {"iri": binding["value"]}
    return {"text": binding["value"]}


def _cell_term(term) -> dict:
    return {"iri": term.value} if isinstance(term, NamedNode) else {"text": term.value}
