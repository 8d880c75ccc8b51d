"""Loan conditions in RDF, and the metric vocabulary as a SKOS concept scheme.

A condition's canonical metric is an IRI of the scheme (``kgm:annual_revenue``), whose
concepts carry their Chinese label, their surface forms (``skos:altLabel``), unit, value
type and, for ordinals, their order. ``ontology/metrics.ttl`` is :func:`metrics_graph`
written out (``python -m kgraph.rdf.conditions > ontology/metrics.ttl``); a test keeps the
file and ``data/metrics.toml`` equal.

>>> g = metrics_graph()
>>> (metric_iri("annual_revenue"), SKOS.notation, Literal("annual_revenue")) in g
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kgraph.nlp.metrics import metric_vocabulary
from kgraph.rdf.literals import decimal_literal, string_literal
from kgraph.rdf.ontology import KG

#: The namespace of the metric vocabulary's concepts.
METRICS_IRI = "https://kgraph.example.org/metric#"
SCHEME = URIRef(METRICS_IRI + "scheme")


def metric_iri(metric_id: str) -> URIRef:
    """The IRI of a canonical metric.

    >>> str(metric_iri("business_age"))
    'https://kgraph.example.org/metric#business_age'
    """
    return URIRef(METRICS_IRI + metric_id)


def metrics_graph() -> Graph:
    """The metric vocabulary (``data/metrics.toml``) as a SKOS concept scheme."""
    g = Graph()
    g.bind("kgm", METRICS_IRI)
    g.bind("kg", str(KG))
    g.bind("skos", str(SKOS))
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, SKOS.prefLabel, Literal("贷款条件指标", lang="zh")))
    g.add((SCHEME, SKOS.prefLabel, Literal("metrics of loan conditions", lang="en")))
    for metric in metric_vocabulary().values():
        c = metric_iri(metric.id)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, SCHEME))
        g.add((c, SKOS.notation, Literal(metric.id)))
        g.add((c, SKOS.prefLabel, Literal(metric.label, lang="zh")))
        for surface in metric.surfaces:
            if surface != metric.label:
                g.add((c, SKOS.altLabel, Literal(surface, lang="zh")))
        g.add((c, KG.valueType, Literal(metric.type)))
        g.add((c, KG.unit, Literal(metric.unit)))
        if metric.order:
            g.add((c, KG.valueOrder, Literal(" ".join(metric.order))))
    return g


def condition_triples(s: URIRef, data: Mapping[str, Any]) -> Iterable[tuple[Any, Any, Any]]:
    """The triples of a condition node's fields (``docs/graph-model.md``)."""
    for key, prop in (("metric", KG.metric), ("op", KG.operator)):
        if data.get(key) is not None:
            yield s, prop, string_literal(str(data[key]))
    value = data.get("value")
    if isinstance(value, str) and not _is_number(value):
        yield s, KG.valueText, string_literal(value)
    elif value is not None:
        yield s, KG.value, decimal_literal(value)
    if data.get("value_max") is not None:
        yield s, KG.valueMax, decimal_literal(data["value_max"])
    yield s, KG.unit, string_literal(str(data.get("unit") or ""))
    if data.get("window"):
        yield s, KG.window, string_literal(str(data["window"]))
    if data.get("canonical"):
        yield s, KG.canonicalMetric, metric_iri(str(data["canonical"]))
    for key, prop in (("subject", KG.conditionSubject), ("scope", KG.scope), ("phase", KG.phase)):
        if data.get(key):
            yield s, prop, string_literal(str(data[key]))


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover - writes ontology/metrics.ttl
    sys.stdout.write(metrics_graph().serialize(format="turtle"))
