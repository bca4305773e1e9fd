"""The ``parley`` command as a user runs it: exit codes, stdout for data, stderr for errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from kb.cli import build_parser

SUBCOMMANDS = ["sample", "import", "export", "query", "stats", "serve", "validate", "extract", "eval-extract", "add", "backup", "restore"]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help_with_examples(parley, command):
    run = parley(command, "--help")
    assert run.code == 0
    assert "examples:" in run.text and "parley" in run.text.split("examples:")[1]


def test_sample_then_timeline_prints_statements_in_date_order(parley, store_dir):
    assert parley("--store", store_dir, "sample").code == 0
    run = parley("--store", store_dir, "query", "--name", "timeline", "--param", "actor=actor:russia",
                  "--format", "csv")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.text)))
    assert len(rows) >= 8
    starts = [(r["earliest"] or r["latest"])[:10] for r in rows]
    assert starts == sorted(starts)
    assert any("ceasefire" in r["summary"].lower() for r in rows)


def test_timeline_table_is_readable(parley, store_dir, monkeypatch):
    parley("--store", store_dir, "sample")
    monkeypatch.setenv("COLUMNS", "1000")
    run = parley("--store", store_dir, "query", "--name", "timeline", "--param", "actor=Vladimir Putin")
    assert run.code == 0, run.err
    header, rule, *rows = run.text.splitlines()
    assert header.split()[:2] == ["statement", "edtf"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert rows[-1].startswith("(") and rows[-1].endswith("rows)")
    assert all(r.startswith("stmt:") for r in rows[:-1])


def test_narrow_terminal_gets_one_block_per_row_with_nothing_cut(parley, store_dir, monkeypatch):
    parley("--store", store_dir, "sample")
    monkeypatch.setenv("COLUMNS", "60")
    run = parley("--store", store_dir, "query", "--name", "timeline", "--param", "kind=neg:Visit")
    lines = run.text.splitlines()
    assert lines[0].startswith("-[ 1 ]")
    assert "dateText       | this weekend" in lines
    summary = next(line for line in lines if line.startswith("summary"))
    assert len(summary) > 60 and "…" not in summary


def test_store_from_environment(parley, store_dir, monkeypatch):
    monkeypatch.setenv("PARLEY_STORE", store_dir)
    parley("sample")
    run = parley("stats")
    assert run.code == 0
    assert "statements" in run.text and "statements  0" not in run.text


def test_bad_input_exits_1_with_message_on_stderr(parley, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> .\n")
    run = parley("--store", "memory:", "import", str(bad))
    assert run.code == 1
    assert run.out == b""
    assert run.err.startswith(f"error: {bad}:1:")


def test_usage_error_exits_2(parley):
    assert parley("frobnicate").code == 2
    assert parley("query").code == 2  # needs a query, a file, a name or --list
    run = parley("--store", "memory:", "query", "SELECT * {}", "--param", "a=b")
    assert run.code == 2 and "--param goes with --name" in run.err
    run = parley("--store", "memory:", "query", "--name", "timeline", "--param", "nonsense")
    assert run.code == 2


def test_unknown_parameter_and_query_name_are_explained(parley):
    run = parley("--store", "memory:", "query", "--name", "timeline", "--param", "who=x")
    assert run.code == 1 and "no parameter 'who'" in run.err and "actor" in run.err
    run = parley("--store", "memory:", "query", "--name", "no-such-query")
    assert run.code == 1 and "timeline" in run.err


def test_bad_sparql_is_a_clear_error(parley):
    run = parley("--store", "memory:", "query", "SELECT * WHERE {")
    assert run.code == 1
    assert run.err.startswith("error: bad SPARQL query") and len(run.err) < 500


def test_query_list_shows_named_queries_and_parameters(parley):
    run = parley("query", "--list")
    assert run.code == 0
    for name in ("timeline", "actor-history", "stance-as-of", "upcoming"):
        assert name in run.text
    assert "--param actor=" in run.text


@pytest.mark.parametrize("fmt,check", [
    ("json", lambda text: json.loads(text)["results"]["bindings"]),
    ("csv", lambda text: list(csv.reader(io.StringIO(text)))[1:]),
    ("tsv", lambda text: text.splitlines()[1:]),
    ("xml", lambda text: "<sparql" in text and "<result>" in text),
])
def test_query_formats(parley, store_dir, fmt, check):
    parley("--store", store_dir, "sample")
    run = parley("--store", store_dir, "query", "SELECT ?s WHERE { ?s a neg:Rejection }", "--format", fmt)
    assert run.code == 0, run.err
    assert check(run.text)


def test_construct_gives_turtle_and_ask_gives_yes(parley, store_dir):
    parley("--store", store_dir, "sample")
    run = parley("--store", store_dir, "query",
                 "CONSTRUCT { ?s a neg:Visit } WHERE { ?s a neg:Visit }")
    assert run.code == 0 and "neg:Visit" in run.text
    run = parley("--store", store_dir, "query", "ASK { ?s a neg:Visit }")
    assert run.text == "yes\n"
    run = parley("--store", store_dir, "query", "ASK { ?s a neg:Visit }", "--format", "turtle")
    assert run.code == 1 and "not a graph" in run.err


def test_query_from_file(parley, tmp_path, store_dir):
    parley("--store", store_dir, "sample")
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a neg:Call }")
    run = parley("--store", store_dir, "query", "--file", str(q), "--format", "csv")
    assert run.code == 0 and int(run.text.splitlines()[1]) >= 2


def test_validate_reports_every_problem_and_writes_nothing(parley, tmp_path, store_dir):
    bad = tmp_path / "two-problems.ttl"
    bad.write_text("""@prefix neg: <https://w3id.org/parley/ns#> .
<http://e/s1> a neg:Proposal ; neg:latest "2025-03-13"^^<http://www.w3.org/2001/XMLSchema#date> .
""")
    run = parley("--store", store_dir, "validate", str(bad))
    assert run.code == 1
    assert "neg:actor" in run.err and "prov:wasDerivedFrom" in run.err
    assert str(bad) in run.err and "<http://e/s1>" in run.err


def test_console_script_is_installed_and_pipes(tmp_path):
    """The real `parley` program, end to end through a pipe: export | import."""
    store_a, store_b = str(tmp_path / "a"), str(tmp_path / "b")
    exe = [sys.executable, "-m", "kb"]
    subprocess.run(exe + ["--store", store_a, "sample"], check=True, capture_output=True)
    dump = subprocess.run(exe + ["--store", store_a, "export", "--format", "nquads"], check=True,
                          capture_output=True).stdout
    done = subprocess.run(exe + ["--store", store_b, "import", "--format", "nquads", "-"], input=dump,
                          capture_output=True)
    assert done.returncode == 0, done.stderr
    count = subprocess.run(exe + ["--store", store_b, "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                  "--format", "csv"], check=True, capture_output=True).stdout
    assert int(count.decode().splitlines()[1]) > 300


def test_parser_lists_exactly_the_documented_subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(SUBCOMMANDS)
