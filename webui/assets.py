"""Front-end libraries installed from npm by scripts/assets.sh, served from this server only."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

YASGUI_BUILD = Path(__file__).resolve().parent / "node_modules" / "@zazuko" / "yasgui" / "build"
ALLOWED = {"yasgui.min.js", "yasgui.min.css"}

bp = Blueprint("assets", __name__)


def yasgui_available() -> bool:
    """Whether the SPARQL editor was installed (the query page works without it)."""
    return all((YASGUI_BUILD / name).is_file() for name in ALLOWED)


@bp.get("/vendor/yasgui/<name>")
def yasgui(name: str):
    if name not in ALLOWED or not yasgui_available():
        abort(404)
    return send_from_directory(YASGUI_BUILD, name, max_age=86400)
