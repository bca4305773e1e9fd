"""The ``parley`` commands that start from text: ``extract`` and ``eval-extract``.

Kept apart from :mod:`kb.cli` so that each module stays about one thing; :func:`add_commands`
registers them on the main parser.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from .errors import BadInput, NotFound
from .formats import rdf_syntax
from .importer import import_parsed
from .rdfio import ParsedInput, write_rdf
from .store import open_store


def add_commands(sub, subcommand, examples, parents) -> None:
    p = subcommand(sub, "extract", cmd_extract, "draft statements from a news article", """
        Read a news article (plain text, or a simple HTML page) and propose draft statements:
        who said or did what, when (resolved against the publication time), how sure, with the
        quote and its place in the text. Actors are found through the gazetteer: the bundled
        world list and every actor in the store. The header's headline, publisher, publication
        time and "according to" line are read when present; the options override them.
        Drafts are marked neg:Draft and go to their own graph (…/graph/drafts/<article>);
        review them in the browser at /review. Same input, same output.""",
        examples("parley extract article.txt > drafts.ttl",
                 "parley extract --published 2025-03-13T08:47 --publisher 'Tin Tuc' article.txt",
                 "parley extract --write article.html      # into the store's draft graph"), parents)
    p.add_argument("article", metavar="ARTICLE", help="the article's file (- reads standard input)")
    p.add_argument("--publisher", help="who published it (else read from the byline)")
    p.add_argument("--published", metavar="DATETIME", help="when, e.g. 2025-03-13T08:47 (else from the byline)")
    p.add_argument("--url", help="where it was published")
    p.add_argument("--html", action="store_true", default=None, help="read the input as HTML (default: guess)")
    p.add_argument("--format", default="turtle", choices=["turtle", "trig", "nquads", "ntriples", "jsonld"],
                   help="output syntax (default: turtle)")
    p.add_argument("--write", action="store_true",
                   help="write the drafts into the store (validated, atomic) instead of printing them")

    p = subcommand(sub, "eval-extract", cmd_eval_extract, "score extraction against gold annotations", """
        Extract every article that has a gold file (NAME.gold.json) in GOLD_DIR and print
        precision, recall and F1 per field (actor, kind, status, date, precision) and overall.
        Overall, a draft matches a gold statement when it has one of its actors, the same kind
        and an overlapping date. GOLD_DIR/gazetteer.ttl, if present, adds to the gazetteer.""",
        examples("parley eval-extract tests/gold", "parley eval-extract --details tests/gold"), parents)
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="a folder of *.gold.json files")
    p.add_argument("--details", action="store_true", help="also list every missed and spurious statement")


def add_entry_command(sub, subcommand, examples, parents) -> None:
    p = subcommand(sub, "add", cmd_add, "enter one statement by hand", """
        Enter one statement from the command line. Names are looked up in the store ("Vladimir
        Putin", "Moscow" for Russia, or actor:russia); the date is typed as the source says it
        ("next week", "this weekend", "on Tuesday", "13 березня 2025") and resolved against the
        source's publication time, or --reference. The statement is validated like any import
        and goes into its own graph (…/graph/added/<id>); adding the same --id again replaces it.""",
        examples("parley add --kind proposal --actor 'Donald Trump' --counterpart Russia --when 'March 11' \\\n"
                 "      --summary 'Trump proposes a 30-day ceasefire' \\\n"
                 "      --source source:2025-03-13-russia-asks-us-for-ceasefire-details",
                 "parley add --kind visit --status expected --actor Witkoff --when 'this weekend' --summary '…' \\\n"
                 "      --source https://example.org/news/1 --published 2025-03-13T08:47 --title 'Envoy to visit'"),
        parents)
    p.add_argument("--kind", required=True, help="proposal, acceptance, rejection, position, demand, meeting, call, "
                                                 "visit, agreement, military-event or assessment")
    p.add_argument("--actor", action="append", required=True, metavar="NAME", help="who (repeat for several)")
    p.add_argument("--counterpart", action="append", default=[], metavar="NAME", help="to or with whom")
    p.add_argument("--topic", action="append", default=[], metavar="NAME", help="what about")
    p.add_argument("--status", default="occurred", help="occurred (default), planned, expected, possible, "
                                                        "unconfirmed or denied")
    p.add_argument("--stance", help="supports, opposes, conditional or undecided")
    p.add_argument("--when", required=True, metavar="WORDS", help="the date as the source gives it")
    p.add_argument("--reference", metavar="DATETIME", help="what relative dates count from (default: the "
                                                           "source's publication time)")
    p.add_argument("--language", default="en", help="language of the words (default: en)")
    p.add_argument("--summary", required=True, help="one line saying what it is")
    p.add_argument("--quote", help="the source's words")
    p.add_argument("--source", required=True, help="the source: its IRI or name, or the URL of a new one")
    p.add_argument("--published", metavar="DATETIME", help="a new source's publication time")
    p.add_argument("--title", help="a new source's headline")
    p.add_argument("--id", help="the statement's identifier (default: from its date and summary)")
    p.add_argument("--dry-run", action="store_true", help="check and show it, write nothing")


def cmd_add(args, out) -> int:
    from .entry import NewStatement, build

    new = NewStatement(kind=args.kind, actors=args.actor, when=args.when, summary=args.summary, source=args.source,
                       counterparts=args.counterpart, topics=args.topic, status=args.status, stance=args.stance,
                       quote=args.quote, language=args.language, reference=_timestamp(args.reference, "--reference"),
                       identifier=args.id, source_published=_timestamp(args.published), source_title=args.title)
    with open_store(args.store) as store:
        parsed = build(store, new)
        report = import_parsed(store, [parsed], dry_run=args.dry_run)
    write_rdf(parsed.quads, rdf_syntax("trig"), out)
    print(report.summary(), file=sys.stderr)
    return 0


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except UnicodeDecodeError as err:
        raise BadInput(f"{path}: not UTF-8 text (byte {err.start}): save it as UTF-8") from None
    except OSError as err:
        raise BadInput(f"{path}: cannot read: {err.strerror or err}") from None


def _timestamp(value: str | None, option: str = "--published") -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"{option} {value!r}: give an ISO date and time such as 2025-03-13T08:47") from None


def cmd_extract(args, out) -> int:
    from .extract import extract, load_gazetteer, read_article
    from .extract.rdf import draft_graph, draft_quads

    html = args.html or (True if args.article.lower().endswith((".html", ".htm")) else None)
    article = read_article(_read(args.article), html=html, publisher=args.publisher,
                           published=_timestamp(args.published), url=args.url)
    with open_store(args.store) as store:
        extraction = extract(article, load_gazetteer(store))
        quads = draft_quads(extraction)
        if args.write:
            parsed = ParsedInput(args.article, draft_graph(extraction.slug), quads)
            report = import_parsed(store, [parsed])
            print(report.summary(), file=sys.stderr)
            print(f"{len(extraction.drafts)} draft statement(s) from {args.article}; review them at /review",
                  file=sys.stderr)
            return 0
    write_rdf(quads, rdf_syntax(args.format), out)
    print(f"{len(extraction.drafts)} draft statement(s) from {args.article}", file=sys.stderr)
    return 0


def cmd_eval_extract(args, out) -> int:
    from .extract import load_gazetteer
    from .extract.evaluate import evaluate_dir, total

    gold_dir = Path(args.gold_dir)
    if not gold_dir.is_dir():
        raise NotFound(f"{gold_dir}: no such folder")
    extra = gold_dir / "gazetteer.ttl"
    with open_store(args.store) as store:
        gazetteer = load_gazetteer(store, extra_rows=_rows_of(extra) if extra.exists() else ())
    scores = evaluate_dir(gold_dir, gazetteer)
    lines = [f"{'article':32} {'gold':>5} {'found':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for s in scores:
        o = s.overall
        lines.append(f"{s.name[:32]:32} {o.expected:5} {o.predicted:5} {o.true:5} "
                     f"{o.precision:6.1%} {o.recall:6.1%} {o.f1:6.1%}")
    overall, fields = total(scores)
    lines.append(f"{'ALL':32} {overall.expected:5} {overall.predicted:5} {overall.true:5} "
                 f"{overall.precision:6.1%} {overall.recall:6.1%} {overall.f1:6.1%}")
    lines += ["", f"{'field':12} {'P':>6} {'R':>6} {'F1':>6}"]
    lines += [f"{name:12} {f.precision:6.1%} {f.recall:6.1%} {f.f1:6.1%}" for name, f in fields.items()]
    if args.details:
        for s in scores:
            for item in s.missed:
                lines.append(f"{s.name}: missed {item['kind']} {item.get('actors')}: {item.get('quote', '')[:80]}")
            for d in s.spurious:
                lines.append(f"{s.name}: spurious {d.draft.kind} {d.draft.actors} ({d.draft.rule}): "
                             f"{d.draft.summary[:80]}")
    out.write(("\n".join(lines) + "\n").encode())
    return 0


def _rows_of(path: Path):
    """The gazetteer rows of an extra Turtle file (e.g. the gold corpus's own persons)."""
    import pyoxigraph

    from . import queries
    from .vocab import PREFIXES, sparql_prologue

    scratch = pyoxigraph.Store()
    try:
        scratch.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise BadInput(f"{path}: {err}") from None
    return list(scratch.query(sparql_prologue(PREFIXES) + queries.get("gazetteer").text))
