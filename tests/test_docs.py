"""The README tells the truth: its commands, named queries and CI all match the code."""

from __future__ import annotations

import re
from pathlib import Path

from kb import queries
from kb.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == \
        ["bash scripts/test.sh"]


def test_every_subcommand_and_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, subparser in sub.choices.items():
        assert f"parley {name}" in README, name
        for action in subparser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag not in ("--help", "--store"):
                    assert flag in README, f"{name} {flag}"


def test_every_named_query_is_documented():
    for name in queries.catalogue():
        assert f"`{name}`" in README, name


def test_every_review_route_is_documented():
    from webui import create_app

    app = create_app({"STORE": "memory:", "TESTING": True})
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("review.")}
    assert "/review" in rules and "/review/<slug>/<draft>/accept" in rules
    for rule in rules:
        assert f"`{rule}`" in README or f"`POST {rule}`" in README, rule
