"""Loan conditions in one sentence: comparisons, negated requirements, held documents.

Three patterns make a :class:`~kgraph.types.Condition`:

* a comparison, *metric + comparator + quantity* (年销售收入不低于100万元, 注册时间满1年以上,
  年龄在18-60周岁之间, 纳税信用等级达到B级以上); a lower and an upper bound of one metric
  next to each other become ``between`` (年满18周岁且不超过65周岁);
* a negated requirement, *无/没有/不得有 + noun* (无当前逾期贷款 -> 当前逾期贷款 not_has), and
  *禁止用于 + uses* (禁止用于证券投资 -> 证券投资用途 not_has);
* a held document, *持有/提供/具备/出示 + noun* whose head is a document, licence or other
  holdable thing (持有有效的营业执照 -> 营业执照 has). Alternatives joined by 或 stay one
  requirement (对公账户流水或税务记录 has).

A period such as 近两年 or 近6个月 sets the ``window`` of every condition after it in the
sentence. Metrics drop the implicit enterprise or applicant subject (企业存续时间 ->
存续时间) and keep a person subject (法定代表人年龄). A metric counted with 次 ends in 次数
(逾期记录 -> 逾期次数), an age metric in 年龄, a duration metric in a duration word (成立 ->
成立时间). A number is a condition only when a comparator binds it to a metric and nothing
but a connective follows it, so attributive numbers (超过300万元的贷款), dates and most prose
statistics (占比常年保持在95%以上) give none.

The cue words are data, in ``data/condition_cues.tsv``. Offsets are relative to the
sentence given, end exclusive; ``Condition.text`` is the surface span.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import jieba

from kgraph._condition_cues import (
    _BOUNDARY,
    _CJK,
    _CLAUSE_END,
    _MODALS,
    _Cues,
    _cues,
    _ends_with,
    _starts_with,
    _Window,
    _window_at,
    _windows,
)
from kgraph._condition_nouns import _holdings, _negations
from kgraph.quantities import Quantity, find_quantities, fold, mask_dates
from kgraph.types import Condition

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_conditions", "parse_conditions"]

_FLIP = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "="}
_LOWER, _UPPER = (">=", ">"), ("<=", "<")
_PERSONS = ("人", "股东", "配偶", "法人")
_JOINERS = ("且", "并且", "并", "同时")


def _topic(scan: str, start: int, end: int, cues: _Cues) -> str:
    """A person subject leading a clause (法定代表人及实际控制人需...), or ""."""
    at = min((i for m in _MODALS if (i := scan.find(m, start, end)) >= 0), default=-1)
    head = scan[start:at].strip() if at > start else ""
    if head.endswith(_PERSONS) and head not in cues.of("subject") and _CJK.fullmatch(head[-1]):
        return head if not any(ch in _BOUNDARY for ch in head) else ""
    return ""


def parse_conditions(
    text: str, *, compare: bool = True, negated: bool = True, held: bool = True
) -> list[Condition]:
    """Extract the loan conditions stated in one sentence.

    Parameters
    ----------
    text : str
        One sentence, preferably normalized (see :func:`kgraph.normalize.normalize_text`).
    compare, negated, held : bool
        Whether to extract comparisons (``>=``, ``between`` ...), negated requirements
        (``not_has``) and held documents (``has``).

    Returns
    -------
    list of Condition
        In sentence order, offsets relative to ``text``.

    Examples
    --------
    >>> sentence = "通常要求年销售收入不低于100万元,且近期无大幅下滑情况。"
    >>> [c.label for c in parse_conditions(sentence)]
    ['年销售收入 >= 1000000 CNY', '大幅下滑 not_has']
    >>> [c.label for c in parse_conditions("法定代表人需年满18周岁且不超过65周岁")]
    ['法定代表人年龄 between 18..65 age']
    """
    cues = _cues()
    scan = mask_dates(fold(text))
    quantities = find_quantities(text)
    windows = _windows(scan, quantities, cues)
    out: list[Condition] = []
    start, topic = 0, ""
    for m in [*_CLAUSE_END.finditer(scan), None]:
        end = m.start() if m else len(scan)
        if end > start:
            if compare:
                carried = topic if _starts_with(scan, _JOINERS, start) else ""
                found = _comparisons(text, scan, start, end, quantities, windows, out, cues)
                for c in found:
                    if carried and not c.metric.startswith(carried):
                        c = dataclasses.replace(c, metric=carried + c.metric)
                    out.append(c)
            topic = _topic(scan, start, end, cues)
            if negated:
                out.extend(_negations(text, scan, start, end, windows, cues))
            if held:
                out.extend(_holdings(text, scan, start, end, windows, cues))
        start = end + 1 if m else end
    out = _merge_bounds(sorted(out, key=lambda c: (c.start, c.end)), text)
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in out:
        if (c.label, c.window) not in seen:
            seen.add((c.label, c.window))
            unique.append(c)
    return unique


def extract_conditions(
    doc: Doc,
    *,
    offset: int = 0,
    compare: bool = True,
    negated: bool = True,
    held: bool = True,
) -> Iterator[Condition]:
    """Yield the loan conditions of a spaCy ``Doc`` holding one sentence.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The sentence; only ``doc.text`` is read.
    offset : int
        Added to every offset, e.g. the sentence's start in its document.
    compare, negated, held : bool
        As in :func:`parse_conditions`.

    Yields
    ------
    Condition
        Offsets relative to ``doc.text``, plus ``offset``.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("zh").make_doc("持股比例不低于20%")
    >>> [(c.label, c.start, c.end) for c in extract_conditions(doc, offset=10)]
    [('持股比例 >= 20 percent', 10, 20)]
    """
    for c in parse_conditions(doc.text, compare=compare, negated=negated, held=held):
        yield dataclasses.replace(c, start=c.start + offset, end=c.end + offset)


def _comparator(left: str, cues: _Cues) -> tuple[str, int, bool]:
    """Read the comparator at the end of ``left``: (operator, metric end, 年满 seen)."""
    pos = len(left.rstrip())
    while pos > 0:
        head = left[:pos]
        cmp = _ends_with(head, tuple(sorted(cues.cmp, key=len, reverse=True)))
        if cmp:
            op, pos = cues.cmp[cmp], pos - len(cmp)
            neg = _ends_with(left[:pos], cues.of("neg"))
            if neg:
                op, pos = _FLIP[op], pos - len(neg)
            return op, pos, cmp == "年满"
        filler = _ends_with(head, cues.of("filler"))
        if not filler:
            break
        pos -= len(filler)
    return "", pos, False


def _suffix(scan: str, pos: int, end: int, cues: _Cues) -> tuple[str, int, bool]:
    """Read a comparator after the number: (operator, end of it, exclusive bound)."""
    strict = False
    if scan.startswith("(含)", pos):
        pos += 3
    word = max((w for w in cues.suffix if scan.startswith(w, pos)), key=len, default="")
    op = cues.suffix.get(word, "")
    pos += len(word)
    if scan.startswith("(含)", pos):
        pos += 3
    elif scan.startswith("(不含)", pos):
        pos, strict = pos + 4, True
    return op, min(pos, end), strict


def _resolve(prefix: str, suffix: str) -> str:
    if suffix == "between":
        suffix = ""
    if prefix and suffix:
        if prefix == "=":
            return suffix
        same = (prefix in _LOWER) == (suffix in _LOWER)
        if not same:
            return ""
        return prefix if prefix in (">", "<") else suffix
    return prefix or suffix


def _metric(raw: str, base: int, cues: _Cues) -> tuple[str, int]:
    """Clean a metric phrase: the last run of tokens between modals, subject dropped."""
    cut = max((i for i, ch in enumerate(raw) if ch in _BOUNDARY), default=-1)
    drop = set(cues.of("drop"))
    segments: list[list[tuple[str, int]]] = [[]]
    for word, start, _ in jieba.tokenize(raw[cut + 1 :], HMM=False):
        if word in drop:
            segments.append([])
        else:
            segments[-1].append((word, start + cut + 1))
    tokens = next((s for s in reversed(segments) if s), [])
    subjects = set(cues.of("subject"))
    kinds = cues.of("subject_end")  # 中小企业, 个体工商户: an enterprise kind as subject
    while len(tokens) > 1 and (tokens[0][0] in subjects or _ends_with(tokens[0][0], kinds)):
        tokens = tokens[1:]
    if len(tokens) > 2 and tokens[0][0] in subjects | {"和", "及", "与"}:
        tokens = tokens[1:]
    if len(tokens) == 1 and tokens[0][0] in subjects:
        tokens = []
    if not tokens:
        return "", base + len(raw)
    return "".join(w for w, _ in tokens), base + tokens[0][1]


def _amount(metric: str, q: Quantity, cues: _Cues) -> bool:
    """Whether a bare number is an amount of money: 月均结算量不低于10万."""
    money = cues.of("money")
    if _ends_with(metric, money):
        return True
    return bool(re.search("[万亿]", q.text)) and any(w in metric for w in money)


def _name(metric: str, q: Quantity, cues: _Cues) -> str:
    """Complete a metric by its unit: 年龄 for ages, 次数 for counts of 次, 时间 for periods."""
    if q.unit == "age" and not metric.endswith(("年龄", "岁数", "年纪")):
        return metric + "年龄"
    if q.raw_unit == "次" and not metric.endswith("数"):
        for tail in ("记录", "情况"):
            metric = metric.removesuffix(tail) if len(metric) > len(tail) else metric
        return metric + "次数"
    if q.unit in ("month", "day") and not _ends_with(metric, cues.of("duration")):
        return metric + "时间"
    return metric


def _statistic(metric: str, cues: _Cues) -> bool:
    return bool(_ends_with(metric, cues.of("stat_end"))) or any(
        w in metric for w in cues.of("stat_any")
    )


def _comparisons(
    text: str,
    scan: str,
    start: int,
    end: int,
    quantities: list[Quantity],
    windows: list[_Window],
    before: list[Condition],
    cues: _Cues,
) -> Iterator[Condition]:
    previous = [c for c in before if c.op not in ("has", "not_has")]
    left_bound = start
    for q in quantities:
        if not start <= q.start < end:
            continue
        if any(w.start <= q.start < w.end for w in windows):
            left_bound = max(left_bound, next(w.end for w in windows if w.start <= q.start < w.end))
            continue
        nxt = next((r.start for r in quantities if r.start > q.start), len(scan))
        cond = _comparison(text, scan, left_bound, end, q, windows, previous, cues, nxt)
        left_bound = max(left_bound, _suffix(scan, q.end, end, cues)[1])
        if cond is not None:
            previous.append(cond)
            yield cond


def _comparison(
    text: str,
    scan: str,
    bound: int,
    end: int,
    q: Quantity,
    windows: list[_Window],
    previous: list[Condition],
    cues: _Cues,
    next_quantity: int,
) -> Condition | None:
    for w in windows:  # a period earlier in the clause ends the metric's phrase
        if bound <= w.start and w.end <= q.start:
            bound = w.end
    left = scan[bound : q.start]
    prefix, pos, aged = _comparator(left, cues)
    suffix, stop, strict = _suffix(scan, q.end, end, cues)
    op = "between" if q.value_max is not None else _resolve(prefix, suffix)
    if not op or (op == "between" and prefix and prefix != "="):
        return None
    if strict:
        op = {">=": ">", "<=": "<"}.get(op, op)
    rest = scan[stop:end].lstrip()
    unit = q.unit
    if rest and not _starts_with(rest, cues.of("follow")) and next_quantity != end - len(rest):
        if not (rest.startswith("的") and (unit == "age" or aged)) and rest[0] not in "(（":
            return None
    raw = left[:pos].rstrip()
    if raw.endswith("的") or _statistic(raw, cues):
        return None
    metric, m_start = _metric(raw, bound, cues)
    if q.bare and isinstance(q.value, str) and not re.search("级|评|等", metric):
        return None
    if q.bare and unit == "" and _amount(metric, q, cues):
        unit = "CNY"
    value: float | str = q.value
    if aged and unit != "age":
        return None
    if not metric:
        same = [c for c in previous if c.unit == unit]
        if same:
            metric = same[-1].metric
        elif unit != "age":
            return None
        m_start = bound + pos
    elif len(metric) < 2 or not _CJK.search(metric) or _statistic(metric, cues):
        return None
    q = dataclasses.replace(q, unit=unit)
    metric = _name(metric, q, cues)
    while m_start < stop and text[m_start].isspace():
        m_start += 1
    return Condition(
        metric,
        op,
        value,
        q.value_max,
        unit,
        _window_at(windows, m_start + 1, scan),
        text[m_start:stop],
        m_start,
        stop,
    )


def _merge_bounds(conds: list[Condition], text: str) -> list[Condition]:
    """Join a lower and an upper bound of one metric, next to each other, into ``between``."""
    out: list[Condition] = []
    for c in conds:
        p = out[-1] if out else None
        if (
            p is not None
            and p.metric == c.metric
            and p.unit == c.unit
            and p.op in _LOWER
            and c.op in _UPPER
            and not isinstance(p.value, str)
            and not isinstance(c.value, str)
            and p.value <= c.value  # type: ignore[operator]
        ):
            out[-1] = dataclasses.replace(
                p,
                op="between",
                value_max=float(c.value),  # type: ignore[arg-type]
                text=text[p.start : c.end],
                end=c.end,
            )
        else:
            out.append(c)
    return out
