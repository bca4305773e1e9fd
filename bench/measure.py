"""How the benchmark times and weighs things, the same way for every engine.

Why a module: medians and p95 must mean the same thing in every cell of the table, and slow
engines must not stall a run. So every timing is one warm-up (whose answer is kept for the
answer check) then repeats within a time budget; a run slower than ``LONG`` seconds is not
repeated (its one sample is flagged in the table). Work that may take too long or use too
much memory runs in a child process (see :func:`run_child`), which is stopped when it stays
silent past its time limit or grows past a memory limit; its peak memory (RSS high-water mark)
comes from ``wait4``.
"""

from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

LONG = 20.0  # seconds: a warm-up this slow is the only sample


def log(message: str) -> None:
    """Progress on standard error, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def summary(samples: list[float]) -> dict:
    """Median and p95 (nearest rank) in milliseconds, and the number of samples."""
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000, "n": len(ordered)}


def repeat(fn, *, repeats: int = 15, budget: float = 10.0) -> tuple[dict, object]:
    """Time ``fn()``: one warm-up, then up to ``repeats`` runs (at least 3) within ``budget``
    seconds. Returns the summary and the warm-up's answer."""
    start = time.perf_counter()
    answer = fn()
    first = time.perf_counter() - start
    if first >= LONG:
        return summary([first]), answer
    samples: list[float] = []
    begun = time.perf_counter()
    while len(samples) < repeats and (len(samples) < 3 or time.perf_counter() - begun < budget):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return summary(samples), answer


def vm_hwm(pid: int) -> int | None:
    """A live process's peak resident memory in bytes (VmHWM), or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def vm_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def children_of(pid: int) -> list[int]:
    """The direct child processes of ``pid``."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


@dataclass
class Child:
    """What a child process reported (one JSON object per stdout line) and what it cost."""

    records: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss: int = 0  # bytes
    returncode: int | None = None
    stopped: str | None = None  # why it was stopped early, if it was


def run_child(args: list[str], *, idle_timeout: float, rss_limit: int | None = None,
              env: dict | None = None) -> Child:
    """Run a child that prints JSON records; stop it (SIGKILL to its process group) when it
    prints nothing for ``idle_timeout`` seconds or its RSS passes ``rss_limit`` bytes."""
    child, start = Child(), time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env, start_new_session=True)
    last = [start]

    def read() -> None:
        for line in process.stdout:
            if line.strip():
                child.records.append(json.loads(line))
                last[0] = time.monotonic()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if child.stopped is None and time.monotonic() - last[0] > idle_timeout:
            child.stopped = f"no answer within {idle_timeout:.0f} s"
        elif child.stopped is None and rss_limit and vm_rss(process.pid) > rss_limit:
            child.stopped = f"stopped above {rss_limit / 2**30:.0f} GiB of memory"
        if child.stopped and not killed:
            killed = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join(5)
    child.seconds, child.peak_rss = time.monotonic() - start, usage.ru_maxrss * 1024
    child.returncode = process.returncode
    return child
