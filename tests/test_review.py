"""Review of extraction drafts (kb.review and the /review pages): accept, edit, reject, and drafts
kept out of every view of the record until accepted."""

from __future__ import annotations

import datetime as dt
import re
import sys
import types
from dataclasses import dataclass

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kb import analysis, record, review, timeline
from kb.errors import BadInput, NotFound
from kb.importer import import_files
from kb.query import run_named, select_rows
from kb.sample import SAMPLE_ARTICLE, load_sample
from kb.spans import Span
from kb.stats import collect
from kb.store import open_store
from kb.vocab import DRAFTS_GRAPH_PREFIX, ID, NEG, REVIEWED_GRAPH_PREFIX, SCHEMA, XSD

from .conftest import DATA

DRAFTS = DATA / "drafts.trig"
SLUG = "2025-03-13-russia-asks-us-for-ceasefire-details"
SOURCE = ID + "source/" + SLUG
DRAFT_GRAPH, REVIEWED_GRAPH = DRAFTS_GRAPH_PREFIX + SLUG, REVIEWED_GRAPH_PREFIX + SLUG
PESKOV, CALL, KOSACHEV, LAVROV = (f"{ID}statement/draft-{SLUG}-{n:02d}" for n in (1, 2, 3, 4))
DRAFT_ACTOR = ID + "actor/senator-konstantin-kosachev"
TOKEN = "test-write-token"
PAGE = f"/review/{SLUG}"


OTHER_ARTICLE = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/parley/graph/drafts/another-article> {
  <https://w3id.org/parley/id/actor/draft-actor-of-another-article> a neg:Person ; rdfs:label "Someone Else"@en .
}
"""


@pytest.fixture
def drafts_store(tmp_path):
    """The sample and the drafts extraction would write for its article (and an actor another
    article's drafts name), in memory."""
    other = tmp_path / "other.trig"
    other.write_text(OTHER_ARTICLE)
    with open_store("memory:") as store:
        load_sample(store)
        import_files(store, [str(DRAFTS), str(other)])
        yield store


def dump(store) -> list[str]:
    """The whole store, canonically: to compare before and after a refused write."""
    return sorted(str(q) for q in store.quads())


def ids(rows, name="statement") -> set[str]:
    return {r[name].value for r in rows if r[name] is not None}


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# The fixture is what extraction writes
# ---------------------------------------------------------------------------------------------


def test_fixture_offsets_point_at_the_quotes_in_the_sample_text():
    quads = list(parse(path=str(DRAFTS), format=RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {DRAFT_GRAPH}
    text = next(q.object.value for q in quads if q.predicate == NamedNode(SCHEMA + "text"))
    assert text == SAMPLE_ARTICLE.read_text(encoding="utf-8")
    value = lambda s, p: next(q.object for q in quads if q.subject == s and q.predicate == NamedNode(NEG + p))  # noqa: E731
    drafts = [q.subject for q in quads if q.predicate == NamedNode(NEG + "reviewStatus")]
    assert len(drafts) == 4
    for d in drafts:
        start, end = int(value(d, "quoteStart").value), int(value(d, "quoteEnd").value)
        assert text[start:end] == value(d, "quote").value, d


def test_fixture_passes_the_shapes(parley):
    done = parley("--store", "memory:", "import", str(DRAFTS))
    assert done.code == 0, done.err


# ---------------------------------------------------------------------------------------------
# Reading drafts
# ---------------------------------------------------------------------------------------------


def test_articles_with_drafts(drafts_store):
    [article] = review.list_articles(drafts_store)
    assert (article.slug, article.source, article.drafts) == (SLUG, SOURCE, 4)
    assert article.title == "Russia asks US to provide details before deciding on ceasefire in Ukraine"
    assert article.published == "2025-03-13T08:47:00"


def test_an_articles_drafts_with_their_fields_in_text_order(drafts_store):
    found = review.article_drafts(drafts_store, SLUG)
    assert found.text == SAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert [d.iri for d in found.drafts] == [PESKOV, CALL, KOSACHEV, LAVROV]
    call = found.drafts[1]
    assert (call.kind, call.status, call.rule) == ("Call", "Possible", "modality:could")
    assert call.actors == [ID + "actor/vladimir-putin"] and call.counterparts == [ID + "actor/donald-trump"]
    assert call.according_to == [ID + "actor/dmitry-peskov"] and call.topics == [ID + "topic/us-russia-contacts"]
    assert call.span.label() == "from 13 Mar 2025" and call.edtf == "2025-03-13/.."
    assert all(d.located and d.offsets_match for d in found.drafts)
    segments = found.segments()
    assert "".join(s.text for s in segments) == found.text
    marked = {s.drafts[0]: s.text for s in segments if s.drafts}
    assert marked == {d.id: d.quote for d in found.drafts}


def test_overlapping_quotes_are_cut_into_segments():
    span = Span(None, None)
    a = review.Draft("x/a", "Position", "Occurred", span, None, "one two", 0, 7, "", None, located=True)
    b = review.Draft("x/b", "Position", "Occurred", span, None, "two three", 4, 13, "", None, located=True)
    got = [
        (s.text, s.drafts, s.starts)
        for s in review.ArticleDrafts("s", "", "", None, None, "one two three", [a, b]).segments()
    ]
    assert got == [("one ", ("a",), ("a",)), ("two", ("a", "b"), ("b",)), (" three", ("b",), ())]


def test_unknown_article_is_not_found(drafts_store):
    with pytest.raises(NotFound):
        review.article_drafts(drafts_store, "no-such-article")
    with pytest.raises(NotFound):
        review.article_drafts(drafts_store, "bad slug with spaces")


# ---------------------------------------------------------------------------------------------
# Drafts stay out of the record's views (on every store backend)
# ---------------------------------------------------------------------------------------------


def test_drafts_stay_out_of_every_view_of_the_record(sample_store):
    before = [select_rows(run_named(sample_store, name, params)) for name, params in VIEWS]
    import_files(sample_store, [str(DRAFTS)])
    drafts = {PESKOV, CALL, KOSACHEV, LAVROV}
    for (name, params), rows_before in zip(VIEWS, before, strict=True):
        rows = select_rows(run_named(sample_store, name, params))
        found = {t.value for r in rows for t in r.values() if t is not None}
        assert not found & (drafts | {DRAFT_ACTOR}), name
        assert rows == rows_before, (name, params)
    selection = timeline.Selection()
    assert len(timeline.items(sample_store, selection)) == 35
    facets = timeline.facets(sample_store, selection, {})
    assert sum(f.count for f in facets["kind"]) == 35
    counted = collect(sample_store)  # what `parley stats` prints
    assert (counted.totals["statements"], counted.totals["drafts"]) == ("35", str(len(drafts)))
    assert sum(counted.kinds.values()) == 35
    # Without the filter the draft (a greater IRI on the same day) would take Lavrov's cell.
    cell = analysis.stance_matrix(sample_store).cells[(ID + "actor/sergei-lavrov", ID + "topic/western-peacekeepers")]
    assert cell.statement == ID + "statement/2025-03-13-lavrov-rejects-western-peacekeepers"
    speakers = [p["person"] for p in record.actor(sample_store, ID + "actor/russia").speakers]
    assert DRAFT_ACTOR not in speakers and ID + "actor/dmitry-peskov" in speakers


VIEWS = [
    ("timeline", {}),
    ("timeline", {"actor": "actor:russia"}),
    ("timeline-facets", {}),
    ("stance-as-of", {}),
    ("upcoming", {"after": "2025-03-13"}),
    ("plans", {}),
    ("stance-history", {}),
    ("actor-history", {"actor": "actor:russia"}),
    ("actor-history", {"actor": "actor:sergei-lavrov"}),
    ("represented-by", {"actor": "actor:russia"}),
]


# ---------------------------------------------------------------------------------------------
# Accept, reject, edit
# ---------------------------------------------------------------------------------------------


def test_accept_moves_the_draft_into_the_record(drafts_store):
    review.accept(drafts_store, PESKOV)
    assert not list(drafts_store.quads_for(NamedNode(PESKOV), graph=DRAFT_GRAPH))
    moved = {
        (q.predicate.value, q.object.value) for q in drafts_store.quads_for(NamedNode(PESKOV), graph=REVIEWED_GRAPH)
    }
    assert (NEG + "reviewStatus", NEG + "Reviewed") in moved and (NEG + "reviewStatus", NEG + "Draft") not in moved
    assert (NEG + "extractionRule", "speech:said") in moved and (NEG + "quoteStart", "454") in moved
    # The record is complete without the drafts: the source with its text, and the extraction run.
    assert list(drafts_store.quads_for(NamedNode(SOURCE), NamedNode(SCHEMA + "text"), graph=REVIEWED_GRAPH))
    run = next(
        q.object
        for q in drafts_store.quads_for(NamedNode(PESKOV), graph=REVIEWED_GRAPH)
        if q.predicate.value.endswith("wasGeneratedBy")
    )
    assert list(drafts_store.quads_for(run, graph=REVIEWED_GRAPH))
    # On the timeline now, as reviewed; the other drafts still wait.
    items = {i.iri: i for i in timeline.items(drafts_store, timeline.Selection())}
    assert (
        len(items) == 36 and items[PESKOV].actors == "Dmitry Peskov" and items[PESKOV].span.label() == "by 13 Mar 2025"
    )
    assert [a.drafts for a in review.list_articles(drafts_store)] == [3]
    assert list(drafts_store.quads_for(NamedNode(SOURCE), NamedNode(SCHEMA + "text"), graph=DRAFT_GRAPH))


def test_accept_is_one_transaction(drafts_store, monkeypatch):
    calls = []
    real = drafts_store.replace_graphs
    monkeypatch.setattr(
        drafts_store, "replace_graphs", lambda graphs, quads: (calls.append(set(graphs)), real(graphs, quads))
    )
    review.accept(drafts_store, LAVROV)
    assert calls == [{DRAFT_GRAPH, REVIEWED_GRAPH}]


def test_accept_takes_a_draft_actor_along(drafts_store):
    review.accept(drafts_store, KOSACHEV)
    assert {q.graph_name.value for q in drafts_store.quads_for(NamedNode(DRAFT_ACTOR))} == {REVIEWED_GRAPH}
    [item] = [i for i in timeline.items(drafts_store, timeline.Selection()) if i.iri == KOSACHEV]
    assert item.actors == "Senator Konstantin Kosachev"


def test_accepting_twice_or_an_unknown_statement_is_not_found(drafts_store):
    review.accept(drafts_store, PESKOV)
    for iri in (PESKOV, ID + "statement/2025-03-13-lavrov-rejects-western-peacekeepers", ID + "statement/nothing"):
        with pytest.raises(NotFound):
            review.accept(drafts_store, iri)
    with pytest.raises(BadInput):
        review.reject(drafts_store, "not an iri")


def test_reject_removes_the_draft_and_actors_no_draft_names(drafts_store):
    review.reject(drafts_store, KOSACHEV)
    assert not list(drafts_store.quads_for(NamedNode(KOSACHEV)))
    assert not list(drafts_store.quads_for(NamedNode(DRAFT_ACTOR)))
    assert [d.iri for d in review.article_drafts(drafts_store, SLUG).drafts] == [PESKOV, CALL, LAVROV]
    assert len(timeline.items(drafts_store, timeline.Selection())) == 35
    for iri in (PESKOV, CALL, LAVROV):
        review.reject(drafts_store, iri)
    assert review.list_articles(drafts_store) == []
    assert DRAFT_GRAPH not in drafts_store.graph_sizes()


def test_accept_all_then_the_draft_graph_is_gone(drafts_store):
    for iri in (PESKOV, CALL, KOSACHEV, LAVROV):
        review.accept(drafts_store, iri)
    assert DRAFT_GRAPH not in drafts_store.graph_sizes()
    assert len(timeline.items(drafts_store, timeline.Selection())) == 39


def test_edit_kind_status_summary_and_actors(drafts_store):
    review.edit(
        drafts_store,
        KOSACHEV,
        {
            "kind": "Position",
            "status": "neg:Expected",
            "summary": "Kosachev: any agreement must be on Russia's terms.",
            "actors": "Konstantin Kosachev, actor:russia",
        },
    )
    [draft] = [d for d in review.article_drafts(drafts_store, SLUG).drafts if d.iri == KOSACHEV]
    assert (draft.kind, draft.status, draft.summary) == (
        "Position",
        "Expected",
        "Kosachev: any agreement must be on Russia's terms.",
    )
    assert draft.actors == [ID + "actor/konstantin-kosachev", ID + "actor/russia"]
    assert draft.quote_start == 2262 and draft.rule == "speech:insisted"  # the rest is kept
    summary = next(drafts_store.quads_for(NamedNode(KOSACHEV), NamedNode(NEG + "summary"))).object
    assert summary == Literal("Kosachev: any agreement must be on Russia's terms.", language="en")
    # The draft actor no draft names any more is gone; nothing reached the record.
    assert not list(drafts_store.quads_for(NamedNode(DRAFT_ACTOR)))
    assert len(timeline.items(drafts_store, timeline.Selection())) == 35


BAD_EDITS = [
    ({"actors": "Nobody We Know"}, "nothing in the store is called"),
    ({"actors": "actor:nobody"}, "knows no actor"),
    ({"actors": "actor:draft-actor-of-another-article"}, "knows no actor"),
    ({"actors": "topic:ceasefire"}, "knows no actor"),
    ({"actors": " , "}, "at least one actor"),
    ({"kind": "Gossip"}, "not a kind of statement"),
    ({"kind": "neg:Statement"}, "not a kind of statement"),
    ({"status": "Maybe"}, "not a status"),
    ({"summary": "  "}, "cannot be empty"),
    ({"colour": "red"}, "cannot edit colour"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_EDITS, ids=[str(c) for c, _ in BAD_EDITS])
def test_bad_edits_write_nothing(drafts_store, changes, message):
    before = dump(drafts_store)
    with pytest.raises(BadInput, match=message):
        review.edit(drafts_store, CALL, {"summary": "A change that must not be written either.", **changes})
    assert dump(drafts_store) == before


@dataclass(frozen=True)
class FakeSpan:
    earliest: dt.date | None
    latest: dt.date | None
    precision: str
    edtf: str
    text: str


@dataclass(frozen=True)
class FakeUndated:
    reason: str

    def __bool__(self) -> bool:
        return False


@pytest.fixture
def fake_dates(monkeypatch):
    """A stand-in for kb.dates that knows one phrase, to test how an edit uses what it resolves."""
    import kb

    calls = []

    def resolve(text, reference, languages=None, tense=None):
        calls.append((text, reference))
        if text == "on Saturday morning":
            return FakeSpan(dt.datetime(2025, 3, 15, 6), dt.datetime(2025, 3, 15, 12), "day", "2025-03-15", text)
        return FakeUndated("no date words in it")

    fake = types.SimpleNamespace(resolve=resolve)
    monkeypatch.setitem(sys.modules, "kb.dates", fake)
    monkeypatch.setattr(kb, "dates", fake, raising=False)
    return calls


def test_edit_date_text_writes_the_span_it_resolves_to(drafts_store, fake_dates):
    review.edit(drafts_store, CALL, {"date_text": "on Saturday morning"})
    assert fake_dates == [("on Saturday morning", dt.datetime(2025, 3, 13, 8, 47))]
    values = {
        q.predicate.value[len(NEG) :]: q.object
        for q in drafts_store.quads_for(NamedNode(CALL))
        if q.predicate.value.startswith(NEG)
    }
    assert values["earliest"] == Literal("2025-03-15T06:00:00", datatype=NamedNode(XSD + "dateTime"))
    assert values["latest"] == Literal("2025-03-15T12:00:00", datatype=NamedNode(XSD + "dateTime"))
    assert values["datePrecision"] == NamedNode(NEG + "Day") and values["edtf"] == Literal("2025-03-15")
    assert values["dateText"] == Literal("on Saturday morning", language="en")


def test_undatable_date_text_names_the_text_and_the_reason(drafts_store, fake_dates):
    before = dump(drafts_store)
    with pytest.raises(BadInput, match="cannot date 'at some point': no date words in it"):
        review.edit(drafts_store, CALL, {"date_text": "at some point"})
    with pytest.raises(BadInput, match="in the article's words"):
        review.edit(drafts_store, CALL, {"date_text": ""})
    assert dump(drafts_store) == before


def test_edit_date_text_this_weekend(drafts_store):
    pytest.importorskip("kb.dates", reason="kb.dates (date resolution) is being written alongside this feature")
    review.edit(drafts_store, CALL, {"date_text": "this weekend"})
    [draft] = [d for d in review.article_drafts(drafts_store, SLUG).drafts if d.iri == CALL]
    assert (draft.span.earliest, draft.span.latest) == (dt.date(2025, 3, 15), dt.date(2025, 3, 16))
    assert draft.span.label() == "this weekend — 15–16 Mar 2025" and draft.span.precision == "Week"


def test_undatable_date_text_writes_nothing(drafts_store):
    pytest.importorskip("kb.dates", reason="kb.dates (date resolution) is being written alongside this feature")
    before = dump(drafts_store)
    with pytest.raises(BadInput, match="cannot date 'when pigs fly'"):
        review.edit(drafts_store, CALL, {"date_text": "when pigs fly"})
    assert dump(drafts_store) == before


# ---------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def review_app(drafts_store):
    from webui import create_app

    return create_app({"STORE": "memory:", "STORE_OBJECT": drafts_store, "TESTING": True, "WRITE_TOKEN": TOKEN})


@pytest.fixture
def review_client(review_app):
    return review_app.test_client()


def csrf(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


def sign_in(client) -> str:
    """Sign in through the form; the CSRF token of the signed-in session."""
    page = client.get(PAGE)
    done = client.post("/review/sign-in", data={"token": TOKEN, "csrf_token": csrf(page.data), "next": PAGE})
    assert done.status_code == 303 and done.location == PAGE
    return csrf(client.get(PAGE).data)


def action(draft: str, what: str) -> str:
    return f"{PAGE}/{local(draft)}/{what}"


def test_review_list_links_each_article(review_client):
    page = review_client.get("/review")
    assert page.status_code == 200
    html = page.data.decode()
    assert f'href="{PAGE}"' in html and "13 Mar 2025, 08:47" in html
    assert re.search(r'<td class="draft-count">4</td>', html)
    assert '<a href="/review">Review</a>' in review_client.get("/").data.decode()  # in the nav


def test_article_page_highlights_every_quote_beside_its_draft(review_client):
    html = review_client.get(PAGE).data.decode()
    found = review.article_drafts(review_client.application.extensions["parley_store"], SLUG)
    for d in found.drafts:
        mark = re.search(
            rf'<mark class="quote-span" id="quote-{d.id}"><a href="#draft-{d.id}">([^<]*)</a></mark>', html
        )
        assert mark and mark.group(1) == d.quote.replace("'", "&#39;"), d.id
        assert f'<article id="draft-{d.id}"' in html
    assert "modality:could" in html and "from 13 Mar 2025" in html and "by 13 Mar 2025" in html
    assert 'href="/actor/senator-konstantin-kosachev">Senator Konstantin Kosachev</a>' in html
    # Not signed in: the sign-in form, no write buttons.
    assert 'action="/review/sign-in"' in html and ">Accept</button>" not in html


def test_sign_in_needs_the_right_token(review_client):
    token = csrf(review_client.get(PAGE).data)
    wrong = review_client.post("/review/sign-in", data={"token": "guess", "csrf_token": token, "next": PAGE})
    assert wrong.status_code == 303
    html = review_client.get(PAGE).data.decode()
    assert "not this server&#39;s write token" in html and ">Accept</button>" not in html
    sign_in(review_client)
    html = review_client.get(PAGE).data.decode()
    assert html.count(">Accept</button>") == 4 and html.count(">Reject</button>") == 4
    assert "Signed in" in html and 'name="dateText"' in html


def test_session_cookie_keeps_no_token_and_is_http_only(review_client):
    sign_in(review_client)
    cookie = review_client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and TOKEN not in cookie.value


def test_accept_through_the_page(review_client):
    timeline_page = review_client.get("/").data.decode()
    assert "35 statements" in timeline_page and 'id="item-draft-' not in timeline_page
    token = sign_in(review_client)
    done = review_client.post(action(CALL, "accept"), data={"csrf_token": token})
    assert done.status_code == 303 and done.location == PAGE
    html = review_client.get(PAGE).data.decode()
    assert f'id="draft-{local(CALL)}"' not in html and "Accepted into the record" in html
    assert f'id="item-{local(CALL)}"' in review_client.get("/").data.decode()


def test_reject_and_edit_through_the_page(review_client):
    token = sign_in(review_client)
    edited = review_client.post(
        action(KOSACHEV, "edit"),
        data={
            "csrf_token": token,
            "kind": "Demand",
            "status": "Occurred",
            "summary": "Kosachev insists on Russia's terms.",
            "actors": "Konstantin Kosachev",
            "dateText": "",
        },
    )
    assert edited.status_code == 303 and edited.location == PAGE + f"#draft-{local(KOSACHEV)}"
    html = review_client.get(PAGE).data.decode()
    assert "Kosachev insists on Russia&#39;s terms." in html
    assert 'href="/actor/konstantin-kosachev"' in html and "/actor/senator-konstantin-kosachev" not in html
    rejected = review_client.post(action(KOSACHEV, "reject"), data={"csrf_token": token})
    assert rejected.status_code == 303
    assert f'id="draft-{local(KOSACHEV)}"' not in review_client.get(PAGE).data.decode()


def test_last_draft_done_returns_to_the_list(review_client):
    token = sign_in(review_client)
    for draft in (PESKOV, CALL, KOSACHEV):
        review_client.post(action(draft, "reject"), data={"csrf_token": token})
    done = review_client.post(action(LAVROV, "accept"), data={"csrf_token": token})
    assert done.status_code == 303 and done.location == "/review"
    assert "No drafts await review" in review_client.get("/review").data.decode()
    assert review_client.get(PAGE).status_code == 404


def test_bad_edit_shows_the_message_and_writes_nothing(review_client):
    store = review_client.application.extensions["parley_store"]
    token = sign_in(review_client)
    before = dump(store)
    page = review_client.post(
        action(CALL, "edit"),
        data={
            "csrf_token": token,
            "kind": "Call",
            "status": "Possible",
            "summary": "changed",
            "actors": "Vladimir Putin, Somebody Unknown",
            "dateText": "",
        },
    )
    assert page.status_code == 400
    html = page.data.decode()
    assert "Nothing was written" in html and "Somebody Unknown" in html
    assert 'value="Vladimir Putin, Somebody Unknown"' in html  # what was typed is kept
    assert dump(store) == before


def test_writes_need_a_matching_csrf_token(review_client):
    store = review_client.application.extensions["parley_store"]
    sign_in(review_client)
    before = dump(store)
    for data in ({}, {"csrf_token": "forged"}):
        refused = review_client.post(action(PESKOV, "accept"), data=data)
        assert refused.status_code == 400 and b"CSRF" in refused.data
    refused = review_client.post("/review/sign-in", data={"token": TOKEN})
    assert refused.status_code == 400
    assert dump(store) == before


def test_writes_need_a_sign_in(review_client):
    store = review_client.application.extensions["parley_store"]
    before = dump(store)
    token = csrf(review_client.get(PAGE).data)
    refused = review_client.post(action(PESKOV, "accept"), data={"csrf_token": token})
    assert refused.status_code == 401
    assert dump(store) == before


def test_signing_out_ends_writing(review_client):
    token = sign_in(review_client)
    review_client.post("/review/sign-out", data={"csrf_token": token, "next": PAGE})
    token = csrf(review_client.get(PAGE).data)
    assert review_client.post(action(PESKOV, "reject"), data={"csrf_token": token}).status_code == 401


def test_without_a_write_token_the_pages_are_read_only(drafts_store):
    from webui import create_app

    client = create_app({"STORE": "memory:", "STORE_OBJECT": drafts_store, "TESTING": True}).test_client()
    html = client.get(PAGE).data.decode()
    assert "read-only" in html and "PARLEY_WRITE_TOKEN" in html and 'action="/review/sign-in"' not in html
    before = dump(drafts_store)
    token = "no form on the page carries one"
    assert client.post(action(PESKOV, "accept"), data={"csrf_token": token}).status_code == 403
    assert client.post("/review/sign-in", data={"csrf_token": token, "token": "anything"}).status_code == 403
    assert dump(drafts_store) == before


EVIL = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/parley/graph/drafts/evil> {
  <https://w3id.org/parley/id/source/evil> a neg:Source ; rdfs:label "<b>Evil</b> headline"@en ;
    schema:datePublished "2025-03-13"^^xsd:date ; schema:url <javascript:alert(1)> ;
    schema:text "Intro. <script>window.pwned = 1</script> said the <i>spokesman</i>." .
  <https://w3id.org/parley/id/statement/draft-evil-01> a neg:Position ; neg:reviewStatus neg:Draft ;
    neg:extractionRule "<img src=x onerror=alert(1)>" ; neg:actor <https://w3id.org/parley/id/actor/russia> ;
    neg:latest "2025-03-13"^^xsd:date ; neg:quote "<script>window.pwned = 1</script>"@en ;
    neg:quoteStart 7 ; neg:quoteEnd 40 ; neg:summary "<script>alert('x')</script> claim"@en ;
    prov:wasDerivedFrom <https://w3id.org/parley/id/source/evil> .
}
"""


def test_every_value_is_escaped(review_client, tmp_path):
    evil = tmp_path / "evil.trig"
    evil.write_text(EVIL)
    import_files(review_client.application.extensions["parley_store"], [str(evil)])
    sign_in(review_client)
    page = review_client.get("/review/evil")
    assert page.status_code == 200
    html = page.data.decode()
    assert "<script>window" not in html and "<img" not in html and "<b>Evil" not in html and "<i>" not in html
    assert '<a href="#draft-draft-evil-01">&lt;script&gt;window.pwned = 1&lt;/script&gt;</a></mark>' in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; claim" in html
    assert "javascript:" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert " style=" not in html
    assert "script-src" not in page.headers["Content-Security-Policy"]  # default-src 'self' only
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "&lt;b&gt;Evil&lt;/b&gt; headline" in review_client.get("/review").data.decode()


def test_date_text_through_the_page(review_client, fake_dates):
    store = review_client.application.extensions["parley_store"]
    token = sign_in(review_client)
    form = {
        "csrf_token": token,
        "kind": "Call",
        "status": "Possible",
        "actors": "Vladimir Putin",
        "summary": "The Kremlin could arrange a phone call between Vladimir Putin and Donald Trump if necessary.",
    }
    before = dump(store)
    refused = review_client.post(action(CALL, "edit"), data={**form, "dateText": "at some point"})
    assert refused.status_code == 400
    assert "cannot date &#39;at some point&#39;: no date words in it" in refused.data.decode()
    assert dump(store) == before
    saved = review_client.post(action(CALL, "edit"), data={**form, "dateText": "on Saturday morning"})
    assert saved.status_code == 303 and fake_dates[-1][0] == "on Saturday morning"
    html = review_client.get(PAGE).data.decode()
    assert 'value="on Saturday morning"' in html and "15 Mar 2025" in html


def test_an_unchanged_form_writes_nothing(review_client):
    store = review_client.application.extensions["parley_store"]
    token = sign_in(review_client)
    before = dump(store)
    form = {
        "csrf_token": token,
        "kind": "Call",
        "status": "Possible",
        "actors": "Vladimir Putin",
        "dateText": "",
        "summary": "The Kremlin could arrange a phone call between Vladimir Putin and Donald Trump if necessary.",
    }
    done = review_client.post(action(CALL, "edit"), data=form)
    assert done.status_code == 303 and "Nothing changed" in review_client.get(PAGE).data.decode()
    assert dump(store) == before


def test_a_drafts_own_page_says_it_is_not_part_of_the_record(review_client):
    """Nothing links to a pending draft's page, but its URL works: it must not pass for the record."""
    page = review_client.get("/" + PESKOV[len(ID):])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Draft awaiting review" in text and 'content="noindex"' in text
    curated = review_client.get("/statement/2025-03-13-lavrov-rejects-western-peacekeepers").get_data(as_text=True)
    assert "Draft awaiting review" not in curated
