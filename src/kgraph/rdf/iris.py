"""Stable, readable, collision-free IRIs for kgraph entities, documents and facts.

Re-exported by :mod:`kgraph.rdf.export`.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from kgraph.errors import ExportError

#: The default base of instance IRIs (entities, documents, sentences, assertions).
DEFAULT_BASE = "https://kgraph.example.org/"

# ASCII characters kept as they are in an IRI path segment; everything else ASCII is
# percent-encoded, and so is "%" itself, which makes the encoding injective.
_SAFE_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@"
)


def iri_segment(text: str) -> str:
    """Encode ``text`` as one readable IRI path segment.

    Chinese and other non-ASCII letters stay as they are (IRIs allow them); ASCII outside
    the unreserved and sub-delimiter characters, ``%``, whitespace, controls and other
    non-graphic characters are percent-encoded as UTF-8. Distinct texts give distinct
    segments.

    >>> iri_segment("云南省")
    '云南省'
    >>> iri_segment("年销售收入 >= 1000000 CNY")
    '年销售收入%20%3E=%201000000%20CNY'
    >>> iri_segment("a/b%c")
    'a%2Fb%25c'
    """
    out: list[str] = []
    for ch in text:
        if ch in _SAFE_ASCII or (ord(ch) >= 0xA0 and _iri_char(ch)):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def _iri_char(ch: str) -> bool:
    # Separators, controls, format, private-use, surrogate and unassigned code points are
    # encoded: they are invisible or not allowed by RFC 3987 outside queries.
    if unicodedata.category(ch)[0] in "ZC":
        return False
    cp = ord(ch)
    return not (0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE)


def _check_base(base: str) -> str:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", base) or not base.endswith(("/", "#")):
        raise ExportError(f"base IRI {base!r} must be absolute and end with '/' or '#'")
    return base


def entity_iri(cls: str, label: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the entity ``cls:label``: ``{base}entity/{cls}/{label}``.

    >>> entity_iri("Region", "云南省")
    rdflib.term.URIRef('https://kgraph.example.org/entity/Region/云南省')
    """
    return URIRef(f"{base}entity/{iri_segment(cls)}/{iri_segment(label)}")


def document_iri(doc: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a document: ``{base}doc/{id}``.

    >>> document_iri("微众银行企业贷款")
    rdflib.term.URIRef('https://kgraph.example.org/doc/微众银行企业贷款')
    """
    return URIRef(f"{base}doc/{iri_segment(doc)}")


def sentence_iri(doc: str, start: int, end: int, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a sentence: ``{base}doc/{id}/sentence/{start}-{end}``.

    >>> sentence_iri("d", 3, 17)
    rdflib.term.URIRef('https://kgraph.example.org/doc/d/sentence/3-17')
    """
    return URIRef(f"{document_iri(doc, base)}/sentence/{int(start)}-{int(end)}")


def assertion_iri(head: str, relation: str, tail: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the assertion of an edge, from the node ids and the relation.

    >>> assertion_iri("Region:昆明市", "partOf", "Region:云南省")
    rdflib.term.URIRef('https://kgraph.example.org/fact/Region:昆明市/partOf/Region:云南省')
    """
    return URIRef(f"{base}fact/{iri_segment(head)}/{iri_segment(relation)}/{iri_segment(tail)}")
