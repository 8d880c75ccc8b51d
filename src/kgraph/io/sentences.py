"""Sentence spans: where the sentences of a paragraph start and end.

Private to :mod:`kgraph.io.corpus`, which re-exports :func:`split_sentences`.
"""

from __future__ import annotations

import re

_ENDS = frozenset("。!?;！？；\n")
_CLOSERS = frozenset("」』”’)）】》\"'")
_QUOTES = {"「": "」", "『": "』", "“": "”"}
#: The characters the scan stops at: sentence ends, quotes and ``.``; it skips the rest.
_STOPS = re.compile(
    "[" + re.escape("".join(sorted({*_ENDS, *_QUOTES, *_QUOTES.values(), "."}))) + "]"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans.

    A sentence ends at ``。！？!?；;`` or a newline (full- or half-width), together with
    any closing quotes or brackets right after it. A half-width ``.`` ends a sentence only
    before whitespace or the end of the text, so ``3.5万元`` stays whole. Inside a quote
    opened by ``「『“`` and closed later on the same line nothing ends a sentence, except
    a newline. Spans exclude surrounding whitespace; empty spans are dropped. A sentence
    longer than :data:`MAX_SENTENCE_CHARS` is cut into pieces no longer than that.

    Parameters
    ----------
    text : str
        The text to split.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets into ``text``, end exclusive.

    Examples
    --------
    >>> t = "利率3.5%。额度高!他说「先还款。再借」。"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['利率3.5%。', '额度高!', '他说「先还款。再借」。']
    """
    spans: list[tuple[int, int]] = []
    closing: list[str] = []
    start, i, n = 0, 0, len(text)
    while i < n:
        found = _STOPS.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "\n":
            closing.clear()
            _add_span(text, start, i, spans)
            start = i = i + 1
            continue
        if ch in _QUOTES:
            line_end = text.find("\n", i)
            if text.find(_QUOTES[ch], i + 1, n if line_end < 0 else line_end) > 0:
                closing.append(_QUOTES[ch])
        elif closing and ch == closing[-1]:
            closing.pop()
        elif not closing and (ch in _ENDS or (ch == "." and (i + 1 == n or text[i + 1].isspace()))):
            i += 1
            while i < n and (text[i] in _ENDS or text[i] in _CLOSERS) and text[i] != "\n":
                i += 1
            _add_span(text, start, i, spans)
            start = i
            continue
        i += 1
    _add_span(text, start, n, spans)
    return spans


#: The longest sentence kept whole; a longer run without a sentence end (a page copied
#: without punctuation, a table flattened into one line) is cut at its last comma, pause
#: or space before this length, else at the length itself.
MAX_SENTENCE_CHARS = 1000
_SOFT_BREAKS = ",;,、 "


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(c, start + MAX_SENTENCE_CHARS // 2, limit) for c in _SOFT_BREAKS)
        cut = cut + 1 if cut > 0 else limit
        _add_span(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
