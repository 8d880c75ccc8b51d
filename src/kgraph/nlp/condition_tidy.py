"""Tidying a sentence's parsed conditions: metrics named, bounds joined, prices dropped.

Private to :mod:`kgraph.nlp.conditions`, but for :func:`canonical_metric`, which the
structure rules use too. Also here: bounds relative to another amount (A≤B×10%) and
overdue streaks (连3累6), which the comparison grammar does not read.
"""

from __future__ import annotations

import dataclasses
import re

from kgraph.io.structure import field_label, marker_end
from kgraph.nlp.condition_cues import _CJK, _Cues, _cues, _ends_with
from kgraph.nlp.quantities import Quantity, parse_number, parse_window
from kgraph.types import Condition

_LOWER = (">=", ">")
_UPPER = ("<=", "<")


def _price_range(c: Condition, cues: _Cues) -> bool:
    """A rate quoted as a range or a floor (年化7%-12%, 年化3.1%起, 下浮0.1%-0.3%): the
    product's price, not a requirement; a cap on a rate stays one (年化利率不超过24%)."""
    return c.op in ("between", ">=", ">") and any(w in c.metric for w in cues.of("rate"))


def canonical_metric(metric: str) -> str:
    """The usual name of a metric with several (``alias`` rows of the cue table).

    >>> canonical_metric("纳税评级"), canonical_metric("额度"), canonical_metric("成立时间")
    ('纳税信用等级', '贷款额度', '成立时间')
    """
    return _cues().value("alias", metric) or metric


def _name(metric: str, q: Quantity, cues: _Cues) -> str:
    """Complete a metric by its unit and its words (a metric's other names give one name).

    An age metric ends in 年龄, a count of 次 or 笔 in 次数 or 笔数, a period in a duration
    word: 期限 for a loan's (单笔借据 -> 单笔借据期限), 时间 otherwise (成立 -> 成立时间). An
    amount of a loan or credit line ends in 额度 (综合授信 -> 综合授信额度, 单户 -> 单户贷款额度).
    """
    metric = cues.value("alias", metric) or metric
    if q.unit == "grade" and not metric.endswith(("级", "等级", "评级", "级别")):
        metric = cues.value("alias", metric + "等级") or metric  # 税务AB级: 税务等级
    if metric.endswith(("贷", "贷款")):
        return metric  # a product's name: see _loan_term
    per_unit = metric in cues.of("per_unit")
    loan = per_unit or any(w in metric for w in cues.of("loan_word"))
    if q.unit == "age" and not metric.endswith(("年龄", "岁数", "年纪")):
        return metric + "年龄"
    if q.raw_unit in ("次", "笔") and not metric.endswith("数"):
        for tail in ("记录", "情况"):
            metric = metric.removesuffix(tail) if len(metric) > len(tail) else metric
        return metric + q.raw_unit + "数"  # 逾期 -> 逾期次数, 交易 -> 交易笔数
    if q.unit in ("month", "day") and not _ends_with(metric, cues.of("duration")):
        return metric + ("贷款期限" if per_unit else "期限" if loan else "时间")
    if q.unit == "percent" and _ends_with(metric, cues.of("share_verb")):
        return metric + "比例"  # 持股 -> 持股比例
    if q.unit == "CNY" and loan and not _ends_with(metric, cues.of("amount_head")):
        return metric + ("贷款额度" if per_unit else "额度")
    return metric


def _regroup(c: Condition, text: str, cues: _Cues) -> Condition | None:
    """A group of borrowers read as a metric is the scope of a bound, not its metric.

    A group inside brackets after a metric bounds that metric (贷销比(优质企业≤90%)); a
    group before a metric only scopes it (普通客群线上申请 -> 线上申请). A group alone, with
    no metric to take, states no condition.
    """
    if c.op in ("has", "not_has", "="):
        return c
    group = _ends_with(c.metric, cues.of("group_end"))
    if group and len(c.metric) > len(group):
        name = _bracketed(text, c.end, cues)
        return dataclasses.replace(c, metric=name) if name else None
    for end in cues.of("group_end"):
        at = c.metric.find(end, 1)
        rest = c.metric[at + len(end) :] if at > 0 else ""
        ours = not re.search("与|和|同|跟|对", c.metric[:at])  # 与核心企业交易笔数: a partner
        if ours and len(rest) >= 2 and _CJK.match(rest) and not rest.startswith(("主", "的")):
            # 普通客群线上申请 -> 线上申请; 新业态企业凭流水: a means, no metric
            return (
                None
                if rest.startswith(("凭", "按", "依", "以", "通过"))
                else (dataclasses.replace(c, metric=rest))
            )
    return c


#: A loan's term or amount opening a sentence, then how it is set (授信期限根据…确定).
_OPENING = re.compile(
    r"([\u4e00-\u9fff]{0,4}(?:期限|额度|金额))(?=根据|以|按|由|视|结合|原则上|一般|通常)"
)


def _opening_metric(text: str, pos: int, unit: str) -> str:
    """The term or amount a sentence opens with, for a bound later in it that names no metric
    (授信期限根据经营周期确定,最长不超过2年), or "".

    >>> _opening_metric("授信期限根据经营周期确定,最长不超过2年", 14, "month")
    '授信期限'
    """
    m = _OPENING.search(text, 0, pos)
    if m is None or re.search(r"[,;。]", text[: m.start()]):
        return ""
    word = m.group(1)
    return word if (unit == "month") == word.endswith("期限") and unit in ("month", "CNY") else ""


def _bracketed(text: str, pos: int, cues: _Cues) -> str:
    """The metric named before the open bracket that ``pos`` is in, when the bracket splits
    it by groups of borrowers (贷销比(优质企业≤90%)), or ""."""
    opened = text.rfind("(", 0, pos)
    if opened < 0 or ")" in text[opened:pos]:
        return ""
    if not any(w in text[opened:pos] for w in cues.of("group_end")):
        return ""
    run = re.search(r"[\u4e00-\u9fff]{2,12}$", text[:opened])
    name = re.split("及|和|与|、|或", run.group())[-1] if run else ""
    return name if len(name) >= 2 else ""


def _side_note(c: Condition, cues: _Cues) -> bool:
    """A bound of some products only (部分产品上限60周岁) or of the lender's process
    (缩短审批时效至1个月): no requirement of the borrower."""
    if c.op in ("has", "not_has", "="):
        return False
    process = any(w in c.metric for w in cues.of("process")) and "查询" not in c.metric
    return c.metric.startswith(cues.of("variant")) or process  # 审批查询次数: the borrower's


def _about_process(text: str, cues: _Cues) -> bool:
    """Whether a line is a field about the lender's process (审批时效:最快30分钟)."""
    label = field_label(text[marker_end(text) :])
    return any(w in label for w in cues.of("process"))


def _from_one(c: Condition) -> Condition:
    """A term from one month up (1-36期) is bounded above only: <= 36 month."""
    if c.op == "between" and c.unit == "month" and c.value_max is not None and c.value <= 1:
        return dataclasses.replace(c, op="<=", value=c.value_max, value_max=None)
    return c


def _loan_term(c: Condition, cues: _Cues) -> Condition:
    """A bound on a product named as the metric (小微易贷最高300万元) is its amount or term."""
    if (
        c.op in ("<=", "<")
        and c.metric.endswith(("贷", "贷款"))
        and c.metric not in cues.of("drop")
    ):
        unit = c.unit or ("CNY" if re.search("[万亿]", c.text) else "")  # 最高500万
        metric = {"CNY": "贷款额度", "month": "贷款期限", "year": "贷款期限"}.get(unit)
        if metric:
            return dataclasses.replace(c, metric=metric, unit=unit)
    return c


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


#: Orders of letter grades, best first: ratings and classes (A-E), tax credit grades (A B M C D).
_GRADE_ORDERS = ("ABCDE", "ABMCD")


def _grades(scan: str, q: Quantity, end: int) -> tuple[str, int]:
    """The worst of a set of grades from A, and where the set ends.

    The set may follow (A级或B级), precede (A/B级), or be written together (AB级); it counts
    only when it is the best grades in order (A, B, M of tax grades): A级或B级 -> B.
    """
    if not isinstance(q.value, str):
        return "", q.end
    more = re.match(r"(?:\s*(?:或者|或|、|/)\s*[A-EM][+-]?\s*级?)+", scan[q.end : end])
    before = re.search(r"(?:[A-EM][+-]?\s*(?:或者|或|、|/)\s*)+$", scan[: q.start])
    letters = set(q.value) if len(set(q.value)) == len(q.value) > 1 else {q.value}
    letters |= set(re.findall(r"[A-EM]", more.group() if more else ""))
    letters |= set(re.findall(r"[A-EM]", before.group() if before else ""))
    if len(letters) < 2:
        return "", q.end
    for order in _GRADE_ORDERS:
        if "".join(sorted(letters, key=lambda g: order.find(g))) == order[: len(letters)]:
            return order[len(letters) - 1], q.end + (more.end() if more else 0)
    return "", q.end


#: A bound relative to another amount: 授信额度≤近1年销售收入×10%, 月均收入≥贷款月供2倍.
_RELATIVE = re.compile(
    r"(?P<a>[\u4e00-\u9fff]{2,10})\s*(?P<op>≤|<=|≥|>=|不超过|不高于|不低于|不少于|需覆盖|覆盖)\s*"
    r"(?P<w>近[0-9一二两三四五六七八九十]+(?:个)?[年月])?(?P<b>[\u4e00-\u9fff]{2,10}?)的?\s*"
    r"(?:[×*xX]\s*(?P<pct>\d+(?:\.\d+)?)%|(?P<times>\d+(?:\.\d+)?)倍(?:以上)?)"
)
_RELATIVE_OPS = {
    "≤": "<=",
    "<=": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "≥": ">=",
    ">=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "需覆盖": ">=",
    "覆盖": ">=",
}


def _relative_bounds(text: str, cues: _Cues) -> list[Condition]:
    """Bounds relative to another amount, as a ratio in percent (offsets in ``text``).

    ``A≤B×10%`` is ``A占B比例 <= 10 percent``; ``A≥B的2倍`` is ``A与B比 >= 200 percent``;
    a period before B (近1年) is the window.
    """
    out = []
    for m in _RELATIVE.finditer(text):
        a, b = m["a"], m["b"]
        for word in cues.of("drop"):  # 月收入需 -> 月收入
            a = a.removesuffix(word) if len(a) > len(word) + 1 else a
        if m["pct"]:
            metric, value = f"{a}占{b}比例", float(m["pct"])
        else:
            metric, value = f"{a}与{b}比", float(m["times"]) * 100
        window = (parse_window(m["w"]) or "") if m["w"] else ""  # 近1年 -> 12 month
        op = _RELATIVE_OPS[m["op"]]
        out.append(
            Condition(metric, op, value, None, "percent", window, m.group(), m.start(), m.end())
        )
    return out


#: 连3累6 bounded by 不超过: at most 3 overdue periods in a row and 6 in all.
_STREAKS = re.compile(
    r"(?:不超过|不得超过|不超|≤)\s*[“\"]?连续?([0-9一二三四五六七八九])(?:次|期|个月)?"
    r"累计?([0-9一二三四五六七八九十]{1,2})(?:次|期)?[”\"]?"
)


def _streaks(text: str) -> list[Condition]:
    """逾期不超过连3累6: 连续逾期次数 <= 3 count and 累计逾期次数 <= 6 count; 不能连三累六,
    无连续3期累计6期逾期: no such record."""
    out = []
    for m in _NO_STREAK.finditer(text):
        name = streak_name(m.group("s"))
        period = _PERIOD_BEFORE.search(text, 0, m.start())  # 近2年 + 不能连三累六
        window = (parse_window(period.group(1)) or "") if period else ""
        out.append(Condition(name, "not_has", None, None, "", window, m.group(), *m.span()))
    for m in _STREAKS.finditer(text):
        run, total = (parse_number(v) or 0 for v in m.groups())
        if 0 < run <= total:
            for metric, value in (("连续逾期次数", run), ("累计逾期次数", total)):
                out.append(
                    Condition(metric, "<=", value, None, "count", "", m.group(), m.start(), m.end())
                )
    return out


#: A period right before a streak: 近2年(内) + 无连3累6.
_PERIOD_BEFORE = re.compile(
    r"((?:近|最近|过去)[0-9一二三四五六七八九十两半]{1,3}(?:年|个月|月))内?$"
)
#: A streak of overdue payments that must not have happened.
_NO_STREAK = re.compile(
    r"(?:无|不能有?|不得有?|没有)[“\"]?(?P<s>连续?[1-9一二三四五六七八九](?:次|期|个月)?"
    r"累计?(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])(?:次|期)?(?:逾期)?(?:记录)?)"
)


_STREAK = re.compile(
    r"连续?([1-9一二三四五六七八九])(?:次|期|个月)?累计?([1-9]|1[0-2]|[一二三四五六七八九]|十[一二]?)"
    r"(?:次|期)?(逾期)?(记录)?"
)
_NUMERALS = "零一二三四五六七八九十"


def streak_name(noun: str) -> str:
    """A streak of overdue payments named with digits, as it is named in words: 连3累6 ->
    连三累六逾期记录 (无连3累6: no such record)."""
    m = _STREAK.fullmatch(noun)
    if m is None:
        return noun
    run, total = (int(parse_number(v) or 0) for v in (m[1], m[2]))
    words = (
        _NUMERALS[run] + "累" + (_NUMERALS[total] if total <= 10 else "十" + _NUMERALS[total - 10])
    )
    return "连" + words + "逾期记录"


#: A thing that has not happened: 法人代表未变更, 未在境内外上市.
_NOT_DONE = re.compile(r"未(?:曾|发生)?(?:在[\u4e00-\u9fff]{1,8}?)?(?P<verb>上市|变更|变动|更换)")
_ROLES = ("人", "代表", "股东", "股权", "结构")


def _not_done(text: str) -> list[Condition]:
    """法人代表未变更 -> 法定代表人变更 not_has; 未在境内外上市 -> 上市 not_has."""
    out = []
    for m in _NOT_DONE.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        subject = re.split(r"[且并和及与其,、;:]|\d", before)[-1]
        start = m.start()
        if len(subject) >= 2 and subject.endswith(_ROLES):
            start -= len(subject)
            subject = canonical_metric(subject)
        else:
            subject = ""
        metric = subject + m["verb"]
        out.append(
            Condition(metric, "not_has", None, None, "", "", text[start : m.end()], start, m.end())
        )
    return out


#: A class something must be in: 贷款五级分类为正常类, 风险分类属于正常类.
_CLASSED = re.compile(
    r"(?P<m>[\u4e00-\u9fff]{2,10}?分类)(?:须|需|应)?(?:为|是|属于)(?P<v>[\u4e00-\u9fff]{1,4}类)"
)


#: An age stated by law rather than by numbers: 在法定劳动年龄内.
_LEGAL_AGE = re.compile(r"法定劳动年龄(?:内|以内|范围内|段内)")


def _classed(text: str) -> list[Condition]:
    """当前贷款五级分类为正常类 -> 贷款五级分类 = 正常类; 在法定劳动年龄内 -> 年龄 =
    法定劳动年龄内."""
    out = [
        Condition("年龄", "=", "法定劳动年龄内", None, "", "", m.group(), m.start(), m.end())
        for m in _LEGAL_AGE.finditer(text)
    ]
    for m in _CLASSED.finditer(text):
        metric = re.sub(r"^(?:当前|目前|现)", "", m["m"])
        out.append(Condition(metric, "=", m["v"], None, "", "", m.group(), m.start(), m.end()))
    return out


def _overlap(a: Condition, b: Condition) -> bool:
    return a.start < b.end and b.start < a.end


def _with_patterns(out: list[Condition], text: str, cues: _Cues) -> list[Condition]:
    """A sentence's conditions with those of the fixed patterns added where they do not
    overlap (a role's change that has not happened replaces a bare 变更), side notes dropped
    and metrics under their usual names, in sentence order."""
    extra = _relative_bounds(text, cues) + _streaks(text) + _not_done(text) + _classed(text)
    for r in extra:  # 实际控制人未发生变更: the role's change, not a bare 变更
        if r.op == "not_has":
            out = [
                c
                for c in out
                if not (_overlap(r, c) and (r.metric.endswith(c.metric) or "累" in r.metric))
            ]
    out = out + [r for r in extra if not any(_overlap(r, c) for c in out)]
    out.sort(key=lambda c: (c.start, c.end))
    out = [c for c in out if not _side_note(c, cues)]
    out = [part for c in out for part in _joined_periods(c, cues)]
    return [dataclasses.replace(c, metric=canonical_metric(c.metric)) for c in out]


#: Two activities sharing one period: 成立及纳税 (均)满2年, 成立时间及正常缴税一年以上.
_JOINED = re.compile(r"([\u4e00-\u9fff]{2,6})(?:及|和|与)([\u4e00-\u9fff]{2,8})")


def _joined_periods(c: Condition, cues: _Cues) -> list[Condition]:
    """A period bound on two activities joined by 及/和/与 is a bound on each of them.

    >>> [x.metric for x in _joined_periods(Condition("成立及纳税时间", ">=", 24, unit="month"), _cues())]
    ['成立时间', '纳税时间']
    """
    m = _JOINED.fullmatch(c.metric)
    if c.unit != "month" or m is None:
        return [c]
    tail = _ends_with(m[2], cues.of("duration"))
    if not tail:
        return [c]
    first = m[1] if _ends_with(m[1], cues.of("duration")) else m[1] + tail
    return [dataclasses.replace(c, metric=first), dataclasses.replace(c, metric=m[2])]
