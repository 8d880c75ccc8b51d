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
    """
    return _MIXED_SPACE.sub("", to_simplified(fold_width(text)))


#: Spaces between a CJK character and a letter, digit or percent sign (either order).
_MIXED_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[\u4e00-\u9fff])"
)
