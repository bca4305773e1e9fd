"""Extraction measured against the hand-made gold in tests/gold/ (kb/extract/evaluate.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.extract import load_gazetteer
from kb.extract.evaluate import evaluate_file, total
from kb.sample import load_sample
from kb.store import open_store

GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="module")
def gazetteer():
    from kb.cli_text import _rows_of

    with open_store("memory:") as store:
        load_sample(store)
        yield load_gazetteer(store, extra_rows=_rows_of(GOLD / "gazetteer.ttl"))


def test_seed_article_recall_and_precision_at_least_80_percent(gazetteer):
    score = evaluate_file(GOLD / "00-seed.gold.json", gazetteer)
    missed = [(m["kind"], m["actors"]) for m in score.missed]
    spurious = [(d.draft.kind, d.draft.rule) for d in score.spurious]
    assert score.overall.recall >= 0.8, missed
    assert score.overall.precision >= 0.8, spurious


def test_whole_corpus_scores_are_reported_and_not_trivial(gazetteer):
    scores = [evaluate_file(path, gazetteer) for path in sorted(GOLD.glob("*.gold.json"))]
    assert len(scores) >= 11
    overall, fields = total(scores)
    assert overall.expected >= 100
    # a floor, not a target: it fails if extraction breaks, not when it is merely imperfect
    assert overall.f1 >= 0.5, (overall.precision, overall.recall)
    assert set(fields) == {"actor", "kind", "status", "date", "precision"}


def test_a_wrong_kind_or_date_is_not_a_match(tmp_path, gazetteer):
    article = tmp_path / "a.txt"
    article.write_text("Envoys gather for another round\nWire | 2024-05-02 09:00\n\n"
                       "Russia rejected the proposal on Tuesday.\n", encoding="utf-8")
    gold = {"article": "a.txt", "published": "2024-05-02T09:00:00", "statements": [
        {"actors": ["Russia"], "kind": "Rejection", "status": "Occurred", "earliest": "2024-04-30",
         "latest": "2024-04-30", "precision": "Day", "quote": "Russia rejected the proposal on Tuesday."}]}
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert evaluate_file(path, gazetteer).overall.true == 1
    gold["statements"][0]["kind"] = "Acceptance"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert evaluate_file(path, gazetteer).overall.true == 0
    gold["statements"][0].update(kind="Rejection", earliest="2024-04-01", latest="2024-04-02")
    path.write_text(json.dumps(gold), encoding="utf-8")
    score = evaluate_file(path, gazetteer)
    assert score.overall.true == 0 and score.fields["kind"].true == 1 and score.fields["date"].true == 0


def test_cli_prints_the_table(parley):
    result = parley("--store", "memory:", "eval-extract", str(GOLD))
    assert result.code == 0, result.err
    assert "ALL" in result.text and "precision" in result.text
    assert parley("--store", "memory:", "eval-extract", "/nonexistent").code == 1
