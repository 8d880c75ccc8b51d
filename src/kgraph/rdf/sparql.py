"""SPARQL over a kgraph RDF graph: saved queries, running a query, formatting results.

Queries always run on Oxigraph's engine (an rdflib graph in another store is copied into
an Oxigraph-backed graph first), so that results and the meaning of bindings do not depend
on the store. User values never enter the query text: they are passed as ``initBindings``,
which Oxigraph applies as SEP-0007 substitutions: a bound variable must be projected, and
the result keeps the rows where it has the bound value.

>>> sorted(saved_queries())[1:3]
['entity-facts', 'loan-conditions']
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from kgraph.errors import ExportError, QueryError
from kgraph.rdf.export import load_rdf
from kgraph.rdf.ontology import PREFIXES, ontology_dir

#: Output formats of :func:`format_result`.
RESULT_FORMATS = ("table", "json", "csv")


def saved_queries() -> dict[str, str]:
    """The saved queries of ``ontology/queries/*.rq``: name (file stem) -> query text.

    >>> "PREFIX kg:" in saved_queries()["loan-conditions"]
    True
    """
    folder = ontology_dir() / "queries"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def query_description(text: str) -> str:
    """The comment header of a query (what it asks and its parameters), without ``#``.

    >>> query_description("# Conditions of a product.\\n#   ?product  a label\\nSELECT ...")
    'Conditions of a product.\\n  ?product  a label'
    """
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(lines)


def query_summary(text: str) -> str:
    """The first sentence of a query's description, on one line (for ``kgraph query --list``).

    >>> query_summary("# Every fact about an entity, with its evidence. More.")
    'Every fact about an entity, with its evidence.'
    """
    words = " ".join(query_description(text).split())
    end = words.find(". ")
    return words if end < 0 else words[: end + 1]


def resolve_query(query: str) -> str:
    """The text of ``query``: a saved query's name, a path to a ``.rq`` file, or the text.

    A single word that is neither (``no-such-query``, ``missing.rq``) is no query at all:

    >>> resolve_query("loan-condition")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kgraph.errors.QueryError: no saved query 'loan-condition'; did you mean loan-conditions? ...
    """
    stripped = query.strip()
    saved = saved_queries()
    if stripped in saved:
        return saved[stripped]
    if stripped.endswith(".rq") and "\n" not in stripped and Path(stripped).is_file():
        return Path(stripped).read_text(encoding="utf-8")
    if _NAME.fullmatch(stripped):
        close = difflib.get_close_matches(stripped.removesuffix(".rq"), list(saved), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        what = (
            f"no file {stripped!r}" if stripped.endswith(".rq") else f"no saved query {stripped!r}"
        )
        raise QueryError(f"{what}{hint or '.'} Saved queries: {', '.join(sorted(saved))}")
    return query


#: A query name or a file name: one word, no SPARQL punctuation.
_NAME = re.compile(r"[\w./-]+")


# What hides a prefix from the scan: IRIs, strings (long and short) and comments.
_OPAQUE = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|'{3}(?:[^'\\]|\\.|'{1,2}(?!'))*'{3}|"{3}(?:[^"\\]|\\.|"{1,2}(?!"))*"{3}"""
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|\#[^\n\r]*""",
)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w.:?$-])(" + "|".join(PREFIXES) + r"):")


def with_prefixes(query: str) -> str:
    """``query`` with PREFIX lines for the kgraph prefixes it uses but does not declare.

    The prefixes are those of :data:`kgraph.rdf.ontology.PREFIXES` (``kg``, ``rdf``, ``rdfs``,
    ``xsd``, ``owl``, ``skos``, ``prov``, ``dcterms``). A prefix the query declares itself
    keeps its declaration; text in IRIs, strings and comments does not count as a use. The
    added declarations make one first line, so the parser's line numbers are off by one.

    Parameters
    ----------
    query
        SPARQL query (or update) text.

    Returns
    -------
    str
        The query, unchanged when it needs no declaration.

    Examples
    --------
    >>> print(with_prefixes("SELECT ?r WHERE { ?r a kg:Region }"))
    PREFIX kg: <https://kgraph.example.org/ontology#>
    SELECT ?r WHERE { ?r a kg:Region }
    >>> with_prefixes('PREFIX kg: <urn:x#> ASK { ?s kg:p "rdfs:x" }  # skos:')[:11]
    'PREFIX kg: '
    """
    code = _OPAQUE.sub(" ", query)
    declared = set(_DECLARED.findall(code))
    used = dict.fromkeys(m for m in _USED.findall(code) if m not in declared)
    if not used:
        return query
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in used) + "\n" + query


def _term(value: Any) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, bool | int | float):
        return Literal(value)
    return Literal(str(value))


def run_query(
    graph_or_path: Graph | str | os.PathLike[str],
    query: str,
    *,
    bindings: Mapping[str, Any] | None = None,
) -> Result:
    """Run a SPARQL query on a graph or an RDF file.

    Parameters
    ----------
    graph_or_path
        An rdflib graph, or a file that :func:`kgraph.rdf.export.load_rdf` reads (loaded into an
        Oxigraph-backed graph, whose engine is much faster than rdflib's).
    query
        The query text, the name of a saved query (``loan-conditions``) or a ``.rq`` path.
        It may use the prefixes of :func:`with_prefixes` without declaring them.
    bindings
        Values for projected variables of the query (``{"product": "企业贷款"}``); strings
        become plain literals, numbers typed literals, rdflib terms stay as they are.

    Returns
    -------
    rdflib.query.Result
        Rows for SELECT, a boolean for ASK, a graph for CONSTRUCT and DESCRIBE.

    Raises
    ------
    QueryError
        When the query is malformed or fails; ExportError when the file cannot be read.

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:name"), Literal("昆明市")))
    >>> rows = run_query(g, "SELECT ?s ?n WHERE { ?s <urn:name> ?n }", bindings={"n": "昆明市"})
    >>> [str(r.s) for r in rows]
    ['urn:x']
    """
    graph = graph_or_path if isinstance(graph_or_path, Graph) else load_rdf(graph_or_path)
    if not isinstance(graph.store, OxigraphStore):
        copy = Graph(store="Oxigraph")
        for prefix, namespace in graph.namespaces():  # the graph's own prefixes still work
            copy.bind(prefix, namespace, override=True)
        copy.addN((s, p, o, copy) for s, p, o in graph)
        graph = copy
    text = with_prefixes(resolve_query(query))
    init = {Variable(k.lstrip("?$")): _term(v) for k, v in (bindings or {}).items()}
    try:
        result = graph.query(text, initBindings=init)
        if result.type == "SELECT":
            # Evaluate now, so that errors surface here and not while formatting.
            result.bindings = list(result.bindings)
    except ExportError:
        raise
    except Exception as exc:  # parsers and engines raise many kinds of errors
        raise QueryError(f"query failed: {exc}") from exc
    return result


def result_rows(result: Result) -> tuple[list[str], list[list[str | None]]]:
    """The variable names and rows of a SELECT result, each value as its lexical form.

    ASK gives one column ``ask``; CONSTRUCT gives ``subject``, ``predicate``, ``object``.
    """
    if result.type == "ASK":
        return ["ask"], [["true" if result.askAnswer else "false"]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = sorted(result.graph or ())
        return ["subject", "predicate", "object"], [[str(t) for t in tr] for tr in triples]
    names = [str(v) for v in result.vars or ()]
    rows = [[None if row.get(v) is None else str(row[v]) for v in result.vars] for row in result]
    return names, rows


def format_result(result: Result, format: str = "table") -> str:
    """Write a query result as text: an aligned ``table``, ``json`` or ``csv``.

    ``json`` is the SPARQL 1.1 JSON results format for SELECT and ASK, and JSON-LD for
    CONSTRUCT; ``csv`` the SPARQL CSV results format (CONSTRUCT gives three columns).

    >>> from rdflib import Graph
    >>> print(format_result(run_query(Graph(), 'SELECT ?x WHERE { BIND("滇中" AS ?x) }')))
    x
    ----
    滇中
    <BLANKLINE>
    (1 row)
    """
    if format not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {format!r}; choose one of {RESULT_FORMATS}")
    if format == "json":
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph.serialize(format="json-ld")
        return json.dumps(json.loads(result.serialize(format="json")), ensure_ascii=False)
    names, rows = result_rows(result)
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return out.getvalue()
    return _table(names, rows)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(names: list[str], rows: list[list[str | None]]) -> str:
    cells = [["" if v is None else v.replace("\n", " ") for v in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
