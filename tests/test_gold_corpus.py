"""The extraction gold in tests/gold/ is self-consistent: every quote is in its article, every date is ISO.

See tests/gold/README.md for the corpus and the format.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
GOLD_FILES = sorted(GOLD.glob("*.gold.json"))
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _VisibleText(HTMLParser):
    """The text of an HTML page as a reader sees it: entities decoded, a line break at every tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts.append("\n")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")
        self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def article_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        parser = _VisibleText()
        parser.feed(raw)
        parser.close()
        return "".join(parser.parts)
    return raw


def iso_date(value) -> dt.date:
    assert isinstance(value, str) and ISO_DATE.fullmatch(value), f"not an ISO date (YYYY-MM-DD): {value!r}"
    return dt.date.fromisoformat(value)


def test_the_corpus_is_there():
    assert len(GOLD_FILES) >= 12
    assert (GOLD / "00-seed.gold.json") in GOLD_FILES


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name)
def test_quotes_are_in_the_article_and_dates_are_iso(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    article = (GOLD / gold["article"]).resolve()
    assert article.is_file(), f"{gold_file.name}: no article at {gold['article']}"
    text = article_text(article)
    dt.datetime.fromisoformat(gold["published"])
    assert gold["statements"], f"{gold_file.name}: no statements"
    ids = [s["id"] for s in gold["statements"]]
    assert len(ids) == len(set(ids)), f"{gold_file.name}: duplicate statement ids"
    for s in gold["statements"]:
        where = f"{gold_file.name} {s['id']}"
        quotes = [s["quote"], *s.get("quotes", [])]
        for quote in quotes:
            assert isinstance(quote, str) and quote, where
            assert quote in text, f"{where}: quote not found in {article.name}: {quote!r}"
        earliest = iso_date(s["earliest"]) if s["earliest"] is not None else None
        latest = iso_date(s["latest"]) if s["latest"] is not None else None
        assert earliest or latest, f"{where}: needs earliest or latest"
        if earliest and latest:
            assert earliest <= latest, f"{where}: earliest {earliest} is after latest {latest}"
