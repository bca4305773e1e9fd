"""The store benchmark's report: Markdown tables with ratios, the targets, and growth with size.

Why apart from the runner: the same text is printed at the end of a run and written into
bench/RESULTS.md (between markers, so the rest of that file, such as the extraction results,
is kept), and the growth table reads every size's saved results, which may come from runs
made at different times (each size says when it was measured).
"""

from __future__ import annotations

import re
from pathlib import Path

START, END = "<!-- store-benchmark:start -->", "<!-- store-benchmark:end -->"
ENGINES = (("parley", "Parley"), ("raw", "raw pyoxigraph"), ("rdflib", "rdflib"), ("virtuoso", "Virtuoso"))
QUESTIONS = ("timeline page", "facets by kind and topic (one year)", "facets (one year)", "stance-as-of",
             "stance-as-of, top 20", "free-text search")
TARGETS_MS = {"timeline page": 25, "facets by kind and topic (one year)": 30, "facets (one year)": 30,
              "stance-as-of": 250}
GIB = 2**30


def size_name(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def ms(t: dict | None) -> str:
    """``median / p95`` in ms, the reason when it was stopped, a dash when not measured."""
    if not t:
        return "—"
    if "stopped" in t:
        return f"stopped ({t['stopped']})"
    one = " (1 run)" if t.get("n") == 1 else ""
    return f"{t['median_ms']:.1f} / {t['p95_ms']:.1f}{one}" if t["median_ms"] < 10_000 \
        else f"{t['median_ms'] / 1000:.1f} s / {t['p95_ms'] / 1000:.1f} s{one}"


def median(t: dict | None) -> float | None:
    return t["median_ms"] if t and "median_ms" in t else None


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or not b:
        return "—"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def mib(n: int | None) -> str:
    return "—" if not n else f"{n / 2**20:,.0f} MiB"


def throughput(r: dict, key: str) -> float | None:
    step = r["imports"].get(key) or {}
    return r["quads"] / step["seconds"] if step.get("seconds") else None


def import_table(r: dict) -> list[str]:
    rows = [("parley import (parse, validate, one transaction)", "parley"),
            ("statement index build (after import; the server does it in the background)", "index"),
            ("raw pyoxigraph `Store.bulk_load`", "raw"), ("rdflib `Dataset.parse`", "rdflib"),
            ("Virtuoso bulk loader (`ld_dir`, `rdf_loader_run`, checkpoint)", "virtuoso")]
    raw = throughput(r, "raw")
    out = ["| import | seconds | quads/s | vs raw | peak RSS |", "|---|---:|---:|---:|---:|"]
    for label, key in rows:
        step = r["imports"].get(key) or {"skipped": "not run"}
        if "seconds" not in step:
            out.append(f"| {label} | {step.get('skipped') or step.get('stopped') or 'failed'} | | | |")
            continue
        speed = throughput(r, key)
        if key == "index":  # derived data: what counts is import and index together
            both = (r["imports"]["parley"].get("seconds") or 0) + step["seconds"]
            speed = r["quads"] / both if both > step["seconds"] else None
            label += "; quads/s of import and index together"
        shown = "—" if speed is None else f"{speed:,.0f}"
        out.append(f"| {label} | {step['seconds']:.1f} | {shown} | {ratio(speed, raw)} | {mib(step.get('peak_rss'))} |")
    return out


def query_table(r: dict) -> list[str]:
    head = " | ".join(label for _, label in ENGINES)
    out = [f"| median / p95 ms | {head} | Parley / raw | Parley / Virtuoso | Parley's answer |",
           "|---|" + "---:|" * (len(ENGINES) + 2) + "---|"]
    q = r["queries"]
    for name in QUESTIONS:
        cells = " | ".join(ms(q.get(engine, {}).get(name)) for engine, _ in ENGINES)
        p = median(q.get("parley", {}).get(name))
        same = r["answers"].get("parley", {}).get(name, "not compared")
        out.append(f"| {name} | {cells} | {ratio(p, median(q.get('raw', {}).get(name)))} | "
                   f"{ratio(p, median(q.get('virtuoso', {}).get(name)))} | {same} |")
    return out + ["", "The plain answers of the other engines against raw pyoxigraph's: " + "; ".join(
        f"{label}: {agreement(r['answers'].get(key, {}))}" for key, label in
        (("rdflib", "rdflib"), ("virtuoso", "Virtuoso"), ("sparql", "Parley's /sparql")) if key in r["answers"]) + "."]


def agreement(verdicts: dict[str, str]) -> str:
    """"5 of 5 same", or which questions differ."""
    differ = [f"{name} {v}" for name, v in verdicts.items() if v != "same"]
    same = f"{len(verdicts) - len(differ)} of {len(verdicts)} answered the same"
    return same if not differ else same + ", " + ", ".join(differ)


def http_table(r: dict) -> list[str]:
    h = r.get("http") or {}
    out = ["| over HTTP (`parley serve`) | median / p95 ms | in-process, same question |", "|---|---:|---:|",
           f"| timeline page `/?actor=…&from=…&to=…` (items, facets, template) | {ms(h.get('page'))} | "
           f"{ms(r['queries'].get('parley', {}).get('timeline page'))} (Parley's first page alone) |",
           f"| cold start: process start to first `GET /` answered | {ms(h.get('cold_start'))} | |"]
    for name in QUESTIONS:
        out.append(f"| `/sparql`, plain {name} query | {ms(r['queries'].get('sparql', {}).get(name))} | "
                   f"{ms(r['queries'].get('raw', {}).get(name))} (raw) |")
    return out


def memory_table(r: dict) -> list[str]:
    m = r["memory"]
    labels = (("parley serve answering its own pages (timeline, a year's filters, stance matrix, search): "
               "server + workers", "serve own"),
              ("parley serve after the plain /sparql queries too: server process", "serve"),
              ("parley serve after the plain /sparql queries too: query workers (sum)", "serve workers"),
              ("Parley in-process (embedded store, the questions above)", "parley queries"),
              ("parley import", "parley import"), ("statement index build", "index build"),
              ("raw pyoxigraph bulk load", "raw import"), ("raw pyoxigraph queries", "raw queries"),
              ("rdflib (parse and queries)", "rdflib"), ("Virtuoso (load and queries)", "virtuoso"))
    return ["| peak RSS (high-water mark) | |", "|---|---:|"] + [f"| {label} | {mib(m.get(key))} |"
                                                          for label, key in labels if m.get(key)]


def verdict(what: str, shown: str, value: float | None, test) -> tuple[str, str, bool | None]:
    return what, shown, None if value is None else bool(test(value))


def targets(r: dict) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 6: what was measured and whether it is met (None: not measured)."""
    q, http, found = r["queries"], r.get("http") or {}, []
    for name, limit in TARGETS_MS.items():
        p, v = median(q.get("parley", {}).get(name)), median(q.get("virtuoso", {}).get(name))
        found.append(verdict(f"Parley {name} ≤ {limit} ms", ms(q.get("parley", {}).get(name)), p,
                             lambda x, limit=limit: x <= limit))
        found.append(verdict(f"Parley {name} at least as fast as Virtuoso", ratio(p, v),
                             None if v is None or p is None else p / v, lambda x: x <= 1))
    parley, raw, rdf = throughput(r, "parley"), throughput(r, "raw"), throughput(r, "rdflib")
    both = lambda a, b: None if a is None or b is None else a / b  # noqa: E731
    found.append(verdict("import ≥ ½ raw bulk-load throughput", ratio(parley, raw), both(parley, raw),
                         lambda x: x >= 0.5))
    found.append(verdict("import ≥ 4 × rdflib", ratio(parley, rdf), both(parley, rdf), lambda x: x >= 4))
    found.append(verdict("HTTP timeline page < 100 ms", ms(http.get("page")), median(http.get("page")),
                         lambda x: x < 100))
    found.append(verdict("cold start < 1 s", ms(http.get("cold_start")), median(http.get("cold_start")),
                         lambda x: x < 1000))
    own = r["memory"].get("serve own")
    found.append(verdict("parley serve well under 1 GiB answering its own pages (server + workers)", mib(own),
                         own, lambda x: x < 0.75 * GIB))
    serve = (r["memory"].get("serve") or 0) + (r["memory"].get("serve workers") or 0)
    found.append(verdict("parley serve under 1 GiB after the plain /sparql queries too", mib(serve),
                         serve or None, lambda x: x < GIB))
    answers = r["answers"].get("parley", {})
    same = sum(a == "same" for a in answers.values())
    found.append(verdict("Parley's answers identical to the plain queries'", f"{same} of {len(answers)} same",
                         len(answers) or None, lambda x: same == x))
    return found


def targets_table(r: dict) -> list[str]:
    mark = {True: "met", False: "**missed**", None: "not measured"}
    return ["| target (issue 6; binding at 1M) | measured | |", "|---|---:|---|"] + [
        f"| {what} | {value} | {mark[ok]} |" for what, value, ok in targets(r)]


def growth_rows() -> list[tuple[str, callable]]:
    """The costs followed across sizes, each with how to read it from one size's results."""
    step = lambda key: lambda r: (r["imports"].get(key) or {}).get("seconds")  # noqa: E731
    rows = [("parley import (s)", step("parley")), ("statement index build (s)", step("index")),
            ("raw bulk load (s)", step("raw")), ("Virtuoso bulk load (s)", step("virtuoso"))]
    for name in QUESTIONS:
        for engine, label in (("parley", "Parley"), ("raw", "raw"), ("virtuoso", "Virtuoso")):
            rows.append((f"{name}, {label} (ms)",
                         lambda r, e=engine, n=name: median(r["queries"].get(e, {}).get(n))))
    rows += [("HTTP timeline page (ms)", lambda r: median((r.get("http") or {}).get("page"))),
             ("cold start (ms)", lambda r: median((r.get("http") or {}).get("cold_start"))),
             ("parley serve memory (MiB)", lambda r: ((r["memory"].get("serve") or 0)
                                                      + (r["memory"].get("serve workers") or 0)) / 2**20 or None),
             ("Virtuoso memory (MiB)", lambda r: (r["memory"].get("virtuoso") or 0) / 2**20 or None)]
    return rows


def growth_table(results: list[dict]) -> list[str]:
    """Each cost at every size, and the factor from one size to the next (the data grows 10×)."""
    sizes = [size_name(r["statements"]) for r in results]
    steps = [f"{a}→{b}" for a, b in zip(sizes, sizes[1:], strict=False)]
    out = ["| cost | " + " | ".join(sizes + steps) + " |", "|---|" + "---:|" * (len(sizes) + len(steps))]
    for label, read in growth_rows():
        values = [read(r) for r in results]
        if all(v is None for v in values):
            continue
        shown = ["—" if v is None else f"{v:,.1f}" for v in values]
        factors = [ratio(b, a) for a, b in zip(values, values[1:], strict=False)]
        out.append(f"| {label} | " + " | ".join(shown + factors) + " |")
    return out


def size_section(r: dict) -> list[str]:
    head = (f"### {size_name(r['statements'])}: {r['statements']:,} statements, {r['quads']:,} quads "
            f"— {r['date']}, commit {r['commit']}{' (with uncommitted changes)' if r.get('dirty') else ''}")
    run = f"`{r['command']}` (load average {r['load_before']:.1f} when it started)"
    notes = [f"- {n}" for n in r.get("notes", [])]
    return [head, "", run, "", *import_table(r), "", *query_table(r), "", *http_table(r), "", *memory_table(r), "",
            *targets_table(r), "", *notes, ""]


def render(results: list[dict], machine: str) -> str:
    """The whole store-benchmark section, sizes in increasing order."""
    results = sorted(results, key=lambda r: r["statements"])
    lines = [START, "## Store and queries at 10k / 100k / 1M statements (issue 6)", "", machine, "",
             "Times are median / p95 in milliseconds over repeated runs after a warm-up (see bench/README.md); "
             "ratios are Parley's median over the other engine's, so below 1× Parley is faster.", ""]
    for r in results:
        lines += size_section(r)
    if len(results) > 1:
        lines += ["### How each cost grows with the size", "", *growth_table(results), ""]
    return "\n".join(lines + [END]) + "\n"


def write_into(path: Path, section: str) -> None:
    """Put ``section`` into ``path`` between the markers, replacing an older one, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Recorded results\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
