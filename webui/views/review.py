"""The review pages: extraction drafts beside their article's text, to accept, edit or reject.

Anyone may read them. Writing needs the server's write token (``WRITE_TOKEN``, from the
environment's ``PARLEY_WRITE_TOKEN``), given once in a sign-in form and remembered in Flask's
signed session cookie; every form carries a per-session CSRF token. Writes are POSTs answered
with a 303 back to the page; bad input is shown on the page and writes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for

from kb import review
from kb.errors import BadInput, KBError, NotFound
from kb.spans import day_label, parse_day
from kb.vocab import NEG, compact

from ..links import label, page_for, store, write_lock
from .sparql import Unauthorized, WritesDisabled

bp = Blueprint("review", __name__)


class BadFormToken(KBError):
    """A form whose CSRF token is not the session's: not sent by a page of this site (or stale)."""

    http_status = 400


@bp.get("/review")
def index():
    return render_template("review_list.html", articles=review.list_articles(store()))


@bp.get("/review/<slug>")
def article(slug: str):
    return _article_page(slug)


@bp.post("/review/sign-in")
def sign_in():
    _check_form()
    if not hmac.compare_digest(request.form.get("token", "").encode(), _write_token().encode()):
        _say("That is not this server's write token.", "error")
        return redirect(_back(), 303)
    session["writer"] = _pass(_write_token())
    session["csrf"] = secrets.token_urlsafe(32)  # a new session secret once signed in
    _say("Signed in: you can accept, edit and reject drafts.")
    return redirect(_back(), 303)


@bp.post("/review/sign-out")
def sign_out():
    _check_form()
    session.clear()
    _say("Signed out.")
    return redirect(_back(), 303)


@bp.post("/review/<slug>/<draft>/accept")
def accept(slug: str, draft: str):
    return _write(
        slug,
        draft,
        lambda d: review.accept(store(), d.iri),
        lambda d: ("Accepted into the record: " + d.summary, page_for(d.iri), "Its page in the record"),
    )


@bp.post("/review/<slug>/<draft>/reject")
def reject(slug: str, draft: str):
    return _write(
        slug, draft, lambda d: review.reject(store(), d.iri), lambda d: ("Rejected: " + d.summary, None, None)
    )


@bp.post("/review/<slug>/<draft>/edit")
def edit(slug: str, draft: str):
    def save(found: review.Draft):
        changes = _changes(found)
        return review.edit(store(), found.iri, changes) if changes else None

    return _write(slug, draft, save, lambda d: ("Saved the changes to the draft.", None, None), anchor="draft-" + draft)


def _write(slug: str, draft: str, action, message, anchor: str | None = None):
    """Run one review action for a signed-in reviewer, then redirect (303) back to the article;
    bad input re-renders the page with the message (400) and writes nothing."""
    _check_form()
    if not _signed_in():
        raise Unauthorized("sign in with the server's write token first (the form at the top of the page)")
    try:
        with write_lock():
            found = _the_draft(slug, draft)
            if action(found) is None:
                _say("Nothing changed.")
            else:
                current_app.extensions["parley_queries"].refresh()
                text, link, link_text = message(found)
                _say(text, link=link, link_text=link_text)
    except NotFound as err:
        _say(str(err), "error")
    except BadInput as err:
        return _article_page(slug, status=400, error=str(err), draft=draft)
    if any(a.slug == slug for a in review.list_articles(store())):
        return redirect(url_for("review.article", slug=slug, _anchor=anchor), 303)
    return redirect(url_for("review.index"), 303)


def _the_draft(slug: str, draft: str) -> review.Draft:
    for found in review.article_drafts(store(), slug).drafts:
        if found.id == draft:
            return found
    raise NotFound(f"no draft {draft!r} of this article awaits review (already accepted or rejected?)")


def _changes(current: review.Draft) -> dict[str, str] | None:
    """The fields of the edit form that differ from the draft as it is (None: none do)."""
    form = request.form
    changes = {}
    for field, now in (
        ("kind", current.kind),
        ("status", current.status),
        ("summary", current.summary),
        ("actors", actor_text(current)),
        ("date_text", current.span.text or ""),
    ):
        given = form.get("dateText" if field == "date_text" else field)
        if given is not None and given.strip() != now.strip():
            changes[field] = given
    if "kind" in changes:
        changes["kind"] = _chosen(changes["kind"], review.kinds(store()), "kind of statement")
    if "status" in changes:
        changes["status"] = _chosen(changes["status"], review.STATUSES, "status")
    return changes or None


def _chosen(value: str, options, what: str) -> str:
    """A select's value: one of its options (also as ``neg:X`` or the full IRI), else BadInput
    (a hand-made form may send anything, and kb would take some of it for an IRI)."""
    plain = value.strip().removeprefix("<").removesuffix(">").removeprefix(NEG).removeprefix("neg:")
    if plain in options:
        return plain
    raise BadInput(f"{value[:80]!r} is not a {what} (one of: {', '.join(options)})")


def _article_page(slug: str, *, status: int = 200, error: str | None = None, draft: str | None = None):
    found = review.article_drafts(store(), slug)
    return render_template(
        "review_article.html",
        art=found,
        kinds=review.kinds(store()),
        statuses=review.STATUSES,
        error=error,
        error_draft=draft,
        form=request.form if error else None,
    ), status


def actor_text(draft: review.Draft) -> str:
    """The actors as the edit form shows them: names, or prefixed names where a name has a comma."""
    shown = [label(iri) for iri in draft.actors]
    return ", ".join(name if "," not in name else compact(iri) for name, iri in zip(shown, draft.actors, strict=True))


def published(value: str | None) -> str:
    """A publication time for people: ``13 Mar 2025, 08:47``."""
    day = parse_day(value)
    if day is None:
        return "unknown"
    time = value[11:16] if value and len(value) >= 16 and value[10] == "T" else ""
    return day_label(day) + (f", {time}" if time else "")


# ---------------------------------------------------------------------------------------------
# Sign-in and CSRF
# ---------------------------------------------------------------------------------------------


def _write_token() -> str:
    token = current_app.config.get("WRITE_TOKEN")
    if not token:
        raise WritesDisabled("writes are disabled on this server (set PARLEY_WRITE_TOKEN to enable them)")
    return str(token)


def _pass(token: str) -> str:
    """What the session keeps of a sign-in: a keyed hash of the token, never the token (the cookie
    is signed, not encrypted), so that a new token also signs everyone out."""
    return hmac.new(str(current_app.secret_key).encode(), token.encode(), hashlib.sha256).hexdigest()


def _signed_in() -> bool:
    token = current_app.config.get("WRITE_TOKEN")
    held = session.get("writer")
    return bool(token) and isinstance(held, str) and hmac.compare_digest(held.encode(), _pass(str(token)).encode())


def csrf_token() -> str:
    """This session's CSRF token, for the hidden field of every form."""
    if not isinstance(session.get("csrf"), str):
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_form() -> None:
    """Every POST: writes enabled (else 403), and the form's CSRF token is the session's (else 400)."""
    _write_token()
    held, given = session.get("csrf"), request.form.get("csrf_token", "")
    if not isinstance(held, str) or not hmac.compare_digest(given.encode(), held.encode()):
        raise BadFormToken(
            "this form did not come from this site's page, or has expired (its CSRF token does "
            "not match): reload the page and try again"
        )


def _back() -> str:
    """Where a sign-in or sign-out returns to: the review page it was sent from."""
    target = request.form.get("next", "")
    return target if target.startswith("/review") and "//" not in target else url_for("review.index")


def _say(text: str, category: str = "done", link: str | None = None, link_text: str | None = None) -> None:
    flash({"text": text, "link": link, "link_text": link_text}, category)


@bp.context_processor
def _review_globals() -> dict:
    return {
        "csrf_token": csrf_token,
        "writes_enabled": bool(current_app.config.get("WRITE_TOKEN")),
        "signed_in": _signed_in(),
        "actor_text": actor_text,
        "published": published,
    }
