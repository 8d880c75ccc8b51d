"""Loan product names: brand words before a …贷 name, the loans of a kind of bank or firm.

Private to :mod:`kgraph.nlp.mentions`, which calls these on its resolved mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kgraph.nlp.lexicon import Lexicon
from kgraph.nlp.mention_rules import _CJK, _NO_NAME_START, SPLIT_WORDS, Rules, Token, word_tag
from kgraph.types import Mention

_BRAND_TAGS = (None, "n", "nz", "j", "vn")  # vn: 经营 + 快贷


def _whole_kind(m: Mention, text: str, lexicon: Lexicon, rules: Rules) -> Mention:
    """A loan for a kind of firm takes the kind's whole name (中 + 小微企业贷款: 中小微企业),
    and a loan for a kind of borrower its word (个人 + 创业担保贷款)."""
    if m.cls != "LoanProduct" or not m.text.endswith("贷款"):
        return m
    word = next((w for w in rules.brand_words if text.endswith(w, 0, m.start)), "")
    if word and not text.startswith(word, m.start):
        name = text[m.start - len(word) : m.end]
        return replace(m, text=name, label=name, start=m.start - len(word))
    for k in (2, 1):
        if m.start < k or text.endswith(SPLIT_WORDS, 0, m.start - k + 1):
            continue  # 其中 + 小微企业对公贷款: 中 belongs to 其中
        kind = lexicon.entries.get(text[m.start - k : m.end - 2])
        if kind is not None and kind.cls == "EnterpriseType":
            name = text[m.start - k : m.end]
            return replace(m, text=name, label=name, start=m.start - k)
    return m


def _subsidy(m: Mention, text: str) -> Mention:
    """A loan followed by 贴息 names the subsidy of its interest, the product a policy offers
    (中小微企业贷款 + 贴息)."""
    if m.cls == "LoanProduct" and m.text.endswith("贷款") and text.startswith("贴息", m.end):
        name = text[m.start : m.end + 2]
        return replace(m, text=name, label=name, end=m.end + 2)
    return m


def _extend_products(
    text: str, tokens: Sequence[Token], found: list[Mention], rules: Rules
) -> list[Mention]:
    """A loan product's brand words before it belong to its name (浦发银行 + 浦惠 + 税贷).

    Up to two unknown or nominal tokens right before a ``…贷`` product are taken in, back to
    the previous mention, punctuation or a word of another kind.
    """
    taken = {i for m in found for i in range(m.start, m.end)}
    by_end = {t[1]: k for k, t in enumerate(tokens)}
    banks = {m.end for m in found if m.cls == "Organization" and m.label.endswith(("银行", "行"))}
    out = []
    for t0, t1, word in tokens:  # 上海农商银行 + 小额贷款: the bank's product
        if t0 in banks and t0 not in taken and word.endswith("贷款") and 3 <= len(word) <= 8:
            found = [*found, Mention(word, word, "LoanProduct", t0, t1, "pattern")]

    kinds = "|".join(w for w in sorted(rules.organization_suffixes, key=len) if len(w) >= 3)
    for match in re.finditer(rf"(?:{kinds})贷款", text):  # 农商银行 + 贷款: a kind of bank's loans
        s0, e0 = match.span()
        if (s0 == 0 or not _CJK.match(text[s0 - 1])) and not taken & set(range(s0, e0)):
            found = [
                *found,
                Mention(match.group(), match.group(), "LoanProduct", s0, e0, "pattern"),
            ]
    found.sort(key=lambda m: m.start)
    for m in found:
        if m.cls == "Industry" and m.start in banks and m.text.endswith("贷款"):
            m = replace(m, cls="LoanProduct", label=m.text)
        if m.cls == "LoanProduct" and m.text.endswith("贷") and m.start in by_end:
            k, s0 = by_end[m.start], m.start
            while k >= 0 and m.end - tokens[k][0] <= 7 and m.start - tokens[k][0] <= 4:
                t0, _, word = tokens[k]
                opens = t0 == 0 or not _CJK.match(text[t0 - 1])  # 快 + 享贷 after a colon
                if (
                    t0 in taken
                    or not _CJK.fullmatch(word[0])
                    or (
                        word_tag(word) not in _BRAND_TAGS
                        and not (opens and len(word) == 1)
                        and not (len(word) == 1 and word_tag(word) == "a")  # 纯 + 信用贷
                    )
                    or word in rules.generic
                    or (word in rules.generic_modifiers and word not in rules.brand_words)
                    or word in _NO_NAME_START
                ):
                    break
                s0, k = t0, k - 1
            if s0 < m.start:
                m = Mention(text[s0 : m.end], text[s0 : m.end], m.cls, s0, m.end, "pattern")
        out.append(m)
    return out
