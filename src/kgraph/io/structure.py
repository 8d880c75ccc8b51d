"""Document structure: what each line of an article is, and which line governs it.

Private to the reader (:mod:`kgraph.io.builder`). A line is a heading, a list item
(一、 （一） 1. （1） ① • - 第一条), a field ("标签：值"), a table row or a paragraph. Real pages
mix marker styles freely, so nesting is read the way a person reads it: the first marker
style met is the outermost, a style seen before closes everything opened after it, and a
heading closes every list. A short line without sentence punctuation (申请条件, 【适用对象】,
"申请条件：") heads what follows it.
"""

from __future__ import annotations

import re

from kgraph.types import Block

_CN_NUM = "一二三四五六七八九十百零〇"
#: Marker styles, outermost-looking first; each regex matches the marker at a line start.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(rf"第[{_CN_NUM}\d]+条\s*")),
    ("cn", re.compile(rf"[{_CN_NUM}]+\s*[、.．]\s*")),
    ("paren-cn", re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*[、.．]?\s*")),
    # 1.1 税务风险, 2.2.1财务风险 (a decimal number before its unit, 3.5万元, is none)
    (
        "num-section",
        re.compile(
            r"\d{1,2}(?:\.\d{1,2}){1,3}\s*(?=[\u4e00-\u9fff])(?![万亿千百元倍年月日天个次笔家人分级岁期周%])"
        ),
    ),
    ("num-comma", re.compile(r"\d{1,2}\s*、\s*")),
    ("num-dot", re.compile(r"\d{1,2}\s*(?:．|\.(?!\d))\s*")),
    ("paren-num", re.compile(r"(?:[（(]\d{1,2}[）)]|\d{1,2}[)）])\s*")),
    ("circled", re.compile(r"[①-⑳]\s*")),
    ("bullet", re.compile(r"[•·▪●◆◇■□▶►★☆✓✔√*]\s*|[-－–—](?=\s|[\u4e00-\u9fff])\s*")),
)
_FIELD = re.compile(r"([^：:，,。；;!?！？\s]{2,12})\s*[：:]\s*")
_BRACKETED = re.compile(r"[【\[]([^】\]]{2,20})[】\]]\s*[：:]?")
_SENTENCE_PUNCT = re.compile(r"[，,。；;!?！？]")
#: The longest line (after its marker) that may head the lines after it.
MAX_HEAD_CHARS = 30


def classify(line: str) -> tuple[str, str, str, int]:
    """What a line is: ``(kind, marker style, field label, offset of its body)``.

    ``kind`` is ``item`` (a list marker starts it), ``field`` (``标签：值``), ``head``
    (a short line that heads what follows: ``申请条件``, ``【适用对象】``, ``申请条件：``)
    or ``paragraph``. An item may also be a field or a head; its kind is then ``item`` and
    the label or the head is read from its body.

    ``1、`` and ``1.`` are two styles: pages nest one list in the other.

    >>> classify("二、申请条件")
    ('item', 'cn', '', 2)
    >>> classify("（1）营业执照；")
    ('item', 'paren-num', '', 3)
    >>> classify("适用对象：小型、微型企业")
    ('field', '', '适用对象', 5)
    >>> classify("申请条件：")
    ('head', '', '申请条件', 5)
    >>> classify("3.5万元以下的贷款免担保。")
    ('paragraph', '', '', 0)
    """
    for style, pattern in _MARKERS:
        m = pattern.match(line)
        if m and m.end() < len(line):
            label = field_label(line[m.end() :])
            return "item", style, label, m.end()
    m = _BRACKETED.match(line)
    if m:
        rest = line[m.end() :].strip()
        return ("field" if rest else "head"), "", m.group(1).strip(), m.end()
    m = _FIELD.match(line)
    if m:
        if m.end() >= len(line):
            return "head", "", m.group(1), m.end()
        return "field", "", m.group(1), m.end()
    if is_head_text(line):
        return "head", "", "", 0
    return "paragraph", "", "", 0


def marker_end(line: str) -> int:
    """Where the text after a leading list marker starts (0 without a marker).

    >>> marker_end("(2)营业执照"), marker_end("营业执照")
    (3, 0)
    """
    for _, pattern in _MARKERS:
        m = pattern.match(line)
        if m and m.end() < len(line):
            return m.end()
    return 0


def field_label(body: str) -> str:
    """The label of a ``标签：值`` body, or ``""``.

    >>> field_label("贷款额度：最高300万元"), field_label("企业成立满2年")
    ('贷款额度', '')
    """
    m = _BRACKETED.match(body) or _FIELD.match(body)
    return m.group(1).strip() if m else ""


def is_head_text(text: str) -> bool:
    """A short text with no sentence punctuation, which may head the lines after it; a
    question may end it (FAQ pages head their answers with the question).

    >>> is_head_text("申请条件"), is_head_text("企业成立满2年,正常经营。")
    (True, False)
    >>> is_head_text("X贷款的申请条件是什么?")
    True

    Steps joined by arrows or dashes are a process, not a head:

    >>> is_head_text("提交资料——在线申请——授信审批")
    False
    """
    text = text.strip().rstrip(":：").removesuffix("?").removesuffix("？")
    if len(_STEPS.findall(text)) >= 2:
        return False
    return 2 <= len(text) <= MAX_HEAD_CHARS and not _SENTENCE_PUNCT.search(text)


#: What joins the steps of a process line (申请——审批——放款, 申请→审批).
_STEPS = re.compile(r"—{1,2}|-{2,}|→|->|>>|⇒|＞")


def nest(blocks: list[Block], text: str = "") -> list[Block]:
    """Give each block its parent (the index of the block that governs it) and depth.

    A heading closes everything below its level; a list style already open closes the
    styles opened after it; a head line (``申请条件：``) closes the previous head line's
    items. A paragraph that ends with a colon (申请X贷,企业需满足以下条件:) leads the lines
    after it, until the next such paragraph or head line; ``text`` is what the blocks'
    offsets point into (without it no paragraph leads). Any other paragraph or field
    belongs to the innermost open block.
    """
    stack: list[tuple[tuple, int]] = []  # (style key, block index)
    out = []
    for i, block in enumerate(blocks):
        key = _style_key(block)
        if block.kind == "paragraph" and text[block.start : block.end].rstrip().endswith(":"):
            key = _LEAD
        if key is not None:
            _close(stack, key)
        parent = stack[-1][1] if stack else -1
        out.append(_with(block, parent, len(stack)))
        if key is not None:
            stack.append((key, i))
    return out


def _style_key(block: Block) -> tuple | None:
    if block.kind == "heading":
        return ("heading", block.level)
    if (
        block.kind == "item"
        and block.label
        and block.end - block.body_start <= len(block.label) + 3
    ):
        return ("item-head", block.marker)  # - 额度: heads the items of its style after it
    if block.kind == "item":
        return ("item", block.marker)
    if block.kind == "head":
        return ("head",)
    if block.kind == "row":
        return ("row",)
    return None


#: Marker styles of a document's sections (第一条, 一、, (一)): a head line sits inside them.
_SECTION_MARKERS = ("article", "cn", "paren-cn")

#: The style of a paragraph that leads the lines after it.
_LEAD = ("lead",)


def _close(stack: list[tuple[tuple, int]], key: tuple) -> None:
    if key in (_LEAD, ("head",)) and stack and stack[-1][0] == _LEAD:
        stack.pop()  # a lead ends at the next lead or head line of its level
    if key == _LEAD:
        return
    if key[0] == "heading":
        while stack and not (stack[-1][0][0] == "heading" and stack[-1][0][1] < key[1]):
            stack.pop()
        return
    if key == ("head",) and key in (k for k, _ in stack):
        while stack and stack[-1][0][-1] not in _SECTION_MARKERS:
            if stack.pop()[0] == key:
                break  # 企业要求: ends 申请人要求: and its items, not the 二、 item holding both
        return
    if key in (k for k, _ in stack):
        while stack and stack.pop()[0] != key:
            pass
    elif key == ("row",):  # a table ends the HTML lists before it; in text it may sit in an item
        while stack and stack[-1][0] == ("item", "li"):
            stack.pop()


def _with(block: Block, parent: int, depth: int) -> Block:
    return Block(
        block.kind,
        block.start,
        block.end,
        block.body_start,
        marker=block.marker,
        label=block.label,
        level=block.level,
        parent=parent,
        depth=depth,
    )
