"""One command for issue 6's store benchmark: generate, import, query, serve, compare, report.

Why one command: the targets are ratios measured in one run on a shared, noisy machine, so for
each size everything happens in the same run and order — generate the data (cached under
bench/data/), import it into fresh stores (Parley, raw pyoxigraph, rdflib up to 100k,
Virtuoso), time the same questions on each, check that Parley's answers are the plain
queries' answers, measure ``parley serve`` over HTTP and its cold start — then print the
tables and write them into bench/RESULTS.md.

Run: .venv/bin/python bench/run.py --sizes 10000,100000,1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import plain
import report
import serve
import virtuoso
from generate import generate
from measure import Child, log, repeat, run_child, vm_hwm
from tasks import TASKS, from_json, parameters

BENCH = Path(__file__).resolve().parent
DATA, WORK = BENCH / "data", BENCH / "work"
CHILDREN = [sys.executable, str(BENCH / "children.py")]
RDFLIB_MAX = 100_000


def dataset(n: int, seed: int) -> tuple[Path, dict]:
    """The N-Quads file and manifest for ``n`` statements, generated once and then reused."""
    path = DATA / f"statements-{n}-seed{seed}.nq"
    if path.exists() and path.with_suffix(".json").exists():
        return path, json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    log(f"generating {n:,} statements into {path}")
    return path, generate(n, path, seed)


def step(child: Child) -> dict:
    """An import-like child's last record with its peak memory, or why it did not finish."""
    if child.stopped or child.returncode != 0 or not child.records:
        return {"stopped": child.stopped or f"failed (exit {child.returncode})", "peak_rss": child.peak_rss}
    return {**child.records[-1], "peak_rss": child.peak_rss}


def imports(path: Path, work: Path, n: int, args) -> dict:
    """Parley's import and index build, and the raw bulk load, each in a fresh child. Each
    finished step is saved in ``work/imports.json``; with ``--resume`` saved steps are kept."""
    saved = work / "imports.json"
    found = json.loads(saved.read_text(encoding="utf-8")) if args.resume and saved.exists() else {}
    for key, command in (("parley", ["import", "parley", str(work / "parley"), str(path)]),
                         ("index", ["index", str(work / "parley")]),
                         ("raw", ["import", "raw", str(work / "raw"), str(path)])):
        if key in found:
            log(f"{n:,}: {key}: kept from the interrupted run")
            continue
        if key != "index":  # a fresh store, never one a broken run left half-written
            remove_store(work / key)
        log(f"{n:,}: {key} {'import' if key != 'index' else 'build'}")
        found[key] = step(run_child(CHILDREN + command, idle_timeout=args.import_timeout, rss_limit=args.rss_limit))
        log(f"{n:,}: {key}: {found[key].get('seconds', found[key].get('stopped'))}")
        if key == "parley" and "stopped" in found[key]:
            stand_in(work, path, n, args)
        saved.write_text(json.dumps(found), encoding="utf-8")
    return found


def remove_store(store: Path) -> None:
    """A store directory and what Parley keeps beside it (its write stamp, its statement index)."""
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(store.with_name(store.name + ".index"), ignore_errors=True)
    store.with_name(store.name + ".stamp").unlink(missing_ok=True)


def stand_in(work: Path, path: Path, n: int, args) -> None:
    """When Parley's import cannot finish, the same quads are bulk-loaded into Parley's store
    directory (with the ontology, as Parley's store has it), so that Parley's queries, server
    and cold start can still be measured; the report says so."""
    log(f"!!! {n:,}: parley import did not finish: bulk-loading the same file as Parley's store instead")
    remove_store(work / "parley")
    child = run_child(CHILDREN + ["import", "raw", str(work / "parley"), str(path)],
                      idle_timeout=args.import_timeout, rss_limit=args.rss_limit)
    if child.returncode != 0:
        raise SystemExit(f"the stand-in bulk load failed too (exit {child.returncode})")


class Answers:
    """Timings, answers (digests) and peak memory of one engine, question by question."""

    def __init__(self):
        self.timings: dict[str, dict] = {}
        self.digests: dict[str, frozenset] = {}
        self.peak_rss = 0
        self.ready: dict = {}


def in_children(command: list[str], names: list[str], args) -> Answers:
    """Ask the questions ``names`` in a child; when one is stopped (too slow, too big), go on
    with the rest in a new child."""
    out, remaining = Answers(), list(names)
    while remaining:
        child = run_child(CHILDREN + command + remaining, idle_timeout=args.timeout, rss_limit=args.rss_limit)
        out.peak_rss = max(out.peak_rss, child.peak_rss)
        for record in child.records:
            if "task" in record:
                out.digests[record["task"]] = from_json(record.pop("digest"))
                out.timings[record.pop("task")] = record
            else:
                out.ready = record
        remaining = [n for n in remaining if n not in out.timings]
        if remaining:
            reason = child.stopped or f"failed (exit {child.returncode})"
            log(f"{command[:2]}: {remaining[0]} {reason}")
            started = any("ready" in r for r in child.records)
            for name in remaining if not started else remaining[:1]:
                out.timings[name] = {"stopped": reason}
            remaining = [] if not started else remaining[1:]
    return out


def parley_answers(work: Path, params_file: Path, params: dict, args) -> Answers:
    """Parley's own functions; a question Parley answers with another one's call is copied and cut."""
    own = [t.name for t in TASKS if t.parley is not None]
    out = in_children(["queries", "parley", str(work / "parley"), str(params_file)], own, args)
    for t in TASKS:
        if t.parley_from and t.parley_from in out.timings:
            out.timings[t.name] = {**out.timings[t.parley_from], "same call as": t.parley_from}
            if t.parley_from in out.digests:
                out.digests[t.name] = t.narrow(out.digests[t.parley_from], params)
    return out


def over_http(url: str, texts: dict[str, str], timeout: float) -> Answers:
    """The plain queries over the SPARQL protocol (Virtuoso); a query past ``timeout`` is stopped."""
    out = Answers()
    for t in TASKS:
        try:
            timing, digest = repeat(lambda t=t: t.digest(plain.on_endpoint(url, texts[t.name], timeout)))
        except OSError as err:  # a timeout or a refused connection
            out.timings[t.name] = {"stopped": str(err)[:80]}
            continue
        out.timings[t.name], out.digests[t.name] = timing, digest
    return out


def virtuoso_part(path: Path, work: Path, n: int, texts: dict[str, str], args) -> tuple[dict, Answers]:
    """Virtuoso started fresh, bulk-loaded with the same file, asked the plain queries."""
    if not Path(virtuoso.VIRTUOSO).exists():
        return {"skipped": "virtuoso-t is not installed (bash -c 'source scripts/servers.sh')"}, Answers()
    log(f"{n:,}: Virtuoso: start and bulk load")
    v = virtuoso.start(work / "virtuoso", path.parent, n)
    try:
        loaded = {"seconds": virtuoso.bulk_load(v, path)}
        log(f"{n:,}: Virtuoso loaded in {loaded['seconds']:.1f} s; plain queries")
        answers = over_http(v.url, texts, args.timeout)
        answers.peak_rss = loaded["peak_rss"] = vm_hwm(v.process.pid) or 0
        return loaded, answers
    finally:
        v.stop()


def http_part(work: Path, n: int, params: dict, texts: dict[str, str], args) -> tuple[dict, Answers, dict]:
    """``parley serve``: the timeline page and /sparql, then cold starts."""
    log(f"{n:,}: parley serve: timeline page and /sparql")
    measured = serve.measure(work / "parley", params, texts, args.timeout)
    sparql = Answers()
    for t in TASKS:
        got = measured["sparql"][t.name]
        sparql.digests[t.name] = t.digest(got.pop("rows"))
        sparql.timings[t.name] = got
    log(f"{n:,}: parley serve: cold start")
    cold = serve.cold_start(work / "parley", args.timeout)
    return {"page": measured["page"], "cold_start": cold}, sparql, {**measured["memory"], "cold": cold.pop("memory")}


def compare(reference: Answers, other: Answers, who: str) -> dict[str, str]:
    """Each answer of ``other`` against the raw engine's plain answer; a mismatch is shouted."""
    verdicts = {}
    for name, expected in reference.digests.items():
        if name not in other.digests:
            continue
        got = other.digests[name]
        if got == expected:
            verdicts[name] = "same"
            continue
        extra, missing = sorted(got - expected, key=str), sorted(expected - got, key=str)
        verdicts[name] = f"**DIFFERENT** ({len(extra)} not in the plain answer, {len(missing)} missing)"
        log(f"!!! {who}: {name}: ANSWER DIFFERS from the plain query: {len(extra)} extra, {len(missing)} missing; "
            f"e.g. extra {extra[:2]} missing {missing[:2]}")
    return verdicts


def provenance() -> dict:
    """When, on what code and under what load a size was measured."""
    git = lambda *a: subprocess.run(["git", "-C", str(BENCH.parent), *a], capture_output=True, text=True).stdout  # noqa: E731
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": git("rev-parse", "--short", "HEAD").strip(),
            "dirty": bool(git("status", "--porcelain", "--", "kb", "webui", "ontology").strip()),
            "load_before": os.getloadavg()[0], "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]])}


def machine() -> str:
    """One line about the machine and the software versions."""
    import pyoxigraph
    import rdflib

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "virtuoso-opensource-7-bin"],
                             capture_output=True, text=True).stdout or "not installed"
    return (f"Machine: {os.cpu_count()} cores ({cpu}), {ram:.0f} GiB RAM, shared with other work; Python "
            f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
            f"Virtuoso {version}.")


def memory(r: dict, engines: dict[str, Answers], serving: dict) -> dict:
    steps = r["imports"]
    return {"parley import": steps["parley"].get("peak_rss"), "index build": steps["index"].get("peak_rss"),
            "raw import": steps["raw"].get("peak_rss"), "serve": serving.get("server"),
            "serve workers": serving.get("workers"),
            "serve own": sum((serving.get("own") or {}).get(k) or 0 for k in ("server", "workers")) or None,
            **{key: engines[name].peak_rss for key, name in (("parley queries", "parley"), ("raw queries", "raw"),
                                                            ("rdflib", "rdflib"), ("virtuoso", "virtuoso"))
               if name in engines}}


def notes(r: dict, parley: Answers) -> list[str]:
    found = []
    if "stopped" in r["imports"]["parley"]:
        found.append(f"**parley import did not finish** ({r['imports']['parley']['stopped']}): Parley's store for the "
                     "questions, the server and the cold start was bulk-loaded with the same quads instead.")
    if parley.ready.get("index") is False:
        found.append("Parley answered without its statement index (none was current): the named queries' times.")
    elif parley.ready.get("index"):
        found.append("Parley answered with its statement index (built once after the import, see the import table), "
                     "free-text search included (the index keeps the lower-cased words).")
    found.append("`parley serve` runs with its worker memory cap lifted (`PARLEY_SPARQL_MEMORY_MB=0`), as with its "
                 "time limit, so that the plain /sparql queries are measured rather than stopped; their memory is "
                 "the engine's (pyoxigraph's), not Parley's own pages'.")
    found.append("`stance-as-of, top 20`: `kb.analysis.stance_matrix` has no actor filter, so Parley's time is the "
                 "whole matrix (the same call as `stance-as-of`) and its answer is cut to the 20 actors.")
    return found


def run_size(n: int, args) -> dict:
    """Every measurement for one size; the results are also saved as bench/data/results-N.json."""
    path, manifest = dataset(n, args.seed)
    work = WORK / str(n)
    if not args.resume:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    params = parameters(manifest)
    params_file = work / "params.json"
    params_file.write_text(json.dumps(params), encoding="utf-8")
    texts = {t.name: plain.query_text(t.query, t.plain_params(params)) for t in TASKS}
    names = [t.name for t in TASKS]
    r = {"statements": n, "quads": manifest["quads"], **provenance(), "queries": {}, "answers": {}}
    r["imports"] = imports(path, work, n, args)
    log(f"{n:,}: Parley's functions")
    engines = {"parley": parley_answers(work, params_file, params, args)}
    log(f"{n:,}: plain queries on raw pyoxigraph")
    engines["raw"] = in_children(["queries", "raw", str(work / "raw"), str(params_file)], names, args)
    r["imports"]["rdflib"] = {"skipped": f"skipped above {RDFLIB_MAX:,} statements (~2 GB per 100k)"}
    if n <= RDFLIB_MAX and "rdflib" not in args.skip:
        log(f"{n:,}: rdflib: parse and plain queries")
        engines["rdflib"] = rd = in_children(["rdflib", str(path), str(params_file)], names, args)
        r["imports"]["rdflib"] = {"seconds": rd.ready["import_seconds"], "peak_rss": rd.peak_rss} if rd.ready \
            else {"stopped": "stopped while parsing"}
    r["http"], serving = {}, {}
    if "http" not in args.skip:
        r["http"], engines["sparql"], serving = http_part(work, n, params, texts, args)
    r["imports"]["virtuoso"] = {"skipped": "--skip virtuoso"}
    if "virtuoso" not in args.skip:
        r["imports"]["virtuoso"], engines["virtuoso"] = virtuoso_part(path, work, n, texts, args)
    for key, answers in engines.items():
        r["queries"][key] = answers.timings
        if key != "raw":
            r["answers"][key] = compare(engines["raw"], answers, key)
    r["memory"], r["notes"] = memory(r, engines, serving), notes(r, engines["parley"])
    (DATA / f"results-{n}.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="statements, comma-separated")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=300, help="seconds one question may take (then stopped)")
    parser.add_argument("--import-timeout", type=float, default=3600, help="seconds one import may take")
    parser.add_argument("--memory-limit", type=float, default=14, help="GiB a child may use before it is stopped")
    parser.add_argument("--skip", default="", help="leave out some of: rdflib,virtuoso,http")
    parser.add_argument("--keep", action="store_true", help="keep the stores under bench/work/")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md", help="where to write the tables")
    parser.add_argument("--resume", action="store_true",
                        help="keep the stores an interrupted run left under bench/work/ and the imports it finished")
    parser.add_argument("--report-only", action="store_true", help="measure nothing: write the saved results again")
    args = parser.parse_args()
    args.rss_limit, args.skip = int(args.memory_limit * 2**30), set(filter(None, args.skip.split(",")))
    for n in (int(s) for s in args.sizes.split(",")) if not args.report_only else ():
        run_size(n, args)
    results = [json.loads(p.read_text(encoding="utf-8")) for p in DATA.glob("results-*.json")]
    text = report.render(results, machine())
    print(text)
    report.write_into(args.results, text)
    log(f"wrote {args.results}")


if __name__ == "__main__":
    main()
