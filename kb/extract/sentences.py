"""Split article text into paragraphs and sentences, keeping character offsets into the text.

Abbreviations that end in a full stop ("Mr.", "U.S.", "Gen.") do not end a sentence, so that
"Mr. Peskov said…" stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "pres", "prof", "st",
                  "jr", "sr", "no", "vs", "u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "aug", "sept",
                  "sep", "oct", "nov", "dec", "inc", "corp", "ltd", "co", "amb", "adm", "maj", "capt", "sgt"}
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-Ž]|\s*$)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:]``, paragraph by paragraph (a paragraph is a line of its own)."""
    found = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text, start)):
        cursor = p_start
        for match in _END.finditer(text, p_start, p_end):
            if _is_abbreviation(text, match.start()):
                continue
            _add(found, text, cursor, match.end(), number)
            cursor = match.end()
        _add(found, text, cursor, p_end, number)
    return found


def _paragraphs(text: str, start: int):
    offset = start
    for line in text[start:].split("\n"):
        if line.strip():
            yield offset, offset + len(line)
        offset += len(line) + 1


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _add(found: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end, text[start:end], paragraph))
