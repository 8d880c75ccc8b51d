"""kgraph: knowledge graphs from Chinese enterprise and finance articles.

Build a graph from files and folders, then explore it as networkx, pandas, RDF or HTML:

>>> import kgraph
>>> kg = kgraph.build(["data/corpus"])
>>> kg.counts()["LoanProduct"]
3
>>> "微众银行" in kg.entities("Organization")
True
>>> kg.evidence("微众银行", "offers", "企业贷款")[0]["title"]
'微众银行企业贷款要具备什么条件'
>>> kg.query("loan-conditions", product="企业贷款").shape[0] > 10
True

The main names:

- :func:`build`, :func:`load`: a :class:`KnowledgeGraph` from documents or from a saved
  build folder; :func:`extract`, :func:`iter_extract` (a generator), :func:`extract_text`:
  extractions without a graph.
- :class:`KnowledgeGraph`: ``graph`` (networkx), ``rdf`` (rdflib), ``query`` (SPARQL to a
  DataFrame), ``frame`` / ``edges_frame`` (pandas), ``tree``, ``neighbourhood``,
  ``evidence``, ``evaluate`` / ``errors``, ``view`` / ``show`` (interactive HTML), ``save``.
- Every error kgraph raises is a :class:`KGraphError`.

The heavy modules (spaCy, rdflib, pandas) are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.errors import ExportError, ExtractionError, InputError, KGraphError, QueryError

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph, build, extract, extract_text, iter_extract, load


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


__version__ = _version()

_API = ("KnowledgeGraph", "build", "extract", "extract_text", "iter_extract", "load")

__all__ = [
    "ExportError",
    "ExtractionError",
    "InputError",
    "KGraphError",
    "KnowledgeGraph",
    "QueryError",
    "__version__",
    "build",
    "extract",
    "extract_text",
    "iter_extract",
    "load",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        from kgraph import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
