"""The one write path: parse every input → validate against the shapes → one atomic write.

Every way data gets into Parley ends here, so every way gets the same guarantees: nothing is
written unless all inputs parse and pass the shapes, and each import replaces its graphs in a
single transaction.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, DefaultGraph, NamedNode, Quad

from .errors import BadInput, NotFound, ValidationError, Violation
from .formats import rdf_syntax, rdf_syntax_for_path
from .rdfio import STDIN, STREAMING_SYNTAXES, ParsedInput, default_graph_for, load_file, read_rdf
from .shapes import show_term, validate, validate_store
from .store import Store
from .vocab import NEG, ONTOLOGY_GRAPH, RDF, RDFS
from .workers import thread_free


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
        skipped = sum(p.skipped_ontology for p in self.inputs)
        if skipped:
            lines.append(f"skipped {skipped} quads of the ontology graph: the store keeps Parley's own ontology")
        return "\n".join(lines)


def parse_inputs(paths: list[str], *, syntax: str | None = None, graph: str | None = None,
                 base: str | None = None, stdin=None) -> list[ParsedInput]:
    """Parse every input before anything else happens, so a late syntax error writes nothing."""
    _check_arguments(paths, graph)
    inputs = [read_rdf(p, syntax=syntax, graph=graph, base=base, stdin=stdin) for p in paths]
    for parsed in inputs:
        drop_ontology_copy(parsed)
    return inputs


def _check_arguments(paths: list[str], graph: str | None) -> None:
    if graph and len(paths) > 1:
        raise BadInput("--graph names one graph, so it takes one file; import files one by one or "
                       "let each go into its own graph")
    if paths.count(STDIN) > 1:
        raise BadInput("standard input (-) can be read only once")
    if graph == ONTOLOGY_GRAPH:
        raise BadInput(f"the ontology graph <{ONTOLOGY_GRAPH}> is Parley's own and cannot be written by an import")


def drop_ontology_copy(parsed: ParsedInput) -> None:
    """A dump carries the ontology graph it was exported with; the store keeps the bundled
    ontology instead, so restoring an old dump still works after the ontology changed."""
    kept = [q for q in parsed.quads if q.graph_name.value != ONTOLOGY_GRAPH]
    parsed.skipped_ontology = len(parsed.quads) - len(kept)
    parsed.quads = kept


def _refuse_redefinitions(found: list[tuple[str, Quad]]) -> None:
    """Parley's own terms (``neg:…``) are defined by the ontology graph alone: a triple about one
    anywhere else would make neg:Proposal a subclass of something else, relabel it, or add a kind
    of statement, and every page and query would follow it.

    :raises BadInput: naming the first such triple and the input it comes from.
    """
    if not found:
        return
    source, q = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    raise BadInput(f"{source}: {_prefixed(q.subject)} {_prefixed(q.predicate)} {_prefixed(q.object)} says something "
                   f"about Parley's own term {_prefixed(q.subject)}{more}; neg: terms are defined by the ontology "
                   f"graph <{ONTOLOGY_GRAPH}> only, which an import cannot change")


def _prefixed(term) -> str:
    """neg:Proposal for a term of Parley's namespace, the N-Triples form for any other."""
    if isinstance(term, NamedNode) and term.value.startswith(NEG):
        return "neg:" + term.value[len(NEG):]
    return str(term)


def _redefinitions(inputs: list[ParsedInput]) -> list[tuple[str, Quad]]:
    return [(p.source, q) for p in inputs for q in p.quads
            if isinstance(q.subject, NamedNode) and q.subject.value.startswith(NEG)
            and q.graph_name.value != ONTOLOGY_GRAPH]


def check(inputs: list[ParsedInput], store: Store | None = None) -> list[Violation]:
    """Shape violations of the store as it would be after writing ``inputs``: the inputs
    together, plus what the store already says about the same nodes outside the graphs they
    replace. Each violation names the file it comes from (or the store)."""
    quads = [q for parsed in inputs for q in parsed.quads]
    replaced = (set().union(*(p.graphs for p in inputs)) if inputs else set()) - {ONTOLOGY_GRAPH}
    context = _store_context(store, quads, replaced) if store is not None else []
    violations = validate(quads + context)
    if not violations:
        return []
    owner = {}
    for parsed in inputs:
        for q in parsed.quads:
            owner.setdefault(show_term(q.subject), parsed.source)
    return [Violation(v.focus, v.message, v.path, v.value, v.shape, owner.get(v.focus, "already in the store"))
            for v in violations]


def _store_context(store: Store, quads: list[Quad], replaced: set[str]) -> list[Quad]:
    """What the store will still say, after the write, about every node the write touches:
    the nodes described in the input, those losing triples with a replaced graph, and the
    instances of classes the input makes subclasses of something."""
    graphs = set(store.graph_sizes()) - {ONTOLOGY_GRAPH}
    if not graphs:
        return []  # an empty store adds nothing (the common first import)
    outside = lambda q: q.graph_name.value not in replaced  # noqa: E731
    # Only IRIs can be looked up again: an input's blank nodes are fresh (renamed at parsing),
    # so nothing already stored can say anything about them.
    touched = {q.subject for q in quads if isinstance(q.subject, NamedNode)}
    for graph in replaced & graphs:
        touched.update(q.subject for q in store.quads(graph) if isinstance(q.subject, NamedNode))
    subclass = NamedNode(RDFS + "subClassOf")
    for q in quads:
        if q.predicate == subclass:
            touched.update(i.subject for i in store.quads_for(None, NamedNode(RDF + "type"), q.subject)
                           if isinstance(i.subject, NamedNode))
    context = [q for node in touched for q in store.quads_for(node) if outside(q)]
    context += [q for q in store.quads_for(None, subclass) if outside(q) and q.graph_name.value != ONTOLOGY_GRAPH]
    return context


def _without_ontology(store: Store, inputs: list[ParsedInput]) -> list[ParsedInput]:
    """The inputs minus the ontology graph, which only Parley itself writes (at opening, from
    the bundled files). An input that names it may only carry an unchanged copy of it (a
    Graph Store PUT of what GET gave); that copy is left out and the graph is not touched.

    :raises BadInput: if an input would drop, replace or change the ontology graph.
    """
    if not any(ONTOLOGY_GRAPH in p.graphs for p in inputs):
        return inputs
    given = [q for p in inputs for q in p.quads if q.graph_name.value == ONTOLOGY_GRAPH]
    if not _same_quads(given, list(store.quads(ONTOLOGY_GRAPH))):
        raise BadInput(f"the ontology graph <{ONTOLOGY_GRAPH}> is Parley's own: it cannot be dropped, "
                       "replaced or changed (it is rewritten from the bundled ontology files)")
    return [replace(p, quads=[q for q in p.quads if q.graph_name.value != ONTOLOGY_GRAPH]) for p in inputs]


def _same_quads(a: list[Quad], b: list[Quad]) -> bool:
    """Whether two lists hold the same quads, blank nodes compared by structure (a parsed copy
    gets fresh blank node labels)."""
    if len(set(a)) != len(set(b)):
        return False
    first, second = Dataset(a), Dataset(b)
    first.canonicalize(CanonicalizationAlgorithm.UNSTABLE)  # same process, same algorithm: comparable
    second.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return first == second


def import_parsed(store: Store, inputs: list[ParsedInput], *, dry_run: bool = False) -> ImportReport:
    """Validate parsed inputs and write them in one transaction.

    The ontology graph is never written: an input naming it is refused unless it carries an
    unchanged copy, which is then left out (see :func:`_without_ontology`).

    :raises BadInput: if an input would change the ontology graph.
    :raises ValidationError: listing every violation; nothing is written.
    """
    inputs = _without_ontology(store, inputs)
    _refuse_redefinitions(_redefinitions(inputs))
    violations = check(inputs, store)
    if violations:
        raise ValidationError(violations)
    graphs = (set().union(*(p.graphs for p in inputs)) if inputs else set()) - {ONTOLOGY_GRAPH}
    quads: list[Quad] = list({q: None for parsed in inputs for q in parsed.quads})
    sizes = store.graph_sizes()
    report = ImportReport(inputs, dry_run=dry_run)
    report.replaced = {g: sizes[g] for g in graphs if g in sizes}
    for q in quads:
        report.written[q.graph_name.value] = report.written.get(q.graph_name.value, 0) + 1
    for parsed in inputs:
        if parsed.graph != ONTOLOGY_GRAPH:
            report.written.setdefault(parsed.graph, 0)
    if not dry_run and (graphs or quads):
        store.replace_graphs(graphs, quads)
    return report


def drop_graph(store: Store, graph: str) -> ImportReport:
    """Drop one named graph through the write path, so what is left must still pass the shapes.

    :raises BadInput: for the ontology graph (Parley's own) or a graph name that is no IRI.
    :raises NotFound: if the store holds no such graph.
    :raises ValidationError: if the rest of the store would break the shapes without it.
    """
    if graph == ONTOLOGY_GRAPH:
        raise BadInput(f"the ontology graph <{ONTOLOGY_GRAPH}> is Parley's own and cannot be dropped")
    try:
        NamedNode(graph)
    except ValueError:
        raise BadInput(f"{graph!r} is not a valid IRI for a graph") from None
    if not store.has_graph(graph):
        raise NotFound(f"no graph <{graph}>")
    return import_parsed(store, [ParsedInput(f"dropping <{graph}>", graph, [])])


def import_files(store: Store, paths: list[str], *, syntax: str | None = None, graph: str | None = None,
                 base: str | None = None, dry_run: bool = False, stdin=None) -> ImportReport:
    """Import files (``-`` for standard input): parse all, validate all, write all or nothing.

    Big files in the syntaxes pyoxigraph reads alone go into a staged copy of the whole store
    (see :func:`_import_staged`) with the same checks and messages, and no quad of them ever
    becomes a Python object; anything else is parsed in memory and written by
    :func:`import_parsed`.
    """
    staging = _staging_for(store, paths, syntax)
    if staging is not None:
        with staging:
            return _import_staged(store, staging, paths, syntax=syntax, graph=graph, base=base, dry_run=dry_run)
    return import_parsed(store, parse_inputs(paths, syntax=syntax, graph=graph, base=base, stdin=stdin),
                         dry_run=dry_run)


def _staging_for(store: Store, paths: list[str], syntax: str | None):
    """The store's staging for these files, if they are big enough and all can be bulk-loaded."""
    if STDIN in paths:
        return None
    try:
        syntaxes = [rdf_syntax(syntax) if syntax else rdf_syntax_for_path(p) for p in paths]
        size = sum(os.stat(p).st_size for p in paths)
    except (BadInput, OSError):
        return None  # the in-memory path gives the message
    if any(s.name not in STREAMING_SYNTAXES for s in syntaxes):
        return None
    return store.staging(size)


def _import_staged(store: Store, staging, paths: list[str], *, syntax: str | None, graph: str | None,
                   base: str | None, dry_run: bool) -> ImportReport:
    """:func:`import_files` for big files: each is bulk-loaded into the empty staged store, which
    is then checked for what Parley refuses (the ontology graph, redefinitions of its terms),
    completed with the rest of the store and validated whole — the store exactly as it would be
    after the write — and swapped in, or thrown away for a dry run or on any failure.

    Into a store that holds nothing but the ontology, the files are read twice at once instead:
    bulk-loaded on disk (one core) while an in-memory copy of the same store after the write is
    checked and validated (the other core), since queries on disk take twice as long.
    """
    _check_arguments(paths, graph)
    plan = [(path, rdf_syntax(syntax) if syntax else rdf_syntax_for_path(path), graph or default_graph_for(path),
             base if base is not None else Path(path).resolve().as_uri()) for path in paths]
    raw = staging.raw
    sizes = store.graph_sizes()
    if set(sizes) <= {ONTOLOGY_GRAPH}:
        inputs, owners, violations = _load_and_validate_in_memory(store, raw, plan)
    else:
        inputs, owners = _load_inputs(raw, plan, progress=getattr(store, "progress", None))
        _refuse_redefinitions(_staged_redefinitions(raw, owners))
        violations = None  # once the rest of the store is in
    graphs = set().union(*(p.graphs for p in inputs))
    written = {row["g"].value: int(row["n"].value) for row in
               raw.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    report = ImportReport(inputs, dry_run=dry_run)
    report.replaced = {g: sizes[g] for g in graphs if g in sizes}
    report.written = {g: written.get(g, 0) for g in graphs}
    staging.keep_rest(graphs)
    if violations is None:
        # The whole store after the write is checked, but only what the write touches may stop
        # it, as with the in-Python path: data already in the store is not this import's to fix.
        violations = [_owned(raw, v, owners) for v in validate_store(raw)
                      if _touched(v.focus, raw, store.raw, graphs)]
    if violations:
        raise ValidationError(violations)
    del raw  # the staged store must be closed to be swapped in: no reference may outlive this
    if not dry_run:
        staging.commit()
    return report


def _load_inputs(raw, plan, *, bulk: bool = True, progress=None) -> tuple[list[ParsedInput], dict[str, str]]:
    """Load every planned file into ``raw`` (an empty store), leaving out the ontology graph copy
    a dump carries (see :func:`drop_ontology_copy`); the inputs, and which one owns each graph.
    ``progress(bytes read, bytes in all)`` follows the reading, if given."""
    ontology = NamedNode(ONTOLOGY_GRAPH)
    inputs, owners = [], {}
    total, read_before = sum(_size(path) for path, *_ in plan), 0
    for path, chosen, target, base in plan:
        before = _count(raw, ontology)
        tick = (lambda n, at=read_before: progress(at + n, total)) if progress else None
        loaded = load_file(raw, path, chosen, label=path, graph=target, base=base, bulk=bulk, tick=tick)
        read_before += _size(path)
        parsed = ParsedInput(path, target, loaded_graphs=loaded - {ONTOLOGY_GRAPH})
        parsed.skipped_ontology = _count(raw, ontology) - before
        inputs.append(parsed)
        for g in sorted(parsed.graphs):
            owners.setdefault(g, path)
    raw.remove_graph(ontology)
    return inputs, owners


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # load_file says what is wrong with it


def _load_and_validate_in_memory(store: Store, raw, plan):
    """:func:`_load_inputs` into ``raw`` in a thread, while the same files plus the store's
    ontology (all the store will hold) are checked and validated in memory. An error of either
    is raised once both are done (the two give the same parse errors)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(_in_its_thread, _load_inputs, raw, plan, progress=getattr(store, "progress", None))
        try:
            memory = pyoxigraph.Store()
            _, owners = _load_inputs(memory, plan, bulk=False)
            _refuse_redefinitions(_staged_redefinitions(memory, owners))
            memory.extend(store.quads(ONTOLOGY_GRAPH))
            violations = [_owned(memory, v, owners) for v in validate_store(memory)]
            del memory
        finally:
            wait([loading])
        inputs, owners = loading.result()
    return inputs, owners, violations


def _in_its_thread(function, *args, **kwargs):
    """``function`` for a pool thread: an error it raises lets go of its pyoxigraph iterators there."""
    try:
        return function(*args, **kwargs)
    except BaseException as err:
        raise thread_free(err)  # noqa: B904 - the same error, its frames' locals cleared


def _count(raw, graph: NamedNode) -> int:
    return sum(1 for _ in raw.quads_for_pattern(None, None, None, graph))


def _staged_redefinitions(raw, owners: dict[str, str]) -> list[tuple[str, Quad]]:
    """:func:`_redefinitions` of a whole pyoxigraph store, its ontology graph left out: the
    distinct subjects are few next to the quads, and only those of Parley's namespace are
    looked at. ``owners`` names the input each graph comes from."""
    found = []
    ontology = NamedNode(ONTOLOGY_GRAPH)
    for row in raw.query("SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"):
        subject = row["s"]
        if isinstance(subject, NamedNode) and subject.value.startswith(NEG):
            found += [(_where(q.graph_name, owners), q)
                      for q in raw.quads_for_pattern(subject, None, None, None) if q.graph_name != ontology]
    return found


def _where(graph, owners: dict[str, str]) -> str:
    if isinstance(graph, DefaultGraph):
        return "the default graph"
    return owners.get(graph.value, f"<{graph.value}>")


def refuse_redefinitions_in(raw, before=None) -> None:
    """Refuse a pyoxigraph store (e.g. a scratch copy after a SPARQL update) that says anything
    about Parley's own terms outside the ontology graph (see :func:`_refuse_redefinitions`), in
    any graph or the default graph; with ``before`` (the store as it was), only what is new.

    :raises BadInput: naming the first such triple and its graph.
    """
    found = _staged_redefinitions(raw, {})
    if before is not None:
        found = [(where, q) for where, q in found if q not in before]
    _refuse_redefinitions(found)


def _touched(focus: str, after, before, graphs: set[str]) -> bool:
    """Whether a write of ``graphs`` touches the node ``focus`` names: it is described in one of
    them, before or after the write, or one of its classes is (see :func:`_store_context`)."""
    term = _focus_term(focus)
    if term is None:
        return True
    written = [NamedNode(g) for g in graphs]
    if any(next(iter(s.quads_for_pattern(term, None, None, g)), None) for s in (after, before) for g in written):
        return True
    classes = {q.object for q in after.quads_for_pattern(term, NamedNode(RDF + "type"), None, None)}
    return any(next(iter(after.quads_for_pattern(c, None, None, g)), None) for c in classes for g in written
               if isinstance(c, NamedNode))


def _focus_term(focus: str):
    return (NamedNode(focus[1:-1]) if focus.startswith("<") else
            BlankNode(focus[2:]) if focus.startswith("_:") else None)


def _owned(raw, v: Violation, owners: dict[str, str]) -> Violation:
    """A violation of the staged store, named after the input whose graph describes its focus."""
    term = _focus_term(v.focus)
    source = "already in the store"
    if term is not None:
        for q in raw.quads_for_pattern(term, None, None, None):
            if q.graph_name.value in owners:
                source = owners[q.graph_name.value]
                break
    return Violation(v.focus, v.message, v.path, v.value, v.shape, source)
