"""List patterns of the mention rules: enumerations, named lists, bodies and quoted names.

- items of an enumeration closed by 等…行业/领域 are industries; closed by 等…用途/技术 they
  are uses or technologies, not industries;
- items of 如A、B等企业 and 以A、B为代表 are organizations;
- a government body or branch is named after a region or its parent organization;
- a quoted name with 贷/融, or followed by a loan word in its clause, is a loan product
  (not one followed by 企业, nor a step of a menu path).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from kgraph.nlp.lexicon import Lexicon
from kgraph.nlp.mention_rules import (
    _CJK,
    _WHOLE_SECTORS,
    Rules,
    _stem_before,
    rules_file,
    tokenize,
)
from kgraph.types import Mention

_ENUM = re.compile(
    r"((?:[\u4e00-\u9fff]{2,10}?(?:、|以及))*[\u4e00-\u9fff]{2,12})等([\u4e00-\u9fff]{0,6})(?:行业|领域|产业)"
)
#: Words after which a list of one-character sectors may start (以及农、林、牧、渔).
_LETTER_LEADS = ("及", "和", "与", "括", "含", "是", "为", "对")
#: One-character sectors listed apart (农、林、牧、渔): each is its character + 业.
_LETTER_SECTORS = re.compile(r"[\u4e00-\u9fff](?:、[\u4e00-\u9fff])+")
#: What may follow the last of the one-character sectors.
_LETTER_END = re.compile(r"[,;。等]|业|领域|行业|产业|$")
#: Function words before a list's first item, left out of it (支持 + 向 + 农业、…).
_ITEM_LEAD = "了的在着于到为对将把等向以非属"
_ENUM_LEAD = (
    "支持",
    "扶持",
    "限制准入",
    "限制",
    "禁止",
    "禁入",
    "不予",
    "不支持",
    "准入",
    "包括",
    "涉及",
    "集中在",
    "从事",
    "聚焦",
    "覆盖",
    "鼓励",
    "发展",
    "聚集了",
    "聚集",
    "集聚",
    "形成了",
    "形成",
    "涵盖",
    "拥有",
    "培育",
    "助力",
    "进入",  # 禁止进入 X、Y 等行业
    "向",  # 资源向 X、Y 等领域倾斜
)


@cache
def _list_words(kind: str) -> tuple[str, ...]:
    """Words of the ``[lists]`` table of ``data/rules.toml``: activity_endings (信用档案建设,
    污染防控: an activity or aim listed among 领域, no industry) and use_leads (流入, 投向:
    before an enumeration of where money goes, whose items are uses)."""
    return tuple(rules_file()["lists"][kind])


#: Examples after the word 行业: 特殊行业如房地产、金融中介等.
_EXAMPLES = re.compile(
    r"(?:行业|领域|产业)[,:]?(?:如|例如|比如|包括)((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8}?)"
    r"(?:等|(?=[^\u4e00-\u9fff]|$))"
)


def _exemplified_industries(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """The examples a sentence gives of 行业 (行业如A、B等): each is an industry."""
    for match in _EXAMPLES.finditer(text):
        pos = match.start(1)
        for item in match.group(1).split("、"):
            known = lexicon.entries.get(item)
            if item not in rules.generic and (known is None or known.cls == "Industry"):
                label = known.label if known else item
                yield Mention(item, label, "Industry", pos, pos + len(item), "pattern")
            pos += len(item) + 1


def _enumerated_industries(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """Items of an enumeration closed by 等…行业/领域: 房地产投资、娱乐场所经营等特殊行业."""
    if "、" in text:
        yield from _letter_sectors(text, lexicon)
    if not ("行业" in text or "领域" in text or "产业" in text):
        return  # no word closes a list of sectors (most sentences)
    yield from _exemplified_industries(text, lexicon, rules)
    if "等" not in text:
        return
    for match in _ENUM.finditer(text):
        pos = match.start(1)
        kind = match.group(2) or ""  # 等 + 生产性服务业 + 领域: the kind is a sector too
        if len(kind) >= 3 and kind.endswith("业") and kind not in rules.generic:
            label = _sector_stem(kind, lexicon)
            yield Mention(kind, label, "Industry", match.start(2), match.end(2), "pattern")
        listed = re.split("、|以及", match.group(1))
        items = [  # the first item keeps its words before the list: it is cut below
            part
            for idx, item in enumerate(listed)
            for part in _split_pair(item, first=idx == 0, last=idx == len(listed) - 1)
        ]
        if any(v in items[0] for v in _list_words("use_leads")):
            continue  # 禁止流入股市、房市等限制领域: uses of the money
        for idx, raw in enumerate(items):
            item = raw
            if idx == 0:  # the first item starts after a cue, or after the last non-nominal word
                cut = max((raw.rfind(c) + len(c) for c in _ENUM_LEAD if c in raw), default=-1)
                if 0 < cut <= len(raw) - 2:
                    item = raw[cut:].lstrip(_ITEM_LEAD)
                elif len(raw) <= 6 and (pos == 0 or not _CJK.match(text[pos - 1])):
                    item = raw.lstrip(_ITEM_LEAD + "从")  # the list opens the clause
                    if pos and text[pos - 1].isdigit():  # 2023年新增 + 教培: a date's word
                        item = item.lstrip("年月日").removeprefix("新增")
                else:
                    toks = tokenize(raw)
                    stem = _stem_before(toks, len(toks), rules, max_tokens=3)
                    item = raw[stem[0] :] if stem else ""
            offset = pos + len(raw) - len(item)
            pos += len(raw) + 1
            if len(item) < 2 or item in rules.generic_modifiers or item in rules.generic:
                continue
            if item.endswith(_list_words("activity_endings")) or item in rules.industry_stop:
                continue
            known = lexicon.entries.get(item)
            if known is not None and known.cls != "Industry":
                continue
            label = known.label if known else _sector_stem(item, lexicon)
            yield Mention(item, label, "Industry", offset, offset + len(item), "pattern")


def _split_pair(item: str, *, first: bool, last: bool) -> list[str]:
    """An item joined by 和/及/与 as the two it names (基础软件和工业软件), when each part is
    long enough to be a name (信息和软件服务, 船舶与海洋工程装备 stay whole); the last item
    of a list splits at two characters a part (餐饮和住宿等行业), the first of a longer
    list not at all (成都和重庆在汽车、电子信息等: its words before the list are no item)."""
    if first and not last:
        return [item]
    parts = re.split(r"以及|[和及与]", item)
    shortest = 2 if last else 3
    return parts if len(parts) > 1 and all(len(x) >= shortest for x in parts) else [item]


def _sector_stem(item: str, lexicon: Lexicon) -> str:
    """The label of a listed sector named with 业 (农副产品加工业 is 农副产品加工, 医药工业
    stays whole: its last word is a sector)."""
    if item.endswith(("产业", "行业")):
        return item  # 战略新兴产业: the sector's own name
    if item.endswith("业") and tokenize(item)[-1][2] not in _WHOLE_SECTORS:
        known = lexicon.entries.get(item[:-1])
        return known.label if known is not None and known.cls == "Industry" else item[:-1]
    return item


def _letter_sectors(text: str, lexicon: Lexicon) -> Iterator[Mention]:
    """Sectors listed as one character each, 农、林、牧、渔: each is a known industry with 业."""
    for match in _LETTER_SECTORS.finditer(text):
        before = text[: match.start()]
        if before and _CJK.match(before[-1]) and not before.endswith(_LETTER_LEADS + _ENUM_LEAD):
            continue  # 加工、林、牧: the first character ends a word
        letters = match.group(0).split("、")
        if not _LETTER_END.match(text, match.end()):
            # the last character starts the next item: it must name a sector of its own
            # (渔、农副产品加工业领域), else all of them qualify it (农、林、牧、渔产品批发)
            item = re.match(r"[\u4e00-\u9fff]{2,12}", text[match.end() - 1 :])
            if not item or not re.search(r"(?:业|领域)$", item.group()):
                continue
            letters = letters[:-1]
        known = [lexicon.entries.get(ch + "业") for ch in letters]
        if len(letters) < 3 or not all(k is not None and k.cls == "Industry" for k in known):
            continue
        for i, (ch, entry) in enumerate(zip(letters, known, strict=True)):
            start = match.start() + 2 * i
            yield Mention(ch, entry.label, "Industry", start, start + 1, "pattern")


def _prefixed_bodies(text: str, cands: Sequence[Mention], rules: Rules) -> Iterator[Mention]:
    """Government bodies and branches named after a region or a parent organization.

    四川省 + 经济和信息化 + 厅; 国家 + 金融监督管理 + 总局; 中国人民银行 + 四川省 + 分行;
    国家金融监督管理总局 + 上海 + 监管局; 温州市 + 人民政府; 上海市 + (第十三届) +
    人民代表大会常务委员会, labelled without the session; 山东省政府 is 山东省人民政府.
    """
    body = _body_pattern(rules.government_fields, rules.government_suffixes)
    regions = {c.start: c for c in cands if c.cls == "Region"}
    for c in cands:
        if c.cls == "Region":
            match = _ASSEMBLY.match(text, c.end)
            if match:  # 上海市第十三届人民代表大会常务委员会 is 上海市人民代表大会常务委员会
                body_name = "人民政府" if match.group(1) == "政府" else match.group(1)
                office = {"新闻办": "新闻办公室"}.get(match.group(2), match.group(2) or "")
                label = c.label + body_name + office  # 山东省政府新闻办: 人民政府新闻办公室
                surface = text[c.start : match.end()]
                yield Mention(surface, label, "Organization", c.start, match.end(), "pattern")
                continue
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


_ASSEMBLY = re.compile(
    r"(?:第[一二三四五六七八九十百]+届)?(人民代表大会常务委员会|人民代表大会|人民政府|政府)(?!部门|工作部门)"
    r"(新闻办公室|新闻办|办公厅|办公室)?"
)
_BRANCH = re.compile(r"(?:分行|中心支行|支行|总部|分部|监管局|分局|营业管理部|分公司|子公司)")


@cache
def _body_pattern(fields: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    f = "|".join(map(re.escape, fields))
    x = "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
    return re.compile(rf"(?:{f})(?:{x})(?!门|分)")  # 监督管理部门 is a description


_ORG_ENUM = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,8}、)+[\u4e00-\u9fffA-Za-z]{2,8})等(?:[\u4e00-\u9fff]{0,4}?)"
    r"(中小企业|企业|公司|车企|药企|厂商|龙头|品牌)"
)
_ORG_EXEMPLARS = re.compile(
    r"以((?:[\u4e00-\u9fffA-Za-z]{2,8}[、和及与])*[\u4e00-\u9fffA-Za-z]{2,8})为代表"
)


def _listed_organizations(text: str, lexicon: Lexicon, rules: Rules) -> Iterator[Mention]:
    """Items of 如A、B等企业 or 以A、B为代表 lists are organizations (比亚迪、宁德时代等龙头企业).

    An item is a name only if it is not headed by a category noun (担保公司, 科技人员,
    研究开发中心 are kinds, not names); the first item starts at its nominal words (本市鼓励
    融资租赁 is 融资租赁).
    """
    for pattern in (_ORG_ENUM, _ORG_EXEMPLARS):
        for match in pattern.finditer(text):
            pos = match.start(1)
            for n, raw in enumerate(re.split(r"(或者|[、和及与或])", match.group(1))):
                item, offset = raw, pos
                pos += len(raw)
                if n % 2:  # a separator
                    continue
                lead = max(
                    (
                        raw.rfind(c) + len(c)
                        for c in ("如", "包括", "例如", "比如", "有")
                        if c in raw[:-2]
                    ),
                    default=0,
                )
                if n == 0 and not lead and raw not in lexicon.entries:
                    toks = tokenize(raw)
                    stem = _stem_before(toks, len(toks), rules, max_tokens=3)
                    lead = stem[0] if stem else len(raw)
                item, offset = raw[lead:], offset + lead
                known = lexicon.entries.get(item)
                if len(item) < 2 or item in rules.generic or item in rules.generic_modifiers:
                    continue
                if known is not None and known.cls != "Organization":
                    continue
                if item.endswith("型") and pattern is _ORG_ENUM and "企业" in match.group(2):
                    label = item + match.group(
                        2
                    )  # 科技型、节能环保型等中小企业: kinds of enterprise
                    yield Mention(
                        item, label, "EnterpriseType", offset, offset + len(item), "pattern"
                    )
                    continue
                if known is None and item.endswith(rules.category_heads):
                    continue
                yield Mention(
                    item,
                    known.label if known else item,
                    "Organization",
                    offset,
                    offset + len(item),
                    "pattern",
                )


_QUOTED = re.compile(  # a dash may join a series and its product (阳光快贷—惠农通)
    r"[“”「『\"]([\u4e00-\u9fffA-Za-z0-9]{2,10}(?:[—-][\u4e00-\u9fffA-Za-z0-9]{2,8})?)[”」』\"]"
)
_SLOGAN = re.compile(r"[0-9]|[一二三四五六七八九十百千万亿]{2,}|[十百千万亿][^贷融]*[十百千万亿]")
_CAMPAIGN = re.compile(r"[^,;。]{0,8}?(?:行动|计划|工程|活动|措施|政策|方案|专项|机制)")
_CHANNEL = re.compile(r"\s*(?:微信)?(?:小程序|APP|App|app|客户端|公众号|平台|网站|手机银行)")
_PRODUCT_CONTEXT = re.compile(r"[^,;。“”\"→>]{0,12}?(?:贷款|信贷|融资|授信|产品|业务)")
_KIND_AFTER = re.compile(r"(?:中小|小微|中小微)?(?:企业|客户|客群|商户|主体|群体|领域|地区)")


#: Endings of a quality, not a name (“分钟级”放款, “数字化”转型).
_QUALITIES = ("级", "化", "性", "式")
#: Words a party ends with (借款人, 借款企业, 经营实体): a quoted one names no product.
_PARTIES = ("人", "企业", "实体", "主体", "商户", "机构", "公司")


def _quoted_products(text: str) -> Iterator[Mention]:
    """A quoted name that is a loan product: “新农e贷”, “兴链通”应收账款融资业务.

    The name holds 贷/融, or a loan word follows it in the same clause.
    """
    for match in _QUOTED.finditer(text):
        name = match.group(1)
        if _SLOGAN.search(name) or _CAMPAIGN.match(text, match.end()):
            continue  # “十行千亿万企”融资专项行动, “58条措施”: a campaign or a slogan
        if _CHANNEL.match(text, match.end()):
            continue  # “徽融e”微信小程序: where one applies, not what one gets
        if _KIND_AFTER.match(text, match.end()):
            continue  # “专精特新”企业: a kind of enterprise
        financing = "贷" in name or "融" in name.replace("金融", "")  # “工行普惠金融”: an account
        if not financing and name.endswith(_PARTIES + _QUALITIES):
            continue  # “借款企业”指…: a party the text defines; “分钟级”放款: a quality
        if financing or _PRODUCT_CONTEXT.match(text, match.end()):
            yield Mention(name, name, "LoanProduct", match.start(1), match.end(1), "pattern")


def _non_industry_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of enumerations of uses or technologies (证券投资、房地产购买等违规用途)."""
    heads = "|".join(map(re.escape, rules.not_industry_lists))
    pattern = (
        rf"(?:[\u4e00-\u9fff]{{2,8}}、)*[\u4e00-\u9fff]{{2,8}}等[\u4e00-\u9fff]{{0,4}}?(?:{heads})"
    )
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团")
_NAME_BREAK = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|的|为|是|和|与|及|在|由|向|对|将|从|归")


def _company_names(text: str, cands: Sequence[Mention], lexicon: Lexicon) -> Iterator[Mention]:
    """A company's full name: a region or known organization, a name, a legal form.

    深圳市海拓跨境科技有限公司, 贵州茅台酒股份有限公司: the legal form alone would be an
    enterprise type; with a name before it that starts with a place it is an organization.
    """
    heads = {c.start: c for c in cands if c.cls in ("Region", "Organization")}
    for c in cands:
        if c.cls != "EnterpriseType" or not c.text.endswith(_LEGAL_FORMS):
            continue
        lo = max(0, c.start - 16)
        breaks = [m.end() for m in _NAME_BREAK.finditer(text, lo, c.start)]
        lo = breaks[-1] if breaks else lo
        head = next((heads[i].start for i in range(lo, c.start - 1) if i in heads), None)
        if head is None:  # 四川长虹…: jieba may join a place's short form to the brand
            head = next(
                (i for i in range(lo, c.start - 3) if _starts_with_region(text, i, lexicon)), None
            )
        if head is not None and c.start - head >= 3:
            surface = text[head : c.end]
            yield Mention(surface, surface, "Organization", head, c.end, "pattern")


def _starts_with_region(text: str, i: int, lexicon: Lexicon) -> bool:
    for length in (4, 3, 2):
        known = lexicon.entries.get(text[i : i + length])
        if known is not None and known.cls == "Region" and known.source == "gazetteer":
            return True
    return False


_ELLIPSIS = re.compile(r"([\u4e00-\u9fff]{1,4})[、和及与或]([\u4e00-\u9fff]{1,4})(企业|公司)")


def _elided_types(text: str, lexicon: Lexicon) -> Iterator[Mention]:
    """The first of two enterprise types sharing their head: 小型、微型企业 -> 小型企业."""
    for match in _ELLIPSIS.finditer(text):
        first, second, head = match.groups()
        for cut in range(len(first)):  # 的小型、微型企业: the type may start inside the run
            known = lexicon.entries.get(first[cut:] + head)
            other = lexicon.entries.get(second + head)
            if known and other and known.cls == other.cls == "EnterpriseType":
                start = match.start(1) + cut
                yield Mention(
                    first[cut:], known.label, "EnterpriseType", start, match.end(1), "pattern"
                )
                break
