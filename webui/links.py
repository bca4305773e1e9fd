"""Names and addresses of things in pages: labels instead of IRIs, IRIs to local pages."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, current_app, g, url_for

from kb import timeline
from kb.vocab import ID, NEG, compact


def store():
    """The app's store."""
    return current_app.extensions["parley_store"]


def write_lock():
    """The app's lock that serialises writes (each reads the graphs it then replaces)."""
    return current_app.extensions["parley_write_lock"]


def labels() -> dict[str, str]:
    """Every label in the store: read once per version of an embedded store (its write stamp
    says when it changed), once per request for a server store, which others may write to."""
    if "labels" not in g:
        stamp = getattr(store(), "stamp", None)
        cached = current_app.extensions.get("parley_labels")
        if stamp is not None and cached is not None and cached[0] == stamp:
            g.labels = cached[1]
        else:
            g.labels = timeline.labels(store())
            if stamp is not None:
                current_app.extensions["parley_labels"] = (stamp, g.labels)
    return g.labels


def remember_labels(iris) -> dict[str, str]:
    """Fetch the labels of ``iris`` in one query for this request (a page names a few hundred
    things; the store may name millions)."""
    known = g.setdefault("known_labels", {})
    wanted = {i for i in iris if i and i not in known}
    if wanted:
        found = _all_labels_if_read() or timeline.labels(store(), wanted)
        known.update({i: found.get(i) for i in wanted})
    return {i: n for i, n in known.items() if n}


def _all_labels_if_read() -> dict[str, str] | None:
    if "labels" in g:
        return g.labels
    cached = current_app.extensions.get("parley_labels")
    stamp = getattr(store(), "stamp", None)
    return cached[1] if cached is not None and stamp is not None and cached[0] == stamp else None


def label(iri: str | None) -> str:
    """A person's name for an IRI: its label, else a readable local name."""
    if not iri:
        return ""
    name = remember_labels([iri]).get(iri)
    if name:
        return name
    if iri.startswith(NEG):
        return iri[len(NEG):]
    return compact(iri)


def page_for(iri: str | None) -> str | None:
    """The local page of an IRI: statements and actors by id, other resources by IRI."""
    if not iri:
        return None
    for kind in ("statement", "actor"):
        prefix = f"{ID}{kind}/"
        if iri.startswith(prefix):
            return url_for(f"records.{kind}", ident=iri[len(prefix):])
    if iri.startswith(("http://", "https://", "urn:")):
        return url_for("records.resource", iri=iri)
    return None


def install(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["page"] = page_for
    app.jinja_env.filters["urlquote"] = lambda s: quote(s or "", safe="")
    app.jinja_env.globals["site_title"] = lambda: app.config["SITE_TITLE"]
