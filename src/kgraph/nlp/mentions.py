"""Entity mentions: lexicon and gazetteer look-up plus suffix patterns that generalize.

Recognition works on one sentence and its jieba tokens. Three sources of candidates:

- the lexicon and gazetteer (:mod:`kgraph.nlp.lexicon`): known surface forms, longest first;
  short forms of two characters must fall on token boundaries (大理 is not in 大理石);
- suffix patterns: nominal tokens before 风险 (a risk category), 银行/集团/协会 (an
  organization), 行业/产业 (an industry), 型企业 (an enterprise type), 贷款/贷 (a loan
  product), 城市群/经济圈 (a region), a field + 局/部/委员会 (a government body);
- enumerations closed by 等…行业/领域 (each item is an industry).

Overlapping candidates are resolved longest first, lexicon before pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache

from kgraph.nlp.cluster_names import _cluster_industries, _names_kind
from kgraph.nlp.lexicon import Lexicon, load_lexicon
from kgraph.nlp.mention_choice import (
    _keep,
    _resolve_overlaps,
    _unsplit,
    _unwrapped,
    _without_example_word,
)
from kgraph.nlp.mention_lists import (
    _company_names,
    _elided_types,
    _enumerated_industries,
    _listed_organizations,
    _non_industry_spans,
    _prefixed_bodies,
    _quoted_products,
)
from kgraph.nlp.mention_rules import (
    _CJK,
    _NO_NAME_START,
    _WHOLE_SECTORS,
    SPLIT_WORDS,
    Rules,
    Token,
    _good_stem,
    _stem_before,
    load_rules,
    prepare_segmenter,
    tokenize,
    word_tag,
)
from kgraph.nlp.product_names import _extend_products, _subsidy, _whole_kind
from kgraph.types import Mention

__all__ = [
    "Rules",
    "find_mentions",
    "fold_risk",
    "industry_label",
    "load_rules",
    "prepare_segmenter",
    "tokenize",
    "word_tag",
]


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
        The vocabulary; :func:`kgraph.nlp.lexicon.load_lexicon` by default.
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
        cands.extend(_company_names(text, cands, lexicon))
        cands.extend(_elided_types(text, lexicon))
        cands.extend(_cluster_industries(text, cands, lexicon, rules))
    blocked = _non_industry_spans(text, rules)
    cands = [m for m in cands if _keep(m, text, rules, blocked, ends)]
    found = _extend_products(text, tokens, _resolve_overlaps(cands), rules)
    found = [_subsidy(_whole_kind(m, text, lexicon, rules), text) for m in found]
    found = [_unsplit(m, text) for m in found]
    found = [replace(m, label=_unwrapped(m.label)) if " " in m.label else m for m in found]
    return [_without_example_word(m, text) for m in found]


def _lexicon_candidates(
    text: str, lexicon: Lexicon, starts: set[int], ends: set[int]
) -> Iterator[Mention]:
    entries, n = lexicon.entries, len(text)
    lengths = _prefix_lengths(lexicon)
    for i in range(n - 1):
        for length in lengths.get(text[i : i + 2], ()):
            if i + length > n:
                continue
            entry = entries.get(text[i : i + length])
            if entry is None:
                continue
            if length <= 2 and not (i in starts and _ends_word(text, i + length, ends)):
                continue  # a two-character form inside a longer word
            if text.endswith(SPLIT_WORDS, 0, i + 1):
                continue  # 其中 + 小微企业: not 中小微企业
            if entry.cls == "Organization" and text.startswith(_GENERIC_TAILS, i + length - 1):
                continue  # 工信部门, 财政部门: 部门 is a generic word, not the 部
            yield Mention(text[i : i + length], entry.label, entry.cls, i, i + length, entry.source)
            break


#: A name's last character and what follows it, read together as a generic word.
_GENERIC_TAILS = ("部门", "局面", "厅堂")


@cache
def _prefix_lengths(lexicon: Lexicon) -> dict[str, tuple[int, ...]]:
    """For each first two characters, the lengths of the surface forms they start, longest
    first (most places in a text start no form: one look-up skips them)."""
    lengths: dict[str, set[int]] = {}
    for surface in lexicon.entries:
        if len(surface) >= 2:
            lengths.setdefault(surface[:2], set()).add(len(surface))
    return {pair: tuple(sorted(v, reverse=True)) for pair, v in lengths.items()}


def _ends_word(text: str, end: int, ends: set[int]) -> bool:
    """True at a token end, or where only 企业/公司/行业 follows inside the token (外贸企业)."""
    if end in ends:
        return True
    return any(
        text.startswith(suf, end) and end + len(suf) in ends
        for suf in ("企业", "公司", "行业", "产业")
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


#: A line led by a risk category as its label or its whole text (自然风险:由…, 内部风险).
_RISK_LABEL = re.compile(
    r"(?m)^[ \t]*(?:[-•*·][ \t]*)?(?:[0-9一二三四五六七八九十]{1,2}[、.][ \t]*)?"
    r"([\u4e00-\u9fff]{2,6})风险(?=[ \t]*(?::|$))"
)


def _labelled_risks(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """A risk category that labels a line: the label is a name, though jieba tags some of
    its words as adverbs, localities or verbs (自然, 内部, 就业); a preposition, particle,
    pronoun or numeral in it makes a phrase, not a name (通过保险转移风险, 银行的信用风险)."""
    for m in _RISK_LABEL.finditer(text):
        stem = m.group(1)
        tags = [word_tag(w) or "x" for _, _, w in tokenize(stem)]
        if stem.endswith(tuple(rules.organization_suffixes)):
            continue  # 商业银行风险: the risks of a kind of institution, not a category
        if _good_stem(stem, rules) and not any(t[0] in "pucrmq" for t in tags):
            label = fold_risk(stem, lexicon, rules)
            yield Mention(
                text[m.start(1) : m.end()], label, "RiskCategory", m.start(1), m.end(), "pattern"
            )


def _pattern_candidates(
    text: str, tokens: Sequence[Token], lexicon: Lexicon, rules: Rules
) -> Iterator[Mention]:
    yield from _labelled_risks(text, lexicon, rules)
    for k, (start, end, word) in enumerate(tokens):
        if word[-1] in rules.name_endings:  # the only tokens _suffix_match can take
            found = _suffix_match(text, tokens, k, lexicon, rules)
            if found:
                yield found
        if word.endswith("企业") and len(word) > 2:
            stem = word[:-2]  # 化工企业: a sector + 企业 is the sector; 磷化工企业: a kind of it
            known = lexicon.entries.get(stem)
            if known is not None and known.cls == "Industry":
                yield Mention(stem, known.label, "Industry", start, end - 2, "pattern")
            elif len(stem) <= 4 and any(
                (e := lexicon.entries.get(stem[i:])) is not None and e.cls == "Industry"
                for i in range(1, len(stem) - 1)
            ):
                yield Mention(stem, stem, "Industry", start, end - 2, "pattern")
        elif word.endswith("业") and len(word) >= 3 and word not in rules.generic:
            stem = word[:-2] if word.endswith(("行业", "产业")) else word[:-1]
            if (
                word_tag(word) in ("n", "nz", None)
                and _good_stem(stem, rules)
                and stem not in rules.industry_stop
            ):
                label = word if word.endswith(_WHOLE_SECTORS) else industry_label(stem, lexicon)
                yield Mention(word, label, "Industry", start, end, "pattern")
    yield from _enumerated_industries(text, lexicon, rules)
    yield from _listed_organizations(text, lexicon, rules)
    yield from _quoted_products(text)


def _suffix_match(
    text: str, tokens: Sequence[Token], k: int, lexicon: Lexicon, rules: Rules
) -> Mention | None:
    start, end, word = tokens[k]
    stem = None
    if (
        word in ("风险", "行业", "产业", "贷款", "贷")
        or word in rules.organization_suffixes
        or word in rules.region_suffixes
    ):
        wide = word in rules.region_suffixes  # 长三角生态绿色一体化发展 + 示范区
        wide = wide or (word == "产业" and text.startswith("集群", end))  # 金铜精深加工产业集群
        stem = _stem_before(
            tokens, k, rules, max_tokens=5 if wide else 3, max_chars=12 if wide else 8
        )
        if stem is None and word == "风险" and k and tokens[k - 1][2] == "银行":
            stem = (tokens[k - 1][0], "银行")  # 银行风险: the risks of banking, a category
    if stem is None and word.endswith("风险") and len(word) > 2:
        if text.startswith(rules.risk_compounds, end) or not _good_stem(word[:-2], rules):
            return None
        s0, inner = start, word[:-2]
        found = _stem_before(tokens, k, rules, max_tokens=2, max_chars=6)
        if found and not any(t[2] in lexicon.entries for t in tokens if found[0] <= t[0] < start):
            s0, inner = found[0], found[1] + inner  # 劳动用工 + 合规风险, 合规 + 法律风险
        return Mention(
            text[s0:end], fold_risk(inner, lexicon, rules), "RiskCategory", s0, end, "pattern"
        )
    if stem is None and word == "风险" and k >= 2:
        (n0, _, noun), (_, _, verb) = tokens[k - 2][:3], tokens[k - 1][:3]
        if (
            verb in rules.risk_events
            and word_tag(noun) in ("n", "vn")
            and _good_stem(noun, rules)
            and not text.startswith(rules.risk_compounds, end)
        ):  # 数据泄露风险: an event named by a noun and a verb
            return Mention(text[n0:end], text[n0:end], "RiskCategory", n0, end, "pattern")
    if (
        stem is None
        and word.endswith("贷款")
        and len(word) > 2
        and (word in lexicon.entries or word[:-2] not in rules.generic)
    ):  # a loan the vocabulary knows (经营贷款), or jieba as one word (农业贷款), with words before
        found = _stem_before(tokens, k, rules, max_tokens=2, max_chars=6)
        if found and "银行" in found[1]:  # 工商银行 + 经营贷款: the bank is no part of it
            cut = found[1].rindex("银行") + 2
            found = (found[0] + cut, found[1][cut:]) if cut < len(found[1]) else None
        if found:  # 深度剖析 + 企业贷款: a page title's words are no part of it
            cut = _after_title_words(text, found[0], start, rules.title_words)
            found = (cut, text[cut:start]) if cut < start else None
        if found:  # 知识产权 + 质押贷款, 设施 + 农业贷款: a longer product name
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
    if stem is None and word == "贷" and k > 0:
        p0, _, prev = tokens[k - 1]  # 闪电 + 贷: jieba cut the brand off a one-character 贷
        after_bank = text.endswith(("银行", "行"), 0, p0)  # 平安银行 + 数字 + 贷
        if (
            len(prev) == 2
            and all(_CJK.match(c) for c in prev)
            and prev + word not in rules.loan_verbs
            and (after_bank or prev not in rules.generic_modifiers)
            and word_tag(prev) in (None, "n", "nz", "v", "vn", "a")
        ):
            return Mention(prev + word, prev + word, "LoanProduct", p0, end, "pattern")
    if (
        stem is None
        and word.endswith("贷")
        and 2 <= len(word) <= 5
        and word not in rules.loan_verbs
        and word_tag(word) in (None, "n", "nz")
        and _CJK.fullmatch(word[0])
        and word[0] not in _NO_NAME_START
        and word[0] not in "可能会要需应该想再就都也还才又"
    ):  # 税易贷, 快贷: a new word jieba made around 贷 names a product
        return Mention(word, word, "LoanProduct", start, end, "pattern")
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
    if word in rules.organization_suffixes:
        s0 = _after_title_words(text, s0, start, rules.title_words)
        while s0 < start and text[s0] in _NO_NAME_START:
            s0 += 1  # 是指 + X银行, 经 + X银行: a function word is no part of the name
        for word_end in ("是", "归", "属于"):  # X贷是 + 甲江银行, 版权归 + 莱商银行
            at = text.rfind(word_end, s0, start)
            s0 = max(s0, at + len(word_end) if at >= 0 else s0)
        if start - s0 < 2:
            return None
        return Mention(text[s0:end], text[s0:end], "Organization", s0, end, "pattern")
    if word in ("行业", "产业"):
        cut = _leading_regions(stem_text, lexicon)  # 鲤城区 + 鞋服新材料 + 产业: the place apart
        s0, stem_text = s0 + cut, stem_text[cut:]
        if len(stem_text) < 2 or stem_text in rules.industry_stop:
            return None
        if stem_text.endswith(_POLICY_WORDS + rules.relations["restricts"]):
            return None  # 发票贷禁入 + 行业, 重点支持 + 行业: a policy's words, no sector
        if _names_kind(stem_text, lexicon):
            return None  # 国家级中小企业特色 + 产业集群: a programme's name, no sector
        known = lexicon.entries.get(stem_text)
        if known is not None and known.cls != "Industry":
            return None  # 海淀区 + 行业, 中小企业 + 产业集群: a place or a kind of firm
        return Mention(
            text[s0:end], industry_label(stem_text, lexicon), "Industry", s0, end, "pattern"
        )
    if word in ("贷款", "贷"):
        for t0, t1, w in tokens:  # 交通银行 + 惠民贷: the lender is no part of the name
            known = lexicon.entries.get(w)
            lender = w.endswith("银行") or (known is not None and known.cls == "Organization")
            if s0 <= t0 and t1 < start and lender:
                s0 = t1
        if start - s0 < 1:
            return None
        before = [t for t in tokens if t[1] == s0 and t[2] in rules.brand_words]
        s0 = before[0][0] if before else s0  # 个人 + 创业担保贷款: whose loan it is
        surface = text[s0:end]
        return Mention(surface, surface, "LoanProduct", s0, end, "pattern")
    for length in range(min(len(stem_text) - 2, lexicon.max_len), 1, -1):
        known = lexicon.entries.get(stem_text[:length])
        if known is not None and known.source == "gazetteer" and known.label == stem_text[:length]:
            # 儋州市 + 洋浦经济开发区: an official name before a zone's own name
            s0, surface = s0 + length, surface[length:]
            break
    return Mention(surface, surface, "Region", s0, end, "pattern")


#: A policy's words that may end the words before 行业 (准入行业, 重点支持行业).
_POLICY_WORDS = ("准入", "支持", "鼓励", "扶持", "优先")


def _leading_regions(stem: str, lexicon: Lexicon) -> int:
    """How many characters of ``stem`` are region names in front of it (宁波市慈溪市 + 家电)."""
    cut = 0
    while True:
        for length in range(min(len(stem) - cut - 2, lexicon.max_len), 1, -1):
            known = lexicon.entries.get(stem[cut : cut + length])
            if known is not None and known.cls == "Region":
                cut += length
                break
        else:
            return cut


def _after_title_words(text: str, s0: int, stop: int, words: Sequence[str]) -> int:
    """Where a name starts once a page-title phrase before it is cut (一文看懂 + 泰隆银行)."""
    cut = s0
    for w in words:
        i = text.find(w, max(0, s0 - len(w) + 1), stop)
        while i >= 0:
            cut = max(cut, i + len(w))
            i = text.find(w, i + 1, stop)
    return cut
