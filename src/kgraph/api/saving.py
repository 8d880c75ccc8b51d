"""Writing a built graph's files: what :meth:`kgraph.api.KnowledgeGraph.save` does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.extract.document import to_gold_format
from kgraph.graph import atomic_write, write_graphml, write_json

#: The files :func:`save_files` may write.
OUTPUTS = (
    "graph.json", "graph.graphml", "extractions.jsonl", "graph.ttl", "shacl-report.txt",
    "graph.html",
)  # fmt: skip

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph, Stage


def save_files(
    kg: KnowledgeGraph,
    out: Path,
    *,
    rdf: bool,
    html: bool,
    base: str | None,
    validate: bool,
    stage: Stage,
) -> dict[str, Path]:
    """Write ``kg``'s files into ``out`` (see :meth:`~kgraph.api.KnowledgeGraph.save`).

    Temporary files a killed build left behind (``.graph.json.*`` and the like) go first.
    """
    for name in OUTPUTS:
        for stale in out.glob(f".{name}.*"):
            stale.unlink(missing_ok=True)
    written: dict[str, Any] = {}
    with stage("write graph files"):
        written |= {
            "graph.json": write_json(kg.graph, out / "graph.json"),
            "graph.graphml": write_graphml(kg.graph, out / "graph.graphml"),
        }
        records = [to_gold_format(ex) for ex in kg.extractions] or kg.predictions
        if records:
            lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
            text = "\n".join(lines) + "\n"
            written["extractions.jsonl"] = atomic_write(
                out / "extractions.jsonl", lambda p: p.write_text(text, encoding="utf-8")
            )
    if rdf:
        from kgraph.rdf.export import DEFAULT_BASE, to_rdf, write_rdf
        from kgraph.rdf.export import validate as validate_rdf

        steps = kg.graph.number_of_nodes() + kg.graph.number_of_edges()
        with stage("RDF", total=steps) as tick:
            if base is None and kg._rdf is not None:
                graph = kg._rdf
            else:
                graph = to_rdf(kg.graph, base=base or DEFAULT_BASE, store="Oxigraph", progress=tick)
                if base is None:
                    kg._rdf = graph
        if validate:
            with stage("SHACL") as tick:
                kg.shacl = validate_rdf(graph, progress=tick)
            report = kg.shacl.text
        else:
            kg.shacl = None
            report = "SHACL validation skipped (kgraph build --no-validate)\n"
        with stage("write RDF"):
            written["graph.ttl"] = write_rdf(graph, out / "graph.ttl", format="turtle")
            written["shacl-report.txt"] = atomic_write(
                out / "shacl-report.txt", lambda p: p.write_text(report, encoding="utf-8")
            )
    if html:
        with stage("HTML"):
            written["graph.html"] = kg.view(out / "graph.html", title="kgraph")
    return written
