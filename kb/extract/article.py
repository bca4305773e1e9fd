"""Read a news article — plain text or a simple HTML page — into its text and header facts.

The header (headline, byline, publication time, "according to" line) is read from the text when
present; options given by the user win over it. Offsets that extraction reports are offsets into
``Article.text``, which is what the source keeps as ``schema:text``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser

from ..errors import BadInput

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
#: "March 13, 2025 08:47", "13 March 2025", "2025-03-13 08:47", "2025-03-13T08:47:00+03:00"
_DATE_IN_BYLINE = re.compile(
    rf"(?P<date>(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:[T ,]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
    rf"(?:\s*(?:[+-]\d{{2}}:?\d{{2}}|Z|GMT|UTC)(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?)?)", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\(\s*according to\s+(?P<outlet>[^)]+?)\s*\)", re.IGNORECASE)


@dataclass
class Article:
    """An article as extraction sees it; ``text`` is what offsets point into."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: datetime | None = None
    url: str | None = None
    language: str = "en"
    relayed_from: list[str] = field(default_factory=list)  # "according to Tin Tuc Newspaper"
    body_start: int = 0  # where the story begins, after the header


def read_article(data: str, *, html: bool | None = None, publisher: str | None = None,
                 published: datetime | None = None, url: str | None = None) -> Article:
    """Read an article; options override what its header says.

    :raises BadInput: when no publication time is in the header or the options, since every date
        in the article is resolved against it.
    """
    if html is None:
        html = bool(re.match(r"\s*(<!doctype html|<html|<head|<body)", data, re.IGNORECASE))
    data = _LONE_SURROGATE.sub("\ufffd", data)  # no RDF literal can hold one; one character each keeps offsets
    article = _read_html(data) if html else _read_text(data)
    article.publisher = _LONE_SURROGATE.sub("\ufffd", publisher) if publisher else article.publisher
    article.published = published or article.published
    if url is not None and not _is_iri(url):
        raise BadInput(f"--url {url[:200]!r} is not a URL (an absolute IRI such as https://example.org/news/1)")
    article.url = url or (article.url if article.url and _is_iri(article.url) else None)
    article.relayed_from = [name for name in article.relayed_from if _is_iri(name) or not _looks_like_url(name)]
    if article.published is None:
        raise BadInput("the article's publication time is not in its header: give it with --published "
                       "(e.g. --published 2025-03-13T08:47), since its dates are resolved against it")
    offset = article.published.utcoffset()
    if offset is not None and abs(offset) > _WIDEST_OFFSET:
        raise BadInput(f"the publication time {article.published.isoformat()} is {offset} from UTC: no time zone is "
                       "more than 14 hours away (an xsd:dateTime cannot say it)")
    return article


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WIDEST_OFFSET = timedelta(hours=14)


def _is_iri(value: str) -> bool:
    from pyoxigraph import NamedNode

    try:
        NamedNode(value)
    except ValueError:
        return False
    return True


def _looks_like_url(name: str) -> bool:
    """Whether a name would be written as an IRI (see kb.extract.rdf): only valid ones may be."""
    return name.startswith(("http://", "https://"))


def _language(locale: str | None) -> str:
    """The language of an ``og:locale`` ("en_GB" → "en") when dates can be read in it, else English."""
    from dateparser.data import language_order

    code = (locale or "en")[:2].lower()
    return code if code.isalpha() and code in language_order else "en"


def _read_text(data: str) -> Article:
    text = data.replace("\r\n", "\n").lstrip("\ufeff")
    lines = _header_lines(text)
    article = Article(text=text)
    for start, line in lines:
        match = _DATE_IN_BYLINE.search(line)
        if match and article.published is None and len(line) < 160:
            article.published = parse_timestamp(match.group("date"))
            if article.published is None:
                continue
            article.publisher = _publisher_of(line[:match.start()])
            article.relayed_from = [m.group("outlet") for m in _ACCORDING_TO.finditer(line)]
            article.body_start = start + len(line)
            break
        if article.title is None and len(line.split()) >= 4:
            article.title = line.strip()
    return article


def _header_lines(text: str, limit: int = 8) -> list[tuple[int, str]]:
    """The first non-empty lines with their offsets: where a headline and byline would be."""
    found, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append((offset, line))
        offset += len(line) + 1
        if len(found) >= limit:
            break
    return found


def _publisher_of(prefix: str) -> str | None:
    name = _ACCORDING_TO.sub("", prefix).strip(" |,-—–·")
    name = re.sub(r"^(by)\s+", "", name, flags=re.IGNORECASE)
    return name or None


def parse_timestamp(value: str) -> datetime | None:
    """A publication time as written in a byline or a meta tag; None when it is not one."""
    import dateparser

    value = value.strip()
    if len(value) > 100:
        return None  # no timestamp is that long; dateparser would take its time to say so
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    parsed = dateparser.parse(value, languages=["en"],
                              settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                                        "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is not None and re.search(r"(GMT|UTC|Z|[+-]\d{2}:?\d{2})\s*$", value) is None:
        parsed = parsed.replace(tzinfo=None)
    return parsed


class _HTMLText(HTMLParser):
    """Collects an HTML page's headline, meta tags and paragraph text; scripts and styles are dropped."""

    BLOCKS = {"p", "h1", "h2", "h3", "li", "blockquote", "div", "br", "tr", "article", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.times: list[str] = []
        self.parts: list[str] = []
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # the stack's tags, counted: checks stay quick on deep pages

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"])
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.meta.setdefault("canonical", attrs.get("href", ""))
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag not in {"meta", "link", "br", "img", "hr", "input"}:
            self._stack.append(tag)
            self._open[tag] += 1

    def handle_endtag(self, tag):
        if self._open[tag]:
            while self._stack:
                closed = self._stack.pop()
                self._open[closed] -= 1
                if closed == tag:
                    break
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        inside = {tag for tag in ("script", "style", "noscript", "template", "title", "body", "h1", "head")
                  if self._open[tag]}
        if inside & {"script", "style", "noscript", "template"}:
            return
        if "title" in inside and "body" not in inside:
            self.title += data
            return
        if "h1" in inside:
            self.h1 += data
        if inside & {"head"} and "body" not in inside:
            return
        self.parts.append(re.sub(r"\s+", " ", data))


def _read_html(data: str) -> Article:
    page = _HTMLText()
    page.feed(data)
    page.close()
    text = re.sub(r"[ \t]*\n[\s]*\n\s*", "\n\n", "".join(page.parts)).strip() + "\n"
    text = "\n".join(line.strip() for line in text.split("\n"))
    meta = page.meta
    published = None
    for candidate in [meta.get(k) for k in ("article:published_time", "datepublished", "date", "dc.date")] + page.times:
        if candidate and (published := parse_timestamp(candidate)):
            break
    title = (meta.get("og:title") or page.h1 or page.title).strip() or None
    publisher = meta.get("og:site_name") or meta.get("publisher") or meta.get("author") or None
    return Article(text=text, title=title, publisher=publisher, published=published,
                   url=meta.get("og:url") or meta.get("canonical") or None,
                   language=_language(meta.get("og:locale")))
