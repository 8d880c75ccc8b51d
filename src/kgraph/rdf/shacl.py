"""SHACL validation of a kgraph RDF export against ``ontology/shapes.ttl``.

Re-exported by :mod:`kgraph.rdf.export`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kgraph.rdf.ontology import ontology_graph, shapes_graph

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the graph conforms, and the report text."""

    conforms: bool
    violations: int
    text: str

    def summary(self) -> str:
        """One line for a build summary.

        >>> ValidationReport(False, 2, "").summary()
        'SHACL: 2 violations'
        """
        if self.conforms:
            return "SHACL: conforms"
        return f"SHACL: {self.violations} violation{'s' if self.violations != 1 else ''}"


#: The validation engines: kgraph's SPARQL queries over Oxigraph (the default), or pyshacl.
ENGINES = ("sparql", "pyshacl")


def validate(
    rdf_graph: Graph, *, engine: str = "sparql", progress: Callable[[int], Any] | None = None
) -> ValidationReport:
    """Validate an RDF graph against ``ontology/shapes.ttl``.

    The ontology is mixed in so that ``sh:class kg:Organization`` accepts a ``kg:Bank``.

    Parameters
    ----------
    rdf_graph
        The graph to check, e.g. the result of :func:`kgraph.rdf.export.to_rdf`.
    engine
        ``"sparql"`` (default): each constraint is one SPARQL query over Oxigraph
        (:mod:`kgraph.rdf.shacl_sparql`), tens of times faster than ``"pyshacl"``, which
        finds the same violations (a test checks it).
    progress
        Called with 1 after each constraint is checked (``"sparql"`` engine).

    Returns
    -------
    ValidationReport
        Whether it conforms, the number of violations and the report text.
    """
    if engine == "sparql":
        from kgraph.rdf.shacl_sparql import check, load_store, report_text

        results = check(load_store(rdf_graph, ontology_graph()), shapes_graph(), progress)
        return ValidationReport(not results, len(results), report_text(results))
    if engine != "pyshacl":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    import pyshacl

    data = Graph()
    data.addN((s, p, _typed(o), data) for s, p, o in rdf_graph)
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        allow_warnings=True,
    )
    violations = sum(
        1
        for r in results.subjects(RDF.type, URIRef(_SH + "ValidationResult"))
        if (r, URIRef(_SH + "resultSeverity"), URIRef(_SH + "Violation")) in results
    )
    return ValidationReport(bool(conforms), violations, str(text))


def _typed(term: Any) -> Any:
    # rdflib's own parsers keep simple literals untyped; the shapes expect xsd:string.
    if isinstance(term, Literal) and term.datatype is None and not term.language:
        return Literal(str(term), datatype=XSD.string)
    return term
