"""The ontology file, the KG namespace and the packaged copies agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kgraph.rdf.ontology import CLASSES, KG, KG_IRI, PROPERTIES, ontology_dir, ontology_terms
from kgraph.types import ENTITY_CLASSES, RELATIONS

ROOT = Path(__file__).resolve().parents[1]


def _annotations() -> list[str]:
    return [n for n in KG.__annotations__ if not n.startswith("_")]


def test_namespace_matches_turtle_both_ways():
    assert set(_annotations()) == ontology_terms()


def test_every_term_has_zh_en_labels_and_definition():
    g = Graph().parse(ontology_dir() / "kgraph.ttl")
    for name in ontology_terms():
        term = KG[name]
        langs = {lit.language for lit in g.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert any(lit.language == "en" for lit in g.objects(term, SKOS.definition)), name
        kinds = set(g.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_typo_raises():
    with pytest.raises(AttributeError):
        _ = KG.Regoin
    assert KG.Region == URIRef(KG_IRI + "Region")


def test_graph_model_names_map_to_terms():
    assert set(CLASSES) == set(ENTITY_CLASSES)
    assert set(PROPERTIES) == set(RELATIONS)
    g = Graph().parse(ontology_dir() / "kgraph.ttl")
    assert (KG.Bank, RDFS.subClassOf, KG.Organization) in g
    for prop in PROPERTIES.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in g
        assert next(g.objects(prop, RDFS.range), None) is not None
        assert next(g.objects(prop, RDFS.domain), None) is not None
    value_range = next(g.objects(KG.value, RDFS.range))
    assert str(value_range).endswith("#decimal")


def test_repository_ontology_folder_is_the_packaged_one():
    top = ROOT / "ontology"
    for name in ("kgraph.ttl", "shapes.ttl"):
        assert (top / name).read_bytes() == (ontology_dir() / name).read_bytes()
    assert sorted(p.name for p in (top / "queries").glob("*.rq")) == sorted(
        p.name for p in (ontology_dir() / "queries").glob("*.rq")
    )
