"""The ``parley`` command: a thin shell over :mod:`kb`.

Exit codes: 0 success, 1 bad input (the message says what and where), 2 usage error.
Data goes to standard output, messages and errors to standard error, so pipes work.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, backup, cli_text, queries
from .errors import BadInput, KBError, NotFound
from .export import export
from .formats import RDF_SYNTAXES
from .importer import check, import_files, parse_inputs
from .query import run_named, run_sparql
from .results import GRAPH_FORMATS, RESULT_FORMATS, write_result
from .sample import load_sample
from .stats import collect
from .store import RemoteStore, default_location, open_store
from .store.embedded import serving_file_for
from .through_server import import_through

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
RDF_FORMAT_NAMES = [s.name for s in RDF_SYNTAXES]


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _subcommand(subparsers, name: str, handler: Callable, help: str, description: str, examples: str,
                parents: list) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=textwrap.dedent(description).strip(),
                                   epilog=examples, parents=parents,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    store_option = argparse.ArgumentParser(add_help=False)
    store_option.add_argument("--store", metavar="LOCATION", default=argparse.SUPPRESS,
                              help="a directory (embedded store on disk), memory:, or the http(s) URL "
                                   "of a SPARQL 1.1 server (default: $PARLEY_STORE, else ./parley-data)")
    parser = argparse.ArgumentParser(
        prog="parley", parents=[store_option], formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Parley: a knowledge base of diplomatic negotiations as dated RDF statements.",
        epilog=_examples("parley sample", "parley query --name timeline --param actor=actor:russia",
                         "parley import talks.ttl", "parley export --format nquads -o backup.nq"))
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parents = [store_option]

    _subcommand(sub, "sample", cmd_sample, "load the bundled sample data", """
        Load the sample: the 13 March 2025 article on the Russia–US–Ukraine ceasefire talks,
        curated by hand into statements. Each sample file goes into its own graph; loading
        again replaces them.""", _examples("parley --store ./parley-data sample"), parents)

    p = _subcommand(sub, "import", cmd_import, "import RDF files (validated, atomic)", """
        Import RDF files. Every file is parsed and checked against the shapes before anything
        is written; then all of them are written in one transaction, or nothing is.
        Each file goes into its own named graph (--graph, else the file's file: URI; standard
        input is named after its content), replacing that graph if it exists. In TriG, N-Quads
        and JSON-LD files the file's own named graphs are kept (and replaced) as they are; only
        its default-graph triples go into the import's graph. While `parley serve` holds the
        store, --server URL writes through it instead (one transaction a file).""",
        _examples("parley import talks.ttl more.trig",
                  "parley import --graph https://example.org/g/talks talks.ttl",
                  "curl -s https://example.org/dump.nq | parley import --format nquads -",
                  "parley import --dry-run talks.ttl",
                  "PARLEY_WRITE_TOKEN=… parley import --server http://127.0.0.1:5000 talks.ttl"), parents)
    p.add_argument("files", nargs="+", metavar="FILE", help="files to import; - reads standard input")
    p.add_argument("--graph", metavar="IRI", help="the named graph to import into (one file only)")
    _format_option(p)
    p.add_argument("--base", metavar="IRI", help="resolve relative IRIs against this base")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--server", metavar="URL", help="write through a running `parley serve` at URL (its Graph "
                   "Store, the token in $PARLEY_WRITE_TOKEN) instead of opening the store: one transaction a file")

    p = _subcommand(sub, "export", cmd_export, "export the store or one graph", """
        Write the whole dataset (TriG or N-Quads keep every named graph) or one graph.
        Turtle, N-Triples and RDF/XML hold no graph names: without --graph they get the union
        of all graphs.""",
        _examples("parley export > dump.trig", "parley export --format nquads -o dump.nq",
                  "parley export --graph https://w3id.org/parley/graph/ontology --format turtle"), parents)
    p.add_argument("--graph", metavar="IRI", help="export only this graph")
    p.add_argument("--format", default="trig", choices=RDF_FORMAT_NAMES, help="default: trig")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    p = _subcommand(sub, "query", cmd_query, "run a SPARQL query or a named query", """
        Run SPARQL against the store. The default graph is the union of all graphs (GRAPH
        still reaches each one) and Parley's prefixes (neg:, actor:, stmt:, topic:, rdfs:,
        xsd:, prov:, schema:…) are pre-declared. Named queries live in kb/queries/; list
        them with --list. Their parameters are bound as RDF terms: IRIs, prefixed names or
        names of things in the store ("Vladimir Putin"), dates as 2025-03-13.""",
        _examples("parley query 'SELECT ?s WHERE { ?s a neg:Proposal }'",
                  "parley query --file my-question.rq --format csv",
                  "parley query --list",
                  "parley query --name timeline --param actor=actor:russia --param from=2025-03-01",
                  "parley query --name stance-as-of --param asOf=2025-03-13 --format json"), parents)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text")
    what.add_argument("--file", metavar="Q.rq", help="read the query from a file (- for standard input)")
    what.add_argument("--name", metavar="NAME", help="run a named query from kb/queries/")
    what.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter of a named query (repeat for several)")
    p.add_argument("--format", choices=RESULT_FORMATS + tuple(f for f in GRAPH_FORMATS if f not in RESULT_FORMATS),
                   help="table (default for SELECT/ASK), csv, tsv, json, xml; turtle (default for "
                        "CONSTRUCT/DESCRIBE), ntriples, jsonld…")

    _subcommand(sub, "stats", cmd_stats, "count what the store holds", """
        Quads, graphs, statements, actors, topics and sources, the dates covered, and the
        number of statements of each kind.""", _examples("parley stats"), parents)

    p = _subcommand(sub, "serve", cmd_serve, "serve the timeline in the browser", """
        Serve the web app (timeline, statement and actor pages, stance matrix, what's next,
        who moved, exports) with waitress, a production WSGI server. The store comes from
        --store / $PARLEY_STORE as for every command; while the server runs it owns the store.""",
        _examples("parley serve", "parley --store ./parley-data serve --port 8080"), parents)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    p.add_argument("--threads", type=int, default=4, help="worker threads (default: 4)")

    p = _subcommand(sub, "validate", cmd_validate, "check files without importing them", """
        Parse files and check them against the shapes; print every problem with its file and
        location, and write nothing. Exit code 1 if anything is wrong.""",
        _examples("parley validate talks.ttl", "parley validate --format nquads - < dump.nq"), parents)
    p.add_argument("files", nargs="+", metavar="FILE", help="files to check; - reads standard input")
    _format_option(p)
    p.add_argument("--base", metavar="IRI", help="resolve relative IRIs against this base")

    p = _subcommand(sub, "backup", cmd_backup, "copy the store consistently into a new directory", """
        Write a consistent copy of the store (a RocksDB checkpoint: every import in it whole or
        not at all) into DIR, which must be new or empty; it appears there only when complete.
        On the same file system it shares the store's immutable files through hard links.
        While `parley serve` holds the store, ask the server instead (POST /admin/backup).""",
        _examples("parley backup backups/2025-03-13", "parley --store ./parley-data backup /mnt/safe/parley"),
        parents)
    p.add_argument("directory", metavar="DIR", help="where the backup goes (a new or empty directory)")

    p = _subcommand(sub, "restore", cmd_restore, "put a backup in place as the store", """
        Copy a backup made by `parley backup` beside the store, check that it opens, then rename
        it into place. A store that already holds data is replaced only with --force, and never
        while a process (a running server) holds it. The backup is left as it was.""",
        _examples("parley --store ./parley-data restore backups/2025-03-13",
                  "parley restore backups/2025-03-13 --store ./parley-data --force"), parents)
    p.add_argument("backup", metavar="BACKUP_DIR", help="a directory written by `parley backup`")
    p.add_argument("--force", action="store_true", help="replace the store even if it holds data")
    cli_text.add_commands(sub, _subcommand, _examples, parents)
    cli_text.add_entry_command(sub, _subcommand, _examples, parents)
    return parser


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=RDF_FORMAT_NAMES,
                        help="the input syntax (default: from each file's extension)")


def cmd_sample(args, out) -> int:
    with open_store(args.store) as store:
        store.exclusive = True  # this process is the store's only user: big writes may be swapped in
        for report in load_sample(store):
            print(report.summary(), file=sys.stderr)  # a message, not data: stdout stays clean for pipes
    return EXIT_OK


def cmd_import(args, out) -> int:
    if args.server:
        if args.dry_run:
            raise BadInput("--dry-run does not go through a server: `parley validate FILE` checks a file alone")
        for line in import_through(args.server, args.files, syntax=args.format, graph=args.graph, base=args.base):
            print(line, file=sys.stderr)
        return EXIT_OK
    with open_store(args.store) as store, _ProgressBar.for_store(store) as bar:
        store.exclusive = True  # this process is the store's only user: big writes may be swapped in
        if bar:
            store.progress = bar
        report = import_files(store, args.files, syntax=args.format, graph=args.graph, base=args.base,
                              dry_run=args.dry_run)
    print(report.summary(), file=sys.stderr)
    return EXIT_OK


class _ProgressBar:
    """A one-line bar on standard error for long imports, redrawn in place with ``\r``:
    ``sending [#####.....]  50% 10000/20000 quads`` for chunked writes to a SPARQL server,
    ``reading [#####.....]  50% 1.0/2.1 GB`` for a big file bulk-loaded into the embedded store."""

    width = 30

    def __init__(self, stream, verb: str = "sending", unit: str = "quads"):
        self.stream, self.open, self.verb, self.unit, self.shown = stream, False, verb, unit, None

    @classmethod
    def for_store(cls, store, stream=None) -> _ProgressBar | contextlib.nullcontext:
        """A bar when ``stream`` (standard error) is a terminal; in a pipe or a log file, none:
        the context gives None."""
        stream = stream or sys.stderr
        if not stream.isatty():
            return contextlib.nullcontext()
        return cls(stream) if isinstance(store, RemoteStore) else cls(stream, "reading", "bytes")

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        if (percent, filled) == self.shown and done != total:
            return  # called for every few kilobytes read: redraw when something shows
        self.shown = (percent, filled)
        amount = f"{done / 1e9:.1f}/{total / 1e9:.1f} GB" if self.unit == "bytes" else f"{done}/{total} {self.unit}"
        self.stream.write(f"\r{self.verb} [{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}% {amount}")
        self.stream.flush()
        self.open = True

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        if self.open:  # end the bar's line, so what follows (a summary, an error) starts on its own
            self.stream.write("\n")
            self.stream.flush()


def cmd_export(args, out) -> int:
    with open_store(args.store) as store:
        if args.output:
            target = Path(args.output)
            partial = target.with_name(target.name + ".partial")
            try:
                with open(partial, "wb") as handle:
                    count = export(store, handle, fmt=args.format, graph=args.graph)
                os.replace(partial, target)  # never leave a half-written file under the real name
            except OSError as err:
                raise BadInput(f"{target}: cannot write: {err.strerror or err}") from None
            finally:
                partial.unlink(missing_ok=True)
            print(f"exported {count} quads to {target}", file=sys.stderr)
        else:
            export(store, out, fmt=args.format, graph=args.graph)
    return EXIT_OK


def cmd_query(args, out) -> int:
    if args.list:
        for q in queries.catalogue().values():
            out.write(f"{q.name}\n    {q.title}\n".encode())
            for prm in q.parameters:
                need = "required" if prm.required else "optional"
                out.write(f"    --param {prm.name}=…  ({prm.type}, {need}) {prm.description}\n".encode())
        return EXIT_OK
    if args.param and not args.name:
        raise _Usage("--param goes with --name")
    with open_store(args.store) as store:
        if args.name:
            result = run_named(store, args.name, _params(args.param))
        else:
            text = args.sparql if args.sparql is not None else _read_query_file(args.file)
            result = run_sparql(store, text)
        write_result(result, args.format, out)
    return EXIT_OK


def cmd_stats(args, out) -> int:
    with open_store(args.store) as store:
        out.write(collect(store).render().encode())
    return EXIT_OK


def cmd_serve(args, out) -> int:
    import waitress  # the web shell is only needed here

    from webui import create_app

    app = create_app({"STORE": args.store})
    url = f"http://{args.host}:{args.port}"
    print(f"Parley is serving {args.store} on {url}/ (Ctrl+C stops it)", file=sys.stderr)
    store_path = getattr(app.extensions["parley_store"], "path", None)
    serving = serving_file_for(store_path) if store_path else None
    if serving:
        serving.write_text(url + "\n", encoding="utf-8")  # where a second parley is told to write instead
    try:
        waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="parley")
    finally:
        if serving:
            serving.unlink(missing_ok=True)
    return EXIT_OK


def cmd_validate(args, out) -> int:
    inputs = parse_inputs(args.files, syntax=args.format, base=args.base)
    violations = check(inputs)
    for v in violations:
        print(f"error: {v}", file=sys.stderr)
    if violations:
        print(f"{len(violations)} problem(s) found; nothing was imported", file=sys.stderr)
        return EXIT_BAD_INPUT
    count = sum(len(p.quads) for p in inputs)
    out.write(f"ok: {len(inputs)} file(s), {count} quads, no problems\n".encode())
    return EXIT_OK


def cmd_backup(args, out) -> int:
    print(backup.backup_location(args.store, args.directory).summary("backed up"), file=sys.stderr)
    return EXIT_OK


def cmd_restore(args, out) -> int:
    print(backup.restore(args.backup, args.store, force=args.force).summary("restored"), file=sys.stderr)
    return EXIT_OK


class _Usage(Exception):
    """A usage error found after argparse (exit code 2)."""


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise _Usage(f"--param takes KEY=VALUE, not {pair!r}")
        if key in params:
            raise _Usage(f"--param {key} given twice")
        params[key] = value
    return params


def _read_query_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise BadInput(f"{path}: cannot read: {err}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``parley`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "store"):
        args.store = default_location()
    if not args.store or getattr(args, "graph", "x") == "":
        parser.print_usage(sys.stderr)
        print("parley: error: --store and --graph cannot be empty", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout.buffer
    try:
        code = args.handler(args, out)
        out.flush()
        return code
    except _Usage as err:
        parser.print_usage(sys.stderr)
        print(f"parley: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KBError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return EXIT_OK
    except OSError as err:  # a full disk, an unwritable -o path, a store's I/O error
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
