import json

import networkx as nx
import pytest

from kgraph.api import build
from kgraph.graph import read_json, write_graphml, write_json
from kgraph.types import ENTITY_CLASSES, RELATIONS


def test_graph_nodes_follow_the_contract(sample_kg):
    G = sample_kg.graph
    for node, d in G.nodes(data=True):
        assert node == f"{d['cls']}:{d['label']}"
        assert d["cls"] in ENTITY_CLASSES
        assert d["aliases"] == sorted(d["aliases"]) and d["label"] not in d["aliases"]
        assert d["docs"] == sorted(d["docs"])
        if d["cls"] == "LoanCondition":
            assert {"metric", "op", "value", "unit", "window"} <= d.keys()
    for _, _, k, d in G.edges(keys=True, data=True):
        assert k == d["relation"] in RELATIONS
        assert d["source"] in ("text", "structure", "gazetteer")
        assert d["evidence"] or d["source"] == "gazetteer"


def test_graph_evidence_sentences_are_in_their_documents(sample_kg):
    texts = {ex.doc.id: ex.doc.text for ex in sample_kg.extractions}
    for _, d in sample_kg.graph.nodes(data=True):
        for ev in d["evidence"]:
            assert texts[ev["doc"]][ev["start"] : ev["end"]] == ev["sentence"]


def test_graph_region_hierarchy(sample_kg):
    assert sample_kg.graph.has_edge("Region:昆明市", "Region:云南省", key="partOf")


def test_graph_build_is_deterministic(tmp_path, sample_kg):
    from conftest import CORPUS

    again = build([CORPUS])
    a, b = (
        write_json(sample_kg.graph, tmp_path / "a.json"),
        write_json(again.graph, tmp_path / "b.json"),
    )
    assert a.read_bytes() == b.read_bytes()


def test_graph_json_round_trip(tmp_path, sample_kg):
    path = write_json(sample_kg.graph, tmp_path / "graph.json")
    G = read_json(path)
    assert nx.utils.graphs_equal(G, sample_kg.graph)


def test_graph_graphml_is_readable(tmp_path, sample_kg):
    path = write_graphml(sample_kg.graph, tmp_path / "graph.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.number_of_nodes() == sample_kg.graph.number_of_nodes()
    assert (
        json.loads(H.nodes["Region:云南省"]["aliases"])
        == sample_kg.graph.nodes["Region:云南省"]["aliases"]
    )


def test_graph_failed_write_keeps_the_old_file(tmp_path, sample_kg):
    from kgraph.graph import atomic_write

    target = tmp_path / "graph.json"
    target.write_text("old", encoding="utf-8")

    def boom(p):
        p.write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        atomic_write(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_parts_of_chunks_merged_in_order_build_the_same_graph():
    """The graph assembled as a merge of per-partition aggregates equals the whole build,
    for any split of the corpus into consecutive chunks."""
    from kgraph.api import extract
    from kgraph.graph import build_graph, graph_from_parts, graph_parts, to_node_link

    from conftest import CORPUS, ROOT

    exs = extract([ROOT / "data" / "dev", ROOT / "data" / "test", CORPUS])
    whole = to_node_link(build_graph(exs))
    for size in (1, 2, 5, len(exs) - 1):
        chunks = [exs[i : i + size] for i in range(0, len(exs), size)]
        parts = graph_parts(chunks[0])
        for chunk in chunks[1:]:
            parts.merge(graph_parts(chunk))
        assert to_node_link(graph_from_parts(parts)) == whole
    assert len(whole["nodes"]) > 200
