"""Counts that tell what a store holds."""

from __future__ import annotations

from dataclasses import dataclass

from .query import run_named
from .store import Store
from .vocab import NEG, ONTOLOGY_GRAPH, compact

_TOTALS = f"""
SELECT (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?a) AS ?actors)
       (COUNT(DISTINCT ?src) AS ?sources) (COUNT(DISTINCT ?t) AS ?topics)
       (MIN(?d) AS ?first) (MAX(?d) AS ?last)
WHERE {{
  {{ ?s a ?k . ?k <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{NEG}Statement> .
     OPTIONAL {{ ?s <{NEG}earliest>|<{NEG}latest> ?dt BIND(SUBSTR(STR(?dt), 1, 10) AS ?d) }} }}
  UNION {{ ?a a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{NEG}Actor> }}
  UNION {{ ?src a <{NEG}Source> }}
  UNION {{ ?t a <{NEG}Topic> }}
}}"""


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
    row = next(iter(store.query(_TOTALS)))
    totals = {k: (row[k].value if row[k] is not None else "") for k in
              ("statements", "actors", "sources", "topics", "first", "last")}
    kinds = {compact(r["kind"].value): int(r["statements"].value) for r in run_named(store, "statement-kinds")}
    return Stats(sum(graphs.values()), graphs, totals, kinds)
