"""The spaCy pipeline (:func:`load_pipeline`) and what its components find.

Vocabulary (:mod:`~kgraph.nlp.lexicon`), entity mentions (:mod:`~kgraph.nlp.mentions`), the
number grammar (:mod:`~kgraph.nlp.quantities`), loan conditions (:mod:`~kgraph.nlp.conditions`)
and the components that put them on the Doc (:mod:`~kgraph.nlp.components`). Imports
:mod:`kgraph.io` and the base modules only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_pipeline"]


def __getattr__(name: str) -> Any:
    """:func:`load_pipeline`, imported on first use: the lexicon, the number grammar and
    the metric vocabulary load without spaCy."""
    if name == "load_pipeline":
        from kgraph.nlp.pipeline import load_pipeline

        return load_pipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
