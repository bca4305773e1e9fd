"""Score extraction against hand-made gold: precision, recall and F1, per field and overall.

A gold file (``NAME.gold.json``, format in ``tests/gold/README.md``) lists an article's
statements. Overall, a draft matches a gold statement when they share an actor, have the same
kind and their dates overlap (each counted once). Per field, drafts are paired with gold
statements whose quotes overlap in the text, and a field counts when the pair agrees on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import BadInput
from . import DatedDraft, Extraction, extract, read_article
from .gazetteer import Gazetteer

FIELDS = ("actor", "kind", "status", "date", "precision")
_FAR_PAST, _FAR_FUTURE = date(1, 1, 1), date(9999, 12, 31)


@dataclass
class Score:
    true: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.true += other.true
        self.predicted += other.predicted
        self.expected += other.expected


@dataclass
class ArticleScore:
    name: str
    overall: Score
    fields: dict[str, Score]
    missed: list[dict] = field(default_factory=list)
    spurious: list[DatedDraft] = field(default_factory=list)


def evaluate_dir(gold_dir: Path, gazetteer: Gazetteer) -> list[ArticleScore]:
    """Score every ``*.gold.json`` in ``gold_dir`` (its ``gazetteer.ttl``, if any, is the caller's to load)."""
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise BadInput(f"{gold_dir}: no *.gold.json files")
    return [evaluate_file(path, gazetteer) for path in files]


def evaluate_file(path: Path, gazetteer: Gazetteer) -> ArticleScore:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        article_path = (path.parent / gold["article"]).resolve()
        published = datetime.fromisoformat(gold["published"]) if gold.get("published") else None
        article = read_article(article_path.read_text(encoding="utf-8"), published=published,
                               html=article_path.suffix.lower() in {".html", ".htm"})
    except (OSError, ValueError, KeyError) as err:
        raise BadInput(f"{path}: {err}") from err
    extraction = extract(article, gazetteer)
    return score(path.name.removesuffix(".gold.json"), extraction, gold["statements"])


def score(name: str, extraction: Extraction, gold: list[dict]) -> ArticleScore:
    drafts = extraction.drafts
    names = {iri: {n.lower() for n in entry.names | {entry.label}}
             for iri, entry in extraction.gazetteer.entries.items()}
    overall = Score(predicted=len(drafts), expected=len(gold))
    unmatched = list(range(len(drafts)))
    missed = []
    for item in gold:
        hit = next((i for i in unmatched if _same_actor(drafts[i], item, names) and drafts[i].draft.kind == item["kind"]
                    and _dates_overlap(drafts[i], item)), None)
        if hit is None:
            missed.append(item)
        else:
            unmatched.remove(hit)
            overall.true += 1
    fields = {f: Score(predicted=len(drafts), expected=len(gold)) for f in FIELDS}
    for d, item in _aligned(drafts, gold, extraction.article.text, names):
        checks = {"actor": _same_actor(d, item, names), "kind": d.draft.kind == item["kind"],
                  "status": d.draft.status == item.get("status", "Occurred"), "date": _dates_overlap(d, item),
                  "precision": d.precision.capitalize() == item.get("precision", "Unknown")}
        for f, ok in checks.items():
            fields[f].true += ok
    return ArticleScore(name, overall, fields, missed, [drafts[i] for i in unmatched])


def _same_actor(d: DatedDraft, item: dict, names: dict[str, set[str]]) -> bool:
    wanted = {a.lower() for a in item.get("actors", [])}
    return any(names.get(iri, set()) & wanted for iri in d.draft.actors)


def _bounds(earliest, latest) -> tuple[date, date]:
    def day(value, default):
        if value is None:
            return default
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        return value.date() if isinstance(value, datetime) else value
    return day(earliest, _FAR_PAST), day(latest, _FAR_FUTURE)


def _dates_overlap(d: DatedDraft, item: dict) -> bool:
    a0, a1 = _bounds(d.earliest, d.latest)
    b0, b1 = _bounds(item.get("earliest"), item.get("latest"))
    return a0 <= b1 and b0 <= a1


def _aligned(drafts: list[DatedDraft], gold: list[dict], text: str, names: dict[str, set[str]]):
    """Pairs of (draft, gold) whose quotes overlap in the text, best pairs first, each used once."""
    spans = []
    for item in gold:
        at = text.find(item.get("quote", "")) if item.get("quote") else -1
        spans.append((at, at + len(item["quote"])) if at >= 0 else None)
    pairs = []
    for i, d in enumerate(drafts):
        for j, span in enumerate(spans):
            if span and d.draft.start < span[1] and span[0] < d.draft.end:
                agree = (d.draft.kind == gold[j]["kind"]) + _same_actor(d, gold[j], names)
                pairs.append((-agree, i, j))
    used_d, used_g = set(), set()
    for _, i, j in sorted(pairs):
        if i not in used_d and j not in used_g:
            used_d.add(i)
            used_g.add(j)
            yield drafts[i], gold[j]


def total(scores: list[ArticleScore]) -> tuple[Score, dict[str, Score]]:
    overall, fields = Score(), {f: Score() for f in FIELDS}
    for s in scores:
        overall.add(s.overall)
        for f in FIELDS:
            fields[f].add(s.fields[f])
    return overall, fields
