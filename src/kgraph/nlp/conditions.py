"""Loan conditions in one sentence: comparisons, negated requirements, held documents.

Three patterns make a :class:`~kgraph.types.Condition`:

* a comparison, *metric + comparator + quantity* (年销售收入不低于100万元, 注册时间满1年以上,
  年龄在18-60周岁之间, 纳税信用等级达到B级以上); a lower and an upper bound of one metric
  next to each other become ``between`` (年满18周岁且不超过65周岁);
* a negated requirement, *无/没有/不得有 + noun* (无当前逾期贷款 -> 当前逾期贷款 not_has), and
  *禁止用于 + uses* (禁止用于证券投资 -> 证券投资用途 not_has);
* a held document, *持有/提供/具备/出示 + noun* whose head is a document, licence or other
  holdable thing (持有有效的营业执照 -> 营业执照 has). Alternatives joined by 或 stay one
  requirement (对公账户流水或税务记录 has); optional items (可提供) and things provided to
  others (为企业提供) are none;
* a categorical requirement, ``=`` with a text value (征信记录良好 -> 征信记录 = 良好,
  注册地址在中国大陆境内 -> 注册地址 = 中国大陆, 资金需用于X -> 贷款用途 = X); see
  :mod:`kgraph.nlp.condition_categories`.

Comparisons also read a count before the thing counted (拥有至少一项发明专利 -> 发明专利 >= 1
count), a share of a named base (不超过评估价值的30%), a set of grades from A (A级或B级 -> >= B
grade), a bound whose metric an earlier clause named (期限一般为一年,最长不超过两年) and the
scope of a rule (对单户金额500万元及以下的业务). A negated comparator (不超过) or a modal marks
a requirement, so words of statistics (累计, 比重) do not block it. A negated event (无断缴)
takes the topic of its clause (纳税断缴). A clause asking a question, or defining a class
(...以下的为中型企业), states no requirement.

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

from kgraph.io.structure import marker_end
from kgraph.nlp.condition_categories import _categories
from kgraph.nlp.condition_cues import (
    _CJK,
    _CLAUSE_END,
    _MODALS,
    _Cues,
    _cues,
    _ends_with,
    _event_topic,
    _metric,
    _no_requirement,
    _starts_with,
    _topic,
    _Window,
    _window_at,
    _windows,
)
from kgraph.nlp.condition_nouns import _holdings, _negations
from kgraph.nlp.condition_tidy import (
    _LOWER,
    _about_process,
    _bracketed,
    _from_one,
    _grades,
    _loan_term,
    _merge_bounds,
    _name,
    _opening_metric,
    _price_range,
    _regroup,
    _with_patterns,
    canonical_metric,
)
from kgraph.nlp.quantities import Quantity, find_quantities, fold, mask_dates
from kgraph.types import Condition

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_conditions", "parse_conditions"]

_FLIP = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "="}
_JOINERS = ("且", "并且", "并", "同时")
#: A loan's term stated as a fixed value (贷款期限为1年, 单笔借款期限:6个月).
_FIXED_TERM = re.compile(r"(?:^|[^\u4e00-\u9fff]|单笔|贷款|借款|借据)期限(?:为|是)?\s*$")
#: A case the bound holds in (担保模式下, 特殊情况下), not a metric.
_UNDER = re.compile(r"(?:模式|情况|条件|前提|方式|情形)下$")
#: 的 and an enterprise after a bound (成立24个月以上的企业): the bound is the enterprise's.
_GROUP_AFTER = re.compile(r"的[\u4e00-\u9fff]{0,4}(?:企业|客户|商户|工商户)")
#: Words before the enterprises a product is for (适用于…的小微企业): what they must be.
_ELIGIBLE = re.compile(r"适用于|面向|适合")
_REQUIREMENT_NOUN = re.compile(r"的(?:基础|基本|准入|最低|硬性)?(?:条件|要求|门槛|标准)")
#: A label and a value that starts with a bound (额度:最高300万元, 期限:1-3年): the label is the
#: metric. Only labels of a few characters without punctuation; the value opens with a bound
#: word or a number.
_FIELD_VALUE = re.compile(
    r"([\u4e00-\u9fff]{2,8}):(?=\s*(?:最高|最长|最低|最多|最少|不超过|不低于|不少于|不高于|"
    r"原则上|一般|[0-9一二三四五六七八九十两≤≥<>]))"
)


def parse_conditions(
    text: str,
    *,
    compare: bool = True,
    negated: bool = True,
    held: bool = True,
    categorical: bool = True,
) -> list[Condition]:
    """Extract the loan conditions stated in one sentence.

    Parameters
    ----------
    text : str
        One sentence, preferably normalized (see :func:`kgraph.normalize.normalize_text`).
    compare, negated, held, categorical : bool
        Whether to extract comparisons (``>=``, ``between`` ...), negated requirements
        (``not_has``), held documents (``has``) and categorical requirements (``=``).

    Returns
    -------
    list of Condition
        In sentence order, offsets relative to ``text``.

    Examples
    --------
    >>> sentence = "通常要求年销售收入不低于100万元,且近期无大幅下滑情况。"
    >>> [c.label for c in parse_conditions(sentence)]
    ['年销售收入 >= 1000000 CNY', '年销售收入大幅下滑 not_has']
    >>> [c.label for c in parse_conditions("法定代表人需年满18周岁且不超过65周岁")]
    ['法定代表人年龄 between 18..65 age']
    """
    field = _FIELD_VALUE.match(text, marker_end(text))  # - 标准版:最高30万元
    if field:  # 贷款期限:最长3年 reads as 贷款期限最长3年
        colon = field.end(1)
        found = parse_conditions(
            text[:colon] + text[colon + 1 :],
            compare=compare,
            negated=negated,
            held=held,
            categorical=categorical,
        )
        return [
            dataclasses.replace(
                c,
                start=c.start + (c.start >= colon),
                end=c.end + (c.end > colon),
                text=text[c.start + (c.start >= colon) : c.end + (c.end > colon)],
            )
            for c in found
        ]
    cues = _cues()
    if _about_process(text, cues):  # 审批时效:最快30分钟
        return []
    scan = mask_dates(fold(text))
    quantities = find_quantities(text)
    windows = _windows(scan, quantities, cues)
    out: list[Condition] = []
    start, topic = 0, ""
    for m in [*_CLAUSE_END.finditer(scan), None]:
        end = m.start() if m else len(scan)
        if end > start and not _no_requirement(scan, start, end, cues):
            joined = _starts_with(scan, _JOINERS, start)
            carried = topic if joined else ""
            topic = _topic(scan, start, end, cues)
            if compare:
                found = _comparisons(text, scan, start, end, quantities, windows, out, cues)
                for c in found:
                    lead = carried or topic  # 实际控制人需持股≥10%: the person's share
                    if lead and not c.metric.startswith(lead):
                        c = dataclasses.replace(c, metric=lead + c.metric)
                    out.append(c)
            if negated:
                event = _event_topic(scan, start, end, out if joined else [], cues)
                out.extend(_negations(text, scan, start, end, windows, cues, event))
            if held:
                out.extend(_holdings(text, scan, start, end, windows, cues))
            if categorical:
                person = topic or carried
                out.extend(_categories(text, scan, start, end, windows, cues, person))
        start = end + 1 if m else end
    out = _merge_bounds(sorted(out, key=lambda c: (c.start, c.end)), text)
    out = [_from_one(_loan_term(c, cues)) for c in out if not _price_range(c, cues)]
    out = [c for c in (_regroup(c, text, cues) for c in out) if c is not None]
    out = _with_patterns(out, text, cues)  # A≤B×10%, 连3累6, 未变更, 分类为正常类
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
    categorical: bool = True,
) -> Iterator[Condition]:
    """Yield the loan conditions of a spaCy ``Doc`` holding one sentence.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The sentence; only ``doc.text`` is read.
    offset : int
        Added to every offset, e.g. the sentence's start in its document.
    compare, negated, held, categorical : bool
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
    flags = {"compare": compare, "negated": negated, "held": held, "categorical": categorical}
    for c in parse_conditions(doc.text, **flags):
        yield dataclasses.replace(c, start=c.start + offset, end=c.end + offset)


def _comparator(left: str, cues: _Cues) -> tuple[str, int, bool, bool]:
    """Read the comparator at the end of ``left``: (operator, metric end, 年满, negated)."""
    pos = start = len(left.rstrip())
    nouns = False  # 最长期限1年: a noun between comparator and number belongs to the metric
    while pos > 0:
        head = left[:pos]
        cmp = _ends_with(head, tuple(sorted(cues.cmp, key=len, reverse=True)))
        if cmp:
            op, pos = cues.cmp[cmp], pos - len(cmp)
            neg = _ends_with(left[:pos], cues.of("neg"))
            if neg:
                op, pos = _FLIP[op], pos - len(neg)
            return op, pos, cmp == "年满", bool(neg)
        filler = _ends_with(head, cues.of("filler"))
        if not filler:
            break
        nouns = nouns or filler in cues.of("cmp_noun")
        pos -= len(filler)
    return "", start if nouns else pos, False, False  # 单户担保金额500万元: no comparator


def _share_base(left: str, cues: _Cues) -> tuple[str, int, bool, bool]:
    """A comparator before the base of a share: 不超过评估价值的(百分之三十)."""
    for k in range(len(left) - 3, max(len(left) - 17, -1), -1):
        if re.fullmatch(r"[\u4e00-\u9fff]{2,15}的", left[k:]):
            found = _comparator(left[:k], cues)
            if found[0]:
                return found
    return "", len(left), False, False


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


def _amount(metric: str, q: Quantity, cues: _Cues) -> bool:
    """Whether a bare number is an amount of money: 月均结算量不低于10万."""
    money = cues.of("money")
    if _ends_with(metric, money):
        return True
    return bool(re.search("[万亿]", q.text)) and any(w in metric for w in money)


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
    previous = [c for c in before if c.op not in ("has", "not_has", "=")]
    if any(w in scan[start:end] for w in cues.of("defines")):  # ...以下的为中型企业
        return
    left_bound = start
    for n, q in enumerate(quantities):
        if not start <= q.start < end:
            continue
        if any(w.start <= q.start < w.end for w in windows):
            left_bound = max(left_bound, next(w.end for w in windows if w.start <= q.start < w.end))
            continue
        nxt = quantities[n + 1].start if n + 1 < len(quantities) else len(scan)
        earlier = [r for r in quantities[:n] if r.unit == q.unit and r.end <= start]
        context = (previous, earlier[-1] if earlier else None, nxt)
        cond = _comparison(text, scan, left_bound, end, q, windows, context, cues)
        left_bound = max(left_bound, _suffix(scan, q.end, end, cues)[1])
        if cond is not None:
            previous.append(cond)
            yield cond


def _counted(rest: str, cues: _Cues) -> tuple[str, int]:
    """The thing counted after a count (一项已授权的发明专利 -> 已授权发明专利) and its length."""
    run = re.match(r"[\u4e00-\u9fff]{2,16}", rest)
    phrase = re.split("且|并|同时|或", run.group())[0] if run else ""
    noun = phrase.replace("的", "")
    return (noun, len(phrase)) if len(noun) >= 2 and noun not in cues.of("subject") else ("", 0)


def _antecedent(scan: str, r: Quantity | None, cues: _Cues) -> str:
    """The metric of an earlier statement of the same unit (贷款期限一般为一年), or ""."""
    if r is None:
        return ""
    begin = max((m.end() for m in _CLAUSE_END.finditer(scan, 0, r.start)), default=0)
    left = scan[begin : r.start]
    pos = _comparator(left, cues)[1]
    metric = _metric(left[:pos].rstrip(), begin, cues)[0]
    return metric if len(metric) >= 2 and not _statistic(metric, cues) else ""


def _comparison(
    text: str,
    scan: str,
    bound: int,
    end: int,
    q: Quantity,
    windows: list[_Window],
    context: tuple[list[Condition], Quantity | None, int],
    cues: _Cues,
) -> Condition | None:
    previous, earlier, next_quantity = context
    for w in windows:  # a period earlier in the clause ends the metric's phrase
        if bound <= w.start and w.end <= q.start:
            bound = w.end
    left = scan[bound : q.start]
    prefix, pos, aged, firm = _comparator(left, cues)
    if not prefix and q.unit == "percent":
        prefix, pos, aged, firm = _share_base(left, cues)
    suffix, stop, strict = _suffix(scan, q.end, end, cues)
    op = "between" if q.value_max is not None else _resolve(prefix, suffix)
    value: float | str = q.value
    if not op and q.unit == "grade":  # 为A级或B级
        worst, after = _grades(scan, q, end)
        if worst:
            op, value = ">=", worst
            suffix, stop, strict = _suffix(scan, after, end, cues)
    if not op and q.unit == "month" and _FIXED_TERM.search(left):
        op = "="  # 贷款期限为1年: the loan's fixed term
    if not op or (op == "between" and prefix and prefix != "=" and not aged):
        return None  # (年满18至60周岁: 年满 only says it is an age)
    if strict:
        op = {">=": ">", "<=": "<"}.get(op, op)
    rest = scan[stop:end].lstrip()
    inclusive = scan.startswith("(含)", q.end)
    if inclusive:  # 大于1万元(含): the bound is inclusive
        op = {">": ">=", "<": "<="}.get(op, op)
    unit = q.unit
    raw = left[:pos].rstrip()
    counted, size = "", 0
    scoped = False  # 对单户担保金额500万元及以下的小微企业业务: a rule's scope
    closed = rest[:1] in (")", "）")  # (普通企业≤50%): the bracket ends the statement
    if (
        rest
        and not closed
        and not _starts_with(rest, cues.of("follow"))
        and next_quantity != end - len(rest)
    ):
        if unit in ("count", "month") and _ends_with(raw, cues.of("count_lead")):
            counted, size = _counted(rest, cues)  # 有超过百家企业...: a statistic, no count
            if not counted or not (firm or op == ">=" or any(m in raw for m in _MODALS)):
                return None
        elif _REQUIREMENT_NOUN.match(rest):
            pass  # 信用评分620分以上的准入条件: the number is the requirement
        elif rest.startswith("的") and suffix and not prefix:
            scoped = True
        elif (
            not (rest.startswith("的") and (unit == "age" or aged or left.rstrip().endswith("满")))
            and not (rest.startswith("、") and left.rstrip().endswith("满"))
            and rest[0] not in "(（"
        ):  # 年满18周岁的, 成立满2年的企业, 注册满18个月、…的企业: a requirement all the same
            return None
    firm = firm or any(m in raw for m in _MODALS)  # 不超过, 需: a requirement, no statistic
    firm = firm or inclusive  # 累计结算笔数100笔(含)以上: a threshold
    if raw.endswith("的") and aged:
        raw = ""  # 符合条件的年满18周岁: the age of whoever it is
    if raw.endswith("的") or (not firm and _statistic(raw, cues)):
        return None
    metric, m_start = _metric(raw, bound, cues)
    if _UNDER.search(metric):  # 担保模式下最高500万元: a case of the bound before it
        metric = ""
    if (
        scoped
        and _GROUP_AFTER.match(rest)
        and (q.unit in ("month", "age", "grade") or _ELIGIBLE.search(scan, 0, q.start))
    ):  # 成立24个月以上的企业可申请, 适用于纳税评级B级以上的企业: a requirement on the enterprise
        scoped = False
    if scoped and not set(jieba.lcut(raw, HMM=False)) & set(cues.of("scope")):
        return None
    if counted:
        metric, stop = counted, end - len(rest) + size
        m_start = bound + pos - len(_ends_with(raw, cues.of("count_lead")))
    if q.bare and isinstance(q.value, str) and not re.search("级|评|等", metric):
        return None
    if aged and unit != "age":
        return None
    if not metric:
        noun = next((w for w in cues.of("cmp_noun") if w in left[pos:]), "")
        noun = "贷款" + noun if noun and "贷款" + noun in left[pos:] else noun  # 最高贷款金额
        same = [c for c in previous if c.unit == unit]
        metric = noun and canonical_metric(noun)  # 最高额度200万元: the loan's amount
        metric = metric or (same[-1].metric if same else _antecedent(scan, earlier, cues))
        metric = metric or _bracketed(scan, q.start, cues)  # 负债率(一般客户≤60%)
        metric = metric or _opening_metric(scan, q.start, unit)  # 期限根据…确定,最长2年
        if not metric and unit != "age":
            return None
        m_start = bound + pos
    elif len(metric) < 2 or not _CJK.search(metric) or (not firm and _statistic(metric, cues)):
        return None
    if _ends_with(metric, cues.of("not_metric")):
        return None  # 贷款损失的概率不会超过5%: an estimate, no requirement
    if q.bare and unit == "" and _amount(metric, q, cues):
        unit = "CNY"  # 最高额度200万: the metric says it is money
    if metric in cues.of("mode") and unit in ("", "CNY") and re.search("[万亿元]", q.text):
        metric, unit = "贷款额度", "CNY"  # 信用最高500万,抵押最高1000万: the loan's, by mode
    elif metric in cues.of("per_unit") and unit == "" and re.search("[万亿]", q.text):
        unit = "CNY"  # 单人最高50万: each borrower's amount
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
