"""Administration over HTTP: what only the process that holds the store can do for others."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from kb.backup import backup_into

from ..links import store
from .sparql import _require_token

bp = Blueprint("admin", __name__)


@bp.post("/admin/backup")
def backup():
    """A consistent backup of the store while it serves, into a new directory named after the
    time under ``BACKUP_DIR`` (default: ``STORE.backups`` beside the store); never a path from
    the request. Needs the write token."""
    _require_token()
    report = backup_into(store(), current_app.config.get("BACKUP_DIR"))
    return jsonify({"backup": str(report.path), "quads": report.quads, "graphs": report.graphs}), 201
