"""Entity mentions: lexicon and gazetteer look-up plus suffix patterns that generalize.

Recognition works on one sentence and its jieba tokens. Three sources of candidates:

- the lexicon and gazetteer (:mod:`kgraph.lexicon`): known surface forms, longest first;
  short forms of two characters must fall on token boundaries (大理 is not in 大理石);
- suffix patterns: nominal tokens before 风险 (a risk category), 银行/集团/协会 (an
  organization), 行业/产业 (an industry), 型企业 (an enterprise type), 贷款/贷 (a loan
  product), 城市群/经济圈 (a region), a field + 局/部/委员会 (a government body);
- enumerations closed by 等…行业/领域 (each item is an industry).

Overlapping candidates are resolved longest first, lexicon before pattern.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from kgraph.lexicon import DATA_DIR, Lexicon, load_lexicon
from kgraph.types import Mention

Token = tuple[int, int, str]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Rules:
    """The vocabulary of the recognition rules, from ``data/rules.toml``."""

    generic: frozenset[str]
    generic_modifiers: frozenset[str]
    stem_tags: frozenset[str]
    risk_decorations: tuple[str, ...]
    region_suffixes: tuple[str, ...]
    government_suffixes: tuple[str, ...]
    government_fields: tuple[str, ...]
    organization_suffixes: tuple[str, ...]
    person_suffixes: tuple[str, ...]
    industry_stop: frozenset[str]
    risk_compounds: tuple[str, ...]
    not_industry_lists: tuple[str, ...]
    relations: dict[str, tuple[str, ...]]


@cache
def load_rules() -> Rules:
    """Read ``data/rules.toml`` once."""
    with (DATA_DIR / "rules.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    m = raw["mentions"]
    return Rules(
        generic=frozenset(m["generic"]),
        generic_modifiers=frozenset(m["generic_modifiers"]),
        stem_tags=frozenset(m["stem_tags"]),
        risk_decorations=tuple(m["risk_decorations"]),
        region_suffixes=tuple(m["region_suffixes"]),
        government_suffixes=tuple(m["government_suffixes"]),
        government_fields=tuple(sorted(m["government_fields"], key=len, reverse=True)),
        organization_suffixes=tuple(m["organization_suffixes"]),
        person_suffixes=tuple(m["person_suffixes"]),
        industry_stop=frozenset(m["industry_stop"]),
        risk_compounds=tuple(m["risk_compounds"]),
        not_industry_lists=tuple(m["not_industry_lists"]),
        relations={k: tuple(v) for k, v in raw["relations"].items()},
    )


@cache
def _word_tags() -> dict[str, str]:
    import jieba.posseg

    jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag of a word, or None if it is unknown."""
    return _word_tags().get(word)


@cache
def prepare_segmenter() -> None:
    """Load jieba quietly and add every lexicon surface form to its dictionary, once."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for surface in sorted(load_lexicon().entries):
        jieba.add_word(surface)


def tokenize(text: str) -> list[Token]:
    """jieba tokens of ``text`` as (start, end, text), for callers without a spaCy Doc."""
    import jieba

    prepare_segmenter()
    out, pos = [], 0
    for word in jieba.cut(text):
        out.append((pos, pos + len(word), word))
        pos += len(word)
    return out


def find_mentions(
    text: str,
    tokens: Sequence[Token] | None = None,
    *,
    lexicon: Lexicon | None = None,
    patterns: bool = True,
) -> list[Mention]:
    """Entity mentions in one sentence, non-overlapping, in text order.

    Parameters
    ----------
    text : str
        One normalized sentence.
    tokens : sequence of (start, end, text), optional
        Its jieba tokens; computed when not given.
    lexicon : Lexicon, optional
        The vocabulary; :func:`kgraph.lexicon.load_lexicon` by default.
    patterns : bool
        Also apply the suffix patterns (else lexicon and gazetteer only).

    Examples
    --------
    >>> [(m.label, m.cls) for m in find_mentions("云南的中小企业面临财务运营风险")]
    [('云南省', 'Region'), ('中小企业', 'EnterpriseType'), ('财务风险', 'RiskCategory')]
    """
    lexicon = lexicon or load_lexicon()
    tokens = list(tokens) if tokens is not None else tokenize(text)
    rules = load_rules()
    starts = {t[0] for t in tokens} | {len(text)}
    ends = {t[1] for t in tokens} | {0}
    cands = list(_lexicon_candidates(text, lexicon, starts, ends))
    if patterns:
        cands.extend(_pattern_candidates(text, tokens, lexicon, rules))
        cands.extend(_prefixed_bodies(text, cands, rules))
    blocked = _non_industry_spans(text, rules)
    cands = [m for m in cands if _keep(m, text, rules, blocked, ends)]
    return _resolve_overlaps(cands)


def _lexicon_candidates(
    text: str, lexicon: Lexicon, starts: set[int], ends: set[int]
) -> Iterator[Mention]:
    entries, n = lexicon.entries, len(text)
    lengths = _first_char_lengths(lexicon)
    for i in range(n):
        for length in lengths.get(text[i], ()):
            if i + length > n:
                continue
            entry = entries.get(text[i : i + length])
            if entry is None:
                continue
            if length <= 2 and not (i in starts and _ends_word(text, i + length, ends)):
                continue  # a two-character form inside a longer word
            yield Mention(text[i : i + length], entry.label, entry.cls, i, i + length, entry.source)
            break


@cache
def _first_char_lengths(lexicon: Lexicon) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of the surface forms it starts, longest first."""
    lengths: dict[str, set[int]] = {}
    for surface in lexicon.entries:
        if len(surface) >= 2:
            lengths.setdefault(surface[0], set()).add(len(surface))
    return {ch: tuple(sorted(v, reverse=True)) for ch, v in lengths.items()}


def _ends_word(text: str, end: int, ends: set[int]) -> bool:
    """True at a token end, or where only 企业/公司/行业 follows inside the token (外贸企业)."""
    if end in ends:
        return True
    return any(
        text.startswith(suf, end) and end + len(suf) in ends
        for suf in ("企业", "公司", "行业", "产业")
    )


def _stem_before(
    tokens: Sequence[Token], index: int, rules: Rules, *, max_chars: int = 8, max_tokens: int = 3
) -> tuple[int, str] | None:
    """The nominal tokens right before token ``index``: (start offset, stem text)."""
    picked: list[Token] = []
    j = index - 1
    while j >= 0 and len(picked) < max_tokens:
        start, _, word = tokens[j]
        tag = word_tag(word)
        if not _CJK.match(word) or (tag is not None and tag not in rules.stem_tags):
            break
        if word in rules.generic_modifiers:
            break  # 传统银行贷款, 各类风险: a generic word ends the name
        if sum(len(t[2]) for t in picked) + len(word) > max_chars:
            break
        picked.insert(0, tokens[j])
        j -= 1
    while picked and picked[0][2] in rules.generic_modifiers:
        picked.pop(0)
    if not picked:
        return None
    stem = "".join(t[2] for t in picked)
    if not _good_stem(stem, rules):
        return None
    return picked[0][0], stem


_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万两几多第]")


def _good_stem(stem: str, rules: Rules) -> bool:
    """A stem that can name something: not generic, not a count (三大, 一是), no particle."""
    return (
        len(stem) >= 2
        and stem[-1] not in "向对从在为给与和及或将把被的了"
        and stem not in rules.generic_modifiers
        and stem not in rules.generic
        and not _NUMERAL.match(stem)
    )


def fold_risk(stem: str, lexicon: Lexicon, rules: Rules) -> str:
    """Canonical label of a risk category from its stem (战略层级 -> 战略风险).

    >>> fold_risk("合规法律", load_lexicon(), load_rules())
    '合规风险'
    >>> fold_risk("网络安全", load_lexicon(), load_rules())
    '网络安全风险'
    """
    known = lexicon.entries.get(stem + "风险")
    if known is not None and known.cls == "RiskCategory":
        return known.label
    for deco in rules.risk_decorations:
        if stem.endswith(deco) and len(stem) > len(deco):
            head = lexicon.entries.get(stem[: -len(deco)] + "风险")
            if head is not None and head.cls == "RiskCategory":
                return head.label
    return stem + "风险"


def industry_label(stem: str, lexicon: Lexicon) -> str:
    """Canonical label of an industry named as ``stem`` + 行业/产业.

    >>> industry_label("教育培训", load_lexicon()), industry_label("餐饮", load_lexicon())
    ('教育培训', '餐饮')
    """
    known = lexicon.entries.get(stem)
    if known is not None and known.cls == "Industry":
        return known.label
    return stem


def _pattern_candidates(
    text: str, tokens: Sequence[Token], lexicon: Lexicon, rules: Rules
) -> Iterator[Mention]:
    for k, (start, end, word) in enumerate(tokens):
        found = _suffix_match(text, tokens, k, lexicon, rules)
        if found:
            yield found
        if word.endswith("业") and len(word) >= 3 and word not in rules.generic:
            stem = word[:-2] if word.endswith(("行业", "产业")) else word[:-1]
            if word_tag(word) in ("n", "nz", None) and _good_stem(stem, rules):
                yield Mention(
                    word, industry_label(stem, lexicon), "Industry", start, end, "pattern"
                )
    yield from _enumerated_industries(text, lexicon, rules)
    yield from _listed_organizations(text, lexicon, rules)
    yield from _quoted_products(text)


def _suffix_match(
    text: str, tokens: Sequence[Token], k: int, lexicon: Lexicon, rules: Rules
) -> Mention | None:
    start, end, word = tokens[k]
    stem = None
    if (
        word in ("风险", "银行", "行业", "产业", "贷款", "贷", "集团", "委员会", "协会", "商会")
        or word in rules.region_suffixes
    ):
        stem = _stem_before(tokens, k, rules)
    if stem is None and word.endswith("风险") and len(word) > 2:
        if text.startswith(rules.risk_compounds, end) or not _good_stem(word[:-2], rules):
            return None
        s0, inner = start, word[:-2]
        prev = tokens[k - 1] if k > 0 else None
        if (
            prev
            and word_tag(prev[2]) in ("n", "vn")
            and prev[2] not in lexicon.entries
            and _good_stem(prev[2], rules)
        ):
            s0, inner = prev[0], prev[2] + inner  # 合规 + 法律风险
        return Mention(
            text[s0:end], fold_risk(inner, lexicon, rules), "RiskCategory", s0, end, "pattern"
        )
    if stem is None and word.endswith("贷款") and len(word) > 2 and word in lexicon.entries:
        found = _stem_before(tokens, k, rules, max_tokens=2, max_chars=6)
        if found:  # 知识产权 + 质押贷款, 普惠小微 + 贷款: a longer product name
            surface = text[found[0] : end]
            return Mention(surface, surface, "LoanProduct", found[0], end, "pattern")
    if stem is None and word.endswith("贷") and len(word) > 1 and k > 0 and word in lexicon.entries:
        prev = tokens[k - 1]  # 云 + 税贷: a brand before a known product name
        if (
            len(prev[2]) == 1
            and _CJK.match(prev[2])
            and word_tag(prev[2]) in ("n", "ns", "nz", None)
        ):
            return Mention(
                text[prev[0] : end], text[prev[0] : end], "LoanProduct", prev[0], end, "pattern"
            )
    if stem is None:
        if word.endswith("型") and k + 1 < len(tokens) and tokens[k + 1][2] in ("企业", "中小企业"):
            nxt = tokens[k + 1]
            surface = text[start : nxt[1]]
            if len(word) >= 3 and word[:-1] not in rules.generic_modifiers:
                return Mention(surface, surface, "EnterpriseType", start, nxt[1], "pattern")
        if word == "型" and k + 1 < len(tokens) and tokens[k + 1][2] in ("企业", "中小企业"):
            found = _stem_before(tokens, k, rules, max_tokens=2)
            if found:
                s0 = found[0]
                surface = text[s0 : tokens[k + 1][1]]
                return Mention(surface, surface, "EnterpriseType", s0, tokens[k + 1][1], "pattern")
        return None
    s0, stem_text = stem
    surface = text[s0:end]
    if word == "风险":
        if any(word_tag(t[2]) in (None, "nr") for t in tokens if s0 <= t[0] < start):
            return None  # an unknown word or a name before 风险 is rarely a category
        if text.startswith(rules.risk_compounds, end):
            return None  # 精准风险评估: the stem qualifies the compound
        return Mention(
            surface, fold_risk(stem_text, lexicon, rules), "RiskCategory", s0, end, "pattern"
        )
    if word in ("银行", "集团", "委员会", "协会", "商会"):
        return Mention(surface, surface, "Organization", s0, end, "pattern")
    if word in ("行业", "产业"):
        if stem_text in rules.industry_stop:
            return None
        return Mention(surface, industry_label(stem_text, lexicon), "Industry", s0, end, "pattern")
    if word in ("贷款", "贷"):
        return Mention(
            surface, surface if word == "贷款" else surface, "LoanProduct", s0, end, "pattern"
        )
    return Mention(surface, surface, "Region", s0, end, "pattern")


_ENUM = re.compile(
    r"((?:[\u4e00-\u9fff]{2,8}、)*[\u4e00-\u9fff]{2,12})等(?:[\u4e00-\u9fff]{0,4})(?:行业|领域|产业)"
)
_ENUM_LEAD = (
    "支持",
    "限制准入",
    "限制",
    "禁止",
    "准入",
    "包括",
    "涉及",
    "集中在",
    "从事",
    "聚焦",
    "覆盖",
    "鼓励",
    "发展",
)


def _enumerated_industries(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """Items of an enumeration closed by 等…行业/领域: 房地产投资、娱乐场所经营等特殊行业."""
    for match in _ENUM.finditer(text):
        pos = match.start(1)
        items = match.group(1).split("、")
        last = re.split(r"[和及与]", items[-1])
        if len(last) > 1 and all(len(x) >= 2 for x in last):
            items = items[:-1] + [last[0]] + last[1:]
        for idx, raw in enumerate(items):
            item = raw
            if idx == 0:  # the first item starts after a cue, or after the last non-nominal word
                cut = max((raw.rfind(c) + len(c) for c in _ENUM_LEAD if c in raw), default=-1)
                if 0 < cut <= len(raw) - 2:
                    item = raw[cut:].lstrip("了的在着于到为对将把等")
                elif len(raw) <= 6 and (pos == 0 or not _CJK.match(text[pos - 1])):
                    item = raw.lstrip("了的在着于到为对将把等从")  # the list opens the clause
                else:
                    toks = tokenize(raw)
                    stem = _stem_before(toks, len(toks), rules, max_tokens=3)
                    item = raw[stem[0] :] if stem else ""
            offset = pos + len(raw) - len(item)
            pos += len(raw) + 1
            if len(item) < 2 or item in rules.generic_modifiers or item in rules.generic:
                continue
            known = lexicon.entries.get(item)
            if known is not None and known.cls != "Industry":
                continue
            label = known.label if known else item
            yield Mention(item, label, "Industry", offset, offset + len(item), "pattern")


def _prefixed_bodies(text: str, cands: Sequence[Mention], rules: Rules) -> Iterator[Mention]:
    """Government bodies and branches named after a region or a parent organization.

    四川省 + 经济和信息化 + 厅; 国家 + 金融监督管理 + 总局; 中国人民银行 + 四川省 + 分行;
    国家金融监督管理总局 + 上海 + 监管局.
    """
    body = _body_pattern(rules.government_fields, rules.government_suffixes)
    regions = {c.start: c for c in cands if c.cls == "Region"}
    for c in cands:
        if c.cls == "Region":
            match = body.match(text, c.end)
            if match:
                yield Mention(
                    text[c.start : match.end()],
                    text[c.start : match.end()],
                    "Organization",
                    c.start,
                    match.end(),
                    "pattern",
                )
        elif c.cls == "Organization" and c.end in regions:
            region = regions[c.end]
            match = _BRANCH.match(text, region.end)
            if match:
                surface = text[c.start : match.end()]
                yield Mention(surface, surface, "Organization", c.start, match.end(), "pattern")
    for match in re.finditer("国家" + body.pattern, text):
        yield Mention(
            match.group(0), match.group(0), "Organization", match.start(), match.end(), "pattern"
        )


_BRANCH = re.compile(r"(?:分行|中心支行|支行|总部|分部|监管局|分局|营业管理部|分公司|子公司)")


@cache
def _body_pattern(fields: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    f = "|".join(map(re.escape, fields))
    x = "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
    return re.compile(rf"(?:{f})(?:{x})")


_ORG_ENUM = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,8}、)+[\u4e00-\u9fffA-Za-z]{2,8})等(?:[\u4e00-\u9fff]{0,4})"
    r"(?:企业|公司|车企|药企|厂商|龙头|品牌|机构)"
)
_ORG_EXEMPLARS = re.compile(
    r"以((?:[\u4e00-\u9fffA-Za-z]{2,8}[、和及与])*[\u4e00-\u9fffA-Za-z]{2,8})为代表"
)


def _listed_organizations(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """Items of 如A、B等企业 or 以A、B为代表 lists are organizations (比亚迪、宁德时代等龙头企业)."""
    for pattern in (_ORG_ENUM, _ORG_EXEMPLARS):
        for match in pattern.finditer(text):
            pos = match.start(1)
            for raw in re.split(r"([、和及与])", match.group(1)):
                item, offset = raw, pos
                pos += len(raw)
                if raw in "、和及与":
                    continue
                lead = max(
                    (
                        raw.rfind(c) + len(c)
                        for c in ("如", "包括", "例如", "比如", "有")
                        if c in raw[:-2]
                    ),
                    default=0,
                )
                item, offset = raw[lead:], offset + lead
                known = lexicon.entries.get(item)
                if len(item) < 2 or item in rules.generic or item in rules.generic_modifiers:
                    continue
                if known is not None and known.cls != "Organization":
                    continue
                yield Mention(
                    item,
                    known.label if known else item,
                    "Organization",
                    offset,
                    offset + len(item),
                    "pattern",
                )


_QUOTED = re.compile(r"[“「『\"]([\u4e00-\u9fffA-Za-z0-9]{2,10})[”」』\"]")
_PRODUCT_CONTEXT = re.compile(r"[^,;。]{0,12}?(?:贷款|信贷|融资|授信|产品|业务)")


def _quoted_products(text: str) -> Iterator[Mention]:
    """A quoted name that is a loan product: “新农e贷”, “兴链通”应收账款融资业务.

    The name holds 贷/融, or a loan word follows it in the same clause.
    """
    for match in _QUOTED.finditer(text):
        name = match.group(1)
        if "贷" in name or "融" in name or _PRODUCT_CONTEXT.match(text, match.end()):
            yield Mention(name, name, "LoanProduct", match.start(1), match.end(1), "pattern")


def _resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    rank = {"lexicon": 0, "gazetteer": 1, "pattern": 2}
    ordered = sorted(cands, key=lambda m: (-(m.end - m.start), rank.get(m.source, 3), m.start))
    taken: list[Mention] = []
    used = [False] * (max((m.end for m in cands), default=0) + 1)
    for m in ordered:
        if any(used[m.start : m.end]):
            continue
        for i in range(m.start, m.end):
            used[i] = True
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def _non_industry_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of enumerations of uses or technologies (证券投资、房地产购买等违规用途)."""
    heads = "|".join(map(re.escape, rules.not_industry_lists))
    pattern = (
        rf"(?:[\u4e00-\u9fff]{{2,8}}、)*[\u4e00-\u9fff]{{2,8}}等[\u4e00-\u9fff]{{0,4}}?(?:{heads})"
    )
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _keep(
    m: Mention,
    text: str,
    rules: Rules,
    blocked: Sequence[tuple[int, int]] = (),
    ends: set[int] = frozenset(),
) -> bool:
    if m.label in rules.generic or len(m.label) < 2:
        return False
    if m.cls == "Industry":
        if any(s <= m.start < e for s, e in blocked) or text.startswith(("技术", "银行"), m.end):
            return False  # a technology or a use, not a line of business
    if m.cls == "EnterpriseType" and m.text.endswith(("企业", "公司")):
        following = text[m.end : m.end + 1]
        if following and following in rules.person_suffixes and m.end not in ends:
            return False  # 企业家, 企业主 (one word): people, not kinds of enterprise
    if m.cls == "Organization" and m.source == "pattern" and m.label.endswith("银行"):
        following = text[m.end : m.end + 2]
        if (
            following in ("贷款", "账户")
            and len(m.label) <= 4
            and m.label[:-2] in rules.generic_modifiers
        ):
            return False
    return True
