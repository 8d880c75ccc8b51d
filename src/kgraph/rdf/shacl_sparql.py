"""SHACL validation as SPARQL queries over pyoxigraph: one query per constraint, not per node.

pyshacl checks each focus node in Python and re-parses a SPARQL constraint for every one of
them, which makes validation most of a build's time (21 s of 25 s for the 74 documents of
the regulations, sample and dev corpora). Here every constraint of ``shapes.ttl`` becomes one
SPARQL query that returns all the focus nodes (and values) that violate it, run by Oxigraph
on the data with the ontology mixed in (so ``sh:class kg:Organization`` accepts a
``kg:Bank``).

The engine covers the SHACL Core components that kgraph's shapes use (targets by class and
by subject of a predicate; ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``,
``sh:maxCount``, ``sh:minInclusive``, ``sh:minLength``, ``sh:pattern``, ``sh:languageIn``,
``sh:in`` on predicate paths) and SPARQL-based constraints (``sh:sparql`` with
``sh:select``). A shape using anything else raises :class:`~kgraph.errors.ExportError`
rather than being skipped. ``tests/test_shacl.py`` checks that it finds exactly what pyshacl
finds, violation by violation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kgraph.errors import ExportError

SH = "http://www.w3.org/ns/shacl#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

#: Predicates a shape may use; anything else is not implemented and is refused.
_KNOWN = {
    SH + name
    for name in (
        "targetClass targetSubjectsOf property sparql class path minCount maxCount datatype "
        "languageIn minInclusive in pattern minLength nodeKind message select prefixes "
        "declare prefix namespace"
    ).split()
} | {str(RDF.type)}


@dataclass(frozen=True, slots=True)
class Result:
    """One violation: the focus node, the path and value (when a property's), what failed."""

    focus: str
    component: str
    shape: str
    path: str | None = None
    value: str | None = None
    message: str | None = None


def _n3(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ExportError(f"shapes: unsupported term in a constraint: {node!r}")


def _term(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, ox.NamedNode) else str(term)


class _Shapes:
    """The shapes graph read into queries: one per constraint."""

    def __init__(self, shapes: Graph, data: ox.Store) -> None:
        self.g = shapes
        self.data = data
        self._subclasses: dict[str, str] = {}
        for p in sorted(set(shapes.predicates()), key=str):
            if str(p) not in _KNOWN and str(p).startswith(SH):
                raise ExportError(f"shapes: SHACL feature not supported here: {p}")

    def is_a(self, var: str, cls: Node) -> str:
        """A pattern: ``?var`` is an instance of ``cls`` or of a subclass of it.

        The subclasses are looked up once per class (``rdfs:subClassOf*`` in the data with the
        ontology), so the check per node is a plain type lookup.
        """
        key = _n3(cls)
        if key not in self._subclasses:
            q = f"SELECT DISTINCT ?c WHERE {{ ?c {_SUBCLASS}* {key} }}"
            found = {f"<{row['c'].value}>" for row in self.data.query(q)} | {key}
            self._subclasses[key] = " ".join(sorted(found))
        return f"VALUES ?{var}_class {{ {self._subclasses[key]} }} ?{var} {_TYPE} ?{var}_class ."

    def node_shapes(self) -> Iterator[Node]:
        targets = (URIRef(SH + "targetClass"), URIRef(SH + "targetSubjectsOf"))
        seen = {s for t in targets for s in self.g.subjects(t, None)}
        yield from sorted(seen, key=str)

    def target(self, shape: Node) -> str:
        """A SPARQL pattern binding ``?this`` to the shape's focus nodes."""
        parts = [
            f"{{ {self.is_a('this', c)} }}"
            for c in sorted(self.g.objects(shape, URIRef(SH + "targetClass")), key=str)
        ]
        parts += [
            f"{{ ?this {_n3(p)} ?target_any }}"
            for p in sorted(self.g.objects(shape, URIRef(SH + "targetSubjectsOf")), key=str)
        ]
        return " UNION ".join(parts)

    def value(self, node: Node, name: str) -> Node | None:
        return self.g.value(node, URIRef(SH + name))

    def prefixes(self, constraint: Node) -> str:
        out = []
        for source in self.g.objects(constraint, URIRef(SH + "prefixes")):
            for decl in self.g.objects(source, URIRef(SH + "declare")):
                prefix, ns = self.value(decl, "prefix"), self.value(decl, "namespace")
                out.append(f"PREFIX {prefix}: <{ns}>")
        return "\n".join(sorted(out))


def _node_kind(kind: Node, g: Graph) -> str:
    test = {SH + "IRI": "isIRI", SH + "Literal": "isLiteral", SH + "BlankNode": "isBlank"}
    if str(kind) not in test:
        raise ExportError(f"shapes: sh:nodeKind {kind} is not supported")
    return f"!{test[str(kind)]}(?value)"


def _listed(test: str, term: Callable[[Node], str]) -> Callable[[Node, Graph], str]:
    """A failing ?value passes ``test`` for none of an RDF list's members (``{}``, each
    written by ``term``)."""

    def condition(members: Node, g: Graph) -> str:
        tests = [test.format(term(m)) for m in Collection(g, members)]
        return f"!({' || '.join(tests) or 'false'})"

    return condition


#: Value constraints: parameter -> the SPARQL condition a failing ?value meets.
_VALUE_TESTS: dict[str, Callable[[Node, Graph], str]] = {
    "datatype": lambda d, g: f"!isLiteral(?value) || datatype(?value) != {_n3(d)}",
    "nodeKind": _node_kind,
    "minInclusive": lambda low, g: f"!COALESCE(?value >= {_n3(low)}, false)",
    "minLength": lambda n, g: f"isBlank(?value) || STRLEN(STR(?value)) < {int(n)}",
    "pattern": lambda pat, g: f"isBlank(?value) || !REGEX(STR(?value), {_n3(Literal(str(pat)))})",
    "languageIn": _listed('langMatches(lang(?value), "{}")', str),
    "in": _listed("sameTerm(?value, {})", _n3),
}


def _property_queries(shapes: _Shapes, prop: Node, target: str) -> Iterator[tuple[str, str, bool]]:
    """(component, query, has value) for each constraint of a property shape."""
    path = shapes.value(prop, "path")
    if not isinstance(path, URIRef):
        raise ExportError(f"shapes: only predicate paths are supported, not {path!r}")
    p = _n3(path)
    values = f"{{ {target} }} ?this {p} ?value ."

    def bad(condition: str) -> str:
        return f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER ({condition}) }}"

    if (c := shapes.value(prop, "class")) is not None:
        yield "ClassConstraintComponent", bad(f"NOT EXISTS {{ {shapes.is_a('value', c)} }}"), True
    for name, test in _VALUE_TESTS.items():
        if (param := shapes.value(prop, name)) is not None:
            component = name[0].upper() + name[1:] + "ConstraintComponent"
            yield component, bad(test(param, shapes.g)), True
    for name, having, pattern in (  # minCount counts the focus nodes with no value too
        ("minCount", "<", f"{{ {target} }} OPTIONAL {{ ?this {p} ?value }}"),
        ("maxCount", ">", values),
    ):
        if (n := shapes.value(prop, name)) is not None:
            query = (
                f"SELECT ?this WHERE {{ {pattern} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {having} {int(n)})"
            )
            yield name[0].upper() + name[1:] + "ConstraintComponent", query, False


def _sparql_query(shapes: _Shapes, constraint: Node, target: str) -> tuple[str, bool]:
    """A SPARQL-based constraint's SELECT with the shape's targets joined in for $this."""
    select = str(shapes.value(constraint, "select") or "")
    where = select.find("{")
    if "$this" not in select or where < 0:
        raise ExportError("shapes: a sh:select needs $this and a WHERE clause")
    head, body = select[:where], select[where + 1 :]
    query = f"{shapes.prefixes(constraint)}\n{head.replace('SELECT', 'SELECT DISTINCT', 1)}"
    query += f"{{ {{ {target} }} {body}"
    return query, "?value" in head


def check(
    data: ox.Store, shapes: Graph, progress: Callable[[int], Any] | None = None
) -> list[Result]:
    """Every violation of ``shapes`` in ``data`` (a store holding data and ontology), sorted;
    ``progress`` is called with 1 after each constraint's query."""
    s = _Shapes(shapes, data)
    out: set[Result] = set()
    for shape in s.node_shapes():
        target = s.target(shape)
        # (component, query, the variable holding the value node, path, message)
        jobs: list[tuple[str, str, str | None, Node | None, Node | None]] = []
        if (c := s.value(shape, "class")) is not None:
            q = (
                f"SELECT DISTINCT ?this WHERE {{ {{ {target} }} "
                f"FILTER NOT EXISTS {{ {s.is_a('this', c)} }} }}"
            )
            jobs.append(("ClassConstraintComponent", q, "this", None, None))
        for prop in sorted(s.g.objects(shape, URIRef(SH + "property")), key=str):
            path, message = s.value(prop, "path"), s.value(prop, "message")
            for component, q, has_value in _property_queries(s, prop, target):
                jobs.append((component, q, "value" if has_value else None, path, message))
        for constraint in sorted(s.g.objects(shape, URIRef(SH + "sparql")), key=str):
            q, has_value = _sparql_query(s, constraint, target)
            message = s.value(constraint, "message")
            jobs.append(
                ("SPARQLConstraintComponent", q, "value" if has_value else None, None, message)
            )
        for component, q, value_var, path, message in jobs:
            rows = list(data.query(q))
            if progress is not None:
                progress(1)
            for row in rows:
                out.add(
                    Result(
                        focus=_term(row["this"]) or "",
                        component=component,
                        shape=str(shape),
                        path=str(path) if path is not None else None,
                        value=_term(row[value_var]) if value_var else None,
                        message=str(message) if message is not None else None,
                    )
                )
    return sorted(out, key=lambda r: (r.shape, r.component, r.focus, r.path or "", r.value or ""))


def load_store(*graphs: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding the triples of ``graphs`` in its default graph
    (copied as N-Triples, :func:`kgraph.rdf.export.ntriples`)."""
    from kgraph.rdf.export import ntriples

    store = ox.Store()
    for g in graphs:
        store.load(ntriples(g), format=ox.RdfFormat.N_TRIPLES)
    return store


def report_text(results: list[Result]) -> str:
    """A plain-text report: whether the data conforms, then one block per violation."""
    lines = ["SHACL validation report (kgraph's SPARQL engine, shapes: ontology/shapes.ttl)"]
    lines.append(f"Conforms: {not results}")
    lines.append(f"Violations: {len(results)}")
    for r in results:
        lines.append("")
        lines.append(f"Violation of {r.component.removesuffix('ConstraintComponent')}")
        lines.append(f"  shape:   {r.shape}")
        lines.append(f"  focus:   {r.focus}")
        if r.path:
            lines.append(f"  path:    {r.path}")
        if r.value is not None:
            lines.append(f"  value:   {r.value}")
        if r.message:
            lines.append(f"  message: {r.message}")
    return "\n".join(lines) + "\n"
