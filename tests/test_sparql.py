"""Each saved query returns the right rows on the hand-built sample graph."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Literal

from kgraph.errors import QueryError
from kgraph.rdf.export import to_rdf, write_rdf
from kgraph.rdf.sparql import (
    format_result,
    query_description,
    query_summary,
    run_query,
    saved_queries,
    with_prefixes,
)

from rdf_fixtures import sample_graph


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory):
    return write_rdf(sample_graph(), tmp_path_factory.mktemp("rdf") / "graph.ttl")


def rows(graph, name, **bindings):
    result = run_query(graph, name, bindings=bindings)
    return [{str(k): v.toPython() for k, v in row.asdict().items()} for row in result]


def test_every_saved_query_has_a_header():
    queries = saved_queries()
    assert set(queries) == {
        "loan-conditions",
        "revenue-thresholds",
        "region-enterprises",
        "risks-by-category",
        "entity-facts",
        "compare-metric",
    }
    for text in queries.values():
        assert query_description(text)


def test_conditions_of_a_product(graph_path):
    got = rows(graph_path, "loan-conditions", product="企业贷款")
    assert [r["condition"] for r in got] == [
        "年销售收入 >= 1000000 CNY",
        "当前逾期贷款 not_has",
        "法定代表人年龄 between 18..65 age",
        "注册时间 >= 12 month",
        "纳税信用等级 >= B grade",
    ]
    revenue = got[0]
    assert revenue["value"] == Decimal("1000000") and revenue["unit"] == "CNY"
    assert revenue["window"] == "12 month" and revenue["operator"] == ">="
    age = got[2]
    assert (age["value"], age["valueMax"]) == (Decimal(18), Decimal(65))
    assert got[4]["valueText"] == "B" and "value" not in got[4]
    assert len(rows(graph_path, "loan-conditions")) == 7  # unbound: every product


def test_revenue_thresholds(graph_path):
    got = rows(graph_path, "revenue-thresholds")
    assert [(r["productLabel"], r["metric"], r["value"]) for r in got] == [
        ("企业贷款", "年销售收入", Decimal(1000000)),
        ("纯信用贷款", "主营业务收入", Decimal(5000000)),
    ]


def test_enterprises_and_industries_in_region_with_subregions(graph_path):
    got = rows(graph_path, "region-enterprises", region="云南省")
    assert [(r["entityLabel"], r["class"], r["placeLabel"]) for r in got] == [
        ("中小企业", "EnterpriseType", "滇中城市群"),
        ("制造业", "Industry", "昆明市"),
        ("富滇银行", "Organization", "昆明市"),
    ]
    assert [r["entityLabel"] for r in rows(graph_path, "region-enterprises", region="昆明市")] == [
        "制造业",
        "富滇银行",
    ]
    assert rows(graph_path, "region-enterprises", region="五华区") == []


def test_risks_by_category(graph_path):
    got = rows(graph_path, "risks-by-category")
    assert [(r["category"], r["riskLabel"], r["subjectLabel"]) for r in got] == [
        ("合规风险", "合规风险", "中小企业"),
        ("经营风险", "财务风险", "中小企业"),
        ("财务风险", "财务风险", "中小企业"),
    ]
    only = rows(graph_path, "risks-by-category", category="经营风险")
    assert [(r["riskLabel"], r["class"]) for r in only] == [("财务风险", "EnterpriseType")]


def test_every_fact_about_an_entity_with_evidence(graph_path):
    got = rows(graph_path, "entity-facts", entity="昆明市")
    assert [(r["subjectLabel"], r["relation"], r["objectLabel"], r["provenance"]) for r in got] == [
        ("制造业", "concentratedIn", "昆明市", "text"),
        ("富滇银行", "locatedIn", "昆明市", "text"),
        ("五华区", "partOf", "昆明市", "gazetteer"),
        ("昆明市", "partOf", "云南省", "gazetteer"),
    ]
    bank = got[1]
    assert bank["sentence"] == "富滇银行位于昆明市。"
    assert (bank["start"], bank["end"]) == (45, 55)
    assert bank["title"] == "云南中小企业发展与风险" and bank["source"] == "zhihu.com"
    assert "sentence" not in got[2]  # the gazetteer knows it: no sentence
    webank = rows(graph_path, "entity-facts", entity="微众银行")
    assert {r["date"].isoformat() for r in webank} == {"2023-05-12"}


def test_same_rows_on_memory_graph_and_file(graph_path):
    memory = to_rdf(sample_graph())
    for name in saved_queries():
        assert rows(memory, name) == rows(graph_path, name), name


def test_binding_is_not_string_formatting(graph_path):
    # A value full of SPARQL syntax is just a value: no rows, no error, no injection.
    evil = '企业贷款" } UNION { ?s ?p ?o } #'
    assert rows(graph_path, "loan-conditions", product=evil) == []


def test_formats(graph_path):
    result = run_query(graph_path, "revenue-thresholds")
    table = format_result(result, "table")
    assert "年销售收入" in table and "(2 rows)" in table
    data = json.loads(format_result(result, "json"))
    assert len(data["results"]["bindings"]) == 2
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0].startswith("productLabel,metric,operator,value")
    ask = run_query(graph_path, "ASK { ?s ?p ?o }")
    assert "true" in format_result(ask)
    with pytest.raises(QueryError):
        format_result(result, "xml")


def test_malformed_query_raises(graph_path):
    with pytest.raises(QueryError):
        run_query(graph_path, "SELECT ?x WHERE { ?x")


# ------------------------------------------------------------------- prefixes

UNDECLARED = "SELECT ?label WHERE { ?r a kg:Region ; rdfs:label ?label } ORDER BY ?label"
REGIONS = ["云南省", "五华区", "昆明市", "滇中城市群"]


def test_with_prefixes_adds_only_what_is_used_and_undeclared():
    q = with_prefixes(UNDECLARED)
    assert q.splitlines()[0] == (
        "PREFIX kg: <https://kgraph.example.org/ontology#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    )
    assert q.endswith(UNDECLARED)
    own = "PREFIX kg: <urn:mine#>\nASK { ?s kg:p ?o }"
    assert with_prefixes(own) == own  # a declared prefix keeps its declaration
    lower = 'prefix kg: <urn:k#> ASK { ?s kg:p "rdfs:x" }'
    assert with_prefixes(lower) == lower  # PREFIX in any case counts
    # Names in IRIs, strings and comments are not uses; unknown prefixes are left alone.
    text = "ASK { <http://x/rdfs:y> ?p \"owl:Thing\", '''xsd:int''' } # skos:note\n"
    assert with_prefixes(text) == text
    assert with_prefixes("ASK { ?s ex:p ?o }") == "ASK { ?s ex:p ?o }"
    every = with_prefixes(
        "ASK { ?s rdf:type owl:Class ; rdfs:label ?l ; skos:altLabel ?a ; prov:x ?p ;"
        " dcterms:date ?d ; kg:value ?v FILTER(datatype(?v) = xsd:decimal) }"
    )
    for prefix in ("kg", "rdf", "rdfs", "xsd", "owl", "skos", "prov", "dcterms"):
        assert f"PREFIX {prefix}: " in every


def _labels(result):
    return [str(row.label) for row in result]


def test_undeclared_prefixes_work_on_every_input(graph_path):
    memory = to_rdf(sample_graph())  # rdflib's memory store: copied into Oxigraph
    oxigraph = to_rdf(sample_graph(), store="Oxigraph")
    for graph in (graph_path, str(graph_path), memory, oxigraph):
        assert _labels(run_query(graph, UNDECLARED)) == REGIONS, type(graph)
    # A query declaring its own prefixes is untouched.
    own = "PREFIX kg: <https://kgraph.example.org/ontology#>\n" + UNDECLARED
    assert _labels(run_query(memory, own)) == REGIONS


def test_memory_graph_keeps_its_own_bindings():
    from rdflib import URIRef

    memory = to_rdf(sample_graph())
    memory.bind("ex", "urn:example#")
    memory.add((URIRef("urn:example#a"), URIRef("urn:example#p"), Literal("滇中")))
    got = run_query(memory, "SELECT ?label WHERE { ex:a ex:p ?label }")
    assert _labels(got) == ["滇中"]


def test_saved_query_lookup_matches_label_exactly(graph_path):
    # The label is matched as the literal "…"@zh: no substring and no other language.
    assert rows(graph_path, "loan-conditions", product="企业") == []
    assert rows(graph_path, "entity-facts") == []  # the entity is required
    assert len(rows(graph_path, "region-enterprises")) >= 3  # unbound: every region


def test_query_summary_is_one_line():
    for text in saved_queries().values():
        summary = query_summary(text)
        assert summary and "\n" not in summary and summary.endswith(".")
    assert query_summary("# Conditions of a product.\n#   ?product  a label\nASK {}") == (
        "Conditions of a product."
    )


def test_cli_list_prints_one_line_per_query(graph_path):
    from click.testing import CliRunner

    from kgraph.cli import main

    out = CliRunner().invoke(main, ["query", str(graph_path), "--list"]).output
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(saved_queries())
    assert lines[2].split(None, 1)[1] == query_summary(saved_queries()["loan-conditions"])
