"""Checks on the curated sample data (kb/data/sample) against the article it is taken from.

The checklist below was written from the article text, not from the Turtle files: each entry is
something the article reports, and the data must contain a statement for it. The other tests
check that quotes are verbatim, that every statement is sourced and summarised, that relative
dates are resolved honestly against the publication day and follow the ontology's dating rule
(what is said is dated when it was said, what is done when it happens or would happen), that
the reporting chain claims no more than the article does, and that every actor the statements
name is defined in the gazetteer, with one label per language.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

# A plain (open) namespace: rdflib's closed XSD namespace trips pytest's introspection on failures.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "kb/data/sample"
GAZETTEER = SAMPLE / "gazetteer.ttl"
ARTICLE_TTL = SAMPLE / "article-2025-03-13.ttl"
ARTICLE_TXT = SAMPLE / "article-2025-03-13.txt"
ONTOLOGY = ROOT / "ontology/parley.ttl"

NEG = Namespace("https://w3id.org/parley/ns#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
ACTOR = Namespace("https://w3id.org/parley/id/actor/")
OUTLET = Namespace("https://w3id.org/parley/id/outlet/")
PLACE = Namespace("https://w3id.org/parley/id/place/")
TOPIC = Namespace("https://w3id.org/parley/id/topic/")
SOURCE = Namespace("https://w3id.org/parley/id/source/")
STMT = Namespace("https://w3id.org/parley/id/statement/")

PUBLISHED = date(2025, 3, 13)

# The dating rule (see neg:earliest in the ontology): what actors say is dated when it was said,
# what actors do is dated when it happens or would happen.
SAID_KINDS = {NEG.Proposal, NEG.Acceptance, NEG.Rejection, NEG.Position, NEG.Demand, NEG.Assessment}
DONE_KINDS = {NEG.Meeting, NEG.Call, NEG.Visit, NEG.Agreement, NEG.MilitaryEvent}
STATEMENT_KINDS = SAID_KINDS | DONE_KINDS

ALLOWED_NAMESPACES = (
    str(NEG), str(RDF), str(RDFS), str(XSD), str(OWL), str(SKOS), str(PROV), str(SCHEMA),
    "http://purl.org/dc/terms/", str(WD),
    str(ACTOR), str(OUTLET), str(PLACE), str(TOPIC), str(SOURCE), str(STMT),
)

# The only Wikidata links the gazetteer may make: the ones that are certain.
CERTAIN_WIKIDATA = {
    ACTOR["russia"]: WD.Q159,
    ACTOR["ukraine"]: WD.Q212,
    ACTOR["united-states"]: WD.Q30,
    ACTOR["vladimir-putin"]: WD.Q7747,
    ACTOR["donald-trump"]: WD.Q22686,
    ACTOR["nato"]: WD.Q7184,
    PLACE["moscow"]: WD.Q649,
    PLACE["saudi-arabia"]: WD.Q851,
    PLACE["ireland"]: WD.Q27,
}


def d(text):
    return date.fromisoformat(text)


UNDATED = (None, PUBLISHED)  # (earliest, latest) of a statement the article does not date

# (actor, kind, earliest or None, latest, further constraints): what the article reports.
# Constraints: also (a second actor), counterpart, status, stance, location, topic, accordingTo
# (IRIs that must be among the statement's values), condition=True (some neg:condition), quote (a fragment that must occur in
# one of the statement's quotes). Each entry must be matched by a different statement.
CHECKLIST = [
    # Headline and first paragraph (Politico)
    (ACTOR.russia, NEG.Position, *UNDATED,
     dict(counterpart=ACTOR["united-states"], topic=TOPIC.ceasefire, quote="will not make a decision")),
    # Peskov
    (ACTOR["dmitry-peskov"], NEG.Position, *UNDATED,
     dict(counterpart=ACTOR["united-states"], quote="waiting for a report from Washington")),
    (ACTOR["united-states"], NEG.Meeting, *UNDATED,
     dict(counterpart=ACTOR.ukraine, status=NEG.Occurred, location=PLACE["saudi-arabia"])),
    (ACTOR.ukraine, NEG.Acceptance, *UNDATED,
     dict(topic=TOPIC.ceasefire, quote="ready to implement a 30-day ceasefire")),
    (ACTOR["marco-rubio"], NEG.Call, d("2025-03-13"), d("2025-03-20"),
     dict(also=ACTOR["michael-waltz"], counterpart=ACTOR.russia, status=NEG.Expected,
          accordingTo=ACTOR["dmitry-peskov"], quote="in the coming days")),
    # A call that may happen after publication: dated from the publication day, with no latest.
    (ACTOR["vladimir-putin"], NEG.Call, PUBLISHED, None,
     dict(counterpart=ACTOR["donald-trump"], status=NEG.Possible, condition=True,
          accordingTo=ACTOR["dmitry-peskov"])),
    # Rubio
    (ACTOR["united-states"], NEG.Call, d("2025-03-12"), d("2025-03-12"),
     dict(counterpart=ACTOR.russia, status=NEG.Planned, accordingTo=ACTOR["marco-rubio"],
          quote="on March 12")),
    (ACTOR["marco-rubio"], NEG.Position, *UNDATED,
     dict(counterpart=ACTOR.russia, location=PLACE.ireland, quote="expected Russia's response")),
    (ACTOR["marco-rubio"], NEG.Demand, *UNDATED,
     dict(counterpart=ACTOR.russia, quote="ending the conflict")),
    (ACTOR["marco-rubio"], NEG.Position, *UNDATED,
     dict(stance=NEG.Conditional, condition=True, quote="if Russia refused")),
    # Witkoff
    (ACTOR["steve-witkoff"], NEG.Visit, d("2025-03-15"), d("2025-03-16"),
     dict(status=NEG.Unconfirmed, location=PLACE.moscow, counterpart=ACTOR["vladimir-putin"])),
    # Ukraine and Yermak
    (ACTOR.ukraine, NEG.Meeting, d("2025-03-17"), d("2025-03-23"),
     dict(counterpart=ACTOR["united-states"], status=NEG.Planned)),
    (ACTOR["andriy-yermak"], NEG.Position, *UNDATED, dict(quote="pass on Kiev's proposals to Russia")),
    (ACTOR["andriy-yermak"], NEG.Position, *UNDATED,
     dict(topic=TOPIC["peace-process"], quote="key to the peace process")),
    (ACTOR["andriy-yermak"], NEG.Position, *UNDATED, dict(quote="who really wants peace")),
    # Russian views on a ceasefire
    (ACTOR["russian-senior-officials"], NEG.Position, *UNDATED,
     dict(topic=TOPIC.ceasefire, quote="does not want to stop fighting")),
    (ACTOR["konstantin-kosachev"], NEG.Demand, *UNDATED, dict(quote="on Russia’s terms")),
    (ACTOR["mikhail-sheremet"], NEG.Rejection, *UNDATED,
     dict(stance=NEG.Conditional, topic=TOPIC.ceasefire, quote="unconditional ceasefire")),
    (ACTOR["fyodor-lukyanov"], NEG.Assessment, *UNDATED, dict(topic=TOPIC.ceasefire)),
    (ACTOR.russia, NEG.Position, *UNDATED,
     dict(accordingTo=ACTOR["fyodor-lukyanov"], stance=NEG.Conditional,
          quote="no ceasefire could take place until the basis for lasting peace")),
    (ACTOR["vladimir-putin"], NEG.Rejection, *UNDATED,
     dict(stance=NEG.Opposes, topic=TOPIC.ceasefire, quote="ruled out a temporary ceasefire")),
    (ACTOR["vladimir-putin"], NEG.Demand, *UNDATED,
     dict(counterpart=ACTOR.ukraine, topic=TOPIC["ukraine-nato-membership"])),
    # Said by 2022 (the article garbles a claim of annexation): a position, so it occurred.
    (ACTOR.russia, NEG.Position, None, d("2022-12-31"),
     dict(topic=TOPIC["four-regions"], status=NEG.Occurred, quote="will annex by 2022")),
    (ACTOR["sergei-lavrov"], NEG.Rejection, *UNDATED,
     dict(stance=NEG.Opposes, topic=TOPIC["western-peacekeepers"])),
    # The battlefield
    (ACTOR.russia, NEG.MilitaryEvent, *UNDATED,
     dict(status=NEG.Occurred, location=PLACE.sudzha, quote="central square of Sudzha")),
    (ACTOR.ukraine, NEG.MilitaryEvent, d("2024-01-01"), d("2024-12-31"),
     dict(counterpart=ACTOR.russia, quote="surprise attack")),
    (ACTOR["ruslan-leviev"], NEG.Assessment, *UNDATED, dict(quote="controlled retreat")),
    (ACTOR["ruslan-leviev"], NEG.Assessment, *UNDATED, dict(quote="entire town of Sudzha")),
    (ACTOR["tin-tuc"], NEG.Assessment, *UNDATED,
     dict(topic=TOPIC["eastern-front"], quote="eastern front")),
]


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer():
    return Graph().parse(GAZETTEER, format="turtle")


@pytest.fixture(scope="module")
def article():
    return Graph().parse(ARTICLE_TTL, format="turtle")


@pytest.fixture(scope="module")
def data(gazetteer, article):
    return gazetteer + article


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def text():
    return normalise(ARTICLE_TXT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def statements(article):
    found = {s for s, kind in article.subject_objects(RDF.type) if kind in STATEMENT_KINDS}
    assert found, "no statements in the article file"
    return sorted(found)


def normalise(s):
    return re.sub(r"\s+", " ", s).strip()


def one(graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) <= 1, f"{s} has {len(values)} values for {p}"
    return values[0] if values else None


def as_date(literal):
    if literal is None:
        return None
    assert isinstance(literal, Literal) and literal.datatype == XSD.date, \
        f"expected an xsd:date, got {literal!r}"
    return literal.toPython()


def matches(graph, s, actor, kind, earliest, latest, extra):
    if (s, RDF.type, kind) not in graph or (s, NEG.actor, actor) not in graph:
        return False
    if as_date(one(graph, s, NEG.earliest)) != earliest:
        return False
    if as_date(one(graph, s, NEG.latest)) != latest:
        return False
    for key in ("counterpart", "status", "stance", "location", "topic", "accordingTo"):
        if key in extra and (s, NEG[key], extra[key]) not in graph:
            return False
    if "also" in extra and (s, NEG.actor, extra["also"]) not in graph:
        return False
    if extra.get("condition") and one(graph, s, NEG.condition) is None:
        return False
    if "quote" in extra:
        quotes = [normalise(str(q)) for q in graph.objects(s, NEG.quote)]
        if not any(extra["quote"] in q for q in quotes):
            return False
    return True


def bipartite_match(candidates):
    """Assign each checklist entry a distinct statement (Kuhn's augmenting paths)."""
    owner = {}

    def assign(i, seen):
        for s in candidates[i]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or assign(owner[s], seen):
                owner[s] = i
                return True
        return False

    return [i for i in range(len(candidates)) if not assign(i, set())]


# ---------------------------------------------------------------------------------------------
# (1) The checklist
# ---------------------------------------------------------------------------------------------


def test_checklist_is_substantial():
    assert len(CHECKLIST) >= 22


@pytest.mark.parametrize(
    "entry", CHECKLIST,
    ids=[f"{e[0].split('/')[-1]}-{e[1].split('#')[-1]}-{i}" for i, e in enumerate(CHECKLIST)])
def test_checklist_entry_is_recorded(article, statements, entry):
    actor, kind, earliest, latest, extra = entry
    assert any(matches(article, s, actor, kind, earliest, latest, extra) for s in statements), \
        f"no statement for {actor} {kind} {earliest}..{latest} {extra}"


def test_checklist_entries_are_distinct_statements(article, statements):
    candidates = [
        [s for s in statements if matches(article, s, *entry)] for entry in CHECKLIST
    ]
    unmatched = bipartite_match(candidates)
    assert not unmatched, f"entries without a statement of their own: {[CHECKLIST[i][:2] for i in unmatched]}"


def test_putins_demands_cover_all_three_items(article, statements):
    demands = [s for s in statements
               if (s, RDF.type, NEG.Demand) in article
               and (s, NEG.actor, ACTOR["vladimir-putin"]) in article]
    topics = {t for s in demands for t in article.objects(s, NEG.topic)}
    assert {TOPIC["ukraine-nato-membership"], TOPIC["ukraine-demilitarisation"],
            TOPIC["four-regions"]} <= topics
    for s in demands:
        assert (s, NEG.counterpart, ACTOR.ukraine) in article


def test_politico_only_where_the_article_cites_it(article, statements):
    cited = [s for s in statements if (s, NEG.reportedBy, OUTLET.politico) in article]
    assert cited == [STMT["2025-03-13-russia-no-ceasefire-decision-before-us-details"]], \
        "only the first paragraph is attributed to Politico"
    for s in cited:
        quotes = " ".join(str(q) for q in article.objects(s, NEG.quote))
        assert "Potilico reported" in quotes or "Russia asks US to provide details" in quotes, s


# ---------------------------------------------------------------------------------------------
# (2) Quotes are verbatim
# ---------------------------------------------------------------------------------------------


def test_every_quote_is_verbatim_in_the_article(article, text):
    quotes = list(article.subject_objects(NEG.quote))
    assert quotes
    for s, q in quotes:
        assert q.language == "en", f"{s}: quote not tagged @en"
        assert normalise(str(q)) in text, f"{s}: quote not in the article: {q!r}"


def test_the_article_typo_is_kept(article):
    quotes = [str(q) for q in article.objects(None, NEG.quote)]
    assert any("Potilico" in q for q in quotes)


# ---------------------------------------------------------------------------------------------
# (3) Every statement is summarised, sourced, quoted and typed
# ---------------------------------------------------------------------------------------------


def test_every_statement_is_complete(article, statements):
    article_source = SOURCE["2025-03-13-russia-asks-us-for-ceasefire-details"]
    for s in statements:
        kinds = {k for k in article.objects(s, RDF.type) if k in STATEMENT_KINDS}
        assert len(kinds) == 1, f"{s}: {kinds}"
        assert str(s).startswith(str(STMT)), s
        summaries = list(article.objects(s, NEG.summary))
        assert len(summaries) == 1 and summaries[0].language == "en" and str(summaries[0]).strip(), s
        assert list(article.objects(s, NEG.quote)), f"{s}: no quote"
        assert (s, PROV.wasDerivedFrom, article_source) in article, f"{s}: not derived from the article"
        assert (s, NEG.reportedBy, OUTLET["tin-tuc"]) in article, f"{s}: not reported by Tin Tuc"
        assert list(article.objects(s, NEG.actor)), f"{s}: no actor"
        assert list(article.objects(s, NEG.topic)), f"{s}: no topic"
        assert one(article, s, NEG.status) is not None, f"{s}: no status"
        assert one(article, s, NEG.datePrecision) is not None, f"{s}: no date precision"
        assert one(article, s, NEG.edtf) is not None, f"{s}: no EDTF"


def test_there_are_enough_statements(statements):
    assert len(statements) >= 25


def test_source_chain(article):
    a = SOURCE["2025-03-13-russia-asks-us-for-ceasefire-details"]
    assert (a, RDF.type, NEG.Source) in article
    assert (a, RDF.type, SCHEMA.NewsArticle) in article
    assert one(article, a, SCHEMA.datePublished) == Literal("2025-03-13T08:47:00", datatype=XSD.dateTime)
    assert str(one(article, a, SCHEMA.inLanguage)) == "en"
    assert str(one(article, a, SCHEMA.author)) == "BA"
    assert "Russia asks US to provide details" in str(one(article, a, SCHEMA.headline))
    tin_tuc = one(article, a, SCHEMA.isBasedOn)
    assert tin_tuc is not None
    assert (tin_tuc, RDF.type, NEG.Source) in article
    assert (tin_tuc, SCHEMA.publisher, OUTLET["tin-tuc"]) in article
    # The article attributes only its first paragraph to Politico: the Tin Tuc article cites the
    # Politico report (dcterms:references), it is not based on it as a whole.
    assert one(article, tin_tuc, SCHEMA.isBasedOn) is None
    politico = one(article, tin_tuc, DCTERMS.references)
    assert politico is not None
    assert (politico, RDF.type, NEG.Source) in article
    assert (politico, SCHEMA.publisher, OUTLET.politico) in article
    assert not list(article.subjects(SCHEMA.isBasedOn, politico))
    assert not list(article.subjects(PROV.wasDerivedFrom, politico))
    assert "cite" in " ".join(str(c) for c in article.objects(tin_tuc, RDFS.comment))
    # Nothing invented: no URL anywhere, no dates on the upstream sources.
    assert not list(article.objects(None, SCHEMA.url))
    for upstream in (tin_tuc, politico):
        assert one(article, upstream, SCHEMA.datePublished) is None


# ---------------------------------------------------------------------------------------------
# (4) Honest dates
# ---------------------------------------------------------------------------------------------

# The source's words for a date, and what they resolve to from Thursday 13 March 2025.
RESOLVED = {
    "March 12": (d("2025-03-12"), d("2025-03-12"), NEG.Day, "2025-03-12"),
    "in the coming days": (d("2025-03-13"), d("2025-03-20"), NEG.Week, "2025-03-13/2025-03-20"),
    "this weekend": (d("2025-03-15"), d("2025-03-16"), NEG.Week, "2025-03-15/2025-03-16"),
    "next week": (d("2025-03-17"), d("2025-03-23"), NEG.Week, "2025-03-17/2025-03-23"),
    "last year": (d("2024-01-01"), d("2024-12-31"), NEG.Year, "2024"),
    "by 2022": (None, d("2022-12-31"), NEG.Year, "../2022"),
}


@pytest.mark.parametrize("words", sorted(RESOLVED))
def test_relative_dates_are_resolved_honestly(article, statements, text, words):
    assert words in text
    earliest, latest, precision, edtf = RESOLVED[words]
    dated = [s for s in statements if Literal(words, lang="en") in set(article.objects(s, NEG.dateText))]
    assert dated, f"no statement dated {words!r}"
    for s in dated:
        assert as_date(one(article, s, NEG.earliest)) == earliest, s
        assert as_date(one(article, s, NEG.latest)) == latest, s
        assert one(article, s, NEG.datePrecision) == precision, s
        assert str(one(article, s, NEG.edtf)) == edtf, s


def test_specific_events_carry_their_dates(article):
    """The plans and events the article dates, found by what they are, not by their dateText."""
    def find(kind, actor):
        return [s for s in article.subjects(RDF.type, kind) if (s, NEG.actor, actor) in article]

    contact = [s for s in find(NEG.Call, ACTOR["united-states"])
               if (s, NEG.counterpart, ACTOR.russia) in article]
    assert contact and all(
        (as_date(one(article, s, NEG.earliest)), as_date(one(article, s, NEG.latest)))
        == (d("2025-03-12"), d("2025-03-12")) for s in contact)
    visit = find(NEG.Visit, ACTOR["steve-witkoff"])
    assert visit and all(
        (as_date(one(article, s, NEG.earliest)), as_date(one(article, s, NEG.latest)))
        == (d("2025-03-15"), d("2025-03-16")) for s in visit)
    assert all(one(article, s, NEG.status) == NEG.Unconfirmed for s in visit)
    assert all("not confirmed" in str(one(article, s, NEG.summary)) for s in visit)
    attack = find(NEG.MilitaryEvent, ACTOR.ukraine)
    assert attack and all(one(article, s, NEG.datePrecision) == NEG.Year for s in attack)
    assert all(str(one(article, s, NEG.edtf)) == "2024" for s in attack)


def test_undated_statements_invent_nothing(article, statements):
    """Undated: said or done by publication (../2025-03-13), or, for an event that has not
    happened and may happen later, not before publication (2025-03-13/..)."""
    undated = [s for s in statements if not list(article.objects(s, NEG.dateText))]
    assert len(undated) >= 15
    open_ended = []
    for s in undated:
        assert one(article, s, NEG.datePrecision) == NEG.Unknown, s
        if one(article, s, NEG.latest) is None:
            open_ended.append(s)
            assert one(article, s, RDF.type) in DONE_KINDS, f"{s}: only an event can be still to come"
            assert one(article, s, NEG.status) not in (None, NEG.Occurred), s
            assert as_date(one(article, s, NEG.earliest)) == PUBLISHED, s
            assert str(one(article, s, NEG.edtf)) == "2025-03-13/..", s
        else:
            assert one(article, s, NEG.earliest) is None, f"{s}: invented an earliest date"
            assert as_date(one(article, s, NEG.latest)) == PUBLISHED, s
            assert str(one(article, s, NEG.edtf)) == "../2025-03-13", s
    assert open_ended == [STMT["2025-03-13-possible-putin-trump-call"]]


def test_the_possible_call_is_dated_when_it_would_happen(article):
    call = STMT["2025-03-13-possible-putin-trump-call"]
    assert (call, RDF.type, NEG.Call) in article
    assert as_date(one(article, call, NEG.earliest)) == PUBLISHED
    assert one(article, call, NEG.latest) is None
    assert one(article, call, NEG.datePrecision) == NEG.Unknown
    assert str(one(article, call, NEG.edtf)) == "2025-03-13/.."
    assert not list(article.objects(call, NEG.dateText))  # the article gives no words for when
    assert one(article, call, NEG.status) == NEG.Possible
    assert one(article, call, NEG.condition) == Literal("if necessary", lang="en")
    assert one(article, call, NEG.accordingTo) == ACTOR["dmitry-peskov"]


def test_what_is_said_is_dated_when_it_was_said(article, statements):
    """Anything said was said by publication, so it occurred and ends no later than that day."""
    said = [s for s in statements if one(article, s, RDF.type) in SAID_KINDS]
    assert len(said) >= 20
    for s in said:
        assert one(article, s, NEG.status) == NEG.Occurred, f"{s}: what was said occurred"
        latest = as_date(one(article, s, NEG.latest))
        assert latest is not None and latest <= PUBLISHED, f"{s}: said after publication?"


def test_the_annexation_claim_was_said_by_2022(article):
    annex = STMT["2025-03-13-russia-to-annex-four-regions-by-2022"]
    assert (annex, RDF.type, NEG.Position) in article
    assert (annex, NEG.actor, ACTOR.russia) in article
    assert one(article, annex, NEG.status) == NEG.Occurred
    assert one(article, annex, NEG.earliest) is None
    assert as_date(one(article, annex, NEG.latest)) == d("2022-12-31")
    assert one(article, annex, NEG.datePrecision) == NEG.Year
    assert one(article, annex, NEG.dateText) == Literal("by 2022", lang="en")
    assert str(one(article, annex, NEG.edtf)) == "../2022"
    comment = " ".join(str(c) for c in article.objects(annex, RDFS.comment))
    assert "garbles" in comment and "annexation made in 2022" in comment, comment


def test_at_most_one_date_text_per_statement(article, statements):
    for s in statements:
        assert len(list(article.objects(s, NEG.dateText))) <= 1, s


def test_date_text_is_the_articles_own_words(article, text):
    for s, words in article.subject_objects(NEG.dateText):
        assert words.language == "en" and str(words) in text, f"{s}: {words!r}"


# ---------------------------------------------------------------------------------------------
# (4b) Who said that the actor would do it
# ---------------------------------------------------------------------------------------------

ACCORDING_TO = {
    STMT["2025-03-13-rubio-waltz-expected-to-brief-russia"]: ACTOR["dmitry-peskov"],
    STMT["2025-03-13-possible-putin-trump-call"]: ACTOR["dmitry-peskov"],
    STMT["2025-03-13-us-to-contact-russia-on-march-12"]: ACTOR["marco-rubio"],
    STMT["2025-03-13-russia-no-ceasefire-before-basis-for-lasting-peace"]: ACTOR["fyodor-lukyanov"],
}


def test_according_to_names_who_said_it(article, statements):
    found = {s: set(article.objects(s, NEG.accordingTo)) for s in statements}
    found = {s: v for s, v in found.items() if v}
    assert found == {s: {who} for s, who in ACCORDING_TO.items()}
    for s, who in ACCORDING_TO.items():
        assert (s, NEG.actor, who) not in article, f"{s}: neg:accordingTo is for someone other than the actor"
        quotes = " ".join(str(q) for q in article.objects(s, NEG.quote))
        summary = str(one(article, s, NEG.summary))
        surname = who.split("-")[-1].capitalize()
        assert surname in quotes or surname in summary, f"{s}: {surname} not in its quote or summary"


def test_no_comment_works_around_according_to(article):
    for s in ACCORDING_TO:
        comment = " ".join(str(c) for c in article.objects(s, RDFS.comment))
        assert "Confirmed by Rubio" not in comment and "The expectation is Peskov's" not in comment, s
        assert "Known only through Lukyanov" not in comment, s


def _edtf_span(edtf):
    """(earliest, latest) for the EDTF forms the sample uses: day, year, interval, open start."""
    def bounds(part):
        if re.fullmatch(r"\d{4}", part):
            return date(int(part), 1, 1), date(int(part), 12, 31)
        return d(part), d(part)

    if "/" in edtf:
        start, end = edtf.split("/")
        lo = None if start == ".." else bounds(start)[0]
        hi = None if end == ".." else bounds(end)[1]
        return lo, hi
    return bounds(edtf)


def test_edtf_agrees_with_earliest_and_latest(article, statements):
    for s in statements:
        edtf = str(one(article, s, NEG.edtf))
        earliest = as_date(one(article, s, NEG.earliest))
        latest = as_date(one(article, s, NEG.latest))
        assert _edtf_span(edtf) == (earliest, latest), f"{s}: {edtf} vs {earliest}..{latest}"
        if earliest and latest:
            assert earliest <= latest, s


# ---------------------------------------------------------------------------------------------
# (5) Every actor, place, topic and outlet is defined in the gazetteer
# ---------------------------------------------------------------------------------------------

ACTOR_CLASSES = {NEG.Person, NEG.State, NEG.Organization}


def _has_en_label(graph, node):
    return any(getattr(label, "language", None) == "en" for label in graph.objects(node, RDFS.label))


def test_actors_and_counterparts_are_defined(gazetteer, article, data):
    targets = set(article.objects(None, NEG.actor)) | set(article.objects(None, NEG.counterpart))
    targets |= set(article.objects(None, NEG.accordingTo))
    targets |= set(data.objects(None, NEG.represents))
    assert targets
    for t in targets:
        assert str(t).startswith(str(ACTOR)), t
        assert set(gazetteer.objects(t, RDF.type)) & ACTOR_CLASSES, f"{t} not defined as an actor"
        assert _has_en_label(gazetteer, t), f"{t} has no rdfs:label@en"


def test_one_label_per_language_for_every_actor(gazetteer, article):
    actors = {a for cls in ACTOR_CLASSES for a in gazetteer.subjects(RDF.type, cls)}
    assert len(actors) >= 19
    for a in actors:
        labels = list(gazetteer.objects(a, RDFS.label))
        languages = [getattr(label, "language", None) for label in labels]
        assert None not in languages, f"{a}: a label without a language tag"
        assert len(languages) == len(set(languages)), f"{a}: more than one label in a language: {labels}"
        assert languages.count("en") == 1, f"{a}: needs exactly one rdfs:label@en: {labels}"
        aliases = set(gazetteer.objects(a, SKOS.altLabel))
        assert not aliases & set(labels), f"{a}: an alias repeats the label"
    # The article file defines no actors of its own, so it adds no labels to them.
    assert not {a for a in actors if list(article.objects(a, RDFS.label))}


def test_persons_speak_for_someone_in_a_named_role(gazetteer):
    persons = set(gazetteer.subjects(RDF.type, NEG.Person))
    assert len(persons) >= 12
    for p in persons:
        assert list(gazetteer.objects(p, NEG.role)), f"{p}: no role"
        if p != ACTOR["fyodor-lukyanov"]:  # an analyst, not a spokesman
            assert list(gazetteer.objects(p, NEG.represents)), f"{p}: represents no one"
    assert (ACTOR["dmitry-peskov"], NEG.role, Literal("Kremlin spokesman", lang="en")) in gazetteer
    assert (ACTOR["dmitry-peskov"], NEG.represents, ACTOR.russia) in gazetteer
    assert (ACTOR["marco-rubio"], NEG.represents, ACTOR["united-states"]) in gazetteer
    assert (ACTOR["andriy-yermak"], NEG.represents, ACTOR.ukraine) in gazetteer


def test_yermaks_role_is_the_articles_meaning_in_its_words(gazetteer):
    roles = list(gazetteer.objects(ACTOR["andriy-yermak"], NEG.role))
    # The article's garbled "Ukrainian President Andriy Yermak's chief of staff", as it means it;
    # no outside knowledge (such as his formal title) in neg:role.
    assert roles == [Literal("chief of staff to the Ukrainian President", lang="en")], roles
    comments = " ".join(str(c) for c in gazetteer.objects(ACTOR["andriy-yermak"], RDFS.comment))
    assert "misstates" in comments
    assert "Ukrainian President Andriy Yermak's chief of staff" in comments


def test_metonyms_resolve_to_states(gazetteer):
    def aliases(node):
        return {str(a) for a in gazetteer.objects(node, SKOS.altLabel)}

    assert {"Moscow", "the Kremlin", "Russian"} <= aliases(ACTOR.russia)
    assert {"Kiev", "Kyiv", "Ukrainian"} <= aliases(ACTOR.ukraine)
    assert {"Washington", "the White House", "American", "US"} <= aliases(ACTOR["united-states"])


def test_outlets_are_not_actors(gazetteer, article):
    outlets = set(article.objects(None, NEG.reportedBy)) | set(article.objects(None, SCHEMA.publisher))
    assert {OUTLET.politico, OUTLET["tin-tuc"]} <= outlets
    for o in outlets:
        assert (o, RDF.type, SCHEMA.NewsMediaOrganization) in gazetteer, o
        assert not set(gazetteer.objects(o, RDF.type)) & (ACTOR_CLASSES | {NEG.Actor}), o
        assert _has_en_label(gazetteer, o), o


def test_places_and_topics_are_defined(gazetteer, article):
    for p in set(article.objects(None, NEG.location)):
        assert (p, RDF.type, SCHEMA.Place) in gazetteer, p
        assert _has_en_label(gazetteer, p), p
    topics = set(article.objects(None, NEG.topic))
    assert len(topics) >= 8
    for t in topics:
        assert (t, RDF.type, NEG.Topic) in gazetteer, t
        assert list(gazetteer.objects(t, SKOS.prefLabel)), t
        assert _has_en_label(gazetteer, t), t
        assert list(gazetteer.objects(t, SKOS.definition)), t


def test_wikidata_links_only_where_certain(data):
    links = {(s, o) for s, o in data.subject_objects(OWL.sameAs)}
    assert links == set(CERTAIN_WIKIDATA.items())


def test_only_known_terms_and_namespaces(data, ontology):
    for triple in data:
        for term in triple:
            if isinstance(term, URIRef):
                assert str(term).startswith(ALLOWED_NAMESPACES), term
                if str(term).startswith(str(NEG)):
                    assert (term, None, None) in ontology, f"{term} is not in the ontology"
