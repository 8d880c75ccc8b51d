"""Filling an Oxigraph-backed rdflib graph fast: each distinct term converted once.

oxrdflib converts every rdflib term of every triple to its Oxigraph twin on ``addN``,
about half of :func:`kgraph.rdf.export.to_rdf`'s time on a big graph, though most terms
(predicates, classes, entities, sentences) recur many times. :func:`add_triples` converts
each distinct term once and hands Oxigraph the quads in one call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kgraph.errors import ExportError

#: Oxigraph's parser for each RDF format name kgraph reads.
PARSE_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}


def add_triples(g: Graph, triples: Iterable[tuple[Any, Any, Any]]) -> bool:
    """Add ``triples`` to ``g`` if it is kept in Oxigraph (returns True), else do nothing.

    The triples go into ``g``'s own named graph, as ``g.addN`` would put them.
    """
    inner = getattr(g.store, "_inner", None)  # oxrdflib's pyoxigraph store
    if not isinstance(inner, ox.Store) or not isinstance(g.identifier, URIRef):
        return False
    name = ox.NamedNode(str(g.identifier))
    cache: dict[tuple, Any] = {}

    def term(t: Any) -> Any:
        key = (type(t), str(t), getattr(t, "language", None), getattr(t, "datatype", None))
        found = cache.get(key)
        if found is None:
            found = cache[key] = to_ox(t)
        return found

    inner.extend([ox.Quad(term(s), term(p), term(o), name) for s, p, o in triples])
    return True


def to_ox(term: Any) -> Any:
    """The pyoxigraph twin of an rdflib term (IRI, blank node or literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ExportError(f"cannot convert the RDF term {term!r}")
