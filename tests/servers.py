"""Real SPARQL servers for the tests, started on 127.0.0.1 and always stopped (no mocks).

- Oxigraph server: the ``oxigraph`` binary from PyPI (installed with the test extra).
- Virtuoso 7: Debian's ``virtuoso-opensource-7-bin`` (installed by scripts/test.sh), with an
  ini of its own in a temporary directory, Digest auth on its authenticated endpoints.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@dataclass
class Server:
    name: str
    url: str  # the query endpoint Parley is given as --store
    process: subprocess.Popen
    env: dict = field(default_factory=dict)  # environment Parley needs (credentials, dialect)
    reset_command: list | None = None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_oxigraph(workdir: Path) -> Server:
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        binary = Path(shutil.which("oxigraph") or "oxigraph")
    port = free_port()
    process = subprocess.Popen([str(binary), "serve", "--location", str(workdir / "oxigraph"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(f"http://127.0.0.1:{port}/", process)
    return Server("oxigraph", url, process)


def start_virtuoso(workdir: Path) -> Server:
    home = workdir / "virtuoso"
    home.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(f"""[Database]
DatabaseFile = {home}/virtuoso.db
ErrorLogFile = {home}/virtuoso.log
LockFile = {home}/virtuoso.lck
TransactionFile = {home}/virtuoso.trx
xa_persistent_file = {home}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {home}/virtuoso-temp.db
TransactionFile = {home}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {home}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {home}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultGraph =
""")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    wait_until_up(url + "?query=ASK%7B%7D", process, 120)
    isql = [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba"]
    subprocess.run(isql + ['exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True, capture_output=True, timeout=60)
    env = {"PARLEY_STORE_USER": "dba", "PARLEY_STORE_PASSWORD": "dba", "PARLEY_STORE_DIALECT": "virtuoso"}
    return Server("virtuoso", url, process, env)


def reset(server: Server) -> None:
    """Empty a server between tests (the store's ontology is written again on open)."""
    from kb.store import open_store

    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    try:
        store = open_store(server.url)
        for graph in store.graph_sizes():
            store.update(f"DROP SILENT GRAPH <{graph}>")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
