"""Tables of products: each row under a header names a product and its terms.

The reader keeps a table row as one line, its cells joined by `` | ``. When the first row of
a table is a header whose first column names products (产品, 产品名称, 品种), every later row
is one product: its first cell is the product's name, a cell under an eligibility header
(适用对象, 目标客户) names the enterprise types eligible for it, and any other cell, read
after its header (贷款额度 + 最高100万元), states its conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kgraph.extract.outline import Outline, topic_of
from kgraph.nlp.conditions import parse_conditions
from kgraph.types import Condition, EntityKey, Mention

_PRODUCT_COLUMN = re.compile(r"产品|名称|品种|贷款种类")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}")


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What one table row says: its product (a mention of it), conditions and eligible types.

    Offsets are relative to the row's text.
    """

    product: Mention
    conditions: tuple[Condition, ...]
    eligible: tuple[EntityKey, ...]


def _cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a row line, stripped."""
    out, pos = [], 0
    for part in text.split("|"):
        lead = len(part) - len(part.lstrip())
        out.append((pos + lead, part.strip()))
        pos += len(part) + 1
    return out


def _header(outline: Outline, index: int) -> int:
    """The first row of the table holding row ``index``."""
    while index > 0 and outline.blocks[index - 1].kind == "row":
        index -= 1
    return index


def row_facts(outline: Outline, offset: int, text: str, mentions: list[Mention]) -> RowFacts | None:
    """The product, conditions and eligible types of the table row at ``offset``, or None.

    ``text`` is the row's line and ``mentions`` its mentions (offsets in ``text``).
    """
    i = outline.block_at(offset)
    if i < 0 or outline.blocks[i].kind != "row":
        return None
    first = _header(outline, i)
    if first == i:
        return None
    heads = [cell for _, cell in _cells(outline.text(first))]
    cells = _cells(text)
    if len(heads) != len(cells) or len(heads) < 2 or not _PRODUCT_COLUMN.search(heads[0]):
        return None
    start, name = cells[0]
    if not _NAME.fullmatch(name):
        return None
    product = Mention(name, name, "LoanProduct", start, start + len(name), "structure")
    conditions: list[Condition] = []
    eligible: list[EntityKey] = []
    for head, (pos, cell) in zip(heads[1:], cells[1:], strict=True):
        if not cell:
            continue
        if topic_of(head) == "eligibleFor":
            eligible += [
                m.key
                for m in mentions
                if m.cls == "EnterpriseType" and pos <= m.start < pos + len(cell)
            ]
            continue
        shift = pos - len(head) - 1  # the cell read as 标签:值, offsets back in the row
        for c in parse_conditions(f"{head}:{cell}"):
            begin, end = max(c.start + shift, pos), max(c.end + shift, pos)
            conditions.append(replace(c, start=begin, end=end, text=text[begin:end]))
    return RowFacts(product, tuple(conditions), tuple(eligible))
