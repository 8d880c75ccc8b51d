"""The ``offers`` sentence rule: which organization offers which loan product.

- X + (cue) + Y within a clause: 工商银行推出经营快贷, 微众银行的微业贷;
- a lender in brackets after a product: 科创易贷(青岛银行);
- Y是X推出的…产品, Y业务是指X借助…设计的…产品.

A loan word between 的 and 产品 describes the product (推出的线上化普惠贷款产品), and a
product inside a document's title (发布《…贴息政策的通知》) is offered by no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kgraph.extract.clauses import CLAUSE_BREAK, HARD_STOP
from kgraph.extract.registry import Sentence, rule
from kgraph.types import EntityKey, Mention

Triple = tuple[EntityKey, str, EntityKey]


@rule("offers", needs=("Organization", "LoanProduct"))
def _offers_rule(s: Sentence) -> Iterator[Triple]:
    return _offers(s.text, s.mentions, s.cues["offers"])


def _offers(text: str, mentions: Sequence[Mention], cues: Sequence[str]) -> Iterator[Triple]:
    for i, org in enumerate(mentions):
        if org.cls != "Organization":
            continue
        for prod in mentions[i + 1 :]:
            if prod.cls == "Organization":
                break
            if prod.cls != "LoanProduct":
                continue
            gap = text[org.end : prod.start].strip('“”「」『』"')
            if _described(text, prod) or "《" in gap:
                break  # X推出的线上化普惠贷款产品: what the product is; 发布《…通知》: a document
            if gap in ("", "的") or (
                len(gap) <= 20 and any(c in gap for c in cues) and not CLAUSE_BREAK.search(gap)
            ):
                yield org.key, "offers", prod.key
            break
    for prod, org in zip(mentions, mentions[1:], strict=False):  # 科创贷(某银行): its lender
        if prod.cls == "LoanProduct" and org.cls == "Organization":
            if text[prod.end : org.start] in ("(", "（") and text.startswith((")", "）"), org.end):
                yield org.key, "offers", prod.key
    for i, prod in enumerate(mentions):  # Y是X推出的…产品: the product, then its maker
        copula = _COPULA.match(text, prod.end)
        if prod.cls != "LoanProduct" or not copula:
            continue
        org = mentions[i + 1] if i + 1 < len(mentions) else None
        if org is None or org.cls != "Organization" or org.start > copula.end() + 3:
            continue
        stop = HARD_STOP.search(text, org.end)  # 徽商银行借助大数据…,…设计的…产品
        said = text[org.end : min(stop.start() if stop else len(text), org.end + _MAKER_SPAN)]
        if any(c in said for c in cues):
            yield org.key, "offers", prod.key


#: How far after the maker its verb may come (Y是X借助…设计的…产品).
_MAKER_SPAN = 40
#: What joins a product to the sentence saying who makes it: Y是, Y业务是指, Y系.
_COPULA = re.compile(r"[”\"」]?(?:业务|产品)?(?:是指|是|系)")


def _described(text: str, prod: Mention) -> bool:
    """A loan word after 的 and before 产品 describes a product (推出的线上化普惠贷款产品)."""
    return (
        prod.text.endswith("贷款")
        and text.endswith("的", 0, prod.start)
        and text.startswith(("产品", "业务"), prod.end)
    )
