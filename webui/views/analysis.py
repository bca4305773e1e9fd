"""Readings across the record: the stance matrix, what's next, and who moved."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from kb import analysis
from kb.errors import BadInput
from kb.vocab import compact

from ..links import store

bp = Blueprint("analysis", __name__)


def _date_param(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{name}: {value!r} is not a date like 2025-03-13") from None
    return value


@bp.get("/matrix")
def matrix():
    as_of = _date_param("asOf")
    return render_template("matrix.html", matrix=analysis.stance_matrix(store(), as_of), as_of=as_of or "",
                           compact=compact)


@bp.get("/next")
def whats_next():
    after = _date_param("after") or dt.date.today().isoformat()
    today = dt.date.fromisoformat(after)
    plans = analysis.plans(store())
    upcoming = [p for p in plans if p.outcome(today) == "upcoming"]
    past = [p for p in plans if p.outcome(today) != "upcoming"]
    return render_template("next.html", upcoming=upcoming, past=past, after=after, today=today)


@bp.get("/moved")
def moved():
    return render_template("moved.html", moves=analysis.who_moved(store()))
