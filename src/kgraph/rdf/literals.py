"""Typed literals as kgraph writes them: strings with an explicit ``xsd:string`` and
decimals in canonical form, so that Oxigraph and rdflib read back the same terms.

Re-exported by :mod:`kgraph.rdf.export`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal

from kgraph.errors import ExportError


def string_literal(text: object) -> Literal:
    """An ``xsd:string`` literal with an explicit datatype, as RDF 1.1 and Oxigraph read it.

    >>> string_literal("CNY").datatype == XSD.string
    True
    """
    return Literal(str(text), datatype=XSD.string)


def decimal_literal(value: float | int | str) -> Literal:
    """An ``xsd:decimal`` literal in XSD 1.1 canonical form (the form Oxigraph reads back).

    >>> [str(decimal_literal(v)) for v in (1000000.0, 0.35, "2.50", 1e-7)]
    ['1000000', '0.35', '2.5', '0.0000001']
    """
    try:
        text = format(Decimal(repr(value) if isinstance(value, float) else str(value)), "f")
    except InvalidOperation as exc:
        raise ExportError(f"condition value {value!r} is not a number") from exc
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal("0" if text in ("-0", "") else text, datatype=XSD.decimal)
