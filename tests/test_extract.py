"""Extraction: articles in, honest draft statements out (kb/extract/)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kb.extract import extract, load_gazetteer, read_article
from kb.extract.rdf import draft_graph, draft_quads
from kb.importer import import_parsed
from kb.rdfio import ParsedInput
from kb.sample import SAMPLE_ARTICLE
from kb.store import open_store

ARTICLE = """Talks on grain corridor resume in Istanbul
Harbour Wire | 2024-06-06 14:30

Turkey said on Wednesday that delegations would meet in Istanbul next week to revive the grain corridor.

Deputy Foreign Minister Elena Marsh told reporters the plan was "the only way forward". She also said Kyiv must guarantee safe passage.

Russia has rejected the proposal, according to state media. A Kremlin official said Moscow could send a delegation if necessary.

Ukrainian forces struck a depot in Crimea overnight, in what is seen as a warning to Moscow.
"""


@pytest.fixture(scope="module")
def gazetteer():
    with open_store("memory:") as store:
        from kb.sample import load_sample

        load_sample(store)
        yield load_gazetteer(store)


def _drafts(text: str, gazetteer, **options):
    return extract(read_article(text, **options), gazetteer)


def _label(extraction, iri):
    return extraction.gazetteer.entries[iri].label


def test_header_gives_title_publisher_and_time():
    article = read_article(ARTICLE)
    assert article.title == "Talks on grain corridor resume in Istanbul"
    assert article.publisher == "Harbour Wire"
    assert article.published == datetime(2024, 6, 6, 14, 30)


def test_seed_header_keeps_the_relaying_outlet():
    article = read_article(SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert article.published == datetime(2025, 3, 13, 8, 47)
    assert article.relayed_from == ["Tin Tuc Newspaper"]


def test_options_override_the_header_and_a_missing_date_is_refused():
    assert read_article(ARTICLE, published=datetime(2024, 1, 1)).published == datetime(2024, 1, 1)
    with pytest.raises(Exception, match="--published"):
        read_article("Headline without a byline here\n\nRussia said it was ready.\n")


def test_planned_meeting_is_dated_as_the_whole_next_week(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    meeting = next(d for d in x.drafts if d.draft.kind == "Meeting")
    assert meeting.draft.status == "Planned"
    assert (meeting.earliest, meeting.latest) == (date(2024, 6, 10), date(2024, 6, 16))
    assert meeting.date_text == "next week"
    assert [_label(x, a) for a in meeting.draft.according_to] == ["Turkey"] or \
        [_label(x, a) for a in meeting.draft.actors] == ["Turkey"]


def test_unknown_speaker_becomes_a_draft_person_and_she_is_resolved(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    marsh = [d for d in x.drafts if any(_label(x, a) == "Elena Marsh" for a in d.draft.actors)]
    assert len(marsh) == 2, [d.draft for d in x.drafts]
    assert {d.draft.kind for d in marsh} == {"Position", "Demand"}
    entry = x.gazetteer.entries[marsh[0].draft.actors[0]]
    assert entry.draft and entry.kind == "Person" and "Foreign Minister" in (entry.role or "")


def test_hedged_event_is_possible_and_undated_speech_is_bounded_by_publication(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    rejection = next(d for d in x.drafts if d.draft.kind == "Rejection")
    assert [_label(x, a) for a in rejection.draft.actors] == ["Russia"]
    assert (rejection.earliest, rejection.latest, rejection.precision) == (None, date(2024, 6, 6), "unknown")
    possible = [d for d in x.drafts if d.draft.status == "Possible"]
    assert possible and possible[0].earliest == date(2024, 6, 6) and possible[0].latest is None


def test_quotes_are_the_sentences_at_their_offsets(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    for d in x.drafts:
        quote = x.article.text[d.draft.start:d.draft.end]
        assert quote.strip() == quote and quote.endswith((".", '"'))
        assert d.draft.rule  # every draft says which rule made it


def test_military_event_and_the_articles_own_reading(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    kinds = {(d.draft.kind, _label(x, d.draft.actors[0])) for d in x.drafts}
    assert ("MilitaryEvent", "Ukraine") in kinds
    assert any(k == "Assessment" for k, _ in kinds)


def test_the_seed_article_gives_its_statements_with_honest_dates(gazetteer):
    x = extract(read_article(SAMPLE_ARTICLE.read_text(encoding="utf-8")), gazetteer)
    by_text = {d.date_text: d for d in x.drafts if d.date_text}
    assert (by_text["March 12"].earliest, by_text["March 12"].latest) == (date(2025, 3, 12), date(2025, 3, 12))
    assert (by_text["this weekend"].earliest, by_text["this weekend"].latest) == (date(2025, 3, 15), date(2025, 3, 16))
    assert by_text["this weekend"].draft.status == "Unconfirmed"
    assert (by_text["last year"].earliest, by_text["last year"].latest) == (date(2024, 1, 1), date(2024, 12, 31))
    assert all(d.latest is None or d.earliest is None or d.earliest <= d.latest for d in x.drafts)
    undated = [d for d in x.drafts if not d.date_text]
    assert all(d.latest in (None, date(2025, 3, 13)) for d in undated)


def test_same_input_same_output(gazetteer):
    one = draft_quads(_drafts(ARTICLE, gazetteer))
    two = draft_quads(_drafts(ARTICLE, gazetteer))
    assert sorted(map(str, one)) == sorted(map(str, two))


def test_drafts_pass_the_shapes_and_land_in_their_own_graph(gazetteer):
    x = _drafts(ARTICLE, gazetteer)
    with open_store("memory:") as store:
        import_parsed(store, [ParsedInput("drafts", draft_graph(x.slug), draft_quads(x))])
        assert store.has_graph(draft_graph(x.slug))
        statuses = {q.object.value for q in store.quads_for(None, None, None, draft_graph(x.slug))
                    if q.predicate.value.endswith("#reviewStatus")}
        assert statuses == {"https://w3id.org/parley/ns#Draft"}


def test_html_page(gazetteer):
    page = """<!doctype html><html><head><title>Site | Envoys meet</title>
    <meta property="article:published_time" content="2024-02-02T09:00:00+02:00">
    <meta property="og:site_name" content="Harbour Wire"><script>var said = "Russia said no";</script></head>
    <body><h1>Envoys meet in Geneva</h1><p>Russia said on Thursday it would not accept the plan.</p></body></html>"""
    x = _drafts(page, gazetteer)
    assert x.article.title == "Envoys meet in Geneva" and x.article.publisher == "Harbour Wire"
    assert x.article.published.utcoffset().total_seconds() == 7200
    assert [d.draft.kind for d in x.drafts] == ["Rejection"]
    assert x.drafts[0].earliest == date(2024, 2, 1)
    assert "var said" not in x.article.text


def test_cli_extract_prints_turtle_and_writes_only_when_asked(tmp_path, parley):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    store = str(tmp_path / "store")
    ask = "ASK { ?s neg:reviewStatus neg:Draft }"
    result = parley("--store", store, "extract", str(article))
    assert result.code == 0, result.err
    assert b"neg:Draft" in result.out and b"neg:quoteStart" in result.out
    assert "false" in parley("--store", store, "query", ask, "--format", "json").text
    result = parley("--store", store, "extract", "--write", str(article))
    assert result.code == 0, result.err
    assert "true" in parley("--store", store, "query", ask, "--format", "json").text


def test_cli_extract_bad_input(tmp_path, parley):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Headline of the day here\nWire | 2024-01-01 10:00\n\nCaf\xe9 said no.\n".encode("latin-1"))
    result = parley("--store", "memory:", "extract", str(latin))
    assert result.code == 1 and "UTF-8" in result.err
    nodate = tmp_path / "nodate.txt"
    nodate.write_text("A headline without any date\n\nRussia said it was ready.\n", encoding="utf-8")
    result = parley("--store", "memory:", "extract", str(nodate))
    assert result.code == 1 and "--published" in result.err
    assert parley("--store", "memory:", "extract", str(tmp_path / "missing.txt")).code == 1
