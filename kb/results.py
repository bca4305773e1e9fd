"""Write query answers as a person or a program wants them: a table, CSV, TSV, JSON, XML, Turtle."""

from __future__ import annotations

import shutil
from typing import IO

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, RdfFormat, serialize

from .answers import kind_of
from .errors import BadInput
from .formats import RESULT_SYNTAXES, rdf_syntax, result_syntax
from .vocab import PREFIXES, compact

RESULT_FORMATS = ("table",) + tuple(s.name for s in RESULT_SYNTAXES)
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")



def write_result(result, fmt: str | None, out: IO[bytes]) -> None:
    """Write any query result in ``fmt`` (``None`` picks table or Turtle).

    :raises BadInput: when the format does not fit the kind of result.
    """
    kind = kind_of(result)
    if kind == "graph":
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise BadInput(f"a CONSTRUCT or DESCRIBE answer is a graph: use --format {' or '.join(GRAPH_FORMATS)}")
        syntax = rdf_syntax(fmt)
        prefixes = PREFIXES if syntax.oxigraph in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
        serialize(result, out, format=syntax.oxigraph, prefixes=prefixes)
        return
    fmt = fmt or "table"
    if fmt in GRAPH_FORMATS:
        raise BadInput(f"the answer to {'an ASK' if kind == 'ask' else 'a SELECT'} query is not a graph: "
                       f"use --format {', '.join(RESULT_FORMATS)}")
    if fmt == "table":
        out.write(render_table(result).encode("utf-8"))
        return
    result.serialize(out, format=result_syntax(fmt).oxigraph)


def show_term(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values, dates as written."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def render_table(result, width: int | None = None) -> str:
    """An aligned text table, or, when that would not fit the terminal, one block per row
    (``column: value`` lines, like psql's expanded display): nothing is ever cut."""
    if isinstance(result, QueryBoolean):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[show_term(row[name]).replace("\n", " ") for name in names] for row in result]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    limit = width or shutil.get_terminal_size((160, 20)).columns
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
    if sum(widths) + 2 * (len(widths) - 1) <= limit:
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"
        return line(names) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows) + count
    label = max(len(n) for n in names)
    blocks = []
    for number, r in enumerate(rows, 1):
        block = f"-[ {number} ]" + "-" * max(0, min(limit, 40) - len(str(number)) - 5) + "\n"
        block += "".join(f"{n.ljust(label)} | {c}\n" for n, c in zip(names, r, strict=True) if c)
        blocks.append(block)
    return "".join(blocks) + count
