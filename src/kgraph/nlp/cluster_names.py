"""Industry clusters: the industry a cluster is named for, and the place it is in.

Private to :mod:`kgraph.nlp.mentions`. 常熟市 + 电子氟材料 + 产业集群: between a region and
产业集群 the whole phrase is the industry; 番禺区纺织服装、福田区智能终端等8个产业集群: each
item of a list closed by 等N个产业集群 is an industry after its place; a modifier (特色) or a
programme's name (国家级中小企业特色) before 产业集群 is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kgraph.nlp.lexicon import Lexicon
from kgraph.nlp.mention_rules import _CJK, Rules
from kgraph.types import Mention

#: What follows a region and names a cluster of an industry: X市Y区 + 智能网联汽车配套 + 产业集群.
_CLUSTER_AFTER = re.compile(r"([\u4e00-\u9fff]{2,14}?)产业(?:集群|基地|园区|集聚区)")


def _names_kind(stem: str, lexicon: Lexicon) -> bool:
    """Whether a stem holds the name of a kind of enterprise (国家级 + 中小企业 + 特色)."""
    return any(
        (e := lexicon.entries.get(stem[i:j])) is not None and e.cls == "EnterpriseType"
        for i in range(len(stem))
        for j in range(i + 4, len(stem) + 1)
    )


#: The end of a list of clusters: 等8个(国家级)(中小企业特色)产业集群.
CLUSTER_LIST_END = re.compile(
    r"等\s*[0-9一二三四五六七八九十两]*个?(?:国家级|省级)?(?:中小企业)?(?:特色)?产业集群"
)
#: A town or street before a cluster's industry (小榄镇 + 智能锁具).
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|街道|乡|园区)")


def _listed_cluster(
    text: str, r: Mention, cands: Sequence[Mention], lexicon: Lexicon
) -> Iterator[Mention]:
    """An item of a list of clusters closed by 等N个产业集群 (广州市黄埔区有机高分子材料、
    番禺区纺织服装等8个产业集群): what follows its place is the cluster's industry."""
    end = CLUSTER_LIST_END.search(text, r.end)
    if end is None or re.search(r"[,;。:]", text[r.end : end.start()]):
        return
    if any(c.cls == "Region" and c.start == r.end for c in cands):
        return  # 广州市 + 黄埔区…: the region nearest the item takes it
    starts = {c.start for c in cands if c.cls == "Region"}
    stop = r.end
    while (
        stop < end.start()
        and text[stop] != "、"
        and not (text[stop] == "和" and stop + 1 in starts)
    ):
        stop += 1
    town = _TOWN.match(text, r.end, stop)
    begin = town.end() if town and stop - town.end() >= 2 else r.end
    name = text[begin:stop]
    known = lexicon.entries.get(name)
    if (
        2 <= len(name) <= 12
        and _CJK.fullmatch(name[0])
        and (known is None or known.cls == "Industry")
    ):
        yield Mention(name, known.label if known else name, "Industry", begin, stop, "pattern")


def _cluster_industries(
    text: str, cands: Sequence[Mention], lexicon: Lexicon, rules: Rules
) -> Iterator[Mention]:
    """The industry of a cluster named right after its place (常熟市 + 电子氟材料 + 产业集群).

    Between a region and 产业集群 (产业基地, 产业园区) the whole phrase is the industry,
    whatever words jieba cuts it into; a phrase that starts with another region, or is a
    known name of another class, is none.
    """
    for r in cands:
        if r.cls != "Region":
            continue
        m = _CLUSTER_AFTER.match(text, r.end)
        if m is None:
            yield from _listed_cluster(text, r, cands, lexicon)
            continue
        stem = m.group(1)
        known = lexicon.entries.get(stem)
        if known is not None and known.cls != "Industry":
            continue
        if stem in rules.industry_stop:
            continue  # 山东省 + 特色 + 产业集群: a modifier, no sector
        if _names_kind(stem, lexicon):
            continue  # 福建省 + (国家级)中小企业特色 + 产业集群: the programme's name, no industry
        if any(c.cls == "Region" and c.start == r.end for c in cands):
            continue  # 北京市 + 顺义区…: the region nearest the phrase takes it
        label = known.label if known else stem
        yield Mention(text[r.end : m.end(1) + 2], label, "Industry", r.end, m.end(1) + 2, "pattern")
