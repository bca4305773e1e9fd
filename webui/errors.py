"""One handler for Parley's errors: a page for people, JSON for programs, the right status."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request

from kb.errors import KBError


def install(app: Flask) -> None:
    @app.errorhandler(KBError)
    def kb_error(err: KBError):
        return _render(err.http_status, str(err))

    @app.errorhandler(404)
    def not_found(err):
        return _render(404, "There is no page here.")

    @app.errorhandler(413)
    def too_large(err):
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return _render(413, f"The request is larger than this server accepts ({limit / 2**20:g} MiB at most, "
                            "PARLEY_MAX_CONTENT_LENGTH): import large files with parley import.")


def _render(status: int, message: str):
    wants_json = request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    if wants_json or request.path.endswith(".json"):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status
