"""kgraph's SPARQL SHACL engine finds exactly what pyshacl finds, on good and broken graphs."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kgraph.errors import ExportError
from kgraph.rdf.export import entity_iri, sentence_iri, to_rdf, validate
from kgraph.rdf.ontology import KG, ontology_graph, shapes_graph
from kgraph.rdf.shacl_sparql import check, load_store

from rdf_fixtures import S_BANK, S_REVENUE, sample_graph

SH = "http://www.w3.org/ns/shacl#"
COND = entity_iri("LoanCondition", "年销售收入 >= 1000000 CNY")
BANK = entity_iri("Organization", "微众银行")
REGION = entity_iri("Region", "云南省")
RISK = entity_iri("RiskCategory", "财务风险")
INDUSTRY = entity_iri("Industry", "制造业")


def _broken() -> Graph:
    """The sample graph with one violation of every kind the shapes check."""
    g = to_rdf(sample_graph())
    label = g.value(RISK, RDFS.label)
    g.remove((RISK, RDFS.label, None))  # minCount
    g.add((BANK, RDFS.label, Literal("另一个名字", lang="zh")))  # maxCount
    g.add((INDUSTRY, RDFS.label, Literal("manufacturing", lang="en")))  # languageIn, maxCount
    g.add((REGION, KG.adcode, Literal("53x")))  # pattern
    g.add((REGION, KG.level, Literal("planet")))  # pattern of a closed list
    g.add((COND, KG.operator, Literal("about")))  # in, maxCount
    g.set((COND, KG.metric, Literal("")))  # minLength
    g.add((COND, KG.value, Literal("很多")))  # datatype, maxCount
    g.add((BANK, KG.mentionCount, Literal(-1)))  # minInclusive, maxCount
    g.add((BANK, KG.offers, INDUSTRY))  # class of the value
    g.add((INDUSTRY, KG.offers, entity_iri("LoanProduct", "企业贷款")))  # class of the focus
    g.add((RISK, KG.subCategoryOf, INDUSTRY))  # SPARQL: across classes
    doc, _, start, end = S_BANK
    g.set((sentence_iri(doc, start, end), KG.end, Literal(start - 1)))  # SPARQL: ends first
    assertion = URIRef("https://kgraph.example.org/assertion/broken")
    g.add((assertion, RDF.type, KG.Assertion))
    g.add((assertion, RDF.subject, Literal("not a node")))  # nodeKind
    g.add((assertion, RDF.predicate, KG.offers))
    g.add((assertion, RDF.object, INDUSTRY))
    g.add((assertion, KG.provenance, Literal("text", datatype=XSD.string)))  # SPARQL: no sentence
    assert label is not None
    return g


def _ours(g: Graph) -> set[tuple[str, str, str | None]]:
    results = check(load_store(g, ontology_graph()), shapes_graph())
    return {(r.focus, r.component, r.path) for r in results}


def _pyshacl(g: Graph) -> set[tuple[str, str, str | None]]:
    import pyshacl

    from kgraph.rdf.shacl import _typed

    data = Graph()
    data.addN((s, p, _typed(o), data) for s, p, o in g)
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none"
    )
    out = set()
    for r in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        component = str(results.value(r, URIRef(SH + "sourceConstraintComponent")))
        path = results.value(r, URIRef(SH + "resultPath"))
        focus = str(results.value(r, URIRef(SH + "focusNode")))
        out.add((focus, component.removeprefix(SH), str(path) if path is not None else None))
    return out


def test_the_sample_graph_conforms_for_both_engines():
    g = to_rdf(sample_graph())
    assert _ours(g) == set() == _pyshacl(g)
    assert validate(g).conforms and validate(g, engine="pyshacl").conforms


def test_every_kind_of_violation_is_found_as_pyshacl_finds_it():
    g = _broken()
    ours = _ours(g)
    assert ours == _pyshacl(g)
    found = {component for _, component, _ in ours}
    assert found == {
        f"{name}ConstraintComponent"
        for name in (
            "MinCount MaxCount LanguageIn Pattern MinLength Datatype MinInclusive Class "
            "SPARQL NodeKind"
        ).split()
    }
    report = validate(g)
    assert not report.conforms and report.violations == len(
        check(load_store(g, ontology_graph()), shapes_graph())
    )
    assert "a loan condition has one operator" in report.text


def test_the_report_names_the_failing_sentence_and_its_value():
    g = to_rdf(sample_graph())
    doc, _, start, end = S_REVENUE
    g.set((sentence_iri(doc, start, end), KG.start, Literal(-5)))
    report = validate(g)
    assert report.violations == 1
    assert str(sentence_iri(doc, start, end)) in report.text and 'value:   "-5"' in report.text


def test_an_unsupported_shacl_feature_is_refused_not_skipped():
    shapes = shapes_graph()
    shape = URIRef("https://kgraph.example.org/shapes#Extra")
    shapes.add((shape, URIRef(SH + "targetClass"), KG.Region))
    shapes.add((shape, URIRef(SH + "closed"), Literal(True)))
    with pytest.raises(ExportError, match="closed"):
        check(load_store(to_rdf(sample_graph()), ontology_graph()), shapes)


def test_an_unknown_engine_is_named():
    with pytest.raises(ValueError, match="sparql, pyshacl"):
        validate(Graph(), engine="jena")


def test_closed_lists_agree_with_stock_pyshacl_on_the_turtle_file(tmp_path):
    """Issue 11, finding 5: a list of allowed strings (operator, unit, level, ...) once was
    ``sh:in ("has"^^xsd:string ...)``, which stock pyshacl on an rdflib graph parsed from
    graph.ttl (plain literals, no datatype) found violated 206 times while the build's own
    report conformed. The lists are now patterns, which both read the same."""
    import pyshacl

    from kgraph.rdf.export import write_rdf

    g = to_rdf(sample_graph())
    ttl = write_rdf(g, tmp_path / "graph.ttl")
    parsed = Graph().parse(ttl, format="turtle")

    def stock(graph: Graph) -> bool:
        conforms, _, _ = pyshacl.validate(
            graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none"
        )
        return conforms

    assert validate(g).conforms and stock(parsed)
    parsed.add((COND, KG.operator, Literal("about")))
    g.add((COND, KG.operator, Literal("about", datatype=XSD.string)))
    assert not stock(parsed) and not validate(g).conforms
