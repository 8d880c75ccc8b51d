"""Behaviour of the public Python API (kgraph.build, load, extract_text, KnowledgeGraph)."""

from __future__ import annotations

import html
import json
import subprocess
import sys

import pandas as pd
import pytest
from rdflib import Graph

import kgraph
from kgraph.types import ENTITY_CLASSES

from conftest import ROOT

GOLD = ROOT / "data" / "gold" / "seed.jsonl"


# ------------------------------------------------------------------- package surface


def test_public_names_resolve():
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None, name
    assert kgraph.build is kgraph.api.build
    assert issubclass(kgraph.QueryError, kgraph.KGraphError)
    assert kgraph.__version__[0].isdigit()
    with pytest.raises(AttributeError):
        kgraph.no_such_name  # noqa: B018


def test_import_is_light():
    code = (
        "import sys, kgraph\n"
        "heavy = [m for m in ('kgraph.api', 'spacy', 'pandas', 'rdflib', 'networkx')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ------------------------------------------------------------------- build


def test_build_has_every_class(sample_kg):
    assert len(sample_kg.extractions) == 5
    counts = sample_kg.counts()
    assert set(ENTITY_CLASSES) <= set(counts), counts
    assert all(counts[c] > 0 for c in ENTITY_CLASSES)
    assert sum(counts.values()) == sample_kg.graph.number_of_nodes()
    assert sample_kg.entities("LoanProduct") == sorted(sample_kg.entities("LoanProduct"))


def test_evidence_of_yunnan_mentions_yunnan(sample_kg):
    evidence = sample_kg.evidence("云南省")
    assert evidence
    assert any("云南" in e["sentence"] for e in evidence)
    texts = {ex.doc.id: ex.doc.text for ex in sample_kg.extractions}
    for e in evidence:  # offsets point at the sentence in its document
        assert texts[e["doc"]][e["start"] : e["end"]] == e["sentence"]


def test_evidence_of_an_edge_and_unknown_label(sample_kg):
    ev = sample_kg.evidence("微众银行", "offers", "企业贷款")
    assert ev and all("微众银行" in e["sentence"] for e in ev)
    assert sample_kg.evidence("微众银行", "offers", "营业执照 has") == []
    with pytest.raises(KeyError):
        sample_kg.evidence("不存在的实体")


def test_node_finds_aliases(sample_kg):
    node = sample_kg.node("云南省")
    for alias in sample_kg.graph.nodes[node]["aliases"]:
        assert sample_kg.node(alias, "Region") == node


# ------------------------------------------------------------------- frames and trees


def test_frame_and_edges_frame(sample_kg):
    nodes = sample_kg.frame()
    assert len(nodes) == sample_kg.graph.number_of_nodes()
    assert {"id", "label", "cls", "aliases", "count", "docs", "sentences"} <= set(nodes.columns)
    conditions = sample_kg.frame("LoanCondition")
    assert set(conditions.cls) == {"LoanCondition"}
    assert {"metric", "op", "value", "unit"} <= set(conditions.columns)
    edges = sample_kg.edges_frame()
    assert len(edges) == sample_kg.graph.number_of_edges()
    assert set(edges.relation) >= {"requires", "partOf", "offers"}
    assert set(edges.source) <= {"text", "structure", "gazetteer"}


def test_tree_and_neighbourhood(sample_kg):
    regions = sample_kg.tree("partOf")
    assert "云南省" in regions and "昆明市" in regions["云南省"]
    risks = sample_kg.tree("subCategoryOf")
    assert risks and all(isinstance(v, dict) for v in risks.values())
    sub = sample_kg.neighbourhood("云南省", depth=1)
    assert sample_kg.node("云南省") in sub
    assert sample_kg.node("昆明市") in sub
    with pytest.raises(kgraph.KGraphError):
        sample_kg.neighbourhood("不存在的实体")


# ------------------------------------------------------------------- save and load


def test_load_round_trip(sample_kg, tmp_path):
    written = sample_kg.save(tmp_path)
    assert set(written) == {"graph.json", "graph.graphml", "extractions.jsonl"}
    again = kgraph.load(tmp_path)
    G, H = sample_kg.graph, again.graph
    assert dict(H.nodes(data=True)) == json.loads(json.dumps(dict(G.nodes(data=True))))
    assert sorted(H.edges(keys=True, data=True), key=str) == sorted(
        G.edges(keys=True, data=True), key=str
    )
    assert H.graph["documents"] == G.graph["documents"]
    assert kgraph.load(tmp_path / "graph.json").graph.number_of_nodes() == G.number_of_nodes()
    # Scores of the loaded graph come from extractions.jsonl and equal the built graph's.
    pd.testing.assert_frame_equal(again.evaluate(GOLD), sample_kg.evaluate(GOLD))


def test_evaluate_needs_extractions(sample_kg, tmp_path):
    sample_kg.save(tmp_path)
    (tmp_path / "extractions.jsonl").unlink()
    with pytest.raises(kgraph.KGraphError, match="extractions"):
        kgraph.load(tmp_path).evaluate(GOLD)


# ------------------------------------------------------------------- SPARQL


def test_query_returns_dataframe(sample_kg):
    df = sample_kg.query("loan-conditions")
    assert isinstance(df, pd.DataFrame)
    assert len(df) > 10
    assert {"product", "metric", "operator", "value"} <= set(df.columns)
    numbers = df.value.dropna()
    assert len(numbers) and all(isinstance(v, float) for v in numbers)
    bound = sample_kg.query("loan-conditions", product="企业贷款")
    assert len(bound) and set(bound["product"]) == {"企业贷款"}
    assert sample_kg.query("loan-conditions", product='x" } DROP ALL #').empty


def test_query_without_prefix_lines(sample_kg):
    regions = sample_kg.query("SELECT ?r ?l WHERE { ?r a kg:Region ; rdfs:label ?l }")
    assert len(regions) == sample_kg.counts()["Region"]
    assert sample_kg.query("ASK { ?r a kg:Region ; skos:altLabel|rdfs:label ?l }") is True


def test_query_text_ask_construct_and_errors(sample_kg):
    prefix = "PREFIX kg: <https://kgraph.example.org/ontology#>\n"
    regions = sample_kg.query(prefix + "SELECT ?r WHERE { ?r a kg:Region }")
    assert len(regions) == sample_kg.counts()["Region"]
    assert sample_kg.query(prefix + "ASK { ?r a kg:Region }") is True
    built = sample_kg.query(prefix + "CONSTRUCT { ?r a kg:Region } WHERE { ?r a kg:Region }")
    assert isinstance(built, Graph) and len(built) == len(regions)
    with pytest.raises(kgraph.QueryError):
        sample_kg.query("SELECT WHERE {")


# ------------------------------------------------------------------- extract_text


def test_extract_text_conditions():
    ex = kgraph.extract_text(
        "申请企业需成立满2年,年销售收入不低于300万元,近6个月无逾期记录。",
        title="示例银行经营贷款申请条件",
    )
    found = {(c.op, c.value, c.unit) for c, _ in ex.conditions}
    assert (">=", 24.0, "month") in found
    assert (">=", 3000000.0, "CNY") in found
    assert any(c.op == "not_has" for c, _ in ex.conditions)
    for _, ev in ex.conditions:  # evidence offsets point into title + text
        assert ex.doc.text[ev.start : ev.end] == ev.sentence
    requires = {(r.head.label, r.tail.label) for r in ex.relations if r.relation == "requires"}
    assert {c.label for c, _ in ex.conditions} <= {tail for _, tail in requires}


# ------------------------------------------------------------------- evaluation


def test_evaluate_and_errors_agree(sample_kg):
    scores = sample_kg.evaluate(GOLD)
    assert list(scores.columns) == ["precision", "recall", "f1", "tp", "fp", "fn"]
    assert {"entities", "conditions", "relations", "LoanCondition"} <= set(scores.index)
    rates = scores[["precision", "recall", "f1"]]
    assert ((rates >= 0) & (rates <= 1)).all().all()
    errors = sample_kg.errors(GOLD)
    per_row = errors.groupby(["row", "kind"]).size()
    for row in scores.index.drop(["entities", "conditions", "relations"]):
        assert per_row.get((row, "missed"), 0) == scores.loc[row, "fn"]
        assert per_row.get((row, "wrong"), 0) == scores.loc[row, "fp"]


# ------------------------------------------------------------------- views


def test_view_html_and_show(sample_kg, tmp_path):
    path = sample_kg.view(tmp_path / "v.html", focus="云南省", depth=1)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    page = sample_kg.html(types="Region", title="地区")
    assert "云南省" in page
    shown = sample_kg.show(types="Region", height=400)._repr_html_()
    assert shown.startswith('<div><iframe srcdoc="')
    attr = shown.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in attr and '"' not in attr  # the whole page is escaped into the attribute
    assert html.unescape(attr) == sample_kg.html(types="Region")
