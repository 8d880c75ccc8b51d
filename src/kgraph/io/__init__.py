"""Reading: files and folders to documents with their structure (:mod:`kgraph.io.corpus`).

Decoding (:mod:`~kgraph.io.decoding`), the formats (:mod:`~kgraph.io.formats`, the wiki page
shape :mod:`~kgraph.io.wiki`), offsets and sections (:mod:`~kgraph.io.builder`), sentences
(:mod:`~kgraph.io.sentences`) and the structure of each line (:mod:`~kgraph.io.structure`).
Imports only :mod:`kgraph.types`, :mod:`kgraph.errors` and :mod:`kgraph.normalize`.
"""

from kgraph.io.corpus import read_documents, read_text, split_sentences
from kgraph.io.formats import parse_html, parse_plain_text

__all__ = ["parse_html", "parse_plain_text", "read_documents", "read_text", "split_sentences"]
