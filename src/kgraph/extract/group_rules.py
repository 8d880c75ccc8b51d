"""Sentence rules about groups, places and kinds named together in a noun phrase or list.

- 本市中小企业, 我省民营企业, 全省…创新型中小企业12218户: the group is in the region the
  article's title names;
- X区 + Y产业 + 集群/基地, and each item of 番禺区纺织服装、…等8个产业集群: the industry is
  concentrated in the place named right before it;
- A、B等X (X a mention of their class): each of A and B is a kind of X;
- A(…)和B同属于X的范畴: each of A and B (X's class) is a kind of X;
- X是指……的A、B和C: a definition that ends in a list of X's class lists its kinds;
- 小微企业可申请创业担保贷款: a kind of enterprise that may apply for a product is eligible;
- (document rule) 中小企业面临的风险 / (一)市场风险: the kind in a head faces the risks its
  items open with.

Registered with :mod:`kgraph.extract.registry`; ``data/rules.toml`` says which run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kgraph.extract.clauses import HARD_STOP, clause_of
from kgraph.extract.registry import DocumentView, Sentence, rule
from kgraph.nlp.cluster_names import CLUSTER_LIST_END
from kgraph.types import EntityKey, Mention, Relation

Triple = tuple[EntityKey, str, EntityKey]


@rule("localGroups", needs=("EnterpriseType",))
def _local_groups_rule(s: Sentence) -> Iterator[Triple]:
    """本市中小企业, 我省民营企业: the group is in the region the article's title names."""
    region = s.context.region if s.context is not None else None
    if region is None:
        return
    for m in s.mentions:
        if m.cls != "EnterpriseType":
            continue
        ref = _LOCAL_REF.search(s.text, max(0, m.start - 8), m.start)
        if ref and ref.end() != m.start and not _COUNTED.match(s.text, m.end):
            ref = None  # 全省已累计培育…创新型中小企业12218户: a count of the place's firms
        elif ref is None and _COUNTED.match(s.text, m.end):
            ref = next(_LOCAL_REF.finditer(s.text, 0, m.start), None)
        if ref and region.label.endswith(_LEVEL_OF[ref.group(1)[-1]]):
            yield m.key, "locatedIn", region


_LOCAL_REF = re.compile(r"(本市|我市|全市|本省|我省|全省|本区|我区)(?:的|内|范围内的|各类)?")
#: A count right after a kind of enterprise: 12218户, 达到709家, 共543个.
_COUNTED = re.compile(r"[”\"]?(?:达到|达|共|有)?\s*[0-9][0-9,.]*\s*(?:万)?(?:户|家|个)")
_LEVEL_OF = {"市": ("市",), "省": ("省", "自治区"), "区": ("区", "自治区")}


@rule("clusters", needs=("Region", "Industry"))
def _clusters_rule(s: Sentence) -> Iterator[Triple]:
    return _clusters(s.text, s.mentions)


@rule("listedKinds")
def _listed_kinds_rule(s: Sentence) -> Iterator[Triple]:
    return _listed_kinds(s.text, s.mentions)


_KIND_CLASSES = ("EnterpriseType", "Industry", "RiskCategory", "LoanProduct")


def _listed_kinds(text: str, mentions: Sequence[Mention]) -> Iterator[Triple]:
    """A、B等X (X a mention of their class): each of A and B is a kind of X."""
    for i, head in enumerate(mentions):
        if head.cls not in _KIND_CLASSES or i == 0:
            continue
        gap = text[mentions[i - 1].end : head.start]
        if not re.fullmatch(r"等[\u4e00-\u9fff]{0,2}", gap):
            continue
        j = i - 1
        while j >= 0 and mentions[j].cls == head.cls:
            yield mentions[j].key, "subCategoryOf", head.key
            if j == 0 or not re.fullmatch(
                r"[、和及与]", text[mentions[j - 1].end : mentions[j].start]
            ):
                break
            j -= 1


@rule("memberOf")
def _member_of_rule(s: Sentence) -> Iterator[Triple]:
    return _member_of(s.text, s.mentions)


def _member_of(text: str, mentions: Sequence[Mention]) -> Iterator[Triple]:
    """A(…)和B同属于X(的范畴): each of A and B, of X's class, is a kind of X; an aside in
    brackets after a name does not break the list. 不属于 says the opposite."""
    for cue in _BELONGS.finditer(text):
        parent = next((m for m in mentions if m.start == cue.end()), None)
        if parent is None or parent.cls not in _KIND_CLASSES or text.endswith("不", 0, cue.start()):
            continue
        end = cue.start()
        for m in reversed([m for m in mentions if m.end <= cue.start()]):
            gap = _ASIDE.sub("", text[m.end : end])
            if m.cls != parent.cls or not re.fullmatch(r"[、和及与]?", gap):
                break
            if m.key != parent.key:
                yield m.key, "subCategoryOf", parent.key
            end = m.start


#: 属于 and the words that may stand before it in a list's predicate (同属于, 均属于).
_BELONGS = re.compile(r"(?:同|均|都|也|皆|共同)?属于")
#: An aside in brackets after a name (信用风险(借款人违约的可能)).
_ASIDE = re.compile(r"\([^()]{0,40}\)")


_CLUSTER = re.compile(r"(?:集群|基地|园区|产业园|集聚区|示范区)")


def _clusters(text: str, mentions: Sequence[Mention]) -> Iterator[Triple]:
    """X区 + Y产业 + 集群/基地: the industry is concentrated in the place named right before it;
    so is each item of a list of clusters (番禺区纺织服装、福田区智能终端等8个产业集群)."""
    for prev, m in zip(mentions, mentions[1:], strict=False):
        if prev.cls != "Region" or m.cls != "Industry":
            continue
        town = text[prev.end : m.start]  # 中山市 + 小榄镇 + 智能锁具: a town between, in a list
        if not town and _CLUSTER.match(text, m.end):
            yield m.key, "concentratedIn", prev.key
        elif _TOWN.fullmatch(town) and (listed := CLUSTER_LIST_END.search(text, m.end)):
            if not re.search(r"[,;。:]", text[m.end : listed.start()]):
                yield m.key, "concentratedIn", prev.key


#: What may stand between a region and a listed cluster's industry: a town or street.
_TOWN = re.compile(r"[\u4e00-\u9fff]{0,6}")


#: After a mention: the sentence defines it (X是指……, X,是指……).
_DEFINES = re.compile(r",?(?:是指|指的是|指)")


@rule("definedKinds")
def _defined_kinds_rule(s: Sentence) -> Iterator[Triple]:
    return _defined_unions(s.text, s.mentions)


def _defined_unions(text: str, mentions: Sequence[Mention]) -> Iterator[Triple]:
    """X是指……的A、B和C: a definition that ends in a list of its own class lists its kinds."""
    for i, x in enumerate(mentions):
        if not _DEFINES.match(text, x.end):
            continue
        stop = HARD_STOP.search(text, x.end)
        end = stop.start() if stop else len(text)
        kinds = [m for m in mentions[i + 1 :] if m.start < end and m.cls == x.cls]
        run: list[Mention] = []
        for m in reversed(kinds):  # the list that ends the definition, read backwards
            gap = text[m.end : run[0].start] if run else text[m.end : end]
            if run and not re.fullmatch(r"[、和及与或]|或者", gap):
                break
            if not run and not re.fullmatch(r"(?:等|的方式|等方式)?", gap):
                break
            run.insert(0, m)
        if len(run) >= 2:
            yield from ((m.key, "subCategoryOf", x.key) for m in run if m.key != x.key)


@rule("applicants", needs=("EnterpriseType", "LoanProduct"))
def _applicants_rule(s: Sentence) -> Iterator[Triple]:
    """小微企业可申请创业担保贷款: a kind of enterprise that may apply for a product is eligible."""
    kinds = [m for m in s.mentions if m.cls == "EnterpriseType"]
    for cue in _MAY_APPLY.finditer(s.text):
        clause_start = clause_of(s.text, cue.start())[0]
        before = [m for m in kinds if clause_start <= m.start and m.end <= cue.start()]
        if not before:
            continue
        end = HARD_STOP.search(s.text, cue.end())
        stop = end.start() if end else len(s.text)
        products = [m for m in s.mentions if m.cls == "LoanProduct" and cue.end() <= m.start < stop]
        if products:
            yield before[-1].key, "eligibleFor", products[0].key


_MAY_APPLY = re.compile(
    r"(?:可以|可|均可|能够|有权)(?:按规定|依法|凭[^,;。]{0,20}?)?(?:[^,;。]{0,20}?)(?:申请|获得|享受|申办)"
)


@rule("headedRisks", "document")
def _headed_risks(view: DocumentView) -> Iterator[Relation]:
    """一、中小企业面临的核心风险类型 / (一)市场风险:… : the kind in the head faces each risk
    its items lead with."""
    outline = view.outline
    by_block = outline.by_block(view.mentions)
    for i in range(len(outline.blocks)):
        head = outline.head(i)
        if not _FACES_HEAD.search(head) or "风险" not in head:
            continue
        kinds = [m for m, _ in by_block.get(i, []) if m.cls == "EnterpriseType"]
        for k in outline.children(i) if kinds else ():
            first = outline.leading(k, by_block.get(k, []), "RiskCategory")
            if first is not None:
                yield Relation(kinds[-1].key, "facesRisk", first[0].key, first[1], "structure")


#: A head saying a kind of enterprise faces what its items list.
_FACES_HEAD = re.compile(r"面临|面对|遭遇|承受")
