"""Extraction: a document's mentions, conditions and relations, each with its evidence.

The document's outline (:mod:`~kgraph.extract.outline`), rules on its structure
(:mod:`~kgraph.extract.structure_rules`) and on single sentences
(:mod:`~kgraph.extract.relations`), assembly per document (:mod:`~kgraph.extract.document`),
entity resolution (:mod:`~kgraph.extract.resolve`) and scoring against gold files
(:mod:`~kgraph.extract.evaluate`). Imports :mod:`kgraph.nlp`, :mod:`kgraph.io` and the base.
"""

from kgraph.extract.document import extract_document, extract_documents, to_gold_format

__all__ = ["extract_document", "extract_documents", "to_gold_format"]
