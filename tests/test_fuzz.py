"""Fuzzing the date resolver, the extractor and the importer: thousands of generated inputs, no
crash, no hang (issue 7).

Each property runs twice: a quick run (hundreds of examples) in the normal suite, and a run four to
ten times longer marked ``slow`` (CI runs both). tests/test_dates.py already checks that
``resolve`` never raises on ``st.text()`` and that EDTF reads back; here the inputs are meaner:
mixed scripts, control and format characters, huge strings, references at the ends of the
calendar, arbitrary article headers and HTML, and mutations of the sample's Turtle, N-Quads and
JSON-LD.

Run as a script, the file is also an atheris target for the importer (see the end).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from kb.dates import Span, Undated, find_dates, parse_edtf, resolve
from kb.errors import BadInput
from kb.extract import extract, load_gazetteer, read_article
from kb.extract.rdf import draft_graph, draft_quads
from kb.formats import rdf_syntax
from kb.importer import check, import_parsed
from kb.rdfio import ParsedInput, parse_bytes, write_rdf
from kb.sample import load_sample
from kb.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "kb" / "data" / "sample"

#: deadline: dateparser's first call in a language loads its data (seconds); a hang still fails it
FUZZ = settings(deadline=dt.timedelta(seconds=20), database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


def tally(outcome: str) -> None:
    """Count an outcome in hypothesis's statistics (``--hypothesis-show-statistics``), when under it."""
    if currently_in_test_context():
        event(outcome)


def quick_and_slow(quick: int, slow: int, **strategies):
    """The property as two tests: ``quick`` examples, and ``slow`` more under the slow marker."""
    def decorate(body):
        fast = settings(FUZZ, max_examples=quick)(given(**strategies)(body))
        long = pytest.mark.slow(settings(FUZZ, max_examples=slow)(given(**strategies)(body)))
        return fast, long
    return decorate


# ---------------------------------------------------------------------------------------------
# Dates: kb.dates.resolve and find_dates
# ---------------------------------------------------------------------------------------------

ZONES = [None, dt.UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12)),
         dt.timezone(dt.timedelta(hours=5, minutes=45)), dt.timezone(dt.timedelta(hours=-9, minutes=-30)),
         dt.timezone(dt.timedelta(hours=23, minutes=59))]
REFERENCES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                 timezones=st.sampled_from(ZONES)),
    st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime.min, dt.datetime.max,
                     dt.datetime(2025, 3, 13, 8, 47), dt.datetime(2024, 2, 29, 23, 59, 59, 999999)]),
)
# a fixed few: each new set of languages builds a grammar (a tenth of a second) and loads dateparser's data
LANGUAGES = st.sampled_from([None, ["en"], ["ru"], ["uk"], ["fr"], ["de"], ["ar"], ["vi"], ["zh"], ["es"], ["ja"],
                             ["en", "fr", "de"], ["ru", "uk"], ["en", "ar", "zh"]])
DATE_WORDS = [
    "next week", "this weekend", "last year", "in the coming days", "soon", "recently", "three weeks ago",
    "on Tuesday", "last Friday", "Tuesday next week", "March 12", "12 March 2025", "mid-March", "late December",
    "early 2024", "by 2022", "since 2014", "until 20 March", "before 1 May", "after the summit", "Q1 2025",
    "the first half of 2025", "between 10 and 12 March", "10-12 March", "from 10 to 12 March 2025", "2025-03-12",
    "2025-03-12T14:00:00+03:00", "12.03.2025", "12/03/2025", "03/12/2025", "at 14:00 GMT on 12 March", "2025-13-45",
    "2025-02-30", "31.02.2025", "0000-01-01", "99999-01-01", "9999-12-31", "0001-01-01", "year 10000",
    "13 березня 2025", "13 марта 2025 года", "в среду", "в марте", "13 mars 2025", "am 13. März 2025",
    "2025年3月13日", "3天前", "١٣ مارس ٢٠٢٥", "13 مارس 2025", "ngày 13 tháng 3 năm 2025", "thứ Ba",
    "13 de marzo de 2025", "now", "may", "May", "2000 troops", "a 30-day ceasefire", "12 soldiers",
]
ODD_CHARACTERS = ["\x00", "\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u00a0",
                  "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2028", "\u2029", "\u2060", "\ufeff",
                  "\ufffd", "\u0301", "\u0336", "\U0001f600", "\ud800", "\udfff", "０１２", "٠١٢", "\u3000", "’", "“”",
                  "–", "—", "…", "/", ".", ",", ":", "-", "'", '"', "(", ")", "[", "]", "\\"]
SCRIPTS = st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co"])
WORDS = st.one_of(st.sampled_from(DATE_WORDS), st.sampled_from(ODD_CHARACTERS), st.text(SCRIPTS, max_size=12),
                  st.integers(-99999, 999999).map(str))
SEPARATORS = st.sampled_from([" ", "", "  ", "\n", ", ", " - ", "/", ".", "\u00a0", "\t", "\x00", "\u202e"])
PHRASES = st.lists(st.tuples(WORDS, SEPARATORS), max_size=14).map(lambda parts: "".join(w + s for w, s in parts))


def _sound(span: Span) -> None:
    """A span is ordered, has a known precision, and its EDTF reads back to its bounds."""
    if span.earliest is not None and span.latest is not None:
        assert span.earliest <= span.latest, span
    assert span.earliest is not None or span.latest is not None, span
    assert span.precision in ("day", "week", "month", "year", "unknown"), span
    earliest, latest, _ = parse_edtf(span.edtf)
    assert (earliest, latest) == (span.earliest, span.latest), span.edtf


def _resolve_any_words(text, reference, languages):
    result = resolve(text, reference, languages)
    assert isinstance(result, (Span, Undated)) and result.text == text
    if isinstance(result, Span):
        _sound(result)
    else:
        assert result.reason


def _find_dates_in_any_sentence(text, reference, languages):
    found = find_dates(text, reference, languages)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.span.text == text[f.start:f.end]
        _sound(f.span)


test_resolve_takes_any_words_at_any_reference, test_resolve_takes_any_words_at_any_reference_at_length = \
    quick_and_slow(1500, 6000, text=PHRASES, reference=REFERENCES, languages=LANGUAGES)(_resolve_any_words)
test_find_dates_points_into_any_sentence, test_find_dates_points_into_any_sentence_at_length = \
    quick_and_slow(800, 4000, text=PHRASES, reference=REFERENCES, languages=LANGUAGES)(_find_dates_in_any_sentence)

HUGE = st.builds(lambda filler, times, middle: filler * times + middle + filler * times,
                 st.sampled_from(["the talks went on ", "переговоры ", "谈判", "\x00", " ", "12 ", "March ", "—",
                                  "said that ", "\u202e\u200b"]),
                 st.integers(500, 4_000), PHRASES)


def _huge(text, reference):
    _resolve_any_words(text, reference, None)
    _find_dates_in_any_sentence(text, reference, None)


test_resolve_takes_huge_strings, test_resolve_takes_huge_strings_at_length = \
    quick_and_slow(10, 40, text=HUGE, reference=REFERENCES)(_huge)


# ---------------------------------------------------------------------------------------------
# The extractor: read_article + extract, with the sample's gazetteer
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def known():
    """A store holding the sample, and the gazetteer extraction reads from it."""
    with open_store("memory:") as store:
        load_sample(store)
        yield store, load_gazetteer(store)


NAMES = ["Russia", "Ukraine", "the Kremlin", "Moscow", "Kyiv", "Washington", "Dmitry Peskov", "Mr. Peskov",
         "Sergei Lavrov", "Vladimir Putin", "Donald Trump", "Steve Witkoff", "the United States", "NATO",
         "Senator Ana Ruiz", "A spokesman", "Zelensky", "Mr. Ö'Brien-\u202eX", "US", "us", "EU", "Hamas", "Qatar"]
VERBS = ["said", "told reporters", "stressed", "insisted", "urged", "ruled out", "rejected", "proposed", "agreed to",
         "will meet", "met", "called", "is expected to visit", "could call", "has not confirmed", "denied", "demanded",
         "travelled to", "warned", "announced"]
SENTENCES = st.builds(
    lambda who, verb, whom, when, noise, end: f"{who} {verb} {whom} {when}{noise}{end}",
    st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(NAMES + ["the proposal", "a ceasefire", ""]),
    st.sampled_from(DATE_WORDS + [""]), st.one_of(st.just(""), st.text(SCRIPTS, max_size=20), st.sampled_from(ODD_CHARACTERS)),
    st.sampled_from([".", ". ", ".\n", "!\n\n", "", ' "', "”.", "\r\n", "…"]))
STORIES = st.lists(SENTENCES, min_size=1, max_size=8).map("".join)
BODIES = st.one_of(STORIES, STORIES, STORIES, st.text(SCRIPTS, max_size=300), PHRASES)  # mostly stories
BYLINE_TIMES = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M")),
    st.sampled_from(["March 13, 2025 08:47", "13 March 2025", "2025-03-13T08:47:00+03:00", "2025-03-13 08:47 GMT+7",
                     "2025-13-45 08:47", "31 February 2025", "9999-12-31 23:59", "0001-01-01 00:00", "Z", ""]))
HEADERS = st.builds(
    lambda title, publisher, outlet, time, sep: f"{title}\n{publisher}{outlet} {sep} {time}\n\n",
    st.one_of(st.sampled_from(["Russia asks US to provide details before deciding on ceasefire", "", "<b>x</b>"]),
              st.text(SCRIPTS, max_size=60)),
    st.one_of(st.sampled_from(["BA", "Harbour Wire", "", "By Ana Ruiz", "http://e/a b"]), st.text(SCRIPTS, max_size=20)),
    st.sampled_from(["", " (according to Tin Tuc Newspaper)", " (according to )", " (according to http://e/a b)",
                     " (according to Politico) (according to \x00)"]),
    BYLINE_TIMES, st.sampled_from(["|", "-", "·", ",", ""]))
PUBLISHED = st.one_of(st.none(), st.just(dt.datetime(2025, 3, 13, 8, 47)),
                      st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                                   timezones=st.sampled_from(ZONES)))
URLS = st.one_of(st.none(), st.sampled_from(["https://example.org/news/1", "javascript:alert(1)", "not a url",
                                             "http://e/a b", "urn:x", "http://", "https://example.org/" + "x" * 3000]))


def _drafts_are_sound(text, options, known):
    """Only BadInput escapes; every quote is where its offsets say; every draft passes the shapes."""
    store, gazetteer = known
    try:
        article = read_article(text, **options)
    except BadInput:
        tally("article refused")
        return
    extraction = extract(article, gazetteer)
    tally("no drafts" if not extraction.drafts else "drafts")
    for dated in extraction.drafts:
        draft = dated.draft
        assert 0 <= draft.start < draft.end <= len(article.text), (draft.start, draft.end, len(article.text))
    quads = draft_quads(extraction)
    violations = check([ParsedInput("the extraction", draft_graph(extraction.slug), quads)], store)
    assert not violations, violations


def _article(header, body, published, url, publisher, known):
    options = {"published": published, "url": url, "publisher": publisher}
    _drafts_are_sound(header + body, {k: v for k, v in options.items() if v is not None}, known)


test_extraction_of_any_article_is_sound, test_extraction_of_any_article_is_sound_at_length = quick_and_slow(
    250, 2500, header=st.one_of(HEADERS, st.just(""), st.text(SCRIPTS, max_size=80)), body=BODIES,
    published=PUBLISHED, url=URLS, publisher=st.one_of(st.none(), st.text(SCRIPTS, max_size=30)))(_article)

TAGS = ["p", "div", "b", "i", "span", "h1", "h2", "li", "article", "section", "script", "style", "noscript", "template",
        "title", "head", "body", "html", "br", "table", "tr", "td", "blockquote", "x-custom"]
ATTRIBUTES = ["", ' class="a"', " onclick='alert(1)'", ' style="x"', ' href="javascript:alert(1)"', " data-x=<>",
              ' property="og:url" content="http://e/a b"', ' property="og:locale" content="x y"',
              ' property="article:published_time" content="2025-03-13T08:47"',
              ' property="article:published_time" content="99999-99-99"', ' datetime="2025-13-45"',
              ' property="og:title" content="&lt;script&gt;"', ' name="author" content="\x00"']
PIECES = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<meta property='article:published_time' content='2025-03-13T08:47'>", "<time datetime='2025-03-13'>",
                     "<!doctype html>", "<!-- c -->", "<!--", "<![CDATA[x]]>", "&amp;", "&#0;", "&#xD800;", "&#1114112;",
                     "&lt;script&gt;", "&nbsp;", "&bogus;", "<", ">", "</", "<p", "<?php x ?>", "<img src=x onerror=alert(1)>"]),
    SENTENCES, SENTENCES, SENTENCES, st.text(SCRIPTS, max_size=20))
PAGES = st.lists(PIECES, max_size=40).map("".join)


def _page(page, published, known):
    _drafts_are_sound(page, {"html": True, **({"published": published} if published else {})}, known)


test_extraction_of_any_html_is_sound, test_extraction_of_any_html_is_sound_at_length = quick_and_slow(
    120, 1200, page=PAGES, published=PUBLISHED)(_page)


# ---------------------------------------------------------------------------------------------
# The importer: mutations of the sample in Turtle, N-Quads and JSON-LD
# ---------------------------------------------------------------------------------------------

def _seeds() -> dict[str, bytes]:
    """Small inputs cut from the sample: its first statements in Turtle, some of its quads in
    N-Quads, and the same statements in JSON-LD."""
    turtle = (SAMPLE / "article-2025-03-13.ttl").read_text(encoding="utf-8")
    blocks = turtle.split("\n\n")
    head = [b for b in blocks if b.lstrip().startswith("@prefix")]
    statements = [b for b in blocks if "a neg:" in b][:3]
    small = "\n\n".join(head + statements) + "\n"
    quads = parse_bytes(small.encode(), rdf_syntax("turtle"), label="seed", graph="urn:fuzz:seed")
    return {"turtle": small.encode(), "nquads": write_rdf(quads, rdf_syntax("nquads")),
            "jsonld": write_rdf(quads, rdf_syntax("jsonld"))}


SEEDS = _seeds()
TOKENS = [b'"', b"'", b"<", b">", b".", b";", b",", b"[", b"]", b"(", b")", b"{", b"}", b"@prefix", b"@base <::>",
          b"^^xsd:date", b'"2025-13-45"^^xsd:date', b'"2025-03-14"^^xsd:date', b"neg:earliest", b"neg:latest",
          b"neg:actor", b"a neg:Proposal", b"a neg:Statement", b"_:b", b"\\u0000", b"\\U0011FFFF", b"\xef\xbb\xbf",
          b"\x00", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\r\n", b"\n", b"#", b"<http://e/a b>",
          b"<https://w3id.org/parley/graph/ontology>", b'"@context"', b'"@id"', b'"@graph"', b'"@type"',
          b'"@context": "http://127.0.0.1:9/c"', b"null", b"1e999", b"<<", b">>", b"{|", b"|}", b"~"]
MUTATIONS = st.lists(st.tuples(st.sampled_from(["delete", "insert", "duplicate", "replace", "truncate"]),
                               st.floats(0, 1), st.integers(0, 40), st.sampled_from(TOKENS)), min_size=1, max_size=3)


def _mutated(seed: bytes, mutations) -> bytes:
    data = bytearray(seed)
    for kind, where, size, token in mutations:
        at = int(where * len(data))
        if kind == "delete":
            del data[at:at + size]
        elif kind == "insert":
            data[at:at] = token
        elif kind == "duplicate":
            data[at:at] = data[at:at + size]
        elif kind == "replace":
            data[at:at + len(token)] = token
        else:
            del data[at:]
    return bytes(data)


def _dump(store) -> list[str]:
    return sorted(str(q) for q in store.quads())


def _import_or_refuse(syntax: str, data: bytes) -> None:
    """Either every quad is in the store afterwards, or BadInput and the store is as it was."""
    with open_store("memory:") as store:
        before = _dump(store)
        try:
            quads = parse_bytes(data, rdf_syntax(syntax), label="fuzzed", graph="urn:fuzz:target")
            import_parsed(store, [ParsedInput("fuzzed", "urn:fuzz:target", quads)])
        except BadInput:
            tally("refused")
            assert _dump(store) == before
            return
        tally("imported")
        held = set(store.quads())
        assert all(q in held for q in quads if q.graph_name.value != "https://w3id.org/parley/graph/ontology")


def _mutated_input(syntax, mutations):
    _import_or_refuse(syntax, _mutated(SEEDS[syntax], mutations))


test_mutated_sample_is_imported_or_refused, test_mutated_sample_is_imported_or_refused_at_length = quick_and_slow(
    500, 5000, syntax=st.sampled_from(sorted(SEEDS)), mutations=MUTATIONS)(_mutated_input)


def test_the_seeds_import_unmutated():
    """The mutations start from input that imports: a refusal is the mutation's doing."""
    for syntax, data in SEEDS.items():
        with open_store("memory:") as store:
            quads = parse_bytes(data, rdf_syntax(syntax), label=syntax, graph="urn:fuzz:target")
            assert import_parsed(store, [ParsedInput(syntax, "urn:fuzz:target", quads)]).quads > 10, syntax


# ---------------------------------------------------------------------------------------------
# atheris: coverage-guided fuzzing of the importer, for a bounded number of runs
# ---------------------------------------------------------------------------------------------

SYNTAXES = ["turtle", "trig", "ntriples", "nquads", "jsonld", "rdfxml"]


def atheris_one_input(data: bytes) -> None:
    """The atheris target: the first byte picks the syntax, the rest is the document."""
    if not data:
        return
    _import_or_refuse(SYNTAXES[data[0] % len(SYNTAXES)], data[1:])


@pytest.mark.slow
def test_atheris_finds_no_crash_in_the_importer(tmp_path):
    pytest.importorskip("atheris", reason="atheris is not installed (the test extra has it on x86-64 Linux, "
                                          "the only platform with wheels): pip install atheris to run this target")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, (syntax, data) in enumerate(sorted(SEEDS.items())):
        (corpus / f"seed-{i}").write_bytes(bytes([SYNTAXES.index(syntax)]) + data)
    run = subprocess.run([sys.executable, "-c", ATHERIS, f"-runs={RUNS}", "-max_len=8192", "-timeout=20",
                          "-rss_limit_mb=4096", "-seed=20250313", f"-artifact_prefix={tmp_path}/", str(corpus)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    assert f"Done {RUNS} runs" in run.stderr, run.stderr[-2000:]


RUNS = 10_000
#: Only Parley's own modules are instrumented (all of them would take a minute); pyoxigraph's
#: Rust code is not, so coverage guides through kb's handling of what the parsers say.
ATHERIS = """
import sys
import atheris
with atheris.instrument_imports(include=["kb"]):
    import kb.formats, kb.importer, kb.rdfio, kb.shapes, kb.store
from tests.test_fuzz import atheris_one_input
atheris.Setup(sys.argv, atheris_one_input)
atheris.Fuzz()
"""
