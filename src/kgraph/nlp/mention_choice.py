"""Choosing among candidate mentions: overlaps, filters and the last touches on a name.

Private to :mod:`kgraph.nlp.mentions`: the longest candidate wins where they overlap (the
lexicon before patterns on ties); generic words, a government body's field (工业和信息化部门)
and other known misreadings are dropped; a name a line wrap broke is labelled whole, one that
starts with the end of the word before it (其 + 中小微企业) starts a character later, and one
glued to the 如 opening an example list starts after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from kgraph.nlp.mention_rules import SPLIT_WORDS, Rules
from kgraph.types import Mention


def _unwrapped(label: str) -> str:
    """A name without the spaces a line wrap left between its Chinese characters."""
    return re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])", "", label)


def _unsplit(m: Mention, text: str) -> Mention:
    """A name found by pattern that starts with the end of a word before it (其 + 中小微企业对公
    贷款, jieba's cut) starts one character later."""
    if m.source != "pattern" or not text.endswith(SPLIT_WORDS, 0, m.start + 1) or len(m.text) < 4:
        return m
    return _without_front(m, 1)


#: Words that open an example list, glued to its first name by jieba (如科 + 创贷).
_EXAMPLE_WORDS = ("例如", "比如", "如")


def _without_example_word(m: Mention, text: str) -> Mention:
    """A name without the 如 that opens an example list before it ((如X贷、Y贷) -> X贷)."""
    word = next((w for w in _EXAMPLE_WORDS if m.text.startswith(w)), "")
    opens = m.start == 0 or text[m.start - 1] in "(（,，、:：;；"
    if not word or not opens or len(m.text) - len(word) < 3 or m.source != "pattern":
        return m
    return _without_front(m, len(word))


def _without_front(m: Mention, n: int) -> Mention:
    """``m`` without its first ``n`` characters; a label that was its text follows it."""
    rest = m.text[n:]
    return replace(m, text=rest, label=rest if m.label == m.text else m.label, start=m.start + n)


#: Administrative level characters; a conjunction after one joins levels, not names.
_LEVELS = frozenset("省市区县州盟旗乡镇村、")


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


@cache
def _body_field(fields: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """A government body's field and its suffix or 部门 (工业和信息化 + 部门, 农业农村 + 厅)."""
    fields = "|".join(map(re.escape, fields))
    suffixes = "|".join(map(re.escape, (*suffixes, "部门", "主管部门")))
    return re.compile(rf"(?:{fields})(?:{suffixes})")


def _keep(
    m: Mention,
    text: str,
    rules: Rules,
    blocked: Sequence[tuple[int, int]] = (),
    ends: set[int] = frozenset(),
) -> bool:
    if m.label in rules.generic or len(m.label) < 2:
        return False
    if m.cls == "Region" and m.text[0] in "和及与或" and m.start and text[m.start - 1] in _LEVELS:
        return False  # 设区的市和县(市、区)人民政府: "and counties", not 和县 in Anhui
    if m.cls == "Industry":
        if any(s <= m.start < e for s, e in blocked) or text.startswith(
            ("技术", "银行", "金融机构"), m.end
        ):  # 银行业金融机构: a kind of institution
            return False  # a technology or a use, not a line of business
        if _body_field(rules.government_fields, rules.government_suffixes).match(text, m.start):
            return False  # 工业和信息化部门: a government body's field, no sector
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
