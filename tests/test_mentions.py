import pytest

from kgraph.nlp.lexicon import load_lexicon
from kgraph.nlp.mentions import find_mentions, fold_risk, industry_label, load_rules


def found(text):
    return {(m.cls, m.label) for m in find_mentions(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # organizations: lexicon, bank-name pattern, government bodies
        ("建设银行推出云税贷", {("Organization", "中国建设银行"), ("LoanProduct", "云税贷")}),
        (
            "成都农商银行为小微企业提供贷款",
            {("Organization", "成都农商银行"), ("EnterpriseType", "小微企业")},
        ),
        ("四川省经济和信息化厅发布通知", {("Organization", "四川省经济和信息化厅")}),
        ("广东省地方金融监督管理局加强监管", {("Organization", "广东省地方金融监督管理局")}),
        # enterprise types: lexicon and the X型企业 pattern; 企业家 is a person
        ("劳动密集型企业面临用工成本上升", {("EnterpriseType", "劳动密集型企业")}),
        ("专精特新中小企业获得支持", {("EnterpriseType", "专精特新中小企业")}),
        ("外贸型企业家纷纷转型", {("Industry", "外贸")}),
        # industries: lexicon, X行业, X业, enumerations closed by 等…行业
        ("物流行业和纺织业受到冲击", {("Industry", "物流"), ("Industry", "纺织")}),
        ("重点支持先进制造、现代农业等行业", {("Industry", "先进制造"), ("Industry", "现代农业")}),
        ("禁止进入典当、娱乐场所等限制行业", {("Industry", "典当"), ("Industry", "娱乐场所")}),
        ("资金不得流入期货、楼市等限制领域", set()),  # where money goes: uses, no industries
        # items of a list are whole, pairs joined by 和 split, the kind after 等 is a sector
        (
            "优先扶持智能网联汽车、集成电路和工业软件、海洋工程装备等高端制造业领域",
            {
                ("Industry", "智能网联汽车"),
                ("Industry", "集成电路"),
                ("Industry", "工业软件"),
                ("Industry", "海洋工程装备"),
                ("Industry", "高端制造业"),
            },
        ),
        # one-character sectors listed apart are the sectors with 业
        (
            "支持以下产业:农、林、牧、渔业",
            {
                ("Industry", "农业"),
                ("Industry", "林业"),
                ("Industry", "畜牧业"),
                ("Industry", "渔业"),
            },
        ),
        # a loan's interest subsidy is the product a policy offers
        ("本市实施科技企业贷款贴息政策", {("LoanProduct", "科技企业贷款贴息")}),
        ("支持信用档案建设、污染防控等领域", set()),  # activities and aims, no industries
        ("加强与银行业金融机构合作", set()),  # a kind of institution, no industry
        ("资源向外贸、文旅等重点领域倾斜", {("Industry", "外贸"), ("Industry", "文化旅游")}),
        ("不得用于股票投资、期货交易等用途", set()),
        ("大数据和人工智能等新技术不断涌现", set()),
        # risks: lexicon, suffix pattern, decorated forms folded; compounds are not categories
        (
            "企业应防范流动性风险和汇率风险",
            {("RiskCategory", "流动性风险"), ("RiskCategory", "汇率风险")},
        ),
        ("市场层面风险不容忽视", {("RiskCategory", "市场风险")}),
        ("供应商集中度风险上升", {("RiskCategory", "供应商集中度风险")}),
        ("做好精准风险评估", set()),
        ("各类风险相互交织", set()),
        # regions: gazetteer full and short forms, informal regions, 2-char forms on token boundaries
        ("成渝地区双城经济圈建设提速", {("Region", "成渝地区双城经济圈")}),
        ("贵阳和遵义的企业", {("Region", "贵阳市"), ("Region", "遵义市")}),
        ("这块大理石很重", set()),
        ("珠江三角洲和京津冀", {("Region", "珠三角"), ("Region", "京津冀")}),
        # loan products
        ("微业贷和税贷都是线上产品", {("LoanProduct", "微业贷"), ("LoanProduct", "税贷")}),
    ],
)
def test_mentions_table(text, expected):
    assert found(text) == expected


def test_mentions_offsets_point_at_the_surface():
    text = "云南的中小企业面临财务运营风险"
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text


def test_mentions_generic_words_alone_are_not_entities():
    assert found("企业和银行都面临风险,行业和地区差异很大") == set()


def test_mentions_traditional_text_after_normalization():
    from kgraph.normalize import normalize_text

    assert ("RiskCategory", "信用风险") in found(normalize_text("銀行的信用風險"))


@pytest.mark.parametrize(
    ("stem", "label"),
    [
        ("战略层级", "战略风险"),
        ("声誉形象", "声誉风险"),
        ("运营流程", "运营风险"),
        ("数据安全", "数据安全风险"),
        ("气候", "气候风险"),
    ],
)
def test_mentions_fold_risk(stem, label):
    assert fold_risk(stem, load_lexicon(), load_rules()) == label


@pytest.mark.parametrize(
    ("stem", "label"), [("批发零售", "批发零售"), ("医疗", "医疗"), ("新能源汽车", "新能源汽车")]
)
def test_mentions_industry_label(stem, label):
    assert industry_label(stem, load_lexicon()) == label


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("某农商银行“惠农快贷”申请条件", "惠农快贷"),
        ("“链易融”应收账款融资业务", "链易融"),
        ("推出“税e通”线上信贷产品", "税e通"),
    ],
)
def test_mentions_quoted_loan_products(text, product):
    assert ("LoanProduct", product) in found(text)


def test_mentions_quoted_words_without_loan_context_are_not_products():
    assert not any(cls == "LoanProduct" for cls, _ in found("他说“坚持”很重要"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("杭州市云帆智能科技有限公司获得贷款", ("Organization", "杭州市云帆智能科技有限公司")),
        ("四川长虹电器股份有限公司发布公告", ("Organization", "四川长虹电器股份有限公司")),
        ("企业面临资金链断裂风险", ("RiskCategory", "资金链断裂风险")),
        ("用户数据泄露风险上升", ("RiskCategory", "数据泄露风险")),
        ("昆明市滇池国家旅游度假区", ("Region", "昆明市")),
        ("钦州市中马钦州产业园区开发区", ("Region", "钦州市")),
        ("纺织企业订单下滑", ("Industry", "纺织")),
    ],
)
def test_mentions_names_events_and_sector_enterprises(text, expected):
    assert expected in found(text)


def test_mentions_legal_form_alone_stays_an_enterprise_type():
    assert found("申请人须为依法注册的有限责任公司") == {("EnterpriseType", "有限公司")}


def test_mentions_risk_as_an_object_is_not_a_category():
    assert found("通过保险转移风险") == set()


@pytest.mark.parametrize(
    ("text", "found_product"),
    [("本行推出税易贷", True), ("银行加大信贷投放", False), ("不得抽贷断贷", False)],
)
def test_mentions_new_words_ending_in_dai(text, found_product):
    assert any(cls == "LoanProduct" for cls, _ in found(text)) == found_product


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一文看懂泰隆银行", ("泰隆银行", "Organization")),  # a title phrase before the name
        ("深度解析某地富民银行", ("富民银行", "Organization")),
        ("浦发银行浦惠税贷", ("浦惠税贷", "LoanProduct")),  # brand words stay with the product
        ("工银科创贷额度高", ("工银科创贷", "LoanProduct")),
        ("招商银行闪电贷", ("闪电贷", "LoanProduct")),  # jieba cut 贷 off on its own
        ("上海市第十三届人民代表大会常务委员会", ("上海市人民代表大会常务委员会", "Organization")),
        ("温州市人民政府制定办法", ("温州市人民政府", "Organization")),
        # government bodies of small firms and federations of commerce
        ("浙江省中小企业服务中心组织培训", ("浙江省中小企业服务中心", "Organization")),
        ("江西省中小企业局发布", ("江西省中小企业局", "Organization")),
        ("湖北省工商业联合会举办", ("湖北省工商业联合会", "Organization")),
        ("从江西省政府新闻办获悉", ("江西省人民政府新闻办公室", "Organization")),
        ("该产品是乙山银行推出的", ("乙山银行", "Organization")),  # a copula ends the name
        ("杭州市政府发布通知", ("杭州市人民政府", "Organization")),
        ("某银行经营快贷额度高", ("经营快贷", "LoanProduct")),  # 经营 opens the brand name
        ("部分产品(如科创贷、乙贷)可放宽", ("科创贷", "LoanProduct")),  # 如 opens the list
    ],
)
def test_names_without_what_is_glued_to_them(text, expected):
    assert expected in [(m.label, m.cls) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "切换至“普惠版”→“贷款”→“某某贷”",  # a step of a menu path
        "关注官方公众号“某行普惠金融”",  # 金融 is no 融 of a product's name
        "“专精特新”企业可获得免抵押授信",  # a kind of enterprise
        "单笔贷款期限最长18个月",  # a loan, not a product
    ],
)
def test_quoted_words_and_loan_scopes_that_are_no_product(text):
    names = [m.label for m in find_mentions(text) if m.cls == "LoanProduct"]
    assert names in ([], ["某某贷"])


@pytest.mark.parametrize(
    "text",
    [
        "高污染行业、产能过剩行业不予支持",  # judgements, not sectors
        "经营管理人员、科技人员等创办企业",  # kinds of people, not organizations
        "担保公司、投资咨询公司等机构",  # kinds of company
        "国家金融监督管理部门派出机构",  # a description, not the 部
        "应当根据有关规定统一本市行业标准",
    ],
)
def test_no_name_made_of_kinds_verbs_or_judgements(text):
    found = [(m.label, m.cls) for m in find_mentions(text)]
    assert not [f for f in found if f[1] in ("Organization", "Industry")]


def test_a_verb_before_a_product_is_no_brand_word():
    assert [(m.label, m.cls) for m in find_mentions("推出税易贷")] == [("税易贷", "LoanProduct")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "上海农商银行小额贷款是一款产品",
            [("上海农商银行", "Organization"), ("小额贷款", "LoanProduct")],
        ),
        ("工商银行经营贷款", [("中国工商银行", "Organization"), ("经营贷款", "LoanProduct")]),
    ],
)
def test_a_bank_and_its_loan_are_two_things(text, expected):
    assert [(m.label, m.cls) for m in find_mentions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "小额贷款公司和融资担保公司",
            [("小额贷款公司", "EnterpriseType"), ("融资担保公司", "EnterpriseType")],
        ),
        (
            "城市商业银行和农商行",
            [("城市商业银行", "EnterpriseType"), ("农村商业银行", "EnterpriseType")],
        ),
        ("寿光农商行推出新品", [("寿光农商行", "Organization")]),  # a place makes it a name
        ("是山东寿光农村商业银行面向农户推出", [("山东寿光农村商业银行", "Organization")]),
    ],
)
def test_kinds_of_financial_institution_and_named_ones(text, expected):
    found = [(m.label, m.cls) for m in find_mentions(text)]
    assert all(e in found for e in expected), found


def test_and_counties_is_not_the_county_named_he():
    assert find_mentions("设区的市和县(市、区)人民政府应当加强领导") == []
    assert ("安徽省", "Region") in [(m.label, m.cls) for m in find_mentions("安徽省和县人民政府")]


def test_a_ministry_s_name_inside_the_word_bumen_is_no_ministry():
    assert find_mentions("由省级工信部门和财政部门组织申报") == []
    assert [m.label for m in find_mentions("工信部发布通知")] == ["国家工业和信息化部"]


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("宜昌市猇亭区精细化工新材料产业集群入选", "精细化工新材料"),  # whatever jieba cuts
        ("杭州市西湖区行业大模型应用产业集群", "行业大模型应用"),  # 行业 inside the name
    ],
)
def test_the_phrase_between_a_place_and_chanye_jiqun_is_its_industry(text, industry):
    found = {(m.label, m.cls) for m in find_mentions(text)}
    assert (industry, "Industry") in found
    assert not any(cls == "Industry" and label.endswith("区") for label, cls in found)


def test_a_kind_of_firm_or_a_place_before_chanye_is_no_industry():
    found = {(m.label, m.cls) for m in find_mentions("具有核心竞争力的中小企业产业集群")}
    assert ("中小企业", "Industry") not in found
    found = {(m.label, m.cls) for m in find_mentions("浙江省中小企业特色产业集群名单")}
    assert not any(cls == "Industry" for _, cls in found)  # a programme's name


def test_a_risk_that_labels_a_line_is_a_category_whatever_its_tags():
    text = "常见类型如下:\n自然风险:由自然因素造成。\n内部风险\n源自企业内部。\n主要风险:略"
    found = {m.label for m in find_mentions(text) if m.cls == "RiskCategory"}
    assert {"自然风险", "内部风险"} <= found
    assert "主要风险" not in found  # a generic word before 风险 names no category


def test_a_verb_before_a_product_is_no_part_of_its_name():
    assert [m.label for m in find_mentions("办理快贷的流程") if m.cls == "LoanProduct"] == ["快贷"]
    assert [m.label for m in find_mentions("申请快贷需要什么") if m.cls == "LoanProduct"] == [
        "快贷"
    ]


def test_the_loans_of_a_kind_of_bank_are_a_product():
    found = [(m.label, m.cls) for m in find_mentions("村镇银行贷款有哪些条件")]
    assert ("村镇银行贷款", "LoanProduct") in found
    assert find_mentions("银行贷款利率下调") == []  # 银行 alone names no kind


def test_a_loan_for_a_kind_of_firm_takes_the_kind_s_whole_name():
    found = [(m.label, m.cls) for m in find_mentions("中小微企业贷款的申请条件")]
    assert ("中小微企业贷款", "LoanProduct") in found


def test_a_loan_for_a_kind_of_borrower_keeps_its_word():
    found = [(m.label, m.cls) for m in find_mentions("个人创业担保贷款最高30万元")]
    assert ("个人创业担保贷款", "LoanProduct") in found
    assert find_mentions("个人贷款利率下调") == []  # 个人 alone names no product


def test_words_split_before_a_name_do_not_join_it():
    found = {(m.text, m.cls) for m in find_mentions("其中小微企业贷款是指发放给小型企业的贷款")}
    assert ("小微企业贷款", "LoanProduct") in found
    assert not any(text.startswith("中") for text, _ in found)


def test_a_quoted_party_a_text_defines_is_no_product():
    found = {(m.text, m.cls) for m in find_mentions("本办法中“借款人”指个体工商户经营贷款的借款人")}
    assert not any(text == "借款人" for text, _ in found)
    assert ("个体工商户经营贷款", "LoanProduct") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深度剖析企业贷款的申请门槛", {("LoanProduct", "企业贷款")}),  # a title's words
        ("以“分钟级”放款速度著称的税贷", set()),  # a quality in quotes is no product
        ("2024年新增网约车、直播等限制行业", {("Industry", "网约车"), ("Industry", "直播")}),
        ("行业限制:非房地产、娱乐等限制性行业", {("Industry", "房地产"), ("Industry", "娱乐")}),
        (
            "面向高技术制造业、先进制造业以及战略新兴产业等领域",
            {("Industry", "高技术制造业"), ("Industry", "战略新兴产业")},
        ),
        ("属医药、医疗器械等有特殊要求的行业", {("Industry", "医药"), ("Industry", "医疗器械")}),
    ],
)
def test_names_without_the_words_around_them(text, expected):
    found = {(m.cls, m.label) for m in find_mentions(text)}
    assert expected <= found
    assert not any(label.startswith(("深度", "年", "分钟")) for _, label in found)


def test_banks_in_general_are_no_organization():
    assert find_mentions("各大银行纷纷推出了小微企业贷款产品")[0].cls == "LoanProduct"


def test_a_government_body_s_field_is_no_industry():
    found = {(m.cls, m.label) for m in find_mentions("经市级工业和信息化部门认定的制造业企业")}
    assert ("Industry", "工业") not in found
    assert ("Industry", "制造业") in found


def test_a_name_broken_by_a_line_wrap_is_labelled_whole():
    from kgraph.nlp.mention_choice import _unwrapped

    assert _unwrapped("房产 抵押循环贷款") == "房产抵押循环贷款"
    assert _unwrapped("e 贷 通") == "e 贷通"


def test_a_quoted_series_and_product_joined_by_a_dash_is_one_name():
    found = {(m.cls, m.label) for m in find_mentions("“金穗快贷—惠农通”是本行推出的贷款产品")}
    assert ("LoanProduct", "金穗快贷—惠农通") in found


def test_a_copyright_line_names_the_bank_alone():
    found = {(m.cls, m.text) for m in find_mentions("页面版权归莱商银行所有")}
    assert ("Organization", "莱商银行") in found


def test_a_loan_jieba_knows_as_one_word_with_words_before_it():
    assert [(m.text, m.cls) for m in find_mentions("设施农业贷款的用途")] == [
        ("设施农业贷款", "LoanProduct")
    ]


def test_a_modifier_before_产业集群_is_no_industry():
    found = {(m.cls, m.label) for m in find_mentions("山东省特色产业集群名单公布")}
    assert not any(cls == "Industry" for cls, _ in found)
