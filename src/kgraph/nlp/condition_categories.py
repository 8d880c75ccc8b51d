"""Categorical requirements (``=``) in one clause: states, registration, identity, use.

Private to :mod:`kgraph.nlp.conditions`. Each pattern gives ``metric = value`` with a text value
and no unit:

* a state judged by a quality word at the end of its clause: 征信记录良好 -> 征信记录 = 良好,
  流水需保持连续性和稳定性 -> 流水 = 连续稳定 (the metric must end in a record or state word);
* registration in a region: 注册地址在中国大陆境内, 在长三角地区依法注册 -> 注册地址 = 中国大陆
  (the region's lexicon label as the value; 境内/辖内 dropped);
* a status one must be: 需为中国大陆公民 -> 身份 = 中国大陆公民, with a person subject kept
  (法定代表人身份);
* the use of the funds: 资金需用于企业实际经营周转, 贷款用途限于日常经营 -> 贷款用途 = ...;
* who operates the application: 须由实际控制人或授权经办人操作 -> 申请操作人 = ...;
* the line of business: 须从事国家允许经营的合规行业 -> 经营行业 = 合规行业.

The cue words are in ``data/condition_cues.tsv``. :func:`trait_conditions` reads the traits
a requirement list states as short clauses (管理规范、销售渠道稳定), for the document stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kgraph.nlp.condition_cues import _CJK, _STOPS, _Cues, _cues, _metric, _Window, _window_at
from kgraph.nlp.condition_tidy import canonical_metric
from kgraph.nlp.lexicon import load_lexicon
from kgraph.types import Condition

_MODAL = "(?:必须|应当|需要|须|需|应|要求)"
_AFTER = r"(?=\s*(?:$|且|并|同时))"  # a value ends its clause, or a connective follows
_REGION_TAIL = "(?:境内|辖内|辖区内|范围内|区域内|内)"
_SEPARATORS = "和及与、且"


@lru_cache(maxsize=256)
def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Region surface forms of the lexicon and gazetteer -> canonical label."""
    return {s: e.label for s, e in load_lexicon().entries.items() if e.cls == "Region"}


def _categories(
    text: str,
    scan: str,
    start: int,
    end: int,
    windows: list[_Window],
    cues: _Cues,
    person: str = "",
) -> Iterator[Condition]:
    """Categorical requirements of the clause ``scan[start:end]``.

    ``person`` is the clause's person subject (法定代表人及实际控制人), kept in a status metric.
    """
    clause = scan[start:end]
    advice = any(w in scan[:end] for w in cues.of("advice"))  # 建议...保持流水稳定
    found: list[tuple[str, str, int, int]] = []
    if not advice:
        shared = list(_person_traits(clause, cues))
        taken = [(s, e) for _, _, s, e in shared]
        found += shared
        found += [
            q
            for q in _qualities(clause, start, windows, cues)
            if not any(s < q[3] <= e for s, e in taken)  # the persons' trait, read whole
        ]
    found += _registrations(clause, cues)
    for m in re.finditer(
        rf"为(?P<v>[^为]{{0,16}}?(?:{_alt(cues.of('identity'))})){_AFTER}", clause
    ):
        value = _last(m["v"])
        if len(value) >= 2 and not value.startswith(cues.of("identity")):
            found.append((person + "身份", value, m.start(), m.end()))
    found += _uses(clause, cues)
    operators = _alt(cues.of("operator"))
    pattern = rf"{_MODAL}由(?P<v>[^由]{{2,20}}?)(?:本人)?(?:亲自)?(?P<verb>{operators})"
    for m in re.finditer(pattern, clause):
        value = _unsubject(m["v"], cues)
        if len(value) >= 2 and _CJK.search(value):
            found.append((cues.value("operator", m["verb"]), value, m.start("v"), m.end()))
    trade = _alt(cues.of("trade"))
    pattern = rf"{_MODAL}(?:从事|属于)(?P<v>[^从]{{0,24}}?(?:{trade})){_AFTER}"
    for m in re.finditer(pattern, clause):
        value = _last(m["v"])
        if len(value) > 2:
            found.append(("经营行业", value, m.start("v"), m.end()))
    for metric, value, s, e in found:
        s, e = s + start, e + start
        window = _window_at(windows, s + 1, scan)
        yield Condition(metric, "=", value, None, "", window, text[s:e], s, e)


def _last(phrase: str) -> str:
    """The head noun phrase: the part after the last 的 (年满18周岁的中国公民 -> 中国公民)."""
    return phrase.rsplit("的", 1)[-1].strip()


def _unsubject(phrase: str, cues: _Cues) -> str:
    """A phrase without the implicit subject in front (企业实际控制人 -> 实际控制人), nor a
    kind of enterprise (小微企业生产经营周转 -> 生产经营周转)."""
    phrase = phrase.strip()
    kind = re.match(rf"[\u4e00-\u9fff]{{1,4}}?(?:{_alt(cues.of('subject_end'))})", phrase)
    if kind and len(phrase) - kind.end() >= 2:
        phrase = phrase[kind.end() :]
    for _ in range(2):
        lead = next((w for w in cues.of("subject") if phrase.startswith(w)), "")
        if lead and len(phrase) - len(lead) >= 2:
            phrase = phrase[len(lead) :]
    return phrase


def _qualities(
    clause: str, base: int, windows: list[_Window], cues: _Cues
) -> Iterator[tuple[str, str, int, int]]:
    """征信记录良好, 流水需保持连续性和稳定性: a record or state judged by a quality word."""
    quality = _alt(cues.of("quality"))
    one = rf"(?:{quality})性?"
    pattern = rf"(?:保持)?(?P<v>{one}(?:[{_SEPARATORS}]?{one})*){_AFTER}"
    for m in re.finditer(pattern, clause):
        bound = max(
            (w.end - base for w in windows if base <= w.start and w.end - base <= m.start()),
            default=0,
        )
        raw = clause[bound : m.start()]
        metric, at = _metric(raw, bound, cues)
        metric = metric.removesuffix("为") if len(metric) > 3 else metric  # 经营状态为正常
        if len(metric) < 2 or not metric.endswith(cues.of("quality_head")):
            continue
        if re.search(r"\d", metric) or any(ch in _STOPS for ch in metric):
            continue
        value = re.sub(rf"性|[{_SEPARATORS}]", "", m["v"])
        yield metric, value, at, m.end()


#: A person a requirement names: 法定代表人, 实际控制人, 主要股东, 配偶.
_PERSON = r"[\u4e00-\u9fff]{0,4}?(?:人|股东|配偶|法人|企业主|经营者)"
_PERSON_LIST = re.compile(
    rf"(?P<persons>{_PERSON}(?:\([^()]{{1,8}}\))?(?:(?:及其|及|和|与|、){_PERSON}(?:\([^()]{{1,8}}\))?)+)"
    r"等?(?P<traits>[\u4e00-\u9fff、]+)"
)


def _person_traits(clause: str, cues: _Cues) -> Iterator[tuple[str, str, int, int]]:
    """Traits shared by a list of persons (法定代表人及其配偶、主要股东等信用良好、品行端正):
    each trait of each person (法定代表人配偶信用 = 良好); 及其配偶 is the spouse of the
    person before it. A parenthesis after a person (实际控制人) is another name for it."""
    words = _alt(tuple(sorted(set(cues.of("quality")) | set(cues.of("trait")), key=len)[::-1]))
    for m in _PERSON_LIST.finditer(clause):
        names = re.sub(r"\([^()]*\)", "", m["persons"])
        persons: list[str] = []
        for joint, name in re.findall(r"(^|及其|及|和|与|、)([^及和与、]+)", names):
            persons.append(persons[-1] + name if joint == "及其" and persons else name)
        if len(persons) < 2 or any(p in cues.of("subject") for p in persons):
            continue
        pos = m.start("traits")
        for part in m["traits"].split("、"):
            trait = re.fullmatch(rf"([\u4e00-\u9fff]{{2,4}}?)({words})", part)
            if trait and not part.startswith(("无", "不", "未", "没")):  # 无不良嗜好: not_has
                for person in persons:
                    yield person + trait[1], trait[2], pos, pos + len(part)
            pos += len(part) + 1


def _region(name: str, tail: str, cues: _Cues) -> str:
    """A region's canonical label, or the name when it ends like one, or ""."""
    regions = _regions()
    for surface in (name + tail, name):
        if surface in regions:
            return regions[surface]
    if name.startswith(("本", "该", "当地", "所在", "同一")):  # 本市: no region named
        return ""
    if re.fullmatch(r"[\u4e00-\u9fff]{2,10}", name) and name.endswith(cues.of("region_end")):
        return name
    return ""


def _registrations(clause: str, cues: _Cues) -> Iterator[tuple[str, str, int, int]]:
    """注册地址在中国大陆境内, 注册地在苏州市辖内, 在长三角地区依法注册 -> 注册地址 = region.

    A registration without 注册地 is a requirement when it is 依法 or attributive (在本省注册的
    企业), not when it narrates (该公司在上海市注册成立).
    """
    patterns = (
        rf"注册(?:地址|地点|地){_MODAL}?(?:在|位于|为|属于)(?P<r>[^,的(]{{2,14}}?)"
        rf"(?P<t>{_REGION_TAIL})?(?=$|的|\(|依法|且|并|,|注册)",
        rf"在(?P<r>[^在的(]{{2,14}}?)(?P<t>{_REGION_TAIL})?"
        r"(?:依法(?:注册登记|登记注册|注册)|(?:注册登记|登记注册|注册)(?=的))",
    )
    for pattern in patterns:
        for m in re.finditer(pattern, clause):
            value = _region(m["r"], m["t"] or "", cues)
            if value:
                yield "注册地址", value, m.start(), m.end()


def _uses(clause: str, cues: _Cues) -> Iterator[tuple[str, str, int, int]]:
    """资金需用于企业实际经营周转, 贷款用途限于日常经营 -> 贷款用途 = the use."""
    subject, lead = _alt(cues.of("use_subject")), _alt(cues.of("use_lead"))
    patterns = (
        rf"(?P<s>{subject})?(?P<l>(?:{lead})*)(?:用于|限于)(?P<v>.+)",
        rf"用途(?P<l>(?:{lead})*)(?:限于|为|是|(?<=仅限))(?P<v>.+)",
    )
    for n, pattern in enumerate(patterns):
        for m in re.finditer(pattern, clause):
            if not n and not (m["s"] or m["l"]):
                continue
            raw = re.split(r"包括|以及|等|\(|（", m["v"], maxsplit=1)[0]  # …周转(如采购)
            value = _unsubject(raw, cues).removesuffix("用途").removesuffix("需要")
            if raw.strip().startswith(cues.of("use_not")) or value.startswith(cues.of("use_not")):
                continue  # 用于补贴小微企业贷款利息: a policy's use, not a borrower's
            if not re.fullmatch(r"[\u4e00-\u9fff、]{2,20}", value):
                continue
            yield "贷款用途", value, m.start(), m.start("v") + len(raw.rstrip())
            break


def trait_conditions(text: str) -> list[Condition]:
    """Traits a requirement list's line states, a clause each: noun + quality word.

    Under a requirement head, 管理规范、销售渠道稳定 are two conditions (管理 = 规范,
    销售渠道 = 稳定), though no record word ends the noun. Offsets are in ``text``.

    >>> [c.label for c in trait_conditions("2. 管理规范、销售渠道稳定,无不良记录")]
    ['管理 = 规范', '销售渠道 = 稳定']
    """
    cues = _cues_of_traits()
    out = []
    for m in re.finditer(r"[^,;。、:()]+", text):
        clause = m.group().strip()
        found = re.fullmatch(rf"(?:\d+[.、]\s*)?([\u4e00-\u9fff]{{2,8}}?)({cues})", clause)
        if found and not found[1].endswith(("无", "不", "未", "需", "须", "要")):
            start = m.start() + m.group().index(clause) + found.start(1)
            end = m.start() + m.group().index(clause) + found.end()
            metric = canonical_metric(found[1])
            out.append(Condition(metric, "=", found[2], text=text[start:end], start=start, end=end))
    return out


@lru_cache(maxsize=1)
def _cues_of_traits() -> str:
    cues = _cues()
    return _alt(
        tuple(sorted(set(cues.of("quality")) | set(cues.of("trait")), key=len, reverse=True))
    )
