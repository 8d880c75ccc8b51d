"""The jieba tokenizer that kgraph's pipeline uses.

spaCy's Chinese tokenizer with ``segmenter = "jieba"`` aligns jieba's words to the text
with :func:`spacy.util.get_words_and_spaces`, which searches the rest of the text once
per word (quadratic in a section's length). jieba's words already cover the text exactly,
so :class:`JiebaTokenizer` folds the whitespace into spaCy's ``(words, spaces)`` in one
pass, with the same result, and keeps the text in ``doc.user_data["kg_text"]`` for the
components (spaCy's ``Doc.text`` builds a Token object per token).
"""

from __future__ import annotations

import re

from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

#: Whitespace that spaCy folds into a token's trailing space or into one token with the
#: whitespace next to it (anything but a lone newline).
_MERGED_SPACE = re.compile(r"[^\S\n]|\n\s")

#: Where a Doc's text is kept (see :func:`kgraph.nlp.components.doc_text`).
TEXT_KEY = "kg_text"


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing-space flags for a segmentation that covers ``text``.

    As :func:`spacy.util.get_words_and_spaces`: one ASCII space right after a word is that
    word's trailing space; any other run of whitespace is a token of its own.

    >>> words_and_spaces(["银行", " ", "贷款", "\\n", " ", "利率"], "银行 贷款\\n 利率")
    (['银行', '贷款', '\\n ', '利率'], [True, False, False, False])
    """
    if not _MERGED_SPACE.search(text):  # only single newlines: each is a token of its own
        return words, [False] * len(words)
    out: list[str] = []
    spaces: list[bool] = []
    run = ""  # whitespace not yet placed
    for word in words:
        if word.isspace():
            if not run and word[0] == " " and out and not spaces[-1] and not out[-1].isspace():
                spaces[-1] = True
                word = word[1:]
            run += word
            continue
        if run:
            out.append(run)
            spaces.append(False)
            run = ""
        out.append(word)
        spaces.append(False)
    if run:
        out.append(run)
        spaces.append(False)
    return out, spaces


class JiebaTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer with jieba, aligned in one pass (see the module's note)."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__(vocab, segmenter="jieba")

    def __call__(self, text: str) -> Doc:
        cut = [w for w in self.jieba_seg.cut(text, cut_all=False) if w]
        words, spaces = words_and_spaces(cut, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc


@registry.tokenizers("kgraph.JiebaTokenizer.v1")
def create_tokenizer():
    """The ``[nlp.tokenizer]`` factory: ``@tokenizers = "kgraph.JiebaTokenizer.v1"``."""

    def make(nlp) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return make
