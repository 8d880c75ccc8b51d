"""kgraph's spaCy components, registered with ``Language.factory``.

Each component is a plain class; the factories are what spaCy's config refers to:

- ``kgraph_mentions``: sets ``doc._.kg_mentions`` (:class:`kgraph.types.Mention`, offsets
  relative to the Doc) and ``doc.ents``;
- ``kgraph_conditions``: sets ``doc._.kg_conditions`` (:class:`kgraph.types.Condition`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgraph.conditions import extract_conditions
from kgraph.lexicon import load_lexicon
from kgraph.mentions import find_mentions

for _name in ("kg_mentions", "kg_conditions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class MentionRecognizer:
    """Find entity mentions with the lexicon, the gazetteer and suffix patterns."""

    def __init__(self, *, patterns: bool = True) -> None:
        self.patterns = patterns
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        idx = doc.to_array([IDX, LENGTH])
        tokens = [(int(a), int(a + b), text[a : a + b]) for a, b in idx]
        mentions = find_mentions(text, tokens, lexicon=self.lexicon, patterns=self.patterns)
        doc._.kg_mentions = mentions
        if mentions:
            starts = [t[0] for t in tokens]
            spans = [
                Span(
                    doc, bisect_right(starts, m.start) - 1, bisect_left(starts, m.end), label=m.cls
                )
                for m in mentions
            ]
            doc.ents = filter_spans(spans)
        return doc


class ConditionExtractor:
    """Parse structured loan conditions (metric, operator, value, unit, window)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_conditions = list(extract_conditions(doc))
        return doc


@Language.factory("kgraph_mentions", default_config={"patterns": True})
def make_mention_recognizer(nlp: Language, name: str, patterns: bool) -> MentionRecognizer:
    return MentionRecognizer(patterns=patterns)


@Language.factory("kgraph_conditions", default_config={})
def make_condition_extractor(nlp: Language, name: str) -> ConditionExtractor:
    return ConditionExtractor()
