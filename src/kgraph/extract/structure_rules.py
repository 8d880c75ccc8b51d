"""Rules that read document structure (:mod:`kgraph.extract.outline`), not a single sentence.

- Under a materials head (所需材料, 申请材料), each listed document is a ``has`` condition
  of the document's loan product.
- Under an eligibility head (适用对象, 服务对象), the enterprise types named are eligible
  for the product, and so are the types that make up a whole item under a requirement head
  (申请条件 … 1、高新技术企业); under an industry head (支持行业, 限制行业, 不予支持), the
  industries named are supported or restricted by it.
- A head with at least two items or sub-headings under it, each led by a mention of the
  head's class, is a classification: each item is a ``subCategoryOf`` the head's entity
  (or, for a head such as 风险分类 that names no entity, of the article's subject); so is
  each mention after 包含/分为 in a paragraph under such a head whose clause names no parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kgraph.extract.outline import Outline, section_cues
from kgraph.io.structure import marker_end
from kgraph.nlp.condition_tidy import canonical_metric
from kgraph.nlp.conditions import parse_conditions
from kgraph.nlp.mention_rules import rules_file
from kgraph.nlp.quantities import parse_quantity
from kgraph.types import Condition, EntityKey, Evidence, Mention, Relation

_SPLIT = re.compile(r"[、,;。/]|以及|及|和")  # "A或B" stays one condition (gold convention)
_LEAD = re.compile(
    r"^(?:(?:企业|公司|借款人|申请人|申请企业)?(?:须|需|需要|应|应当)?(?:提供|提交|出具|持有|具有|具备))?的?"
)
_TAIL = re.compile(r"(?:的)?(?:复印件|原件|正本|副本|扫描件|证明材料|等资料|等材料|等)+$|\(.*?\)$")
_WINDOW = re.compile(r"^(?:近|最近|前)([一二两三四五六七八九十\d]+)(?:个)?(年|月|期)(?:度)?(?:的)?")
_MAX_MATERIAL = 16
_TOPIC_CLASS = {
    "eligibleFor": "EnterpriseType",
    "supportsIndustry": "Industry",
    "restrictsIndustry": "Industry",
}
_TAXONOMY_CLASSES = ("RiskCategory", "EnterpriseType", "Industry", "LoanProduct", "Region")


def materials(text: str) -> list[Condition]:
    """The documents a materials item lists, each as a ``has`` condition (offsets in ``text``).

    >>> [c.label for c in materials("营业执照、公司章程及法定代表人身份证复印件;")]
    ['营业执照 has', '公司章程 has', '法定代表人身份证 has']
    >>> [(c.label, c.start) for c in materials("(2)营业执照")]
    [('营业执照 has', 3)]
    >>> [(c.label, c.window) for c in materials("近两年财务报表")]
    [('财务报表 has', '24 month')]
    >>> [c.label for c in materials("营业执照(或经营许可证、承包合同);")]
    ['营业执照 has']
    """
    out = []
    pos = marker_end(text)
    text = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)  # 执照(或许可证、合同)
    for part in _SPLIT.split(text[pos:]):
        start = text.find(part, pos)
        pos = start + len(part)
        name = _LEAD.sub("", part.strip())
        window = ""
        m = _WINDOW.match(name)
        if m:
            q = parse_quantity(m.group(1) + ("年" if m.group(2) == "年" else "个月"))
            if q is not None and q.unit == "month":
                window = f"{int(q.value)} month"
            name = name[m.end() :]
        name = _TAIL.sub("", name).strip()
        if 2 <= len(name) <= _MAX_MATERIAL and not re.search(r"\d|[:,;!?]", name):
            out.append(Condition(name, "has", window=window, text=part, start=start, end=pos))
    return out


#: A head that names a loan's term or amount (贷款期限, 单户额度) and a line under it that
#: opens with a bound (最高不超过3年).
_METRIC_HEAD = re.compile(r"[\u4e00-\u9fff]{0,6}(?:期限|额度|金额)")
_BOUND_OPENING = re.compile(
    r"\s*(?:最高|最长|最低|最多|最少|不超过|不低于|原则上|一般|[0-9一二三四五六七八九十])"
)


def headed_bounds(text: str, head: str) -> list[Condition]:
    """The bounds of a line under a head that names their metric (贷款期限 / 最高不超过3年),
    read as the line ``贷款期限:最高不超过3年`` (offsets in ``text``).

    >>> [c.label for c in headed_bounds("最高不超过3年。", "贷款期限")]
    ['贷款期限 <= 36 month']
    """
    body = marker_end(text)
    if not _METRIC_HEAD.fullmatch(head) or not _BOUND_OPENING.match(text, body):
        return []
    lead = head + ":"
    found = parse_conditions(lead + text[body:])
    shift = body - len(lead)
    return [
        replace(
            c, start=max(body, c.start + shift), end=c.end + shift, text=text[body : c.end + shift]
        )
        for c in found
        if c.end > len(lead)
    ]


#: Endings of a field label that names a thing to hold (土地确权证明, 生产计划书).
_HELD_LABEL = re.compile(r"(?:证明|计划书|执照|许可证|合同|协议|报表|流水)$")


def field_holdings(text: str, label: str) -> list[Condition]:
    """The documents a requirement's field line asks for (offsets in ``text``).

    A value joined by ``+`` lists them (身份证明:身份证+户籍证明); otherwise a label that
    names a document is one (生产计划书:规模、技术方案).

    >>> [c.label for c in field_holdings("2. 身份证明:身份证+户籍证明", "身份证明")]
    ['身份证 has', '户籍证明 has']
    >>> [c.label for c in field_holdings("- 生产计划书:规模、技术方案", "生产计划书")]
    ['生产计划书 has']
    """
    at = text.find(label + ":") if label else -1
    if at < 0:
        return []
    value = at + len(label) + 1
    if "+" in text[value:]:
        parts = re.split(r"[,;。(]", text[value:])[0].split("+")
        if len(parts) >= 2:
            found = materials("、".join(parts))
            found = [replace(c, start=c.start + value, end=c.end + value) for c in found]
            return found if len(found) == len(parts) else []
    if _HELD_LABEL.search(label) and len(label) <= _MAX_MATERIAL:
        return [Condition(label, "has", text=label, start=at, end=at + len(label))]
    return []


def topic_relations(
    topic: str | None, mentions: Sequence[Mention], product: EntityKey | None, ev: Evidence
) -> Iterator[Relation]:
    """eligibleFor / supportsIndustry / restrictsIndustry for the mentions under a head."""
    if topic == "requirements" and product is not None:
        # 申请条件 … 1、高新技术企业: an item that is an enterprise type says who may apply
        body = marker_end(ev.sentence)
        for m in mentions:
            if m.cls == "EnterpriseType" and m.start <= body + 1 and _mostly(m, ev.sentence, body):
                yield Relation(m.key, "eligibleFor", product, ev, "structure")
        return
    cls = _TOPIC_CLASS.get(topic or "")
    if cls is None or product is None:
        return
    for m in mentions:
        if m.cls != cls:
            continue
        if topic == "eligibleFor":
            yield Relation(m.key, topic, product, ev, "structure")
        else:
            yield Relation(product, topic, m.key, ev, "structure")


#: A head over an industry list names its subject: 准入行业, 限制类行业, 支持领域.
_INDUSTRY_HEAD = re.compile(r"行业|领域|产业")
_INDUSTRY_ITEM = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、及和与]{1,15}")


def industry_items(
    outline: Outline,
    offset: int,
    text: str,
    mentions: Sequence[Mention],
    topic: str | None,
    head: str,
) -> list[Mention]:
    """Under a head of supported or restricted industries (四、准入行业: ``topic`` and ``head``
    of the line at ``offset``), a list item that no rule names whole is one industry
    (1、副食品批发), and a line listing short names is one industry each (建筑工程,建材,木材,
    煤炭): what the head lists, word for word."""
    i = outline.block_at(offset)
    if topic not in ("supportsIndustry", "restrictsIndustry") or i < 0:
        return []
    if not _INDUSTRY_HEAD.search(head):
        return []
    body = marker_end(text)
    if outline.blocks[i].kind == "item":
        parts = [(body, text[body:].rstrip(";。,"))]
    else:
        parts = [(m.start(), m.group()) for m in re.finditer(r"[^,;、。除]+", text)]
        parts = [(a, p) for a, p in parts if len(p) <= _MAX_LISTED and "等" not in p]
        if len(parts) < 3:
            return []
    found = []
    for start, name in parts:
        if not _INDUSTRY_ITEM.fullmatch(name) or name.endswith(_LIST_STOPS):
            continue
        if any(m.start <= start and m.end >= start + len(name) for m in mentions):
            continue  # a mention names the whole item
        found.append(Mention(name, name, "Industry", start, start + len(name), "structure"))
    return found


#: The longest name a line of short names may list.
_MAX_LISTED = 10
#: What ends a list's part that is no industry (…,禁入; …,不予准入).
_LIST_STOPS = ("禁入", "准入", "除外", "不限", "均可", "等")


_KIND_WORDS = re.compile(r"子类|类型|种类|分类|类别|包括|包含|分为|划分为|主要有")
_KIND_NAME = re.compile(r"[\u4e00-\u9fff/]{2,8}")


def listed_entities(
    outline: Outline, mentions: Sequence[tuple[Mention, Evidence]], doc_id: str
) -> Iterator[tuple[Mention, Evidence]]:
    """Items a head lists as kinds of an entity are entities of its class, named or not.

    ``3. 操作风险`` / ``…包含七个子类:`` / ``| 内部欺诈 | … |``: 内部欺诈 is a RiskCategory
    though no rule knows the word. The head (or a paragraph under it ending in ``:``) must
    say it lists kinds, name the parent, and list at least two items.
    """
    by_block = outline.by_block(mentions)
    for i in range(len(outline.blocks)):
        named = [m for m, _ in by_block.get(i, []) if m.cls in _KIND_CLASSES]
        children = outline.children(i)
        says = _KIND_WORDS.search(outline.text(i)) or any(
            outline.blocks[k].kind == "paragraph"
            and outline.text(k).endswith(":")
            and _KIND_WORDS.search(outline.text(k))
            for k in children
        )
        if not named or not says:
            continue
        parent = named[-1]
        found = []
        for k in children:
            block = outline.blocks[k]
            name = block.label or (outline.body(k) if block.kind == "item" else "")
            if (
                block.kind not in ("item", "row")
                or by_block.get(k)
                or not _KIND_NAME.fullmatch(name)
                or _KIND_WORDS.search(name)
            ):
                continue
            start = outline.doc.text.index(name, block.start)
            line = outline.text(k)
            ev = Evidence(doc_id, line, block.start, block.end)
            found.append(
                (Mention(name, name, parent.cls, start, start + len(name), "structure"), ev)
            )
        if len(found) >= 2:
            yield from found


_KIND_CLASSES = ("RiskCategory", "EnterpriseType", "Industry", "LoanProduct")


_VARIANT = re.compile(r"(?:版|模式|方式|类|型|产品|客户|还款(?:时间)?)$")  # 等额还款1-36期


def _naming_rest() -> re.Pattern[str]:
    """What a line naming a product may hold besides it: markers, numbers, naming words."""
    words = sorted(rules_file()["parts"]["naming_words"], key=len, reverse=True)
    return re.compile(r"[\s\d.,:;?、()“”\"'‘’《》【】#*-]|" + "|".join(words))


#: What may surround a product's name on a line that only names it (案例1:X银行“Y贷”).
_NAMING_REST = _naming_rest()


def naming_product(
    outline: Outline, offset: int, text: str, mentions: Sequence[Mention]
) -> tuple[bool, EntityKey | None]:
    """Whether the line at ``offset`` opens a part of the document, and the loan product it
    names when it names nothing else (``2.1 X贷款``, ``案例1:X银行“Y贷”``).

    A line that names one product and nothing more (but its lender, a number or a label)
    makes the lines after it that product's, until a heading outside it. A heading that
    names no product alone ends that part.
    """
    i = outline.block_at(offset)
    if i < 0:
        return False, None
    products = {m.key for m in mentions if m.cls == "LoanProduct"}
    rest = text
    for m in sorted(mentions, key=lambda m: -m.start):
        if m.cls in ("LoanProduct", "Organization"):
            rest = rest[: m.start] + rest[m.end :]
    rest = rest[marker_end(rest) :]  # (一), 1、: the line's list marker
    if len(products) == 1 and len(_NAMING_REST.sub("", rest)) == 0:
        return True, next(iter(products))
    return outline.blocks[i].kind in ("heading", "head"), None


def variant_metric(c: Condition, heads: Sequence[str]) -> Condition:
    """A bound whose metric is a product variant takes the metric of the head above it.

    ``额度:`` over ``基础版:最高20万元``: the bound is on 额度, not on 基础版.

    >>> variant_metric(Condition("标准版", "<=", 300000, unit="CNY"), ["标准版", "额度"]).label
    '贷款额度 <= 300000 CNY'
    """
    if c.op in ("has", "not_has", "=") or not _VARIANT.search(c.metric):
        return c
    above = next(
        (
            h
            for h in heads
            if h != c.metric
            and not _VARIANT.search(h)
            and 2 <= len(h) <= 8
            and re.fullmatch(r"[\u4e00-\u9fff]+", h)
        ),
        "",
    )  # 50万元及以下:等额还款1-36期 under 贷款期限: the scope's label is no metric
    return replace(c, metric=canonical_metric(above)) if above else c


_PERSON_HEAD = re.compile(
    r"^(法定代表人|法人代表|法人|实际控制人|实控人|企业主|经营者|借款人|主要股东|股东|担保人)"
    r"(?:要求|条件|资质|资格|情况|信息)?$"
)


def subject_metric(c: Condition, heads: Sequence[str]) -> Condition:
    """A condition under a person's head is about that person (企业主要求: / 年龄18-65周岁).

    >>> subject_metric(Condition("年龄", "between", 18, 65, "age"), ["企业主要求"]).label
    '企业主年龄 between 18..65 age'
    """
    head = next((h for h in heads if _PERSON_HEAD.match(h)), None)
    if head is None or c.metric.startswith(("法定", "法人", "实际", "实控", "企业主", "经营者")):
        return c
    person = _PERSON_HEAD.match(head).group(1)
    if c.metric.startswith(person):
        return c
    return replace(c, metric=person + c.metric)


def _mostly(m: Mention, sentence: str, body: int) -> bool:
    """Whether a mention is most of a line's text after its marker (专精特新/小巨人企业)."""
    rest = re.sub(r"[\s(（].*$|[;。,]$", "", sentence[body:])
    return (m.end - m.start) * 2 >= len(rest)


def taxonomy(
    outline: Outline,
    mentions: Sequence[tuple[Mention, Evidence]],
    subject: EntityKey | None,
) -> Iterator[Relation]:
    """subCategoryOf from heads with listed items (offsets of ``mentions`` in the document)."""
    cues = section_cues()["taxonomy"]
    by_block = outline.by_block(mentions)
    for i in range(len(outline.blocks)):
        children = outline.children(i)
        kids = [k for k in children if outline.blocks[k].kind in ("item", "heading", "row")]
        if not outline.head(i):
            continue
        parent = _parent(outline, i, by_block.get(i, []), cues, subject)
        if parent is None:
            continue
        # a paragraph under the head that lists its kinds: 包含A和B, 分为A、B
        for k in children:
            if outline.blocks[k].kind == "paragraph":
                yield from _listed_kinds(
                    outline.text(k), outline.blocks[k].start, by_block.get(k, []), parent
                )
        if len(kids) < 2:
            continue
        led = []
        for k in kids:
            first = outline.leading(k, by_block.get(k, []), parent.cls)
            if first is not None and first[0].key != parent:
                led.append(first)
        if len(led) >= 2:
            for m, ev in led:
                yield Relation(m.key, "subCategoryOf", parent, ev, "structure")


_KINDS_CUE = re.compile(r"(?:包含|包括|分为|划分为|分成|主要有|涵盖)")


def _listed_kinds(
    text: str, offset: int, mentions: list[tuple[Mention, Evidence]], parent: EntityKey
) -> Iterator[Relation]:
    """Mentions after 包含/分为 in a paragraph under a head whose clause names no parent."""
    for cue in _KINDS_CUE.finditer(text):
        if text.endswith("不", 0, cue.start()):
            continue  # 但不包括战略风险: not a kind of it
        clause = max(text.rfind(c, 0, cue.start()) for c in ",;。:")
        named = [m for m, _ in mentions if clause < m.start - offset < cue.start()]
        if any(m.cls == parent.cls for m in named):
            continue  # the clause names its own parent: a sentence rule's case
        end = _LIST_STOP.search(text, cue.end())  # …包括A,但不包括B: the list ends at 但
        stop = end.start() if end else len(text)
        for m, ev in mentions:
            at = m.start - offset
            if cue.end() <= at < stop and m.cls == parent.cls and m.key != parent:
                yield Relation(m.key, "subCategoryOf", parent, ev, "structure")


#: Where a list of kinds ends: a sentence's end, or a clause that turns (但, 而, 不).
_LIST_STOP = re.compile(r"[;。]|,(?:但|而|不)")


def _parent(
    outline: Outline,
    index: int,
    mentions: list[tuple[Mention, Evidence]],
    cues: Sequence[str],
    subject: EntityKey | None,
) -> EntityKey | None:
    named = [m for m, _ in mentions if m.cls in _TAXONOMY_CLASSES]
    if named:
        return named[-1].key
    if subject is not None and any(c in outline.head(index) for c in cues):
        return subject
    return None
