"""``parley import --server URL``: write files through a running Parley server.

Why: an embedded store has one owner, and while ``parley serve`` holds it another ``parley``
cannot open it. The server's Graph Store (``PUT /graph-store?graph=…``, the token in
``Authorization``) takes the same validated, atomic write as ``parley import``, so each file is
sent there whole, with the graph, base IRI and syntax ``parley import`` would use: the store
ends up as if the file had been imported locally (one transaction per file).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import BadInput, NotFound, StoreError
from .formats import rdf_syntax, rdf_syntax_for_path
from .rdfio import STDIN, default_graph_for

TOKEN_VARIABLE = "PARLEY_WRITE_TOKEN"


def import_through(server: str, paths: list[str], *, syntax: str | None = None, graph: str | None = None,
                   base: str | None = None, stdin=None, token: str | None = None) -> list[str]:
    """PUT each file to ``server``'s Graph Store; one line per file saying what it did.

    :raises BadInput: for a refused file (the server's message, naming the file), or no token.
    :raises StoreError: when the server cannot be reached.
    """
    if urllib.parse.urlsplit(server).scheme not in ("http", "https"):
        raise BadInput(f"--server takes the http(s) address of a running `parley serve`, not {server!r}")
    token = token or os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise BadInput(f"writing through a server needs its write token in ${TOKEN_VARIABLE}")
    if graph and len(paths) > 1:
        raise BadInput("--graph names one graph, so it takes one file")
    if paths.count(STDIN) > 1:
        raise BadInput("standard input (-) can be read only once")
    done = []
    for path in paths:
        chosen = rdf_syntax(syntax) if syntax else None
        if path == STDIN:
            if chosen is None:
                raise BadInput("reading standard input needs --format")
            data, label = (stdin or sys.stdin.buffer).read(), "<stdin>"
        else:
            chosen = chosen or rdf_syntax_for_path(path)
            try:
                data, label = Path(path).read_bytes(), path
            except FileNotFoundError:
                raise NotFound(f"{path}: no such file") from None
            except OSError as err:
                raise BadInput(f"{path}: cannot read: {err.strerror}") from None
        target = graph or default_graph_for(path, data)
        resolve = base if base is not None else (Path(path).resolve().as_uri() if path != STDIN else None)
        params = {"graph": target, **({"base": resolve} if resolve else {})}
        status = _put(server.rstrip("/") + "/graph-store?" + urllib.parse.urlencode(params), data,
                      chosen.media_type, token, label)
        done.append(f"wrote {label} to <{target}> through {server}" + (" (replacing it)" if status == 204 else ""))
    return done


#: No proxy: the token goes to the server named, and nowhere else.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _put(url: str, data: bytes, media_type: str, token: str, label: str) -> int:
    request = urllib.request.Request(url, data=data, method="PUT", headers={
        "Content-Type": media_type, "Authorization": f"Bearer {token}", "Accept": "application/json"})
    try:
        with _OPENER.open(request, timeout=3600) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        raise BadInput(f"{label}: the server refused it ({err.code}): {_message(err, label)}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise StoreError(f"cannot reach the server at {url.split('/graph-store')[0]}: {reason}") from None


def _message(err: urllib.error.HTTPError, label: str) -> str:
    """The server's error message, with the file's name where it says "request body"."""
    text = err.read().decode("utf-8", "replace")
    try:
        text = json.loads(text)["error"]
    except (ValueError, KeyError, TypeError):
        text = text.strip()[:500]
    return text.replace("request body", label)
