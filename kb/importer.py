"""The one write path: parse every input → validate against the shapes → one atomic write.

Every way data gets into Parley ends here, so every way gets the same guarantees: nothing is
written unless all inputs parse and pass the shapes, and each import replaces its graphs in a
single transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Quad

from .errors import BadInput, ValidationError, Violation
from .ontology import ontology_quads
from .rdfio import ParsedInput, read_rdf
from .shapes import show_term, validate
from .store import Store
from .vocab import ONTOLOGY_GRAPH


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    inputs: list[ParsedInput]
    replaced: dict[str, int] = field(default_factory=dict)  # graph → quads it held before
    written: dict[str, int] = field(default_factory=dict)  # graph → quads it holds now
    dry_run: bool = False

    @property
    def quads(self) -> int:
        return sum(self.written.values())

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        lines = []
        for graph, n in sorted(self.written.items()):
            before = self.replaced.get(graph)
            if not n and not before and len(self.written) > 1:
                continue  # e.g. a TriG dump whose triples all sit in its own named graphs
            change = f" (replacing {before})" if before else ""
            lines.append(f"{verb} {n} quads to <{graph}>{change}")
        return "\n".join(lines)


def parse_inputs(paths: list[str], *, syntax: str | None = None, graph: str | None = None,
                 base: str | None = None, stdin=None) -> list[ParsedInput]:
    """Parse every input before anything else happens, so a late syntax error writes nothing."""
    if graph and len(paths) > 1:
        raise BadInput("--graph names one graph, so it takes one file; import files one by one or "
                       "let each go into its own graph")
    return [read_rdf(p, syntax=syntax, graph=graph, base=base, stdin=stdin) for p in paths]


def check(inputs: list[ParsedInput]) -> list[Violation]:
    """Shape violations of all inputs taken together, each attributed to the file it is in."""
    _refuse_reserved_graphs(inputs)
    quads = [q for parsed in inputs for q in parsed.quads]
    violations = validate(quads)
    if not violations:
        return []
    owner = {}
    for parsed in inputs:
        for q in parsed.quads:
            owner.setdefault(show_term(q.subject), parsed.source)
    return [Violation(v.focus, v.message, v.path, v.value, v.shape, owner.get(v.focus)) for v in violations]


def _refuse_reserved_graphs(inputs: list[ParsedInput]) -> None:
    """The ontology graph is Parley's own: a dump may carry an identical copy, which is
    skipped (so export → import round-trips); anything else written there is refused."""
    for parsed in inputs:
        if ONTOLOGY_GRAPH not in parsed.graphs:
            continue
        carried = {q for q in parsed.quads if q.graph_name.value == ONTOLOGY_GRAPH}
        if parsed.graph == ONTOLOGY_GRAPH or carried != set(ontology_quads()):
            raise BadInput(f"{parsed.source}: the ontology graph <{ONTOLOGY_GRAPH}> is Parley's own and "
                           "cannot be written by an import")
        parsed.quads = [q for q in parsed.quads if q.graph_name.value != ONTOLOGY_GRAPH]


def import_parsed(store: Store, inputs: list[ParsedInput], *, dry_run: bool = False) -> ImportReport:
    """Validate parsed inputs and write them in one transaction.

    :raises ValidationError: listing every violation; nothing is written.
    """
    violations = check(inputs)
    if violations:
        raise ValidationError(violations)
    graphs = set().union(*(p.graphs for p in inputs)) if inputs else set()
    quads: list[Quad] = list({q: None for parsed in inputs for q in parsed.quads})
    sizes = store.graph_sizes()
    report = ImportReport(inputs, dry_run=dry_run)
    report.replaced = {g: sizes[g] for g in graphs if g in sizes}
    for q in quads:
        report.written[q.graph_name.value] = report.written.get(q.graph_name.value, 0) + 1
    for parsed in inputs:
        report.written.setdefault(parsed.graph, 0)
    if not dry_run:
        store.replace_graphs(graphs, quads)
    return report


def import_files(store: Store, paths: list[str], *, syntax: str | None = None, graph: str | None = None,
                 base: str | None = None, dry_run: bool = False, stdin=None) -> ImportReport:
    """Import files (``-`` for standard input): parse all, validate all, write all or nothing."""
    return import_parsed(store, parse_inputs(paths, syntax=syntax, graph=graph, base=base, stdin=stdin),
                         dry_run=dry_run)
