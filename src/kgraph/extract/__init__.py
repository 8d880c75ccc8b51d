"""Extraction: a document's mentions, conditions and relations, each with its evidence.

The document's outline (:mod:`~kgraph.extract.outline`), rules on its structure
(:mod:`~kgraph.extract.structure_rules`) and on single sentences
(:mod:`~kgraph.extract.relations`), assembly per document (:mod:`~kgraph.extract.document`),
entity resolution (:mod:`~kgraph.extract.resolve`) and scoring against gold files
(:mod:`~kgraph.extract.evaluate`). Imports :mod:`kgraph.nlp`, :mod:`kgraph.io` and the base.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract_document", "extract_documents", "to_gold_format"]


def __getattr__(name: str) -> Any:
    """The per-document functions, imported on first use: the graph, matching and the view
    use :mod:`~kgraph.extract.resolve` without loading spaCy."""
    if name in __all__:
        from kgraph.extract import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
