"""Numbers and quantities in Chinese loan text, converted to base units.

The number grammar reads Arabic numerals (``1,000``, ``3.5``, ``1.5万``), Chinese numerals
(``三百万``, ``两``, ``一千二百``, ``三点五``) with :mod:`cn2an`, and the percent forms
``百分之二十``, ``20%``, ``六成``, ``七成五`` and ``三分之一``. Units come from the table
``data/units.tsv`` (surface, base unit, factor) and convert to the units of the annotation
guidelines: ``CNY``, ``month`` (years count as 12 months), ``day``, ``age``, ``percent``,
``count``, ``grade``, and the empty unit for scores (``600分``) and multiples (``3倍``).

Grades keep their letters as the value (``B级`` -> ``"B"``); a numbered grade is a number
(``3级`` -> ``3.0``). Dates and clock times are masked and never read as quantities.
All offsets are character offsets into the string given, end exclusive.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import cn2an

from kgraph.types import format_number

__all__ = [
    "Quantity",
    "find_quantities",
    "fold",
    "mask_dates",
    "parse_number",
    "parse_quantity",
    "parse_window",
    "unit_table",
]

#: Full-width ASCII to half-width, ideographic space to space, dashes and waves to ASCII.
#: Every mapping is one character to one character, so offsets survive folding.
_FOLD = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x2014: 0x2D, 0x2013: 0x2D, 0x2015: 0x2D, 0x301C: 0x7E})

_CN_DIGITS = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_CN_SMALL = "十拾百佰千仟"
_CN_BIG = "万萬亿億"
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = (
    rf"(?:(?:{_ARABIC})[{_CN_SMALL}{_CN_BIG}]*"
    rf"|[{_CN_DIGITS}{_CN_SMALL}][{_CN_DIGITS}{_CN_SMALL}{_CN_BIG}]*(?:点[{_CN_DIGITS}]+[{_CN_BIG}]*)?)"
)
_SCALES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_SCALES.update({"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8})
_DATES = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}(?:\s*[日号])?)?"
    r"|(?:19|20)\d{2}\s*年(?:度|末|初|底)?"
    r"|[〇零一二三四五六七八九]{4}年"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
)
_RANGE_SEP = re.compile(r"\s*(?:\(含\))?\s*(-{1,2}|[~至到—–]|与|和)\s*")
_INCL = re.compile(r"\s*\(含\)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, in base units.

    ``value`` is a float, or a grade's letters; ``value_max`` is the upper end of a range
    (``18-65周岁``). ``raw_unit`` is the unit as written ("" for a bare number) and
    ``start``/``end`` the span of ``text`` in the string searched.
    """

    value: float | str
    unit: str
    value_max: float | None = None
    raw_unit: str = ""
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def bare(self) -> bool:
        """Whether the number was written without a unit."""
        return not self.raw_unit


def fold(text: str) -> str:
    """Fold full-width forms to half-width, one character for one, keeping offsets.

    >>> fold("２０％～３０％")
    '20%~30%'
    """
    return text.translate(_FOLD)


def mask_dates(text: str) -> str:
    """Replace dates and clock times by ``#`` of the same length.

    >>> mask_dates("2026-01-23 08:30 放款满1年")
    '########## ##### 放款满1年'
    """
    return _DATES.sub(lambda m: "#" * len(m.group()), text)


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str, float]]:
    """The unit table of ``data/units.tsv``: surface -> (base unit, factor).

    >>> unit_table()["年"], unit_table()["元"]
    (('month', 12.0), ('CNY', 1.0))
    """
    text = resources.files("kgraph").joinpath("data/units.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, float]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, unit, factor = line.split("\t")
        table[surface] = ("" if unit == "-" else unit, float(factor))
    return table


@lru_cache(maxsize=1)
def _atom_pattern() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(unit_table(), key=len, reverse=True))
    return re.compile(
        rf"(?P<pct>百分之(?P<pnum>{_NUMBER}))"
        rf"|(?P<frac>(?P<den>{_NUMBER})分之(?P<numer>{_NUMBER}))"
        rf"|(?<![A-Za-z])(?P<grade>[A-EM]{{1,3}}[+-]?)(?![A-Za-z])(?P<gsuf>\s*[级类])?"
        rf"|(?P<num>{_NUMBER}|半)(?P<half>个半)?\s*(?:\(含\)\s*(?={units}))?(?P<unit>{units})?"
        rf"(?P<tail>(?<=年)半|(?<=成)[一二三四五六七八九\d])?"
    )


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """Read a number written in Arabic or Chinese numerals.

    Percent forms give percent points: ``百分之二十`` and ``20%`` are 20, ``六成`` is 60,
    ``七成五`` is 75, ``三分之一`` is 33.33. ``半`` is 0.5.

    Parameters
    ----------
    text : str
        The numeral alone, e.g. ``三百万`` or ``1,000``.

    Returns
    -------
    float or None
        The value, or None when ``text`` is not a number.

    Examples
    --------
    >>> parse_number("三百万"), parse_number("1,000"), parse_number("两"), parse_number("六成")
    (3000000.0, 1000.0, 2.0, 60.0)
    >>> parse_number("百分之二十"), parse_number("半"), parse_number("1.5万"), parse_number("企业")
    (20.0, 0.5, 15000.0, None)
    """
    s = fold(text).strip().replace(",", "")
    if not s:
        return None
    if s == "半":
        return 0.5
    if s.startswith("百分之"):
        return parse_number(s[3:])
    if s.endswith("%"):
        return parse_number(s[:-1])
    if m := re.fullmatch(r"(.+?)成([一二三四五六七八九\d])?", s):
        whole = parse_number(m.group(1))
        tenth = parse_number(m.group(2)) if m.group(2) else 0.0
        return None if whole is None or tenth is None else whole * 10 + tenth
    if m := re.fullmatch(r"(.+?)分之(.+)", s):
        den, numer = parse_number(m.group(1)), parse_number(m.group(2))
        return None if not den or numer is None else round(numer / den * 100, 2)
    if m := re.fullmatch(rf"(\d+(?:\.\d+)?)([{_CN_SMALL}{_CN_BIG}]*)", s):
        value = float(m.group(1))
        for ch in m.group(2):
            value *= _SCALES[ch]
        return value
    if not re.fullmatch(rf"[{_CN_DIGITS}{_CN_SMALL}{_CN_BIG}点]+", s):
        return None
    return _chinese_number(s)


def _chinese_number(s: str) -> float | None:
    scale = 1.0
    if "点" in s:  # cn2an reads 三点五 but not 三点五万: take the big scale off first
        while s and s[-1] in _CN_BIG:
            scale *= _SCALES[s[-1]]
            s = s[:-1]
    if s and s[0] in "百佰千仟":
        s = "一" + s
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(cn2an.cn2an(s, "smart")) * scale
    except (ValueError, KeyError, IndexError):
        return None


def _atom(m: re.Match[str]) -> Quantity | None:
    """Turn one match of the atom pattern into a quantity, or None."""
    text, start, end = m.group(), m.start(), m.end()
    if m.group("pct") or m.group("frac"):
        value = parse_number(text)
        return None if value is None else Quantity(value, "percent", None, "%", text, start, end)
    if m.group("grade"):
        if not m.group("gsuf"):
            return Quantity(m.group("grade"), "grade", None, "", text, start, end)
        return Quantity(m.group("grade"), "grade", None, "级", text, start, end)
    raw = m.group("unit") or ""
    num = m.group("num")
    if not raw:
        # a bare number: Arabic numerals, or Chinese ones with a big scale (三百万)
        if num == "半" or not (num[0].isdigit() or any(c in _CN_BIG for c in num)):
            return None
        text = text.rstrip()
        end = start + len(text)
    unit, factor = unit_table().get(raw, ("", 1.0))
    if unit == "skip":
        return None
    value = parse_number(num)
    if value is None:
        return None
    if m.group("half"):
        value += 0.5
    tail = m.group("tail")
    if tail:
        value += 0.5 if tail == "半" else (parse_number(tail) or 0.0) / 10
    if unit == "grade":
        return Quantity(value, "grade", None, raw, text, start, end)
    return Quantity(round(value * factor, 6), unit, None, raw, text, start, end)


def find_quantities(text: str) -> list[Quantity]:
    """Find every quantity in a text, ranges (``18-65周岁``, ``1至3年``) merged.

    Dates and clock times are skipped. A bare number counts only when it is written in
    Arabic numerals or carries a big scale (``10万``, ``三百万``); a letter grade without
    ``级`` is returned with an empty ``raw_unit`` for the caller to judge.

    Parameters
    ----------
    text : str
        Any text; offsets in the result refer to it.

    Returns
    -------
    list of Quantity
        In text order.

    Examples
    --------
    >>> [(q.value, q.unit) for q in find_quantities("年销售收入不低于100万元，满1年以上")]
    [(1000000.0, 'CNY'), (12.0, 'month')]
    >>> q = find_quantities("年龄在18-60周岁之间")[0]
    >>> q.value, q.value_max, q.unit, q.text
    (18.0, 60.0, 'age', '18-60周岁')
    """
    scan = mask_dates(fold(text))
    atoms = [a for m in _atom_pattern().finditer(scan) if (a := _atom(m)) is not None]
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        merged = _range(a, b, scan) if b is not None else None
        if merged is not None:
            out.append(_with_text(merged, text))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _with_text(q: Quantity, text: str) -> Quantity:
    return Quantity(q.value, q.unit, q.value_max, q.raw_unit, text[q.start : q.end], q.start, q.end)


def _range(a: Quantity, b: Quantity, scan: str) -> Quantity | None:
    """Merge two atoms written as a range, ``a - b``, or None."""
    sep = _RANGE_SEP.fullmatch(scan, a.end, b.start)
    if sep is None or b.bare or isinstance(b.value, str) or isinstance(a.value, str):
        return None
    if sep.group(1) in ("与", "和") and not scan.startswith("之间", _skip_incl(scan, b.end)):
        return None
    if a.bare:
        low = a.value * unit_table()[b.raw_unit][1]
    elif a.unit == b.unit:
        low = a.value
    else:
        return None
    if low > b.value:
        return None
    return Quantity(low, b.unit, b.value, b.raw_unit, "", a.start, b.end)


def _skip_incl(scan: str, pos: int) -> int:
    m = _INCL.match(scan, pos)
    return m.end() if m else pos


def parse_quantity(text: str) -> Quantity | None:
    """Read a text that is one quantity, e.g. ``100万元``, ``两年``, ``B级`` or ``18-65周岁``.

    A leading cue of the number (``满``, ``年满``, ``近``, ``最近``, ``过去``, ``连续``) is
    allowed and ignored; comparing and windows are the caller's business.

    Parameters
    ----------
    text : str
        The quantity alone.

    Returns
    -------
    Quantity or None
        The quantity in base units, or None when ``text`` is not exactly one quantity.

    Examples
    --------
    >>> parse_quantity("100万元").value, parse_quantity("满1年").value, parse_quantity("半年").unit
    (1000000.0, 12.0, 'month')
    >>> parse_quantity("六成").value, parse_quantity("B级").value, parse_quantity("不低于")
    (60.0, 'B', None)
    """
    s = text.rstrip()
    begin = len(s) - len(s.lstrip())
    for lead in ("年满", "最近", "过去", "连续", "满", "近"):
        if s.startswith(lead, begin) and len(s) > begin + len(lead):
            begin += len(lead)
            break
    found = find_quantities(s)
    if len(found) != 1 or found[0].start != begin or found[0].end != len(s):
        return None
    return found[0]


def parse_window(text: str) -> str | None:
    """Write a period such as ``近两年`` as a window string, ``"24 month"`` or ``"30 day"``.

    Examples
    --------
    >>> parse_window("近两年"), parse_window("近6个月"), parse_window("近30天")
    ('24 month', '6 month', '30 day')
    >>> parse_window("近期") is None
    True
    """
    s = re.sub(r"(?:内|以内|之内|以来|来)$", "", text.strip())
    q = parse_quantity(s)
    if q is None or q.unit not in ("month", "day") or q.value_max is not None:
        return None
    return f"{format_number(q.value)} {q.unit}"
