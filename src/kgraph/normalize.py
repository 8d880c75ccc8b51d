"""Text normalization: NFKC width folding, traditional to simplified, mixed-script spaces.

Every text kgraph reads goes through :func:`normalize_text` before offsets are computed,
so offsets always refer to the normalized text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["fold_width", "normalize_text", "to_simplified"]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """The traditional-to-simplified converter, built once."""
    return opencc.OpenCC("t2s")


def fold_width(text: str) -> str:
    """Apply Unicode NFKC: full-width letters, digits and punctuation become half-width.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The NFKC form; ``，`` becomes ``,``, ``：`` becomes ``:``, while ``。`` is kept.
        Circled numbers (① to ⑳) are kept too: they mark list items, and NFKC would make
        ``①营业执照`` read as ``1营业执照``.

    Examples
    --------
    >>> fold_width("ＡＢＣ１２３，：。①")
    'ABC123,:。①'
    """
    if not _CIRCLED.search(text):
        return unicodedata.normalize("NFKC", text)
    return "".join(
        part if _CIRCLED.fullmatch(part) else unicodedata.normalize("NFKC", part)
        for part in _CIRCLED.split(text)
    )


_CIRCLED = re.compile("([\u2460-\u2473])")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones (OpenCC ``t2s``).

    Examples
    --------
    >>> to_simplified("企業風險")
    '企业风险'
    """
    return _converter().convert(text) if text else text


def normalize_text(text: str) -> str:
    """Normalize text for extraction: NFKC width folding, then traditional to simplified.

    Parameters
    ----------
    text : str
        Raw decoded text.

    Returns
    -------
    str
        The normalized text.

    Examples
    --------
    >>> normalize_text("銀行貸款３．５萬元！")
    '银行贷款3.5万元!'

    Spaces between a Chinese character and a letter or digit are dropped: pages set them
    around embedded Latin and numbers (纳税 e 贷, 最高 300 万元), and a name must read the
    same with or without them.

    >>> normalize_text("纳税 e 贷最高 300 万元,年化 3.3% 起")
    '纳税e贷最高300万元,年化3.3%起'

    Pages copied from a fixed-width layout keep a space where each line wrapped, often
    inside a word; :func:`unwrap_lines` takes those out. Pages copied without their line
    breaks run their outline into one paragraph; :func:`break_outline` gives it back.
    """
    return break_outline(unwrap_lines(_MIXED_SPACE.sub("", to_simplified(fold_width(text)))))


_CN = "一二三四五六七八九十"
#: An outline marker inside a line: 一、 after a sentence's end (。一、), or (二) anywhere but
#: in a reference (第二十条(一)项).
_INLINE_MARKER = re.compile(
    rf"(?:(?<=[。;:!?”」)])\s*([{_CN}]{{1,2}})、|\(([{_CN}]{{1,2}})\)(?![项款条目]))"
)


def break_outline(text: str) -> str:
    """Start a new line at each outline marker run into a paragraph (…核心支撑。一、类型
    (一)市场风险:…(二)财务风险:…), when a line holds at least two markers of one style in
    order: pages copied without their line breaks keep their outline.

    >>> print(break_outline("引言。一、风险类型(一)市场风险:需求下降。(二)财务风险:资金紧张。"))
    引言。
    一、风险类型
    (一)市场风险:需求下降。
    (二)财务风险:资金紧张。
    """
    if "、" not in text and "(" not in text:
        return text
    return "\n".join(_break_line(line) for line in text.split("\n"))


def _break_line(line: str) -> str:
    if "、" not in line and "(" not in line:
        return line
    found = list(_INLINE_MARKER.finditer(line))
    cuts = []
    for style in (2, 1):  # (一)…(二) first: a 一、 before such a list heads it
        marks = [m for m in found if m.group(style)]
        numbers = [_CN.index(m.group(style)[-1]) for m in marks if len(m.group(style)) == 1]
        if (
            len(numbers) == len(marks)
            and numbers == sorted(numbers)
            and len(marks) >= 2 - bool(cuts)
        ):
            cuts += [m.start() for m in marks]
    if not cuts:
        return line
    parts, last = [], 0
    for cut in sorted(cuts):
        parts.append(line[last:cut])
        last = cut
    parts.append(line[last:])
    return "\n".join(p for p in parts if p)


#: At least this many spaces a line, most of them a line's width apart, make a wrapped line.
_MIN_WRAPS = 3
#: The shortest width taken for a wrapped line's (shorter gaps are a layout's columns).
_MIN_WIDTH = 20
#: How far (in characters) a wrap may fall from the line's width.
_WIDTH_SLACK = 3


def unwrap_lines(text: str) -> str:
    """Drop the spaces that a fixed-width layout left where its lines wrapped.

    A line whose spaces fall, most of them, one width apart (the median gap between spaces,
    at least 20 characters) is a wrapped paragraph: a space there is dropped when it is one
    width after the space before it and stands between two non-Latin characters. Other
    spaces (after a heading, between Latin words) stay.

    >>> line = "时政要闻 " + " ".join(["贷款贴息政策的通知" * 3] * 5)
    >>> unwrap_lines(line) == "时政要闻 " + "贷款贴息政策的通知" * 15
    True
    >>> unwrap_lines("时政 要闻 A B 等 短 词")
    '时政 要闻 A B 等 短 词'
    """
    if text.count(" ") < _MIN_WRAPS:
        return text
    return "\n".join(_unwrap(line) for line in text.split("\n"))


def _unwrap(line: str) -> str:
    spaces = [i for i, ch in enumerate(line) if ch == " "]
    if len(spaces) < _MIN_WRAPS + 1:
        return line
    gaps = [b - a for a, b in zip(spaces, spaces[1:], strict=False)]
    width = sorted(gaps)[len(gaps) // 2]
    near = [g for g in gaps if abs(g - width) <= _WIDTH_SLACK]
    if width < _MIN_WIDTH or len(near) < _MIN_WRAPS or 2 * len(near) < len(gaps):
        return line
    drop = {
        b
        for a, b in zip(spaces, spaces[1:], strict=False)
        if abs(b - a - width) <= _WIDTH_SLACK
        and b + 1 < len(line)
        and not _LATIN.match(line[b - 1])
        and not _LATIN.match(line[b + 1])
        and not line[b + 1].isspace()
    }
    return "".join(ch for i, ch in enumerate(line) if i not in drop)


_LATIN = re.compile(r"[0-9A-Za-z\s]")


#: Spaces between a CJK character and a letter, digit or percent sign (either order).
_MIXED_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[\u4e00-\u9fff])"
)
