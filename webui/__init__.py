"""Parley's web app: the timeline journalists read, filter, share and publish.

A thin shell over :mod:`kb`: views call kb functions and named queries, never SPARQL of their
own. ``create_app`` follows Flask's app-factory pattern: defaults, then ``PARLEY_*`` environment
variables, then the config passed in (tests).
"""

from __future__ import annotations

import atexit
import secrets
import threading
import time
from functools import partial

from flask import Flask, current_app, g, request

from kb import bounded, statement_index
from kb.store import default_location, open_store
from kb.workers import QueryService, Stragglers

from . import errors, links


def create_app(config: dict | None = None) -> Flask:
    """Build the app; the store opens once and is kept on the app."""
    app = Flask(__name__)
    app.config.from_mapping(STORE=default_location(), SITE_TITLE="Parley", JSON_SORT_KEYS=False,
                            SPARQL_TIMEOUT=10.0, SPARQL_MAX_ROWS=10_000, SPARQL_WORKERS=2, WRITE_TOKEN=None,
                            SPARQL_UPDATE_TIMEOUT=60.0,  # /update: the trial on a scratch copy (kb.update)
                            SPARQL_MEMORY_MB=1024,  # what one query worker may allocate (kb.workers)
                            PAGE_TIMEOUT=10.0,  # a page's queries while the statement index is rebuilt (kb.bounded)
                            MAX_CONTENT_LENGTH=64 * 1024 * 1024,
                            # Signs the session cookie of the review pages' sign-in; a random key
                            # (PARLEY_SECRET_KEY unset) signs everyone out when the server restarts.
                            SECRET_KEY=secrets.token_hex(32), SESSION_COOKIE_SAMESITE="Lax")
    app.config.from_prefixed_env("PARLEY")
    if config:
        app.config.from_mapping(config)
    app.secret_key = str(app.config["SECRET_KEY"])  # from_prefixed_env reads "123" as a number
    store = app.config.get("STORE_OBJECT") or open_store(app.config["STORE"])
    app.extensions["parley_store"] = store
    statement_index.keep_current(store)  # facets and stance from columns, rebuilt in the background after writes
    app.extensions["parley_queries"] = QueryService(
        store, timeout=float(app.config["SPARQL_TIMEOUT"]), max_rows=int(app.config["SPARQL_MAX_ROWS"]),
        workers=int(app.config["SPARQL_WORKERS"]), memory=int(app.config["SPARQL_MEMORY_MB"]) * 2**20 or None)
    # /update trials given up on at SPARQL_UPDATE_TIMEOUT that still compute: one at a time (kb.update)
    app.extensions["parley_update_stragglers"] = Stragglers(1, "updates")

    app.extensions["parley_write_lock"] = threading.Lock()  # one writer at a time, whichever the route

    atexit.register(app.extensions["parley_queries"].close)

    from . import assets
    from .views import admin, analysis, records, review, sparql, timeline

    app.register_blueprint(assets.bp)
    app.jinja_env.globals["yasgui_available"] = assets.yasgui_available

    app.register_blueprint(timeline.bp)
    app.register_blueprint(records.bp)
    app.register_blueprint(analysis.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(admin.bp)
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    links.install(app)
    errors.install(app)
    app.after_request(_security_headers)
    app.before_request(_bound_page_queries)
    app.teardown_request(_unbound_page_queries)
    return app


#: Views that answer by their own limits (the SPARQL endpoints), stream a dump, or never query (files).
_UNBOUNDED = {"sparql.sparql", "sparql.query_page", "sparql.graph_get", "sparql.preflight", "static", "assets.yasgui",
              "favicon"}


def _bound_page_queries():
    """While the statement index is not current, one of Parley's own pages runs its queries in
    the query workers, stopped at PARLEY_PAGE_TIMEOUT (kb.bounded), never in the request's thread."""
    queries = current_app.extensions["parley_queries"]
    if request.method not in ("GET", "HEAD") or request.endpoint in _UNBOUNDED or not queries.isolated:
        return
    if statement_index.current(current_app.extensions["parley_store"]) is not None:
        return
    deadline = time.monotonic() + float(current_app.config["PAGE_TIMEOUT"])
    g.parley_bounded = bounded.RUNNER.set(partial(queries.run_bounded, deadline=deadline))


def _unbound_page_queries(_error=None):
    token = g.pop("parley_bounded", None)
    if token is not None:
        bounded.RUNNER.reset(token)


def _security_headers(response):
    """Safe by default: no inline scripts or styles, no framing, no content sniffing."""
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
