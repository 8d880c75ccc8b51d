"""The spaCy pipeline (:func:`load_pipeline`) and what its components find.

Vocabulary (:mod:`~kgraph.nlp.lexicon`), entity mentions (:mod:`~kgraph.nlp.mentions`), the
number grammar (:mod:`~kgraph.nlp.quantities`), loan conditions (:mod:`~kgraph.nlp.conditions`)
and the components that put them on the Doc (:mod:`~kgraph.nlp.components`). Imports
:mod:`kgraph.io` and the base modules only.
"""

from kgraph.nlp.pipeline import load_pipeline

__all__ = ["load_pipeline"]
