"""kgraph's spaCy components, registered with ``Language.factory``.

The Doc is the single source of truth, and everything kgraph puts on it survives
``Doc.to_bytes()`` (so ``nlp.pipe(n_process=2)`` works):

- ``kgraph_tagger``: jieba's dictionary part-of-speech tag on ``token.tag_`` (a look-up,
  not jieba's slower tagger); unknown words get ``x``;
- ``kgraph_mentions``: entity mentions, from the lexicon and gazetteer, kgraph's name rules
  and the spaCy ``Matcher`` token patterns of ``data/patterns.jsonl``, as Spans in
  ``doc.spans["kg"]`` (``label_`` the class, ``kb_id_`` the canonical label, ``id_`` the
  source) and ``doc.ents``. Tokens are split where a mention starts or ends inside one, so
  spans are exact. Spans that an
  earlier component put in ``doc.spans["kg"]`` (a statistical NER, say) are kept where
  kgraph's lexicon and patterns find nothing overlapping (measured: a statistical NER's
  guesses are less precise than the rules, see docs/quality.md);
- ``kgraph_conditions``: structured loan conditions, stored as plain records in
  ``doc._.kg_condition_records``.

``doc._.kg_mentions`` and ``doc._.kg_conditions`` are read-only views of those as
:class:`kgraph.types.Mention` and :class:`kgraph.types.Condition` values, which is what
the later stages read.
"""

from __future__ import annotations

import json
from importlib.resources import files

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, SPACY, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from kgraph.nlp.conditions import parse_conditions
from kgraph.nlp.lexicon import load_lexicon
from kgraph.nlp.mentions import find_mentions, word_tag
from kgraph.nlp.tokenizer import TEXT_KEY
from kgraph.types import Condition, Mention

#: The token patterns shipped with kgraph (spaCy Matcher patterns, one JSON object a line).
PATTERNS_FILE = files("kgraph").joinpath("data/patterns.jsonl")


def read_patterns(path) -> list[dict]:
    """The token patterns of a JSON-lines file: ``{"id", "label", "pattern"}`` per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _literals(pattern: list[dict]) -> list[str]:
    """The fixed words a token pattern needs (ORTH or LOWER of a token that must occur)."""
    words = []
    for token in pattern:
        if token.get("OP", "1") in ("1", "+"):
            for key in ("ORTH", "LOWER", "TEXT"):
                if isinstance(token.get(key), str):
                    words.append(token[key].lower())
    return words


#: The span group holding entity mentions.
SPANS_KEY = "kg"

#: How sources rank when spans overlap: lower wins. Other components' spans fill gaps.
_SOURCE_RANK = {"lexicon": 0, "gazetteer": 0, "pattern": 2}
_EXTERNAL_RANK = 3


def _mentions(doc: Doc) -> list[Mention]:
    group = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ()
    out = [
        Mention(s.text, s.kb_id_ or s.text, s.label_, s.start_char, s.end_char, s.id_ or "model")
        for s in group
    ]
    return sorted(out, key=lambda m: (m.start, m.end))


def _conditions(doc: Doc) -> list[Condition]:
    return [Condition(*record) for record in doc._.kg_condition_records or ()]


if not Doc.has_extension("kg_units"):
    Doc.set_extension("kg_units", default=None)
if not Doc.has_extension("kg_condition_records"):
    Doc.set_extension("kg_condition_records", default=None)
if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", getter=_mentions)
if not Doc.has_extension("kg_conditions"):
    Doc.set_extension("kg_conditions", getter=_conditions)


class Tagger:
    """Set ``token.tag_`` from jieba's dictionary (word -> tag), ``x`` when unknown."""

    def __init__(self) -> None:
        self.tags: dict[int, int] = {}  # a word's hash -> its tag's hash

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            strings, known = doc.vocab.strings, self.tags
            tags = []
            for orth in doc.to_array(ORTH).tolist():
                tag = known.get(orth)
                if tag is None:
                    tag = known[orth] = strings.add(word_tag(strings[orth]) or "x")
                tags.append(tag)
            doc.from_array([TAG], numpy.asarray(tags, dtype="uint64").reshape(-1, 1))
        return doc


class MentionRecognizer:
    """Find entity mentions with the lexicon, the gazetteer and suffix patterns."""

    def __init__(self, *, patterns: bool = True, lexicons: tuple[str, ...] = ()) -> None:
        self.patterns = patterns
        self.lexicons = tuple(lexicons)
        self.lexicon = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the lexicon, the extra lexicons, the gazetteer and the token patterns.

        Done on first use when not called. Extra lexicons are not added to jieba's
        dictionary (it is global to the process): their forms are matched on characters,
        and a two-character one where jieba's tokens allow it. Token patterns are spaCy
        ``Matcher`` patterns over text, ``tag_`` and the like, one per line of
        ``data/patterns.jsonl`` (``{"id", "label": class, "pattern": [...]}``).
        """
        self.lexicon = load_lexicon(extra=self.lexicons)
        self.token_patterns = read_patterns(PATTERNS_FILE) if self.patterns else []
        self.literals = [_literals(entry["pattern"]) for entry in self.token_patterns]
        self.matcher = None

    def _matches(self, doc: Doc, text: str) -> list[Mention]:
        """Mentions of the token patterns, longest first where they overlap."""
        if not self.token_patterns:
            return []
        lowered = text.lower()
        if not any(all(w in lowered for w in words) for words in self.literals):
            return []  # no pattern's fixed words occur: the matcher would find nothing
        if self.matcher is None or self.matcher.vocab is not doc.vocab:
            self.matcher = Matcher(doc.vocab)
            for entry in self.token_patterns:
                self.matcher.add(f"{entry['label']}|{entry['id']}", [entry["pattern"]])
        spans = [
            Span(doc, start, end, label=doc.vocab.strings[key].split("|")[0])
            for key, start, end in self.matcher(doc)
        ]
        return [
            Mention(s.text, s.text, s.label_, s.start_char, s.end_char, "pattern")
            for s in filter_spans(spans)
        ]

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.initialize()
        text = doc_text(doc)
        tokens = [(a, a + n, text[a : a + n]) for a, n in _offsets(doc)]
        found = find_mentions(text, tokens, lexicon=self.lexicon, patterns=self.patterns)
        found += self._matches(doc, text)
        given = _mentions(doc)  # spans of earlier components
        chosen = _rank([*given, *found])
        doc = _split_at(doc, tokens, {b for m in chosen for b in (m.start, m.end)})
        spans = [
            doc.char_span(m.start, m.end, label=m.cls, kb_id=m.label, span_id=m.source)
            for m in chosen
        ]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=[s for s in spans if s])
        doc.ents = filter_spans(doc.spans[SPANS_KEY])
        return doc


def _rank(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: better source first, then longer, then earlier."""

    def rank(m: Mention) -> tuple[int, int, int]:
        return (_SOURCE_RANK.get(m.source, _EXTERNAL_RANK), m.start - m.end, m.start)

    taken: list[Mention] = []
    for m in sorted(mentions, key=rank):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: (m.start, m.end))


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined from arrays once per Doc (spaCy's property makes a Token object
    per token); splitting tokens never changes a Doc's text, so it is kept in ``user_data``."""
    if not len(doc):
        return ""
    cached = doc.user_data.get(TEXT_KEY)
    if isinstance(cached, str) and len(cached) == doc[-1].idx + len(doc[-1].text_with_ws):
        return cached
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY]).tolist()
    text = "".join(strings[o] + " " if sp else strings[o] for o, sp in rows)
    doc.user_data[TEXT_KEY] = text
    return text


def _offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, length) of every token, read as one array (no Token objects)."""
    return [(a, n) for a, n in doc.to_array([IDX, LENGTH]).tolist()]


def _split_at(doc: Doc, tokens: list[tuple[int, int, str]], bounds: set[int]) -> Doc:
    """Split the tokens that a boundary falls inside, so every span is token-aligned."""
    starts = {t[0] for t in tokens}
    end = tokens[-1][1] if tokens else 0
    inside = sorted(b for b in bounds if b not in starts and 0 < b < end)
    if not inside:
        return doc
    cuts = []
    for i, (a, e, _) in enumerate(tokens):
        inner = [b - a for b in inside if a < b < e]
        if inner:
            cuts.append((doc[i], inner))
    with doc.retokenize() as retokenizer:
        for token, inner in cuts:
            edges = [0, *inner, len(token)]
            orths = [token.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
            heads = [(token, i) for i in range(len(orths))]
            tags = [word_tag(o) or "x" for o in orths]
            retokenizer.split(token, orths, heads=heads, attrs={"TAG": tags})
    return doc


class ConditionExtractor:
    """Parse structured loan conditions (metric, operator, value, unit, window).

    A Doc holding several sentences says where they are in ``doc._.kg_units`` (character
    ranges); each is parsed on its own. Without it the Doc is one sentence.
    """

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        return self.parse(doc, doc._.kg_units or [(0, len(text))], text)

    def parse(self, doc: Doc, ranges: list[tuple[int, int]], text: str | None = None) -> Doc:
        """Parse the sentences at ``ranges`` only (offsets of the Doc's text)."""
        text = doc_text(doc) if text is None else text
        group = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ()
        names = sorted({s.text for s in group if s.label_ in _NAMED}, key=len, reverse=True)
        doc._.kg_condition_records = [
            (
                _unnamed(c.metric, names),
                c.op,
                c.value,
                c.value_max,
                c.unit,
                c.window,
                c.text,
                c.start + a,
                c.end + a,
            )
            for a, b in ranges
            for c in parse_conditions(text[a:b])
        ]
        return doc


#: Classes whose names may lead a metric (工行 + 经营快贷 + 综合授信额度).
_NAMED = ("Organization", "LoanProduct")


def _unnamed(metric: str, names: list[str]) -> str:
    """A metric without the lender's or product's names before it.

    >>> _unnamed("工行经营快贷综合授信额度", ["经营快贷", "工行"])
    '综合授信额度'
    """
    stripped = True
    while stripped:
        stripped = False
        for name in names:
            if metric.startswith(name) and len(metric) - len(name) >= 2:
                metric, stripped = metric[len(name) :], True
    return metric


@Language.factory("kgraph_tagger", default_config={})
def make_tagger(nlp: Language, name: str) -> Tagger:
    return Tagger()


@Language.factory("kgraph_mentions", default_config={"patterns": True, "lexicons": []})
def make_mention_recognizer(
    nlp: Language, name: str, patterns: bool, lexicons: list[str]
) -> MentionRecognizer:
    return MentionRecognizer(patterns=patterns, lexicons=tuple(lexicons))


@Language.factory("kgraph_conditions", default_config={})
def make_condition_extractor(nlp: Language, name: str) -> ConditionExtractor:
    return ConditionExtractor()
