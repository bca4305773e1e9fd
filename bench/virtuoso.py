"""Virtuoso 7 (Debian's virtuoso-opensource-7-bin), the server many groups would pick instead.

Why here and not tests/servers.py: the benchmark gives Virtuoso memory to match its data
(NumberOfBuffers grows with the size, as Virtuoso's docs advise, up to ~2.6 GiB at 1M) and
loads with the bulk loader (``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint``), the fast
path a Virtuoso user takes, reading the benchmark's N-Quads file where it lies. Started on
127.0.0.1 with a directory of its own; dba/dba, as in the tests.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from kb.ontology import ontology_quads

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    home: Path
    process: subprocess.Popen
    sql_port: int
    url: str  # the SPARQL endpoint

    def isql(self, sql: str, timeout: float = 7200) -> str:
        command = [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed on {sql!r}: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def write_ini(home: Path, data_dir: Path, sql_port: int, http_port: int, buffers: int) -> Path:
    ini = home / "virtuoso.ini"
    files = "\n".join(f"{key} = {home}/virtuoso.{ext}" for key, ext in (
        ("DatabaseFile", "db"), ("ErrorLogFile", "log"), ("LockFile", "lck"), ("TransactionFile", "trx"),
        ("xa_persistent_file", "pxa")))
    ini.write_text(f"""[Database]
{files}
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {home}/virtuoso-temp.db
TransactionFile = {home}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {home}, {data_dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {home}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 3600
MaxQueryCostEstimationTime = 3600
""")
    return ini


def start(home: Path, data_dir: Path, statements: int) -> Virtuoso:
    """A fresh Virtuoso in ``home`` that may read ``data_dir``; waits until SPARQL answers."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    sql_port, http_port = free_port(), free_port()
    buffers = min(340_000, max(20_000, statements // 3))  # 8 KiB pages
    ini = write_ini(home, data_dir.resolve(), sql_port, http_port, buffers)
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}/sparql"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Virtuoso stopped at start (exit {process.returncode}); see {home}/virtuoso.log")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2)
            return Virtuoso(home, process, sql_port, url)
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("Virtuoso did not answer within 180 s")


def bulk_load(v: Virtuoso, path: Path) -> float:
    """Load the ontology (untimed), then ``path`` with the bulk loader; returns the seconds the
    data took, checkpoint included (until then Virtuoso has not made it durable)."""
    ontology = v.home / "ontology.nq"
    ontology.write_bytes(serialize(ontology_quads(), format=RdfFormat.N_QUADS))
    v.isql(f"ld_dir('{v.home}', 'ontology.nq', 'urn:unused'); rdf_loader_run(); checkpoint;")
    start = time.perf_counter()
    v.isql(f"ld_dir('{path.parent.resolve()}', '{path.name}', 'urn:unused'); rdf_loader_run(); checkpoint;")
    seconds = time.perf_counter() - start
    errors = v.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    if "0 Rows" not in errors:
        raise RuntimeError(f"Virtuoso's bulk loader reported errors: {errors[-1000:]}")
    return seconds
