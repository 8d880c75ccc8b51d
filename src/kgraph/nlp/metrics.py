"""The metric vocabulary, and whose and when a condition is: its subject, scope and phase.

A condition's metric is a surface string (年营业收入, 成立时间, ...). The vocabulary in
``data/metrics.toml`` gives the canonical metrics (``annual_revenue``, ``business_age``,
...), each with its unit, value type and the surface forms that name it, so that products
of different banks can be compared and an enterprise's profile matched against them
(:mod:`kgraph.eligibility`). :func:`condition_context` reads, from the sentence stating a
condition, whose attribute it is (the legal representative's, say), the group or case it
is limited to (教育培训机构需…, 超过300万元的贷款需…) and whether it applies after the
loan is paid out (放款后需…).

>>> canonical_metric("年营业收入", ">=")
'annual_revenue'
>>> condition_context("超过300万元的贷款需提供抵押物", 13)
('enterprise', 'loan_amount > 3000000 CNY', 'application')
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from kgraph.errors import KGraphError
from kgraph.nlp.lexicon import load_lexicon
from kgraph.nlp.quantities import parse_quantity
from kgraph.normalize import normalize_text
from kgraph.types import format_number

__all__ = [
    "METRIC_TYPES",
    "PHASES",
    "SUBJECTS",
    "Metric",
    "canonical_metric",
    "condition_fields",
    "lookup_metric",
    "condition_context",
    "metric_vocabulary",
]

METRIC_TYPES = ("number", "ordinal", "boolean", "category")
SUBJECTS = ("enterprise", "legal_representative", "actual_controller", "borrower")
PHASES = ("application", "post_loan")
#: The operators a metric of each type is stated with.
_OPS = {
    "number": (">=", ">", "<=", "<", "=", "between"),
    "ordinal": (">=", ">", "<=", "<", "="),
    "boolean": ("has", "not_has"),
    "category": ("=",),
}


@dataclass(frozen=True)
class Metric:
    """A canonical metric of the vocabulary."""

    id: str
    label: str
    type: str
    unit: str = ""
    order: tuple[str, ...] = ()
    subject: str = ""
    surfaces: tuple[str, ...] = ()

    def rank(self, value: str) -> int | None:
        """An ordinal value's rank (higher is better), or None if it is not one.

        >>> metric_vocabulary()["tax_credit_grade"].rank("B") > metric_vocabulary()["tax_credit_grade"].rank("C")
        True
        """
        value = value.strip().upper().removesuffix("级")
        return len(self.order) - self.order.index(value) if value in self.order else None


@cache
def metric_vocabulary() -> dict[str, Metric]:
    """The canonical metrics of ``data/metrics.toml``, by id (checked once, then cached).

    >>> vocab = metric_vocabulary()
    >>> vocab["annual_revenue"].unit, vocab["tax_credit_grade"].order[:2]
    ('CNY', ('A', 'B'))
    """
    path = resources.files("kgraph") / "data" / "metrics.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KGraphError(f"{path}: cannot read the metric vocabulary: {exc}") from exc
    vocab = {}
    for mid, spec in data.items():
        metric = Metric(
            mid,
            spec["label"],
            spec["type"],
            spec.get("unit", ""),
            tuple(spec.get("order", ())),
            spec.get("subject", ""),
            tuple(normalize_text(s) for s in spec.get("surfaces", ())),
        )
        if metric.type not in METRIC_TYPES or (metric.type == "ordinal") != bool(metric.order):
            raise KGraphError(f"{path}: metric {mid}: bad type {metric.type!r} or order")
        if metric.subject and metric.subject not in SUBJECTS:
            raise KGraphError(f"{path}: metric {mid}: unknown subject {metric.subject!r}")
        vocab[mid] = metric
    return vocab


@cache
def _surfaces() -> dict[str, str]:
    """Every surface form (and label and id) -> its metric's id; the first metric wins."""
    out: dict[str, str] = {}
    for metric in metric_vocabulary().values():
        for surface in (metric.id, metric.label, *metric.surfaces):
            out.setdefault(surface, metric.id)
    return out


def lookup_metric(name: str) -> Metric | None:
    """The metric a canonical id or a surface form names, or None.

    >>> lookup_metric("成立时间").id, lookup_metric("business_age").id, lookup_metric("颜色")
    ('business_age', 'business_age', None)
    """
    found = _surfaces().get(normalize_text(name.strip()))
    return metric_vocabulary()[found] if found else None


#: Whose attribute a metric or a sentence names, by its leading words.
_SUBJECT_WORDS = (
    ("法定代表人", "legal_representative"),
    ("法人代表", "legal_representative"),
    ("实际控制人", "actual_controller"),
    ("实控人", "actual_controller"),
    ("企业主", "actual_controller"),  # a small firm's owner, who controls it
    ("主借款人", "borrower"),
    ("借款人", "borrower"),
)
_SUBJECT = re.compile("|".join(w for w, _ in _SUBJECT_WORDS))
_SUBJECT_OF = dict(_SUBJECT_WORDS)


@lru_cache(maxsize=8192)  # pure, and asked again for each pair scored by kgraph eval
def canonical_metric(metric: str, op: str) -> str:
    """The id of the canonical metric a condition's metric maps to, or ``""``.

    A metric maps when it equals a surface form of a metric stated with ``op``'s kind of
    operator, also after a subject's name (法定代表人持股比例 -> ``shareholding_ratio``),
    or, for numbers and ordinals, when it ends with a surface form of three characters or
    more (近一年纳税销售额 -> ``annual_revenue``; 营业执照有效期限 is no ``loan_term``).
    A ``has`` condition never maps to a number, so 年销售收入大幅下滑 ``not_has`` stays
    unmapped.

    >>> canonical_metric("法定代表人及实际控制人持股比例", ">="), canonical_metric("营业执照", "has")
    ('shareholding_ratio', 'business_license')
    >>> canonical_metric("年销售收入", "not_has"), canonical_metric("年销售收入大幅下滑", "not_has")
    ('', '')
    >>> canonical_metric("近一年纳税销售额", ">="), canonical_metric("营业执照有效期限", ">=")
    ('annual_revenue', '')
    >>> canonical_metric("近半年月均纳税额", ">=")
    ''
    """
    vocab, surfaces = metric_vocabulary(), _surfaces()
    name = normalize_text(metric.strip())
    candidates = [name]
    if _SUBJECT.match(name):  # 法定代表人年龄 is a metric; 法定代表人及实际控制人持股比例 too
        candidates.append(_SUBJECT.sub("", name).lstrip("及和与、的"))
    for cand in candidates:
        found = surfaces.get(cand)
        if found and op in _OPS[vocab[found].type]:
            return found
    if op in _OPS["number"]:
        for k in range(1, len(name) - 2):  # the longest surface (3+ characters) it ends with
            found = surfaces.get(name[k:])
            if (
                found
                and vocab[found].type in ("number", "ordinal")
                and op in _OPS[vocab[found].type]
            ):
                if found.startswith("annual_") and _SHORT_PERIOD.search(name[:k]):
                    return ""  # 月均纳税额 is no annual_tax
                return found
    return ""


#: A period shorter than a year, before a metric: 月均纳税额 is not an annual amount.
_SHORT_PERIOD = re.compile("月|日均|季|周")
_CLAUSE_END = re.compile(r"[,;:,;:。!?]")
_POST_LOAN = re.compile(
    r"放款后|放款之后|贷款发放后|发放后|贷后|借款后|用款后|提款后|到账后|贷款存续期|授信存续期|借款存续期"
    r"|贷款期间|还款期间|贷款使用过程中"
)
_APPLICATION = re.compile(r"申请时|申请前|申请阶段|贷前|提交申请|申请贷款时|办理时")
_AMOUNT = r"(?P<n>[\d.,]+\s*[万亿]?元|[\d.,]+\s*[万亿]|[一二两三四五六七八九十百千]+[万亿]元?)"
_LOAN = r"(?:贷款|借款|授信|额度|部分|申请|融资)"
_AMOUNT_SCOPES = (
    (re.compile(rf"(?:超过|高于|大于|多于|逾){_AMOUNT}(?:\(不含\))?的?{_LOAN}"), ">"),
    (re.compile(rf"{_AMOUNT}(?:\(含\))?(?:以上|及以上)的?{_LOAN}"), ">="),
    (re.compile(rf"{_AMOUNT}(?:\(含\))?(?:以下|以内|及以下)的?{_LOAN}"), "<="),
    (re.compile(rf"{_LOAN}(?:金额|额度)(?:超过|高于|大于|在)?{_AMOUNT}(?:\(含\))?以上"), ">="),
    (re.compile(rf"{_LOAN}(?:金额|额度)(?:超过|高于|大于){_AMOUNT}"), ">"),
)
#: A clause opening with a group and a cue of obligation: 教育培训机构需…, 外商投资企业须….
_GROUP = re.compile(
    r"^(?:对于|对|凡|若为|如为|属于|其中)?(?P<g>[\u4e00-\u9fff]{2,12}?)"
    r"(?P<suffix>类企业|类机构|行业|机构|企业|类|客户|商户)?(?:的企业|的)?"
    r"(?:还需|另需|需额外|须额外|还须|需|须|应当|应|要|必须)"
)
#: Words that open a clause about the applicant itself, not a group of applicants.
_NOT_GROUPS = frozenset(
    "申请 申请企业 借款企业 贷款企业 授信企业 本企业 该企业 企业 公司 申请人 借款人 客户 "
    "申请主体 借款主体 主体 企业主 法定代表人 实际控制人 企业法人 经营者 资金 贷款 借款 "
    "产品 担保人 保证人 抵押物 申请时 放款后".split()
)


def condition_context(sentence: str, at: int) -> tuple[str, str, str]:
    """``(subject, scope, phase)`` of the condition stated at offset ``at`` of ``sentence``.

    - subject: the topic of the last clause before the condition that opens with a subject
      (法定代表人…, 实际控制人…) or with the enterprise (企业…), else ``enterprise``;
      a subject named inside a clause (由实际控制人操作) is not its topic.
    - scope: ``industry:X`` or ``enterprise_type:X`` (a lexicon name) or ``group:X`` when
      the condition's clause opens with a group and a cue of obligation (教育培训机构需…),
      or ``loan_amount OP N CNY`` when the sentence limits it to an amount (超过300万元的
      贷款需…) before the condition; else ``""``.
    - phase: ``post_loan`` after a cue such as 放款后 or 贷后 (up to an 申请时), else
      ``application``.

    >>> condition_context("法定代表人个人征信近24个月逾期记录不得超过6次", 10)[0]
    'legal_representative'
    >>> condition_context("教育培训机构需出示办学许可证,医疗行业需提供执业许可证", 7)[1]
    'industry:教育培训'
    >>> condition_context("教育培训机构需出示办学许可证,医疗行业需提供执业许可证", 22)[1]
    'industry:医疗'
    >>> condition_context("申请时需提交用款计划书,放款后需保留发票备查", 20)[2]
    'post_loan'
    """
    before = sentence[: max(0, at)]
    subject = "enterprise"
    for clause in _clauses(before):  # a clause's topic carries on to the next clauses
        topic = clause[_LEAD.match(clause).end() :]
        if m := _SUBJECT.match(topic):
            subject = _SUBJECT_OF[m.group()]
        elif topic.startswith(("企业", "申请企业", "借款企业", "公司", "申请人")):
            subject = "enterprise"
    phase = "application"
    for m in re.finditer(f"{_POST_LOAN.pattern}|{_APPLICATION.pattern}", before):
        phase = "post_loan" if _POST_LOAN.fullmatch(m.group()) else "application"
    return subject, _scope(before), phase


_LEAD = re.compile(r"\s*(?:并且|同时|另外|此外|且|并|其)*")


def _clauses(text: str) -> list[str]:
    starts = [0, *(m.end() for m in _CLAUSE_END.finditer(text))]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _scope(before: str) -> str:
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end() :] if ends else before
    if (m := _GROUP.match(clause.strip())) and (group := _group(m)):
        return group
    for pattern, op in _AMOUNT_SCOPES:
        found = list(pattern.finditer(before))
        if found and (q := parse_quantity(_yuan(found[-1]["n"]))) and q.unit == "CNY":
            return f"loan_amount {op} {format_number(q.value)} CNY"
    return ""


def _yuan(amount: str) -> str:
    amount = amount.replace(" ", "")
    return amount if amount.endswith("元") else amount + "元"


def _group(m: re.Match[str]) -> str:
    name, suffix = m["g"], m["suffix"] or ""
    if name in _NOT_GROUPS or name + suffix in _NOT_GROUPS or not suffix and len(name) < 2:
        return ""
    entries = load_lexicon().entries
    for cand in (name + suffix, name):
        entry = entries.get(cand)
        if entry and entry.cls == "Industry":
            return f"industry:{entry.label}"
        if entry and entry.cls == "EnterpriseType":
            return f"enterprise_type:{entry.label}"
    return f"group:{name}{suffix}" if suffix else ""


def condition_fields(metric: str, op: str, contexts: Iterable[tuple[str, str, str]]) -> dict:
    """A condition's ``canonical``, ``subject``, ``scope`` and ``phase``.

    ``contexts`` are the :func:`condition_context` of each sentence stating it (a condition
    stated in several places is one node). The subject is the one the metric names
    (法定代表人年龄), else its canonical metric's, else the one every sentence gives; the
    scope and the phase are those every sentence gives, else none and ``application``.

    >>> condition_fields("逾期次数", "<=", [("legal_representative", "", "application")])
    {'canonical': 'overdue_count', 'subject': 'legal_representative', 'scope': '', 'phase': 'application'}
    """
    contexts = set(contexts)
    canonical = canonical_metric(metric, op)
    named = _SUBJECT.match(normalize_text(metric))
    subject = (
        _SUBJECT_OF[named.group()]
        if named
        else (canonical and metric_vocabulary()[canonical].subject) or _agreed(contexts, 0)
    )
    return {
        "canonical": canonical,
        "subject": subject or "enterprise",
        "scope": _agreed(contexts, 1),
        "phase": _agreed(contexts, 2) or "application",
    }


def _agreed(contexts: set[tuple[str, str, str]], k: int) -> str:
    values = {c[k] for c in contexts}
    return values.pop() if len(values) == 1 else ""
