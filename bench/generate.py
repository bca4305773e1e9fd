"""Deterministic synthetic data in Parley's ontology, for the store benchmarks (issue 6).

Why synthetic: the benchmarks need 10k, 100k and 1M statements that look like the real record
(Zipf-distributed actors, mixed date precision, quotes of realistic length, one source per ~5
statements), and the same bytes every time for a given size and seed, so runs can be compared.
Lines of N-Quads are written directly (no RDF library in between), so 1M statements take well
under a minute. Everything passes Parley's shapes (``parley --store memory: validate FILE``).

Next to ``FILE.nq`` it writes ``FILE.json``, a manifest with the number of quads and the
benchmark's query parameters (a mid-frequency state, the 20 most active actors, a search word).

Run: .venv/bin/python bench/generate.py 10000 -o bench/data/statements-10000-seed6.nq [--seed 6]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import names

from kb.vocab import GRAPH, ID, NEG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

FIRST_DAY, LAST_PUBLISHED, LAST_DAY = dt.date(2014, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 12, 31)
GAZETTEER_GRAPH = GRAPH + "bench/gazetteer"
SEARCH_WORD = "moratorium"


@dataclass
class Actor:
    iri: str
    label: str
    kind: str  # State, Person, Organization
    state: Actor | None = None  # whom a person or a collective speaks for


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def lit(text: str) -> str:
    """A literal's lexical form in N-Quads syntax."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class Quads:
    """N-Quads lines written straight to a file, counted."""

    def __init__(self, out):
        self.out, self.count = out, 0

    def iri(self, s: str, p: str, o: str, g: str) -> None:
        self.out.write(f"<{s}> <{p}> <{o}> <{g}> .\n")
        self.count += 1

    def text(self, s: str, p: str, value: str, g: str, lang: str | None = "en") -> None:
        self.out.write(f"<{s}> <{p}> {lit(value)}{'@' + lang if lang else ''} <{g}> .\n")
        self.count += 1

    def typed(self, s: str, p: str, value: str, datatype: str, g: str) -> None:
        self.out.write(f"<{s}> <{p}> {lit(value)}^^<{datatype}> <{g}> .\n")
        self.count += 1


def build_actors(rng: random.Random) -> list[Actor]:
    """About 300 actors: states, organisations, collectives speaking for a state, and persons."""
    states = [Actor(ID + "actor/" + slug(n), n, "State") for n in names.STATES]
    orgs = [Actor(ID + "actor/" + slug(n), n, "Organization") for n, _ in names.ORGANISATIONS]
    collectives = []
    for state in rng.sample(states, 20):
        label = rng.choice(names.COLLECTIVES).format(state.label)
        collectives.append(Actor(ID + "actor/" + slug(label), label, "Organization", state))
    persons, seen = [], set()
    while len(persons) < 130:
        label = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
        if label not in seen:
            seen.add(label)
            persons.append(Actor(ID + "actor/" + slug(label), label, "Person", rng.choice(states)))
    actors = states + orgs + collectives + persons
    rng.shuffle(actors)  # the Zipf rank is the position in this list
    return actors


def write_actor(q: Quads, rng: random.Random, a: Actor, aliases: dict[str, tuple[str, ...]]) -> None:
    g = GAZETTEER_GRAPH
    q.iri(a.iri, RDF + "type", NEG + a.kind, g)
    q.text(a.iri, RDFS + "label", a.label, g)
    for alias in aliases.get(a.label, ()):
        q.text(a.iri, SKOS + "altLabel", alias, g)
    if a.kind == "State":
        q.text(a.iri, SKOS + "altLabel", f"the government of {a.label}", g)
        q.text(a.iri, SKOS + "altLabel", a.label.upper(), g, "fr")
    if a.kind == "Person":
        q.text(a.iri, SKOS + "altLabel", a.label.split()[-1], g)
        q.iri(a.iri, NEG + "represents", a.state.iri, g)
        q.text(a.iri, NEG + "role", f"{a.state.label}'s {rng.choice(names.ROLES)}", g)
    elif a.state is not None:
        q.iri(a.iri, PROV + "actedOnBehalfOf", a.state.iri, g)


def write_gazetteer(q: Quads, rng: random.Random, actors: list[Actor]) -> tuple[list[str], list[str]]:
    """Actors, topics and outlets; returns the topic and outlet IRIs."""
    aliases = {n: (short,) for n, short in names.ORGANISATIONS}
    for a in actors:
        write_actor(q, rng, a, aliases)
    topics = [ID + "topic/" + slug(t) for t in names.TOPICS]
    for iri, label in zip(topics, names.TOPICS, strict=True):
        q.iri(iri, RDF + "type", NEG + "Topic", GAZETTEER_GRAPH)
        q.text(iri, RDFS + "label", label, GAZETTEER_GRAPH)
        q.text(iri, SKOS + "prefLabel", label, GAZETTEER_GRAPH)
        q.text(iri, SKOS + "altLabel", label.lower(), GAZETTEER_GRAPH)
    outlets = [ID + "outlet/" + slug(o) for o in names.OUTLETS]
    for iri, label in zip(outlets, names.OUTLETS, strict=True):
        q.iri(iri, RDF + "type", SCHEMA + "NewsMediaOrganization", GAZETTEER_GRAPH)
        q.text(iri, RDFS + "label", label, GAZETTEER_GRAPH)
    return topics, outlets


def zipf(items: list, s: float) -> tuple[list, list[float]]:
    """The items with cumulative Zipf weights (rank = position), for ``rng.choices``."""
    total, cum = 0.0, []
    for rank in range(1, len(items) + 1):
        total += 1 / rank**s
        cum.append(total)
    return items, cum


@dataclass
class Pools:
    """What statements are drawn from, with Zipf weights for actors and topics."""

    actors: list[Actor]
    actor_weights: list[float]
    topics: list[tuple[str, str]]  # (IRI, label)
    topic_weights: list[float]
    outlets: list[str]
    recent: list[str]  # the latest statements, for neg:respondsTo
    plans: list[str]  # the latest planned or expected events, for neg:fulfils


@dataclass
class When:
    earliest: dt.date | None
    latest: dt.date | None
    precision: str
    edtf: str
    text: str | None


def status_for(rng: random.Random, kind: str) -> str | None:
    """Mostly Occurred (sometimes left implicit: no neg:status means Occurred)."""
    if kind in names.EVENT_KINDS:
        status = rng.choices(("Occurred", "Planned", "Expected", "Possible", "Unconfirmed", "Denied"),
                             (55, 15, 12, 8, 6, 4))[0]
    else:
        status = rng.choices(("Occurred", "Unconfirmed", "Denied"), (92, 4, 4))[0]
    return None if status == "Occurred" and rng.random() < 0.1 else status


def span_for(rng: random.Random, kind: str, status: str | None, published: dt.date) -> When:
    """An honest span: said by publication, events in the past month, plans in the next two."""
    future = status in ("Planned", "Expected", "Possible")
    back = rng.randint(0, 30) if kind in names.EVENT_KINDS else rng.randint(0, 2)
    day = min(published + dt.timedelta(rng.randint(1, 60)) if future else published - dt.timedelta(back), LAST_DAY)
    precision = rng.choices(("Day", "Week", "Month", "Year", "Unknown"), (45, 10, 15, 8, 22))[0]
    worded = rng.random() < 0.6
    if precision == "Day":
        return When(day, day, "Day", day.isoformat(), f"on {day.day} {day:%B}" if worded else None)
    if precision == "Week":
        monday = day - dt.timedelta(day.weekday())
        sunday = min(monday + dt.timedelta(6), LAST_DAY)
        words = "next week" if monday > published else "last week" if sunday < published else "this week"
        return When(monday, sunday, "Week", f"{monday}/{sunday}", words if worded else None)
    if precision == "Month":
        first = day.replace(day=1)
        last = (first + dt.timedelta(32)).replace(day=1) - dt.timedelta(1)
        return When(first, last, "Month", f"{day:%Y-%m}", f"in {day:%B}" if worded else None)
    if precision == "Year":
        return When(day.replace(month=1, day=1), day.replace(month=12, day=31), "Year", str(day.year),
                    f"in {day.year}" if worded else None)
    if future:  # not yet happened, and no end known
        return When(published, None, "Unknown", f"{published}/..", None)
    return When(None, published, "Unknown", f"../{published}", None)


def quote(rng: random.Random) -> tuple[str, str]:
    """A quote of 25–40 words and its language."""
    lang = rng.choices(list(names.QUOTE_LANGUAGES), list(names.QUOTE_LANGUAGES.values()))[0]
    parts, words, target = [], 0, rng.randint(20, 32)
    while words < target:
        part = names.RARE_PART if lang == "en" and rng.random() < 0.004 else rng.choice(names.QUOTE_PARTS[lang])
        if part not in parts or len(parts) >= len(names.QUOTE_PARTS[lang]):
            parts.append(part[0].lower() + part[1:])
            words += part.count(" ") + 1
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + ".", lang


def pick_actors(rng: random.Random, pools: Pools) -> list[Actor]:
    """One actor, sometimes two (a joint statement), Zipf-distributed."""
    count = 2 if rng.random() < 0.2 else 1
    chosen = rng.choices(pools.actors, cum_weights=pools.actor_weights, k=count)
    return chosen if count == 1 or chosen[0] is not chosen[1] else chosen[:1]


def write_when(q: Quads, iri: str, when: When, g: str) -> None:
    if when.earliest:
        q.typed(iri, NEG + "earliest", when.earliest.isoformat(), XSD + "date", g)
    if when.latest:
        q.typed(iri, NEG + "latest", when.latest.isoformat(), XSD + "date", g)
    q.iri(iri, NEG + "datePrecision", NEG + when.precision, g)
    q.text(iri, NEG + "edtf", when.edtf, g, lang=None)
    if when.text:
        q.text(iri, NEG + "dateText", when.text, g)


def write_links(q: Quads, rng: random.Random, pools: Pools, iri: str, kind: str, status: str | None, g: str) -> None:
    """Now and then a statement answers an earlier one, or an event fulfils an earlier plan."""
    if pools.recent and rng.random() < 0.05:
        q.iri(iri, NEG + "respondsTo", rng.choice(pools.recent), g)
    if kind in names.EVENT_KINDS and status == "Occurred" and pools.plans and rng.random() < 0.2:
        q.iri(iri, NEG + "fulfils", pools.plans.pop(rng.randrange(len(pools.plans))), g)
    pools.recent.append(iri)
    del pools.recent[:-200]
    if status in ("Planned", "Expected"):
        pools.plans.append(iri)
        del pools.plans[:-200]


def write_statement(q: Quads, rng: random.Random, pools: Pools, iri: str, source: str,
                    published: dt.date, g: str) -> list[Actor]:
    """One statement with everything the timeline shows; returns its actors."""
    kind = rng.choices(list(names.KINDS), list(names.KINDS.values()))[0]
    status = status_for(rng, kind)
    q.iri(iri, RDF + "type", NEG + kind, g)
    actors = pick_actors(rng, pools)
    for a in actors:
        q.iri(iri, NEG + "actor", a.iri, g)
    other = rng.choices(pools.actors, cum_weights=pools.actor_weights)[0]
    if other not in actors and rng.random() < 0.4:
        q.iri(iri, NEG + "counterpart", other.iri, g)
    topics = {t for t in rng.choices(pools.topics, cum_weights=pools.topic_weights, k=rng.choice((1, 1, 2, 2, 3)))}
    for t, _ in sorted(topics):
        q.iri(iri, NEG + "topic", t, g)
    if rng.random() < (0.15 if kind in names.EVENT_KINDS else 0.75):
        stance = rng.choices(("Supports", "Opposes", "Conditional", "Undecided"), (35, 35, 15, 15))[0]
        q.iri(iri, NEG + "stance", NEG + stance, g)
        if stance == "Conditional":
            q.text(iri, NEG + "condition", rng.choice(names.CONDITIONS), g)
    if status:
        q.iri(iri, NEG + "status", NEG + status, g)
    write_when(q, iri, span_for(rng, kind, status, published), g)
    text, lang = quote(rng)
    q.text(iri, NEG + "quote", text, g, lang)
    topic_label = min(topics)[1].lower()
    q.text(iri, NEG + "summary", f"{' and '.join(a.label for a in actors)} {names.VERBS[kind]} "
           f"{names.SUMMARY_OBJECTS[kind]} on {topic_label}, {rng.choice(names.SUMMARY_TAILS)}.", g)
    q.iri(iri, PROV + "wasDerivedFrom", source, g)
    if rng.random() < 0.3:
        q.iri(iri, NEG + "reportedBy", rng.choice(pools.outlets), g)
    write_links(q, rng, pools, iri, kind, status, g)
    return actors


def write_source(q: Quads, rng: random.Random, pools: Pools, iri: str, published: dt.datetime, g: str) -> None:
    topic = rng.choices(pools.topics, cum_weights=pools.topic_weights)[0][1]
    headline = f"{rng.choice(pools.actors).label}: {rng.choice(names.HEADLINE_PARTS)} {topic.lower()}"
    q.iri(iri, RDF + "type", NEG + "Source", g)
    q.iri(iri, RDF + "type", SCHEMA + "NewsArticle", g)
    q.text(iri, RDFS + "label", headline, g)
    q.text(iri, SCHEMA + "headline", headline, g)
    q.typed(iri, SCHEMA + "datePublished", published.isoformat(), XSD + "dateTime", g)
    q.iri(iri, SCHEMA + "publisher", rng.choice(pools.outlets), g)
    q.text(iri, SCHEMA + "inLanguage", "en", g, lang=None)


def write_record(q: Quads, rng: random.Random, pools: Pools, n: int) -> Counter:
    """``n`` statements from about n/5 sources published in date order over 2014–mid-2026;
    each publication month is one named graph. Returns the statements per actor."""
    made: Counter = Counter()
    sources = max(1, n // 5)
    span = (LAST_PUBLISHED - FIRST_DAY).days
    done = 0
    for i in range(sources * 2):  # sources are numbered in date order until n statements exist
        if done >= n:
            break
        day = FIRST_DAY + dt.timedelta(min(span, i * span // sources))
        published = dt.datetime.combine(day, dt.time(rng.randint(5, 22), rng.randint(0, 59)))
        g, source = f"{GRAPH}bench/{day:%Y-%m}", f"{ID}source/{day}-{i:07d}"
        write_source(q, rng, pools, source, published, g)
        for _ in range(min(rng.randint(1, 9), n - done)):
            for a in write_statement(q, rng, pools, f"{ID}statement/{day}-{done:07d}", source, day, g):
                made[a.iri] += 1
            done += 1
    return made


def speaks_for(actors: list[Actor], made: Counter) -> Counter:
    """Statements per state, counting those of the persons and collectives speaking for it
    (what the timeline's actor filter picks)."""
    counts = Counter({a.iri: made[a.iri] for a in actors if a.kind == "State"})
    for a in actors:
        if a.state is not None:
            counts[a.state.iri] += made[a.iri]
    return counts


def manifest(n: int, seed: int, quads: int, actors: list[Actor], made: Counter) -> dict:
    """The benchmark's query parameters, chosen from what was generated."""
    states = speaks_for(actors, made).most_common()
    middle = states[min(len(states) - 1, 20)]  # the 21st most active state: mid-frequency
    return {"statements": n, "seed": seed, "quads": quads, "search_word": SEARCH_WORD,
            "mid_actor": middle[0], "mid_actor_statements": middle[1],
            "top_actors": [iri for iri, _ in made.most_common(20)]}


def generate(n: int, path: Path, seed: int = 6) -> dict:
    """Write ``n`` statements to ``path`` (N-Quads) and the manifest beside it; return the manifest."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", buffering=1 << 20) as out:
        q = Quads(out)
        actors = build_actors(rng)
        topics, outlets = write_gazetteer(q, rng, actors)
        people, weights = zipf(actors, 1.0)
        topic_list, topic_weights = zipf(list(zip(topics, names.TOPICS, strict=True)), 0.8)
        pools = Pools(people, weights, topic_list, topic_weights, outlets, [], [])
        made = write_record(q, rng, pools, n)
    info = manifest(n, seed, q.count, actors, made)
    path.with_suffix(".json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)  # only a complete file has the final name
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("statements", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the N-Quads file to write")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    info = generate(args.statements, args.output, args.seed)
    print(f"{args.output}: {info['statements']} statements, {info['quads']} quads", file=sys.stderr)


if __name__ == "__main__":
    main()
