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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import jieba

from kgraph.quantities import Quantity, find_quantities, fold, mask_dates
from kgraph.types import Condition, format_number

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_conditions", "parse_conditions"]

_CLAUSE_END = re.compile(r"[,，;；。!！?？:：\n\t]")
_BOUNDARY = set("、()（）[]【】“”\"'‘’《》<>#/ ")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FLIP = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "="}
_LOWER, _UPPER = (">=", ">"), ("<=", "<")
_WINDOW_TAIL = ("以内", "之内", "以来", "内", "来")
_MODALS = ("要求", "必须", "需", "须", "应")
_PERSONS = ("人", "股东", "配偶", "法人")
_JOINERS = ("且", "并且", "并", "同时")


@dataclass(frozen=True, slots=True)
class _Cues:
    cmp: dict[str, str]
    suffix: dict[str, str]
    not_has: dict[str, str]
    words: dict[str, tuple[str, ...]]

    def of(self, kind: str) -> tuple[str, ...]:
        return self.words.get(kind, ())


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    path = resources.files("kgraph").joinpath("data/condition_cues.tsv")
    valued: dict[str, dict[str, str]] = {"cmp": {}, "suffix": {}, "not_has": {}}
    words: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, surface, *rest = line.split("\t")
        if kind in valued:
            valued[kind][surface] = rest[0] if rest else ""
        words.setdefault(kind, []).append(surface)
    ordered = {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in words.items()}
    return _Cues(valued["cmp"], valued["suffix"], valued["not_has"], ordered)


def _ends_with(text: str, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ``text`` ends with, or ""."""
    return next((w for w in words if text.endswith(w)), "")


def _starts_with(text: str, words: tuple[str, ...], pos: int = 0) -> str:
    return next((w for w in words if text.startswith(w, pos)), "")


@dataclass(slots=True)
class _Window:
    start: int
    end: int
    value: str
    carries: bool = True  # a period before any modal of its clause holds for later clauses


def _windows(scan: str, quantities: list[Quantity], cues: _Cues) -> list[_Window]:
    """Periods the metrics are taken over: 近6个月, 近两年内, 3年内 before a negation."""
    out = []
    for q in quantities:
        if q.unit not in ("month", "day") or q.value_max is not None:
            continue
        start = q.start
        lead = _ends_with(scan[: q.start].rstrip(), cues.of("window"))
        if lead:
            start = len(scan[: q.start].rstrip()) - len(lead)
        end = q.end + len(_starts_with(scan, _WINDOW_TAIL, q.end))
        if not lead and (end == q.end or not _starts_with(scan, tuple(cues.not_has), end)):
            continue
        if scan.startswith("的", end):
            end += 1
        clause = _clause_start(scan, start)
        carries = not any(m in scan[clause:start] for m in _MODALS)
        out.append(_Window(start, end, f"{format_number(q.value)} {q.unit}", carries))
    return out


def _clause_start(scan: str, pos: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(scan, 0, pos)), default=0)


def _window_at(windows: list[_Window], pos: int, scan: str) -> str:
    """The window of a condition at ``pos``: the last period stated before it.

    A period stated after a modal (纳税记录要求近12个月无断缴) holds for its clause only.
    """
    clause = _clause_start(scan, pos)
    for w in reversed(windows):
        if w.start < pos and (w.start >= clause or w.carries):
            return w.value
    return ""


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
    >>> [c.label for c in parse_conditions("通常要求年销售收入不低于100万元,且近期无大幅下滑情况。")]
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
    while len(tokens) > 1 and tokens[0][0] in subjects:
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


def _items(scan: str, start: int, end: int, cues: _Cues) -> Iterator[tuple[int, int]]:
    """Split a list of nouns at 、 及 和 与 (never at 或), as spans."""
    seps = cues.of("item_sep")
    pos = i = start
    while i < end:
        sep = _starts_with(scan, seps, i)
        if sep:
            yield pos, i
            i += len(sep)
            pos = i
        else:
            i += 1
    yield pos, end


def _clean(
    scan: str, s: int, e: int, cues: _Cues, windows: Sequence[_Window] = ()
) -> tuple[str, int, int]:
    """Strip modifiers, spaces and periods (近一年的) from the front of a noun, 的 inside."""
    while True:
        while s < e and scan[s] in _BOUNDARY:
            s += 1
        s = next((w.end for w in windows if w.start == s and w.end <= e), s)
        mod = _starts_with(scan[:e], cues.of("modifier"), s)
        if not mod:
            break
        s += len(mod)
    while e > s and scan[e - 1] in _BOUNDARY:
        e -= 1
    return scan[s:e].replace("的", ""), s, e


def _negations(
    text: str, scan: str, start: int, end: int, windows: list[_Window], cues: _Cues
) -> Iterator[Condition]:
    cue_words = tuple(sorted(cues.not_has, key=len, reverse=True))
    i = start
    while i < end:
        cue = _starts_with(scan[:end], cue_words, i)
        if not cue:
            i += 1
            continue
        body = i + len(cue)
        before_ok = not (cue == "无" and _ends_with(scan[start:i], cues.of("not_before")))
        stop = end
        for j in range(body, end):
            if _starts_with(scan[:end], cue_words, j) and j > body:
                stop = j
                break
        i = stop
        if not before_ok or _starts_with(scan, cues.of("not_after"), body):
            continue
        tail = cues.not_has[cue]
        yield from _negated_items(text, scan, body, stop, cue, tail, windows, cues)


def _negated_items(
    text: str,
    scan: str,
    body: int,
    stop: int,
    cue: str,
    tail: str,
    windows: list[_Window],
    cues: _Cues,
) -> Iterator[Condition]:
    for k in ("等", *cues.of("item_stop")):
        at = scan.find(k, body, stop)
        stop = at if at > body else stop
    for n, (s, e) in enumerate(_items(scan, body, stop, cues)):
        noun, s, e = _clean(scan, s, e, cues, windows)
        dropped = _ends_with(noun, cues.of("tail_drop"))
        if dropped and len(noun) - len(dropped) >= 2:
            noun = noun[: -len(dropped)]
        if tail and not noun.endswith(tail):
            noun += tail
        if len(noun) < 2 or not _CJK.search(noun) or noun == tail:
            continue
        begin = s if n else body - len(cue)
        yield Condition(
            noun,
            "not_has",
            window=_window_at(windows, e, scan),
            text=text[begin:e],
            start=begin,
            end=e,
        )


def _holdings(
    text: str, scan: str, start: int, end: int, windows: list[_Window], cues: _Cues
) -> Iterator[Condition]:
    verbs = cues.of("has")
    hits = [(i, v) for i in range(start, end) if (v := _starts_with(scan[:end], verbs, i))]
    for n, (i, verb) in enumerate(hits):
        body = i + len(verb)
        stop = hits[n + 1][0] if n + 1 < len(hits) else end
        if scan.startswith("的", body):
            continue
        for k in cues.of("item_stop"):
            at = scan.find(k, body, stop)
            stop = at if at > body else stop
        for w in windows:  # 近一年的 inside the list belongs to the window, not a noun
            if body <= w.start < stop and not scan[body : w.start].strip():
                body = w.end
        etc = scan.find("等", body, stop)
        spans: list[tuple[int, int]]
        if etc > body:
            after, s, e = _clean(scan, etc + 1, stop, cues)
            spans = [(s, e)] if _holdable(after, cues) else list(_items(scan, body, etc, cues))
        else:
            spans = list(_items(scan, body, stop, cues))
        for s, e in spans:
            noun, s, e = _clean(scan, s, e, cues, windows)
            if _holdable(noun, cues):
                window = _window_at(windows, e, scan)
                yield Condition(noun, "has", window=window, text=text[s:e], start=s, end=e)


def _holdable(noun: str, cues: _Cues) -> bool:
    """Whether a noun names a thing one holds: one of its 或 alternatives ends in a head."""
    if len(noun) < 2 or noun in cues.of("generic") or re.search(r"\d", noun):
        return False
    return any(_ends_with(alt, cues.of("holdable")) for alt in re.split("或者|或", noun))
