"""networkx -> RDF -> files -> RDF: isomorphic, valid, with stable IRIs."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kgraph.errors import ExportError
from kgraph.rdf.export import (
    FORMATS,
    entity_iri,
    iri_segment,
    load_rdf,
    sentence_iri,
    serialize,
    to_rdf,
    validate,
    write_rdf,
)
from kgraph.rdf.ontology import KG

from rdf_fixtures import S_REVENUE, sample_graph


@pytest.fixture(scope="module")
def rdf_graph() -> Graph:
    return to_rdf(sample_graph())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_is_isomorphic(rdf_graph, tmp_path, fmt):
    path = write_rdf(sample_graph(), tmp_path / f"graph{FORMATS[fmt][1]}", format=fmt)
    back = load_rdf(path)
    assert len(back) == len(rdf_graph)
    assert isomorphic(rdf_graph, back)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed away


def test_plain_rdflib_parser_reads_turtle(rdf_graph, tmp_path):
    path = write_rdf(rdf_graph, tmp_path / "g.ttl")
    assert len(Graph().parse(path, format="turtle")) == len(rdf_graph)


def test_serialization_is_deterministic():
    a = serialize(to_rdf(sample_graph()), "turtle")
    assert a == serialize(to_rdf(sample_graph()), "turtle")


def test_chinese_text_with_quotes_and_markup_survives(rdf_graph, tmp_path):
    doc, text, start, end = S_REVENUE
    for fmt in FORMATS:
        back = load_rdf(write_rdf(rdf_graph, tmp_path / f"g{FORMATS[fmt][1]}"))
        assert str(back.value(sentence_iri(doc, start, end), KG.text)) == text
    assert '"' in text and "<b>" in text and "&" in text


def test_shacl_conforms_on_good_graph(rdf_graph):
    report = validate(rdf_graph)
    assert report.conforms, report.text
    assert report.violations == 0
    assert report.summary() == "SHACL: conforms"


def test_shacl_condition_without_operator_violates():
    G = sample_graph()
    del G.nodes["LoanCondition:年销售收入 >= 1000000 CNY"]["op"]
    report = validate(to_rdf(G))
    assert not report.conforms
    assert report.violations >= 1
    assert "operator" in report.text


def test_shacl_between_without_max_and_wrong_range_violate():
    G = sample_graph()
    G.nodes["LoanCondition:法定代表人年龄 between 18..65 age"]["value_max"] = None
    G.add_edge(
        "Organization:微众银行",
        "Industry:制造业",
        key="offers",
        relation="offers",
        source="text",
        evidence=[],
    )
    report = validate(to_rdf(G))
    assert report.violations >= 3  # no valueMax; object not a LoanProduct; text without sentence


def test_iris_are_deterministic_readable_and_distinct():
    assert entity_iri("Region", "云南省") == entity_iri("Region", "云南省")
    assert str(entity_iri("Region", "云南省")) == "https://kgraph.example.org/entity/Region/云南省"
    labels = [
        "a b",
        "a%20b",
        "a/b",
        "a%2Fb",
        "年销售收入 >= 1000000 CNY",
        "年销售收入 > 1000000 CNY",
        "昆明",
        "昆明市",
        "x\u3000y",
        "x y",
    ]
    iris = {entity_iri("LoanCondition", lab) for lab in labels}
    assert len(iris) == len(labels)
    for iri in iris:
        ox.NamedNode(str(iri))  # a valid IRI per RFC 3987
    assert iri_segment("云南省") == "云南省"
    other = entity_iri("Region", "云南省", base="https://example.com/kg/")
    assert str(other) == "https://example.com/kg/entity/Region/云南省"


def test_typed_values_and_provenance(rdf_graph):
    cond = entity_iri("LoanCondition", "年销售收入 >= 1000000 CNY")
    value = rdf_graph.value(cond, KG.value)
    assert value.datatype == XSD.decimal and value.toPython() == 1000000
    grade = entity_iri("LoanCondition", "纳税信用等级 >= B grade")
    assert str(rdf_graph.value(grade, KG.valueText)) == "B"
    bank = entity_iri("Organization", "微众银行")
    assert (bank, RDF.type, KG.Bank) in rdf_graph
    gazetteer = [
        a for a in rdf_graph.subjects(KG.provenance, Literal("gazetteer", datatype=XSD.string))
    ]
    assert len(gazetteer) == 2
    assert all(rdf_graph.value(a, PROV.wasDerivedFrom) is None for a in gazetteer)


def test_unknown_class_or_relation_or_format_raises(tmp_path):
    G = nx.MultiDiGraph(documents={})
    G.add_node("Planet:火星", cls="Planet", label="火星")
    with pytest.raises(ExportError):
        to_rdf(G)
    G = sample_graph()
    G.add_edge("Region:昆明市", "Region:云南省", key="near", relation="near", source="text")
    with pytest.raises(ExportError):
        to_rdf(G)
    with pytest.raises(ExportError):
        write_rdf(sample_graph(), tmp_path / "g.ttl", format="rdfxml")
    with pytest.raises(ExportError):
        to_rdf(sample_graph(), base="not a base")


def _reference_ntriples(graph: Graph) -> bytes:
    # The order serialize promises, the slow way: sort term by term in Python.
    def term(t):
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            dt = ox.NamedNode(str(t.datatype)) if t.datatype else None
            return ox.Literal(str(t), datatype=dt)
        return ox.BlankNode(str(t)) if isinstance(t, BNode) else ox.NamedNode(str(t))

    rdf_type = ox.NamedNode(str(RDF.type))
    triples = sorted(
        (ox.Triple(term(s), term(p), term(o)) for s, p, o in graph),
        key=lambda t: (str(t.subject), t.predicate != rdf_type, str(t.predicate), str(t.object)),
    )
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def test_serialization_order_and_stores_agree(rdf_graph):
    nt = serialize(rdf_graph, "nt")
    assert nt == _reference_ntriples(rdf_graph)
    lines = nt.decode().splitlines()
    first = [line for line in lines if line.startswith(lines[0].split()[0] + " ")]
    assert " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in first[0]
    oxigraph = to_rdf(sample_graph(), store="Oxigraph")  # read natively from the store
    for fmt in FORMATS:
        assert serialize(oxigraph, fmt) == serialize(rdf_graph, fmt), fmt


def test_conversion_and_validation_report_their_steps():
    G = sample_graph()
    ticks = []
    g = to_rdf(G, progress=ticks.append)
    assert len(ticks) == G.number_of_nodes() + G.number_of_edges()
    checks = []
    assert validate(g, progress=checks.append).conforms
    assert len(checks) > 20  # one per constraint query
