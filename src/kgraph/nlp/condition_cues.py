"""Shared pieces of the loan-condition grammar: the cue table, clauses and windows.

Private to :mod:`kgraph.nlp.conditions`; the cue words live in ``data/condition_cues.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import jieba

from kgraph.nlp.mention_rules import prepare_segmenter
from kgraph.nlp.quantities import Quantity
from kgraph.types import Condition, format_number

_CLAUSE_END = re.compile(r"[,，;；。!！?？:：\n\t]")
_BOUNDARY = set("、()（）[]【】“”\"'‘’《》<>#/ .")  # . ends a list marker (1.借款人…)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WINDOW_TAIL = ("以内", "之内", "以来", "内", "来")
_MODALS = ("要求", "必须", "需", "须", "应")
_STOPS = ",，;；。!！?？:：、"


@dataclass(frozen=True, slots=True)
class _Cues:
    cmp: dict[str, str]
    suffix: dict[str, str]
    not_has: dict[str, str]
    words: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]]

    def of(self, kind: str) -> tuple[str, ...]:
        return self.words.get(kind, ())

    def value(self, kind: str, surface: str) -> str:
        """The value column of a cue word, or ""."""
        return self.values.get(kind, {}).get(surface, "")


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    prepare_segmenter()  # metrics are cut with jieba: its words must be kgraph's
    path = resources.files("kgraph").joinpath("data/condition_cues.tsv")
    valued: dict[str, dict[str, str]] = {"cmp": {}, "suffix": {}, "not_has": {}}
    words: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, surface, *rest = line.split("\t")
        if kind in valued or rest:
            valued.setdefault(kind, {})[surface] = rest[0] if rest else ""
        words.setdefault(kind, []).append(surface)
    ordered = {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in words.items()}
    return _Cues(valued["cmp"], valued["suffix"], valued["not_has"], ordered, valued)


def _ends_with(text: str, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ``text`` ends with, or ""."""
    if not text.endswith(words):  # one C-level test first: most positions match nothing
        return ""
    return next((w for w in words if text.endswith(w)), "")


def _starts_with(text: str, words: tuple[str, ...], pos: int = 0, end: int | None = None) -> str:
    """The longest of ``words`` that ``text[pos:end]`` starts with, or ""."""
    end = len(text) if end is None else end
    if not text.startswith(words, pos, end):  # one C-level test first
        return ""
    return next((w for w in words if text.startswith(w, pos, end)), "")


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


def _metric(raw: str, base: int, cues: _Cues) -> tuple[str, int]:
    """Clean a metric phrase: the last run of tokens between modals, subject dropped."""
    size = len(raw)
    ratio = "|".join(cues.of("ratio"))  # 研发费用占营业收入的比重: one metric, 的 dropped
    if ratio and (m := re.search(rf"占[^的{_STOPS}]{{1,12}}(的)(?:{ratio})$", raw)):
        raw = raw[: m.start(1)] + raw[m.end(1) :]
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
    if len(tokens) > 1 and tokens[0][0] in ("或", "或者", "且", "并"):
        tokens = tokens[1:]  # 或发票金额≥50万元: the alternative's own metric
    if len(tokens) == 1 and tokens[0][0] in subjects:
        tokens = []
    if not tokens:
        return "", base + size
    return "".join(w for w, _ in tokens), base + tokens[0][1]


def _question(scan: str, start: int, end: int, cues: _Cues) -> bool:
    """Whether a clause asks a question (提示“暂无额度”怎么办?): it states no requirement."""
    if scan.startswith("?", end):
        return True
    return any(w in scan[start:end] for w in cues.of("question") if len(w) > 1)


def _penalty(scan: str, start: int, end: int, cues: _Cues) -> bool:
    """Whether a clause sets a sanction (处一万元以上罚款): its amounts are no requirement."""
    return any(w in scan[start:end] for w in cues.of("penalty"))


def _no_requirement(scan: str, start: int, end: int, cues: _Cues) -> bool:
    """Whether a clause can state no requirement: a question, a sanction or a relaxation
    (部分银行放宽至70周岁: an exception some lenders make, not the requirement)."""
    return (
        _question(scan, start, end, cues)
        or _penalty(scan, start, end, cues)
        or any(w in scan[start:end] for w in cues.of("relax"))
    )


#: Words a person subject ends with (法定代表人, 主要股东, 配偶).
_PERSONS = ("人", "股东", "配偶", "法人")


def _topic(scan: str, start: int, end: int, cues: _Cues) -> str:
    """A person subject leading a clause (法定代表人及实际控制人需...), or ""."""
    at = min((i for m in _MODALS if (i := scan.find(m, start, end)) >= 0), default=-1)
    head = scan[start:at].strip() if at > start else ""
    if head.endswith(_PERSONS) and head not in cues.of("subject") and _CJK.fullmatch(head[-1]):
        return head if not any(ch in _BOUNDARY for ch in head) else ""
    return ""


def _event_topic(scan: str, start: int, end: int, joined: list[Condition], cues: _Cues) -> str:
    """What a negated event (断缴, 下滑) happens to: the clause's subject, or "".

    The subject is the noun before the clause's modal (纳税记录要求近12个月无断缴 -> 纳税), or
    the metric of the comparison a 且-clause is joined to (销售收入...且近期无大幅下滑).
    """
    at = min((i for m in _MODALS if (i := scan.find(m, start, end)) >= 0), default=-1)
    head = scan[start:at].strip() if at > start else ""
    for tail in cues.of("tail_drop") + ("记录",):
        head = head.removesuffix(tail) if len(head) > len(tail) + 1 else head
    if len(head) >= 2 and all(_CJK.fullmatch(ch) for ch in head):
        return head if head not in cues.of("subject") else ""
    found = [c for c in joined if c.op not in ("has", "not_has", "=")]
    return found[-1].metric if found else ""
