"""How fast extraction reads articles: articles per second on one core, after a warm-up.

Reads the seed article and every article of the gold corpus (tests/gold/), extracts each one
many times over with the gazetteer loaded once, and prints articles/s and ms per article.
Run: .venv/bin/python bench/extract_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from kb.dates import find_dates
from kb.extract import extract, load_gazetteer, read_article
from kb.sample import SAMPLE_ARTICLE, load_sample
from kb.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def articles() -> list:
    import json

    found = [read_article(SAMPLE_ARTICLE.read_text(encoding="utf-8"))]
    for gold in sorted((ROOT / "tests" / "gold").glob("*.gold.json")):
        meta = json.loads(gold.read_text(encoding="utf-8"))
        path = (gold.parent / meta["article"]).resolve()
        if path == SAMPLE_ARTICLE.resolve():
            continue
        found.append(read_article(path.read_text(encoding="utf-8"), html=path.suffix == ".html"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with open_store("memory:") as store:
        load_sample(store)
        gazetteer = load_gazetteer(store)
    corpus = articles()
    for article in corpus:  # warm-up: dateparser's first calls load its language data
        extract(article, gazetteer)
    timings = []
    for _ in range(args.rounds):
        for article in corpus:
            start = time.perf_counter()
            extract(article, gazetteer)
            timings.append(time.perf_counter() - start)
    words = sum(len(a.text.split()) for a in corpus) / len(corpus)
    per = statistics.median(timings)
    print(f"{len(corpus)} articles (mean {words:.0f} words), {args.rounds} rounds, one process")
    print(f"median {per * 1000:.1f} ms per article, p95 {sorted(timings)[int(len(timings) * .95)] * 1000:.1f} ms")
    print(f"throughput {len(timings) / sum(timings):.1f} articles/s")
    sentence = " ".join(["They met on Tuesday and will meet on Tuesday;"] * 2500)  # was cubic in its dates
    start = time.perf_counter()
    found, took = find_dates(sentence, dt.date(2025, 3, 13)), time.perf_counter() - start
    print(f"find_dates: {len(found)} dates in one {len(sentence) // 1000} kB sentence, {took:.2f} s")


if __name__ == "__main__":
    main()
