"""A document's outline as the relation rules see it: which heads govern a sentence.

The reader records each line's kind and the line that governs it (:class:`~kgraph.types.Block`).
Here that becomes what rules ask: the heads above a sentence, nearest first (a field's own
label, the item's head, the list's heading ...), the topic those heads announce (a
requirement list, the eligible enterprises, supported or restricted industries, a
classification) and the lines listed under a head. The cue words of each topic are data:
the ``[sections]`` table of ``data/rules.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache

from kgraph.io.structure import is_head_text
from kgraph.nlp.mention_rules import rules_file
from kgraph.types import Block, Document, Evidence, Mention

_LAST_CLAUSE = re.compile(r"[,;。!?]")
#: Topics a head may announce, in the order they are tried on each head.
TOPICS = ("materials", "requirements", "eligibleFor", "restrictsIndustry", "supportsIndustry")


@cache
def section_cues() -> dict[str, tuple[str, ...]]:
    """The ``[sections]`` cue words of ``data/rules.toml``: topic -> words."""
    return {k: tuple(v) for k, v in rules_file()["sections"].items()}


@lru_cache(maxsize=4096)
def topic_of(head: str) -> str | None:
    """The topic a head announces, or None.

    >>> topic_of("二、申请条件"), topic_of("所需材料"), topic_of("适用对象"), topic_of("产品特点")
    ('requirements', 'materials', 'eligibleFor', None)
    """
    cues = section_cues()
    for topic in TOPICS:
        if any(c in head for c in cues[topic]) and not any(
            c in head for c in cues.get(f"not_{topic}", ())
        ):
            return topic
    return None


class Outline:
    """The blocks of one document, looked up by offset."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.blocks: tuple[Block, ...] = doc.blocks
        self._starts = [b.start for b in self.blocks]
        self._children: dict[int, list[int]] = {}
        for i, b in enumerate(self.blocks):
            self._children.setdefault(b.parent, []).append(i)
        self._heads: dict[int, list[tuple[int, str]]] = {}  # block -> its governing heads

    def block_at(self, offset: int) -> int:
        """The index of the block holding ``offset``, or -1."""
        i = bisect_right(self._starts, offset) - 1
        return i if i >= 0 and offset < self.blocks[i].end else -1

    def by_block(self, mentions: Sequence[tuple[Mention, Evidence]]) -> dict[int, list]:
        """Document-offset mentions (with their evidence) grouped by the block holding them."""
        out: dict[int, list[tuple[Mention, Evidence]]] = {}
        for m, ev in mentions:
            out.setdefault(self.block_at(m.start), []).append((m, ev))
        return out

    def leading(
        self, index: int, mentions: Sequence[tuple[Mention, Evidence]], cls: str
    ) -> tuple[Mention, Evidence] | None:
        """The mention of ``cls`` that block ``index`` opens with, right after its marker."""
        body = self.blocks[index].body_start
        return next(((m, ev) for m, ev in mentions if m.start <= body + 1 and m.cls == cls), None)

    def label_at(self, offset: int) -> str:
        """The label of the field line holding ``offset`` (额度:… -> 额度), or ``""``."""
        i = self.block_at(offset)
        return self.blocks[i].label if i >= 0 else ""

    def within(self, offset: int, ancestor: int) -> bool:
        """Whether the line at ``offset`` is block ``ancestor`` or governed by it, at any depth."""
        i = self.block_at(offset)
        while i >= 0 and i != ancestor:
            i = self.blocks[i].parent
        return i >= 0

    def children(self, index: int) -> list[int]:
        """The blocks directly governed by block ``index``; the lines a paragraph under it
        leads (…包含七个子类: and its rows) count as its own."""
        out = []
        for k in self._children.get(index, []):
            out.append(k)
            if self.blocks[k].kind == "paragraph":
                out.extend(self._children.get(k, []))
        return out

    def text(self, index: int) -> str:
        b = self.blocks[index]
        return self.doc.text[b.start : b.end]

    def body(self, index: int) -> str:
        b = self.blocks[index]
        return self.doc.text[b.body_start : b.end]

    def head(self, index: int) -> str:
        """What block ``index`` says as a head: a label, a heading, a short item; or ``""``."""
        b = self.blocks[index]
        if b.label:
            return b.label
        if b.kind in ("heading", "head"):
            return self.body(index) or self.text(index)
        body = self.body(index)
        if b.kind == "item" and is_head_text(body):
            return body
        if body.endswith(":"):  # …应当符合下列条件: the clause before the colon heads the list
            return _LAST_CLAUSE.split(body[:-1])[-1]
        return ""

    def _head_blocks(self, offset: int) -> list[tuple[int, str]]:
        """(block, head) of the heads governing ``offset``, nearest first."""
        at = self.block_at(offset)
        cached = self._heads.get(at)
        if cached is not None:
            return cached
        out = []
        i = at
        if i >= 0 and self.blocks[i].label:
            out.append((i, self.blocks[i].label))
        if i >= 0:
            i = self.blocks[i].parent
        while i >= 0:
            head = self.head(i)
            if head:
                out.append((i, head))
            i = self.blocks[i].parent
        self._heads[at] = out
        return out

    def heads(self, offset: int) -> list[str]:
        """The heads governing the text at ``offset``, nearest first (its own label first)."""
        return [head for _, head in self._head_blocks(offset)]

    def topic_line(self, offset: int) -> tuple[str | None, str, str]:
        """The topic of the nearest head above ``offset`` that announces one, that head, and
        the whole line of it (申请X贷,需满足以下条件:)."""
        for i, head in self._head_blocks(offset):
            topic = topic_of(head)
            if topic is not None:
                return topic, head, self.text(i)
        return None, "", ""

    def topic(self, offset: int) -> str | None:
        """The topic of the nearest head above ``offset`` that announces one."""
        return self.topic_line(offset)[0]
