"""Decoding corpus files: byte-order marks, UTF-8, then GB18030 or Big5.

Private to :mod:`kgraph.io.corpus`, which re-exports :func:`read_text`.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from kgraph.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings charset_normalizer may choose from: the ones a Chinese corpus uses.
_CANDIDATES = ["utf_8", "gb18030", "big5", "cp950", "big5hkscs"]
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


def read_text(path: str | Path) -> str:
    """Read a text file, detecting its encoding.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); then strict UTF-8 is tried;
    then ``charset_normalizer`` chooses among GB18030 and Big5 (any GB2312/GBK guess is
    decoded as GB18030, its superset).

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    str
        The decoded text, without BOM, newlines normalized to ``\\n``.

    Raises
    ------
    InputError
        If the file cannot be read, contains NUL bytes (binary), cannot be decoded,
        or holds only whitespace.
    """
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def _decode(data: bytes, path: str | Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"undecodable ({encoding} BOM, invalid bytes)") from None
    if b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = [m.encoding for m in charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES)]
    if not found:
        raise InputError(path, "undecodable (not UTF-8, UTF-16, GB18030 or Big5)")
    # charset_normalizer ranks short Chinese texts poorly: among the decodings it accepts
    # (GB2312/GBK read as GB18030), and the other of GB18030/Big5, keep the one with the
    # most common characters; ties keep its order.
    order = ["gb18030" if e.replace("_", "") in _GB_FAMILY else e for e in found]
    decoded: dict[str, str] = {}
    for encoding in [*order, "gb18030", "big5"]:
        if encoding not in decoded:
            try:
                decoded[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if not decoded:
        raise InputError(path, f"undecodable (detected {found[0]})")
    return max(decoded.values(), key=_common_ratio)


def _common_ratio(text: str) -> float:
    """The share of non-ASCII characters that are common Chinese characters or symbols."""
    chars = [c for c in text if not c.isascii() and not c.isspace()]
    return sum(map(_is_common, chars)) / len(chars) if chars else 1.0


@lru_cache(maxsize=8192)
def _is_common(char: str) -> bool:
    """Whether a character is in GB2312 level 1 or Big5 level 1, or is a symbol there."""
    for encoding, first, last in (("gb2312", 0xA1, 0xD7), ("big5", 0xA1, 0xC6)):
        try:
            lead = char.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        if first <= lead <= last and not (encoding == "gb2312" and 0xAA <= lead <= 0xAF):
            return True
    return False
