"""Counts that tell what a store holds."""

from __future__ import annotations

from dataclasses import dataclass

from .query import run_named
from .store import Store
from .vocab import ONTOLOGY_GRAPH, compact


@dataclass
class Stats:
    quads: int
    graphs: dict[str, int]
    totals: dict[str, str]
    kinds: dict[str, int]

    def render(self) -> str:
        lines = [f"quads       {self.quads}", f"graphs      {len(self.graphs)}"]
        for key in ("statements", "actors", "topics", "sources"):
            lines.append(f"{key:<11} {self.totals.get(key, '0')}")
        if self.totals.get("drafts", "0") != "0":
            lines.append(f"drafts      {self.totals['drafts']} awaiting review (not in the statements above)")
        if self.totals.get("first"):
            lines.append(f"dates       {self.totals['first']} … {self.totals['last']}")
        lines.append("")
        lines.append("statements by kind:")
        lines += [f"  {k:<20} {n}" for k, n in self.kinds.items() if n]
        lines.append("")
        lines.append("graphs:")
        lines += [f"  {n:>8}  <{g}>" + ("  (ontology)" if g == ONTOLOGY_GRAPH else "")
                  for g, n in sorted(self.graphs.items())]
        return "\n".join(lines) + "\n"


def collect(store: Store) -> Stats:
    """Quads, graphs, statements, actors, sources, topics and the dates covered."""
    graphs = store.graph_sizes()
    row = next(iter(run_named(store, "record-summary")))
    totals = {k: (row[k].value if row[k] is not None else "") for k in
              ("statements", "drafts", "actors", "sources", "topics", "first", "last")}
    kinds = {compact(r["kind"].value): int(r["statements"].value) for r in run_named(store, "statement-kinds")}
    return Stats(sum(graphs.values()), graphs, totals, kinds)
