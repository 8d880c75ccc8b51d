"""The kgraph ontology: the ``KG`` namespace and the packaged ontology, shapes and queries.

The Turtle, SHACL and SPARQL files live in ``kgraph/data/ontology/`` inside the package, so
an editable install and a wheel read the same files through :mod:`importlib.resources`. The
top-level ``ontology/`` folder of the repository is a symlink to that folder: one copy, no
drift.

>>> KG.LoanCondition
rdflib.term.URIRef('https://kgraph.example.org/ontology#LoanCondition')
>>> KG.offers in set(ontology_graph().subjects())
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from kgraph.errors import ExportError
from kgraph.types import RELATIONS

#: The IRI of the ontology namespace; every ``kg:`` term starts with it.
KG_IRI = "https://kgraph.example.org/ontology#"

#: The IRI of the ontology itself.
ONTOLOGY_IRI = URIRef("https://kgraph.example.org/ontology")

#: Prefixes a kgraph SPARQL query may use without declaring them (see
#: :func:`kgraph.rdf.sparql.with_prefixes`): prefix -> namespace IRI.
PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}


class KG(DefinedNamespace):
    """The terms of ``ontology/kgraph.ttl``; an unknown attribute raises ``AttributeError``.

    >>> KG.partOf
    rdflib.term.URIRef('https://kgraph.example.org/ontology#partOf')
    >>> KG.partof
    Traceback (most recent call last):
    ...
    AttributeError: term 'partof' not in namespace 'https://kgraph.example.org/ontology#'
    """

    _NS = Namespace(KG_IRI)
    _fail = True

    # classes
    Entity: URIRef
    Organization: URIRef
    Bank: URIRef
    EnterpriseType: URIRef
    Industry: URIRef
    RiskCategory: URIRef
    LoanProduct: URIRef
    LoanCondition: URIRef
    Region: URIRef
    Document: URIRef
    Sentence: URIRef
    Assertion: URIRef
    # graded relations
    offers: URIRef
    requires: URIRef
    eligibleFor: URIRef
    supportsIndustry: URIRef
    restrictsIndustry: URIRef
    partOf: URIRef
    locatedIn: URIRef
    concentratedIn: URIRef
    facesRisk: URIRef
    subCategoryOf: URIRef
    # evidence links
    mentionedIn: URIRef
    appearsIn: URIRef
    inDocument: URIRef
    # condition values
    metric: URIRef
    operator: URIRef
    value: URIRef
    valueMax: URIRef
    valueText: URIRef
    unit: URIRef
    window: URIRef
    canonicalMetric: URIRef
    conditionSubject: URIRef
    scope: URIRef
    phase: URIRef
    # the metric vocabulary
    valueType: URIRef
    valueOrder: URIRef
    # other data
    mentionCount: URIRef
    adcode: URIRef
    level: URIRef
    text: URIRef
    start: URIRef
    end: URIRef
    provenance: URIRef
    url: URIRef
    views: URIRef


#: Graph-model class names (``cls`` node attribute) to ontology classes.
CLASSES: dict[str, URIRef] = {
    "Organization": KG.Organization,
    "EnterpriseType": KG.EnterpriseType,
    "Industry": KG.Industry,
    "RiskCategory": KG.RiskCategory,
    "LoanCondition": KG.LoanCondition,
    "Region": KG.Region,
    "LoanProduct": KG.LoanProduct,
}

#: Graph-model relation names (``relation`` edge attribute) to ontology properties.
PROPERTIES: dict[str, URIRef] = {name: KG[name] for name in RELATIONS}


def ontology_dir() -> Path:
    """The folder holding ``kgraph.ttl``, ``shapes.ttl`` and ``queries/``.

    >>> (ontology_dir() / "kgraph.ttl").is_file()
    True
    """
    return Path(str(resources.files("kgraph") / "data" / "ontology"))


def _parse(name: str) -> Graph:
    path = ontology_dir() / name
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:  # a broken install or a bad edit
        raise ExportError(f"{path}: cannot read the packaged file: {exc}") from exc


@cache
def _ontology() -> Graph:
    return _parse("kgraph.ttl")


@cache
def _shapes() -> Graph:
    return _parse("shapes.ttl")


def ontology_graph() -> Graph:
    """A fresh copy of the ontology (``kgraph.ttl``) as an rdflib graph.

    >>> (KG.Bank, None, None) in ontology_graph()
    True
    """
    return _copy(_ontology())


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes (``shapes.ttl``) as an rdflib graph.

    >>> len(shapes_graph()) > 0
    True
    """
    return _copy(_shapes())


def _copy(source: Graph) -> Graph:
    out = Graph()
    for triple in source:
        out.add(triple)
    _bind(out)
    return out


def ontology_terms() -> set[str]:
    """The local names of every ``kg:`` term defined (as a subject) in ``kgraph.ttl``.

    >>> {"Region", "partOf", "value"} <= ontology_terms()
    True
    """
    return {
        str(s)[len(KG_IRI) :]
        for s in _ontology().subjects()
        if isinstance(s, URIRef) and str(s).startswith(KG_IRI)
    }


def _bind(graph: Graph) -> None:
    graph.bind("kg", KG_IRI)
    graph.bind("skos", "http://www.w3.org/2004/02/skos/core#")
    graph.bind("prov", "http://www.w3.org/ns/prov#")
    graph.bind("dcterms", "http://purl.org/dc/terms/")
    graph.bind("sh", "http://www.w3.org/ns/shacl#")
