"""Draft statements from news text: who said or did what, when, how sure, with the quote.

``extract(article, gazetteer)`` reads an :class:`~kb.extract.article.Article` sentence by
sentence with the rules of :mod:`kb.extract.rules`, dates each draft from its own sentence
against the publication time (:mod:`kb.dates`), and :func:`kb.extract.rdf.draft_quads` writes
the result as drafts (``neg:reviewStatus neg:Draft``) in a graph of their own. The same input
always gives the same output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .article import Article, read_article
from .gazetteer import Entry, Gazetteer, load_gazetteer
from .rules import SPEECH_KINDS, Context, Draft, read_sentence
from .sentences import sentences

__all__ = ["Article", "DatedDraft", "Extraction", "extract", "load_gazetteer", "read_article"]

VERSION = "0.1.0"


@dataclass
class DatedDraft:
    """A draft with its date resolved: earliest/latest (inclusive, one may be None) and their words."""

    draft: Draft
    earliest: date | datetime | None
    latest: date | datetime | None
    precision: str  # day, week, month, year, unknown
    edtf: str
    date_text: str | None


@dataclass
class Extraction:
    article: Article
    slug: str
    drafts: list[DatedDraft]
    gazetteer: Gazetteer
    new_actors: dict[str, Entry] = field(default_factory=dict)
    voice: str | None = None
    reported_by: list[str] = field(default_factory=list)  # outlet IRIs (known) or names (unknown)


def extract(article: Article, gazetteer: Gazetteer) -> Extraction:
    """Every draft statement the article gives, in text order."""
    gazetteer = gazetteer.copy()
    voice = _voice(article, gazetteer)
    ctx = Context(gazetteer, voice)
    drafts = []
    for sentence in sentences(article.text, article.body_start):
        if _is_boilerplate(sentence.text, article):
            continue
        found = None
        for draft in read_sentence(sentence, ctx):
            if found is None:  # once a sentence, for all its drafts
                from ..dates import find_dates

                found = find_dates(sentence.text, article.published, [article.language])
            drafts.append(_dated(draft, sentence.text, found, article))
    extraction = Extraction(article, source_slug(article), drafts, gazetteer, ctx.new_actors, voice)
    extraction.reported_by = _reporting_chain(article, gazetteer)
    return extraction


def source_slug(article: Article) -> str:
    """'2025-03-13-russia-asks-us-to-provide-details': the day and the headline's first words."""
    words = re.findall(r"[a-z0-9]+", (article.title or "article").lower())[:7]
    return f"{article.published:%Y-%m-%d}-" + "-".join(words or ["article"])


def _voice(article: Article, gazetteer: Gazetteer) -> str | None:
    """Whose readings the article's unattributed assessments are: the outlet it relays, else its publisher."""
    for name in [*article.relayed_from, article.publisher]:
        if not name:
            continue
        for candidate in (name, f"{name} (as narrator)"):
            iri = gazetteer.lookup(candidate)
            if iri and gazetteer.entries[iri].kind != "NewsMediaOrganization":
                return iri
    name = (article.relayed_from or [article.publisher])[0]
    if not name:
        return None
    from ..vocab import PREFIXES

    entry = Entry(PREFIXES["actor"] + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), "Organization",
                  name, {name}, draft=True)
    gazetteer.add(entry)
    return entry.iri


def _reporting_chain(article: Article, gazetteer: Gazetteer) -> list[str]:
    chain = []
    for name in article.relayed_from:
        iri = gazetteer.lookup(name)
        chain.append(iri if iri and gazetteer.entries[iri].kind == "NewsMediaOrganization" else name)
    return chain


def _is_boilerplate(text: str, article: Article) -> bool:
    """Captions, file names, comment counters and the repeated headline are not news."""
    if article.title and text.strip() == article.title.strip():
        return True
    if re.fullmatch(r"[\w.-]+\.(?:jpe?g|png|gif|webp)", text.strip()) or len(text.split()) < 4:
        return True
    return bool(re.match(r"\(?\d+\)?\s+comments?\b|latest news|read more|related\b", text, re.IGNORECASE))


def _dated(draft: Draft, sentence: str, found: list, article: Article) -> DatedDraft:
    """Dates from the draft's own words (``found`` in its sentence), else honest bounds from the
    publication day."""
    published = article.published
    a, b = draft.clause if draft.clause != (0, 0) else (0, len(sentence))
    inside = [f for f in found if a <= f.start < b] or ([] if draft.clause != (0, 0) else found)
    if inside and draft.anchor is not None:  # "said on Wednesday that they would meet next week"
        inside = [f for f in inside if f.start >= draft.anchor] or inside[-1:]
    if inside:
        span = inside[0].span
        return DatedDraft(draft, span.earliest, span.latest, span.precision, span.edtf, span.text)
    day = published.date()
    if draft.kind not in SPEECH_KINDS and draft.status != "Occurred":
        return DatedDraft(draft, day, None, "unknown", f"{day.isoformat()}/..", None)
    return DatedDraft(draft, None, day, "unknown", f"../{day.isoformat()}", None)
