import pytest

from kgraph.extract.relations import Context, extract_relations
from kgraph.nlp.mentions import find_mentions
from kgraph.types import EntityKey

PRODUCT = EntityKey("LoanProduct", "经营贷款")


def rels(text, context=None, conditions=()):
    context = context or Context()
    return {
        (h.label, r, t.label)
        for h, r, t in extract_relations(
            text, find_mentions(text), conditions=conditions, context=context
        )
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("网商银行推出网商贷", ("网商银行", "offers", "网商贷")),
        ("招商银行税贷额度最高100万元", ("招商银行", "offers", "税贷")),
        (
            "小微企业主要集中在成渝地区双城经济圈",
            ("小微企业", "concentratedIn", "成渝地区双城经济圈"),
        ),
        ("珠三角地区多见外贸企业", ("外贸", "concentratedIn", "珠三角")),
        ("贵州的民营企业发展迅速", ("民营企业", "locatedIn", "贵州省")),
        ("该集团位于深圳,是一家大型企业", None),
        ("制造业面临汇率风险", ("制造业", "facesRisk", "汇率风险")),
        ("小微企业普遍面对信用风险和流动性风险", ("小微企业", "facesRisk", "流动性风险")),
        ("金融风险分为信用风险、市场风险和操作风险", ("市场风险", "subCategoryOf", "金融风险")),
        ("长三角,如上海、苏州、杭州等地", ("苏州市", "partOf", "长三角")),
    ],
)
def test_relations_cues(text, expected):
    found = rels(text)
    if expected is None:
        assert not any(r == "locatedIn" for _, r, _ in found)
    else:
        assert expected in found


@pytest.mark.parametrize(
    ("text", "relation", "tail"),
    [
        ("本产品面向个体工商户和小微企业", "eligibleFor", "个体工商户"),
        ("申请主体须为依法注册的有限责任公司", "eligibleFor", "有限公司"),
        ("重点支持制造业和批发零售业", "supportsIndustry", "制造业"),
        ("限制准入房地产开发等行业", "restrictsIndustry", "房地产开发"),
        ("禁止向娱乐业发放", "restrictsIndustry", "娱乐业"),
    ],
)
def test_relations_product_cues(text, relation, tail):
    found = rels(text, Context(product=PRODUCT, subject=PRODUCT))
    if relation == "eligibleFor":
        assert (tail, relation, "经营贷款") in found
    else:
        assert ("经营贷款", relation, tail) in found


def test_relations_support_and_restrict_split_at_the_cue():
    found = rels("支持信息技术行业,限制准入房地产投资等行业", Context(product=PRODUCT))
    assert ("经营贷款", "supportsIndustry", "信息技术") in found
    assert ("经营贷款", "restrictsIndustry", "房地产投资") in found
    assert ("经营贷款", "supportsIndustry", "房地产投资") not in found


def test_a_support_cue_governs_the_list_clauses_after_it():
    text = "贴息重点支持集成电路、生物医药等产业,物流服务、商务服务等领域,以及农、林、牧、渔领域"
    found = {t for h, r, t in rels(text, Context(product=PRODUCT)) if r == "supportsIndustry"}
    assert {"集成电路", "生物医药", "物流服务", "商务服务", "农业", "渔业"} <= found
    # a clause that does not open with an industry ends the list
    text = "重点支持集成电路等产业,同时关注物流服务等领域"
    found = {t for h, r, t in rels(text, Context(product=PRODUCT)) if r == "supportsIndustry"}
    assert "集成电路" in found and "物流服务" not in found


def test_relations_without_a_product_no_policy_edges():
    assert not any(r.endswith("Industry") for _, r, _ in rels("支持制造业发展"))


def test_relations_requires_points_at_the_nearest_product():
    from kgraph.nlp.conditions import parse_conditions

    text = "纯信用贷款额度最高300万元"
    conds = parse_conditions(text)
    found = rels(text, Context(product=PRODUCT), conditions=conds)
    assert ("纯信用贷款", "requires", "纯信用贷款额度 <= 3000000 CNY") in found


def test_relations_concentrated_uses_the_article_subject():
    subject = EntityKey("EnterpriseType", "中小企业")
    found = rels("主要集中在昆明、曲靖等地", Context(subject=subject))
    assert ("中小企业", "concentratedIn", "昆明市") in found


def test_relations_restriction_cue_after_the_list():
    found = rels("煤炭开采、房地产开发等行业的企业暂不受理", Context(product=PRODUCT))
    assert ("经营贷款", "restrictsIndustry", "房地产开发") in found
    assert ("经营贷款", "restrictsIndustry", "煤炭开采") in found


def test_relations_faces_risk_heads_a_list_and_stops_at_the_clause():
    found = rels("钢铁、水泥等行业面临较高的转型风险,农业则更易受到物理风险影响")
    assert ("钢铁", "facesRisk", "转型风险") in found and ("水泥", "facesRisk", "转型风险") in found
    assert ("钢铁", "facesRisk", "物理风险") not in found
    assert ("农业", "facesRisk", "物理风险") in found


def test_relations_members_of_a_composed_region():
    found = rels("企业集中在由贵阳、遵义等城市和贵安新区组成的黔中城市群")
    assert {("贵阳市", "partOf", "黔中城市群"), ("贵安新区", "partOf", "黔中城市群")} <= found


def test_relations_faces_risk_list_in_an_earlier_clause():
    found = rels("跨境电商企业和外贸企业的出口业务较多,面临较高的汇率风险")
    assert {("跨境电商", "facesRisk", "汇率风险"), ("外贸", "facesRisk", "汇率风险")} <= found


def test_relations_concentrated_list_of_sectors():
    found = rels("煤炭和纺织企业主要分布在六盘水市和毕节市")
    assert {("煤炭", "concentratedIn", "六盘水市"), ("纺织", "concentratedIn", "毕节市")} <= found


def test_a_cluster_named_after_its_place_is_concentrated_there():
    text = "名单包括宁波市慈溪市家电产业集群和台州市黄岩区模具产业集群。"
    mentions = find_mentions(text)
    assert ("家电", "Industry") in [(m.label, m.cls) for m in mentions]  # no place in its name
    rels = {(h.label, r, t.label) for h, r, t in extract_relations(text, mentions)}
    assert ("家电", "concentratedIn", "慈溪市") in rels
    assert ("模具", "concentratedIn", "黄岩区") in rels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "鼓励创办科技型、节能环保型等中小企业",
            {
                ("科技型中小企业", "subCategoryOf", "中小企业"),
                ("节能环保型中小企业", "subCategoryOf", "中小企业"),
            },
        ),
        (
            "包括信用风险、市场风险等金融风险",
            {("信用风险", "subCategoryOf", "金融风险"), ("市场风险", "subCategoryOf", "金融风险")},
        ),
    ],
)
def test_items_listed_before_their_kind_are_subcategories(text, expected):
    rels = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert expected <= rels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "市场风险(价格变动带来的损失)和操作风险都属于经营风险",
            {("市场风险", "subCategoryOf", "经营风险"), ("操作风险", "subCategoryOf", "经营风险")},
        ),
        ("汇率风险属于市场风险的一种", {("汇率风险", "subCategoryOf", "市场风险")}),
        ("操作风险不属于市场风险", set()),
        ("小微企业属于信用风险较高的群体", set()),  # the parent must be of the items' class
    ],
)
def test_items_said_to_belong_to_a_kind_are_its_subcategories(text, expected):
    found = {t for t in rels(text) if t[1] == "subCategoryOf"}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("四川省第三批创新型中小企业名单发布", ("创新型中小企业", "locatedIn", "四川省")),
        ("浙江中小企业发展良好", ("中小企业", "locatedIn", "浙江省")),
    ],
)
def test_a_region_right_before_a_group_locates_it(text, expected):
    assert expected in {
        (h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))
    }


def test_a_verb_between_region_and_group_does_not_locate_it():
    assert not list(extract_relations("云南支持中小企业", find_mentions("云南支持中小企业")))


def test_an_eligibility_clause_reads_over_commas_in_brackets():
    text = "本产品适用于成立满3年、有纳税记录(年纳税额10万元以上,20万元以上优先)的小微企业"
    triples = rels(text, Context(product=EntityKey("LoanProduct", "某贷")))
    assert ("小微企业", "eligibleFor", "某贷") in triples


def test_industries_given_as_examples_and_put_on_a_restricted_list():
    text = "个别行业如殡葬、典当等被列入限制名单"
    triples = rels(text, Context(product=EntityKey("LoanProduct", "某贷")))
    assert {("某贷", "restrictsIndustry", "殡葬"), ("某贷", "restrictsIndustry", "典当")} <= triples


def test_kinds_listed_after_a_definition_are_subcategories_of_what_it_defines():
    text = "一、经营风险的含义经营风险是指企业经营中的风险,包括市场风险、信用风险和操作风险等类型。"
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert {
        ("市场风险", "subCategoryOf", "经营风险"),
        ("信用风险", "subCategoryOf", "经营风险"),
        ("操作风险", "subCategoryOf", "经营风险"),
    } <= triples


def test_a_product_named_in_an_exception_is_not_the_sentence_s_subject():
    from kgraph.nlp.conditions import parse_conditions

    text = "除助学贷款、住房贷款外,申请人及配偶无其他未结清贷款"
    triples = {
        (h.label, r, t.label)
        for h, r, t in extract_relations(
            text,
            find_mentions(text),
            conditions=parse_conditions(text),
            context=Context(product=EntityKey("LoanProduct", "某贷")),
        )
    }
    assert {h for h, r, _ in triples if r == "requires"} == {"某贷"}


def test_a_kind_of_enterprise_that_may_apply_for_a_product_is_eligible_for_it():
    text = "符合条件的个体工商户可按规定申请创业担保贷款"
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert ("个体工商户", "eligibleFor", "创业担保贷款") in triples
    text = "个体工商户申请创业担保贷款的比例偏低"  # no modal: a statistic, not eligibility
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert ("个体工商户", "eligibleFor", "创业担保贷款") not in triples


def test_a_definition_that_ends_in_a_list_of_its_class_lists_its_kinds():
    text = "本办法所称小微企业,是指按标准划分的小型企业和微型企业;所称大型企业另行规定。"
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert {
        ("小型企业", "subCategoryOf", "小微企业"),
        ("微型企业", "subCategoryOf", "小微企业"),
    } <= triples
    assert not any(h == "大型企业" and r == "subCategoryOf" for h, r, _ in triples)


def test_a_bank_s_product_joined_by_de_is_offered_by_it():
    text = "甲江银行的稳业贷额度最高50万元"
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert ("甲江银行", "offers", "稳业贷") in triples


def test_a_product_defined_as_a_bank_s_offer_is_offered_by_it():
    text = "稳业贷是甲江银行推出的一款线上贷款"
    triples = {(h.label, r, t.label) for h, r, t in extract_relations(text, find_mentions(text))}
    assert ("甲江银行", "offers", "稳业贷") in triples


def test_a_lender_in_brackets_after_a_product_offers_it():
    assert ("青岛银行", "offers", "科创易贷") in rels("科创易贷(青岛银行):最高授信1000万元")


def test_each_item_of_a_list_of_clusters_is_an_industry_in_its_place():
    text = (
        "本省入选的有苏州市吴江区丝绸纺织、常州市武进区节能环保和南通市海门区建筑装饰等3个产业集群"
    )
    found = rels(text)
    assert ("丝绸纺织", "concentratedIn", "吴江区") in found
    assert ("节能环保", "concentratedIn", "武进区") in found
    assert ("建筑装饰", "concentratedIn", "海门区") in found


def test_the_cluster_programme_names_no_industry():
    from kgraph.nlp.mentions import find_mentions

    found = find_mentions("江苏国家级中小企业特色产业集群数量居全国前列")
    assert not any(m.cls == "Industry" for m in found)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "惠企贷业务是指青岛银行借助大数据,整合税务信息设计的信用类融资产品",
            ("青岛银行", "offers", "惠企贷"),
            None,
        ),
        (
            "税易贷是建设银行推出的线上化普惠贷款产品",
            ("中国建设银行", "offers", "税易贷"),
            "线上化普惠贷款",
        ),
        ("财政部发布《关于实施中小微企业贷款贴息政策的通知》", None, "中小微企业贷款贴息"),
    ],
)
def test_who_offers_a_product(text, expected, absent):
    found = rels(text)
    if expected:
        assert expected in found
    if absent:
        assert not any(t == absent for _, r, t in found if r == "offers")


def test_each_kind_is_eligible_for_the_product_its_phrase_describes():
    text = "本行产品分为三类:面向个体工商户的”快易贷”、服务农户的”惠农贷”以及针对小微企业的”税易贷”"
    found = rels(text)
    assert ("个体工商户", "eligibleFor", "快易贷") in found
    assert ("农户", "eligibleFor", "惠农贷") in found
    assert ("小微企业", "eligibleFor", "税易贷") in found


def test_a_quoted_programme_target_is_no_product():
    from kgraph.nlp.mentions import find_mentions

    assert not find_mentions("缓解小微企业和”三农”主体融资难题")[1:]


def test_a_ban_on_changing_a_sector_keeps_it():
    text = "此类贷款必须用于农业生产,同时不得改变土地的农业生产性质"
    assert not any(r == "restrictsIndustry" for _, r, _ in rels(text, Context(product=PRODUCT)))
