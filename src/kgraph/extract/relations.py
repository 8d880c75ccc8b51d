"""Relations between the mentions of one sentence, from cue words and word order.

Every function here is pure: it reads a sentence's text, mentions and conditions and yields
``(head, relation, tail)`` triples of :class:`~kgraph.types.EntityKey`. The document stage
(:mod:`kgraph.extract.document`) adds the evidence and the relations that need the whole document
(the article's subject, headings, the gazetteer hierarchy).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from kgraph.extract import group_rules, offer_rules  # noqa: F401  (register their sentence rules)
from kgraph.extract.clauses import CLAUSE_BREAK, HARD_STOP, clause_of
from kgraph.extract.group_rules import _DEFINES
from kgraph.extract.registry import Sentence, needs, rule, rules
from kgraph.nlp.lexicon import load_lexicon, region_ancestors
from kgraph.nlp.mentions import load_rules
from kgraph.types import Condition, EntityKey, Mention

Triple = tuple[EntityKey, str, EntityKey]

_GROUP = ("EnterpriseType", "Industry")


@dataclass(frozen=True, slots=True)
class Context:
    """What a sentence's relations may refer to beyond the sentence.

    ``product`` is the loan product the article is about (its title names it);
    ``subject`` the entity the article is about; ``organization`` the organization that
    offers the article's product; ``region`` the region its title names (what 本市 and 我省
    refer to).
    """

    product: EntityKey | None = None
    subject: EntityKey | None = None
    organization: EntityKey | None = None
    region: EntityKey | None = None


def _cue_positions(text: str, cues: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of cue words in ``text``, longest cue first."""
    return [m.span() for m in _cue_pattern(tuple(cues)).finditer(text)]


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(cues, key=len, reverse=True))))


def extract_relations(
    text: str,
    mentions: Sequence[Mention],
    *,
    conditions: Sequence[Condition] = (),
    context: Context = Context(),
) -> Iterator[Triple]:
    """Relations stated in one sentence.

    Parameters
    ----------
    text : str
        The sentence.
    mentions : sequence of Mention
        Its mentions, offsets relative to ``text``, in text order.
    conditions : sequence of Condition
        Its loan conditions.
    context : Context
        The article's product, subject and organization.

    Examples
    --------
    >>> from kgraph.nlp.mentions import find_mentions
    >>> text = "中小企业主要集中在长三角"
    >>> [(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))]
    [('中小企业', 'concentratedIn', '长三角')]
    """
    sentence = Sentence(text, mentions, conditions, context, load_rules().relations)
    held = {m.cls for m in mentions} | ({"conditions"} if conditions else set())
    for name, fn in rules("sentence"):
        if needs(name) <= held:  # a rule finds nothing without what it reads
            yield from fn(sentence)


# The sentence rules, registered by name; data/rules.toml [rules] says which run, in order.


@rule("requires", needs=("conditions",))
def _requires_rule(s: Sentence) -> Iterator[Triple]:
    excepted = [m.span() for m in _EXCEPT.finditer(s.text)]  # 除助学贷款外: not the subject
    mentions = [m for m in s.mentions if not any(a <= m.start < b for a, b in excepted)]
    return _requires(mentions, s.conditions, s.context)


_EXCEPT = re.compile(r"除[^,;。:]{1,40}?(?:以外|之外|外)")


def _product(s: Sentence) -> EntityKey | None:
    """The product a sentence is about: the one it names first, else the article's."""
    return _sentence_product(s.mentions) or s.context.product


@rule("eligibleFor", needs=("EnterpriseType",))
def _eligible_rule(s: Sentence) -> Iterator[Triple]:
    product = _product(s)
    if product is None:
        return iter(())
    return _after_cue(
        s.text, s.mentions, s.cues["eligible"], ("EnterpriseType",), product, "eligibleFor"
    )


@rule("industryPolicy", needs=("Industry",))
def _industry_rule(s: Sentence) -> Iterator[Triple]:
    product = _product(s)
    if product is None:
        return iter(())
    return _industry_policy(s.text, s.mentions, s.cues["supports"], s.cues["restricts"], product)


@rule("concentratedIn", needs=("Region",))
def _concentrated_rule(s: Sentence) -> Iterator[Triple]:
    return _concentrated(s.text, s.mentions, s.cues["concentrated"], s.context)


@rule("locatedIn", needs=("Region",))
def _located_rule(s: Sentence) -> Iterator[Triple]:
    return _located(s.text, s.mentions, s.cues["located"])


@rule("facesRisk", needs=("RiskCategory",))
def _faces_rule(s: Sentence) -> Iterator[Triple]:
    return _faces(s.text, s.mentions, s.cues["faces"], s.context)


@rule("subCategoryOf")
def _subcategories_rule(s: Sentence) -> Iterator[Triple]:
    return _subcategories(s.text, s.mentions, s.cues["subcategory"])


@rule("regionExamples", needs=("Region",))
def _region_examples_rule(s: Sentence) -> Iterator[Triple]:
    return _region_examples(s.text, s.mentions)


def _sentence_product(mentions: Sequence[Mention]) -> EntityKey | None:
    return next((m.key for m in mentions if m.cls == "LoanProduct"), None)


def _requires(
    mentions: Sequence[Mention], conditions: Sequence[Condition], context: Context
) -> Iterator[Triple]:
    for cond in conditions:
        before = [m for m in mentions if m.cls == "LoanProduct" and m.start <= cond.start]
        product = before[-1].key if before else context.product
        if product is not None:
            yield product, "requires", cond.key


def _after_cue(
    text: str,
    mentions: Sequence[Mention],
    cues: Sequence[str],
    classes: Sequence[str],
    other: EntityKey,
    relation: str,
) -> Iterator[Triple]:
    """Mentions of ``classes`` in the clause after a cue, each related to ``other``, or to
    the product their phrase describes (面向个体经营者的极速贷、服务农户的信用户贷款)."""
    for _, end in _cue_positions(text, cues):
        clause_end = _unbracketed_end(text, end)
        stop = clause_end if clause_end > end else _stop(text, end)  # cue right before a comma
        for m in mentions:
            if m.cls in classes and end <= m.start < stop:
                yield m.key, relation, _described_product(text, mentions, m) or other


def _described_product(text: str, mentions: Sequence[Mention], m: Mention) -> EntityKey | None:
    """The product right after ``m``'s phrase and its 的 (面向个体经营者的 + 极速贷)."""
    after = next((p for p in mentions if p.start >= m.end and p.cls == "LoanProduct"), None)
    if after is None:
        return None
    gap = text[m.end : after.start].rstrip('“”"')
    return (
        after.key if gap.endswith("的") and not CLAUSE_BREAK.search(gap) and len(gap) <= 8 else None
    )


def _unbracketed_end(text: str, pos: int) -> int:
    """Where the clause at ``pos`` ends, reading over commas inside brackets (成立满2年、有纳税
    记录(年开票500万元以上,1000万元优先)的小微企业 is one clause)."""
    depth = 0
    for i in range(pos, len(text)):
        ch = text[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and CLAUSE_BREAK.match(ch):
            return i
    return len(text)


def _industry_policy(
    text: str,
    mentions: Sequence[Mention],
    supports: Sequence[str],
    restricts: Sequence[str],
    product: EntityKey,
) -> Iterator[Triple]:
    cues = [(s, e, "supportsIndustry") for s, e in _cue_positions(text, supports)]
    cues += [
        (s, e, "restrictsIndustry")
        for s, e in _cue_positions(text, restricts)
        if not text.startswith(_CHANGE_VERBS, e)  # 不得改变土地的农业生产性质: kept, not barred
    ]
    cues.sort()
    industries = [m for m in mentions if m.cls == "Industry"]
    starts = {m.start for m in industries}
    for m in industries:
        start = _list_clauses_start(text, starts, m.start)
        governing = [c for c in cues if c[1] <= m.start and clause_of(text, c[1])[1] >= start]
        if governing:
            yield product, governing[-1][2], m.key
        elif _POST_RESTRICT.search(text, m.end, clause_of(text, m.end)[1]):
            yield product, "restrictsIndustry", m.key  # 房地产开发等行业的企业暂不受理


def _list_clauses_start(text: str, starts: set[int], pos: int) -> int:
    """Where the run of list clauses holding ``pos`` begins: a clause that opens with an
    industry (one of ``starts``: 重点支持A、B等产业,C、D等领域,E领域) goes on the object of
    the clause before it."""
    start = clause_of(text, pos)[0]
    for _ in range(_MAX_LIST_CLAUSES):
        lead = start + next((len(w) for w in _LIST_OPENERS if text.startswith(w, start)), 0)
        if start == 0 or text[start - 1] != "," or lead not in starts:
            break
        start = clause_of(text, start - 1)[0]
    return start


#: Words that may open a list clause before its first item (,以及农、林、牧、渔).
_LIST_OPENERS = ("以及", "以", "及", "和")
#: How many list clauses a cue may govern after its own.
_MAX_LIST_CLAUSES = 4

#: Verbs after a ban that say what must stay as it is (不得改变…性质).
_CHANGE_VERBS = ("改变", "变更", "转变", "更改")

_POST_RESTRICT = re.compile(
    r"暂不受理|不予受理|不予支持|不予准入|不在支持范围|不得申请|不能申请|除外"
    r"|列入(?:限制|禁止|禁入)|(?:限制|禁止|禁入)名单|负面清单|黑名单"
)


def _concentrated(
    text: str, mentions: Sequence[Mention], cues: Sequence[str], context: Context
) -> Iterator[Triple]:
    for start, end in _cue_positions(text, cues):
        clause_start, clause_end = clause_of(text, start)
        before = [m for m in mentions if clause_start <= m.start < start]
        heads = _group_heads(text, mentions, clause_start, start)
        if not heads and (subject := _group_subject(context)):
            heads = [subject]
        tails = _outermost(
            [m for m in mentions if m.cls == "Region" and end <= m.start < _list_end(text, end)]
        )
        if heads:
            for head in heads:
                for t in tails:
                    yield head, "concentratedIn", t.key
        elif before and all(m.cls == "Organization" for m in before):
            for h in before:  # 小鹏汽车、广汽埃安则集中在广州: organizations are located
                for t in tails:
                    yield h.key, "locatedIn", t.key
    # REGION 多见 / 集中出现 GROUP: the region leads the clause
    for match in re.finditer(r"(?:多见|集中出现|聚集了|集中了)", text):
        clause_start, clause_end = clause_of(text, match.start())
        regions = [
            m for m in mentions if m.cls == "Region" and clause_start <= m.start < match.start()
        ]
        groups = [m for m in mentions if m.cls in _GROUP and match.end() <= m.start < clause_end]
        if regions and groups:
            yield groups[0].key, "concentratedIn", regions[-1].key


def _list_end(text: str, start: int) -> int:
    """End of the list after a cue: its clause, continued by a clause of examples (,如 A、B)."""
    _, end = clause_of(text, start)
    more = ("如", "例如", "比如", "包括", "以及", "及", "还有")
    while end < len(text) and text[end] == "," and text.startswith(more, end + 1):
        _, end = clause_of(text, end + 1)
    return end


def _outermost(regions: list[Mention]) -> list[Mention]:
    """Drop a region written right before its own sub-region (福建宁德: keep 宁德)."""
    lexicon = load_lexicon()
    out = []
    for i, m in enumerate(regions):
        nxt = regions[i + 1] if i + 1 < len(regions) else None
        if nxt and nxt.start == m.end and m.label in region_ancestors(lexicon, nxt.label):
            continue
        out.append(m)
    return out


def _stop(text: str, start: int) -> int:
    """Where the sentence part from ``start`` ends: at ;。!? or the end of the text."""
    hard = HARD_STOP.search(text, start)
    return hard.start() if hard else len(text)


def _group_subject(context: Context) -> EntityKey | None:
    if context.subject is not None and context.subject.cls in _GROUP:
        return context.subject
    return None


_REGION_LINK = re.compile(
    r"^(?:[、和及与]|地区|等地区|等地|省|市)*"
    r"(?:的(?:[\u4e00-\u9fff]{0,4})|(?:第[一二三四五六七八九十百\d]+批|首批|(?:省|市|县|国家)级)*)$"
)  # 云南的中小企业, 四川省第三批创新型中小企业, 浙江中小企业


def _located(text: str, mentions: Sequence[Mention], cues: Sequence[str]) -> Iterator[Triple]:
    # REGION的(特色)GROUP: 云南的中小企业, 滇西、滇南等地区的特色中小企业
    for i, m in enumerate(mentions):
        if m.cls not in ("EnterpriseType", "Organization"):
            continue
        j = i - 1
        while j >= 0 and mentions[j].cls == "Region":
            gap = text[mentions[j].end : mentions[j + 1].start if j + 1 < i else m.start]
            if j + 1 < i and not re.fullmatch(r"[、和及与]", gap):
                break
            if j + 1 == i and not _REGION_LINK.match(gap):
                break
            yield m.key, "locatedIn", mentions[j].key
            j -= 1
    # ORG 总部位于 / 落户 REGION(、REGION): every organization before the cue, every region after
    for start, end in _cue_positions(text, cues):
        clause_start, clause_end = clause_of(text, start)
        heads = [
            m
            for m in mentions
            if m.cls in ("EnterpriseType", "Organization") and clause_start <= m.start < start
        ]
        tails = [m for m in mentions if m.cls == "Region" and end <= m.start < clause_end]
        for h in heads:
            for t in tails:
                yield h.key, "locatedIn", t.key
    # ORG ... 在 REGION(、REGION)等地建有生产基地 / ORG + REGION + 工厂
    for match in _BASES.finditer(text):
        orgs = [m for m in mentions if m.cls == "Organization" and m.end <= match.start()]
        regions = [
            m for m in mentions if m.cls == "Region" and match.start() <= m.start < match.end()
        ]
        if orgs:
            for t in regions:
                yield orgs[-1].key, "locatedIn", t.key
    for a, b in zip(mentions, mentions[1:], strict=False):
        if (
            a.cls == "Organization"
            and b.cls == "Region"
            and a.end == b.start
            and text.startswith(_SITES, b.end)
        ):
            yield a.key, "locatedIn", b.key


_SITES = ("超级工厂", "工厂", "基地", "生产基地", "总部", "分公司", "研发中心")
_BASES = re.compile(
    r"在[^,;。]{2,30}?(?:均|都)?(?:建有|设有|拥有|有)(?:[^,;。]{0,6})(?:生产基地|基地|工厂|布局|总部|分支机构|研发中心)"
)


def _faces(
    text: str, mentions: Sequence[Mention], cues: Sequence[str], context: Context
) -> Iterator[Triple]:
    for start, end in _cue_positions(text, cues):
        clause_start, _ = clause_of(text, start)
        heads = _group_heads(text, mentions, clause_start, start)
        if not heads:  # 小微企业财务制度不够健全、抵押物不足,更容易面临信用风险
            segment = max((m.end() for m in HARD_STOP.finditer(text, 0, start)), default=0)
            earlier = [m for m in mentions if m.cls in _GROUP and segment <= m.start < clause_start]
            heads = [m.key for m in _joined(text, earlier)]
        if not heads and (subject := _group_subject(context)):
            heads = [subject]
        risks = [
            m for m in mentions if m.cls == "RiskCategory" and end <= m.start < _list_end(text, end)
        ]
        for head in heads:
            for r in risks:
                yield head, "facesRisk", r.key


def _joined(text: str, groups: list[Mention]) -> list[Mention]:
    """The first group and those joined to it (A和B, A、B企业), in order."""
    out = groups[:1]
    for nxt in groups[1:]:
        if not re.fullmatch(r"(?:企业|行业)?[、和及与]", text[out[-1].end : nxt.start]):
            break
        out.append(nxt)
    return out


def _group_heads(text: str, mentions: Sequence[Mention], start: int, end: int) -> list[EntityKey]:
    """The enterprise types or industries listed right before a cue (A和B, A、B等行业)."""
    groups = [m for m in mentions if m.cls in _GROUP and start <= m.start < end]
    if not groups:
        return []
    out = [groups[-1]]
    for prev in reversed(groups[:-1]):
        gap = text[prev.end : out[0].start]
        if not re.fullmatch(r"(?:企业|行业)?[、和及与]", gap):
            break
        out.insert(0, prev)
    return [m.key for m in out]


def _subcategories(text: str, mentions: Sequence[Mention], cues: Sequence[str]) -> Iterator[Triple]:
    """X分为A、B和C: each of A, B, C (same class as X) is a subcategory of X.

    X is the last mention before the cue in its clause, else the subject an earlier clause
    defines (X是指……的风险,包括A、B和C等类型).
    """
    for start, end in _cue_positions(text, [c for c in cues if c not in ("如", "例如")]):
        if text.endswith("不", 0, start):
            continue  # 不包括战略风险: not a kind of it
        clause_start = clause_of(text, start)[0]
        parents = [m for m in mentions if m.end <= start and clause_start <= m.start]
        if not parents:
            parents = [m for m in mentions if m.end <= start and _DEFINES.match(text, m.end)]
        if not parents:
            continue
        parent = parents[-1]
        for m in mentions:
            if end <= m.start < _stop(text, end) and m.cls == parent.cls and m.key != parent.key:
                yield m.key, "subCategoryOf", parent.key


def _region_examples(text: str, mentions: Sequence[Mention]) -> Iterator[Triple]:
    """Regions stated to lie in another: 滇中城市群,如昆明、曲靖; 珠三角的深圳; 宜宾、泸州等川南城市."""
    regions = [m for m in mentions if m.cls == "Region"]
    for i, m in enumerate(regions):
        rest = regions[i + 1 :]
        if not rest:
            continue
        gap = text[m.end : rest[0].start]
        if re.fullmatch(r"[,(]?(?:如|例如|包括|比如)|的|\(", gap):
            for member in _run(text, rest):
                yield member.key, "partOf", m.key
    for i in range(len(regions)):
        members = _run(text, regions[i:])
        nxt = regions[i + len(members)] if i + len(members) < len(regions) else None
        if len(members) >= 1 and nxt is not None and text[members[-1].end : nxt.start] == "等":
            if re.match(r"(?:城市|地区|地市|等地)?", text[nxt.end :]):
                for member in members:
                    yield member.key, "partOf", nxt.key

    # 由A、B等城市和C组成的X, 包括A、B在内的X: the members of the region named next
    for match in _COMPOSED.finditer(text):
        after = [m for m in regions if 0 <= m.start - match.end() <= 2]
        for member in (m for m in regions if match.start(1) <= m.start < match.end(1)):
            if after and member.key != after[0].key:
                yield member.key, "partOf", after[0].key


_COMPOSED = re.compile(r"(?:由|包括)([^,;。]{2,40}?)(?:组成的|构成的|在内的)")


def _run(text: str, regions: Sequence[Mention]) -> list[Mention]:
    """The leading regions of ``regions`` joined by 、/和/及 (A、B和C)."""
    out = [regions[0]]
    for nxt in regions[1:]:
        if not re.fullmatch(r"[、和及与]", text[out[-1].end : nxt.start]):
            break
        out.append(nxt)
    return out
