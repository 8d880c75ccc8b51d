"""Tests of the loan-condition extractor (kgraph.nlp.conditions)."""

from __future__ import annotations

import pytest
import spacy

from kgraph.nlp.conditions import extract_conditions, parse_conditions
from kgraph.types import Condition


def labels(text: str) -> list[str]:
    return [c.label for c in parse_conditions(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("通常要求年销售收入不低于100万元", "年销售收入 >= 1000000 CNY"),
        ("注册时间一般要求满1年以上", "注册时间 >= 12 month"),
        ("企业存续时间需超过12个月", "存续时间 > 12 month"),
        ("持股比例不低于20%", "持股比例 >= 20 percent"),
        ("月均结算量不低于10万元", "月均结算量 >= 100000 CNY"),
        ("月均结算量不低于10万", "月均结算量 >= 100000 CNY"),
        ("单次逾期时长不超过30天", "单次逾期时长 <= 30 day"),
        ("纯信用贷款额度最高300万元", "纯信用贷款额度 <= 3000000 CNY"),
        ("企业纳税信用等级建议达到B级以上", "纳税信用等级 >= B grade"),
        ("增值税纳税等级需达到C级及以上", "增值税纳税等级 >= C grade"),
        ("评级需在AA以上", "评级 >= AA grade"),
        ("企业成立满2年", "成立时间 >= 24 month"),
        ("企业实际经营满2年以上", "实际经营时间 >= 24 month"),
        ("资产负债率不高于70%", "资产负债率 <= 70 percent"),
        ("资产负债率≤70%", "资产负债率 <= 70 percent"),
        ("贷款额度最高可达一千万元", "贷款额度 <= 10000000 CNY"),
        ("单户授信总额不超过1000万元", "单户授信总额 <= 10000000 CNY"),
        ("贷款期限最长不超过3年", "贷款期限 <= 36 month"),
        ("注册资本不低于人民币500万元", "注册资本 >= 5000000 CNY"),
        ("流动比率不低于1.2", "流动比率 >= 1.2"),
        ("芝麻信用分650分以上", "芝麻信用分 >= 650"),
        ("企业成立时间不少于两年", "成立时间 >= 24 month"),
        ("经营年限满三年", "经营年限 >= 36 month"),
        ("员工人数不少于10人", "员工人数 >= 10 count"),
        ("逾期天数不超过90天", "逾期天数 <= 90 day"),
        ("月均银行流水不低于二十万元", "月均银行流水 >= 200000 CNY"),
        ("首付比例不低于三成", "首付比例 >= 30 percent"),
        ("抵押率不超过七成五", "抵押率 <= 75 percent"),
        ("自有资金比例不低于百分之二十", "自有资金比例 >= 20 percent"),
        ("贷款金额1万元起", "贷款金额 >= 10000 CNY"),
        ("企业年纳税额20万元以上", "年纳税额 >= 200000 CNY"),
        ("借款人在本地居住满半年", "本地居住时间 >= 6 month"),
        ("担保人年龄不超过60岁", "担保人年龄 <= 60 age"),
        ("经营场所剩余租赁期限不足1年", "经营场所剩余租赁期限 < 12 month"),
        ("借款人年收入10万元以上(不含)", "年收入 > 100000 CNY"),
        ("借款人年收入超过10万元以上", "年收入 > 100000 CNY"),
        ("云南的中小企业年销售收入不低于100万元", "年销售收入 >= 1000000 CNY"),
        ("个体工商户经营满1年", "经营时间 >= 12 month"),
    ],
)
def test_conditions_comparisons(sentence: str, expected: str) -> None:
    assert labels(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("法定代表人需年满18周岁且不超过65周岁", "法定代表人年龄 between 18..65 age"),
        ("申请人年龄在18-60周岁之间", "年龄 between 18..60 age"),
        ("借款人年龄18至65周岁", "年龄 between 18..65 age"),
        ("申请人年龄需在25周岁(含)至60周岁(含)之间", "年龄 between 25..60 age"),
        ("年营业收入在500万元至1亿元之间", "年营业收入 between 5000000..100000000 CNY"),
        ("贷款期限1-3年", "贷款期限 between 12..36 month"),
        ("借款人年龄18周岁以上65周岁以下", "年龄 between 18..65 age"),
        ("年销售额不低于500万元且不超过1亿元", "年销售额 between 5000000..100000000 CNY"),
    ],
)
def test_conditions_ranges_and_bounds_become_between(sentence: str, expected: str) -> None:
    assert labels(sentence) == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("法定代表人个人征信近24个月逾期记录不得超过6次", [("逾期次数 <= 6 count", "24 month")]),
        ("近6个月纳税总额不少于5万元", [("纳税总额 >= 50000 CNY", "6 month")]),
        ("近一年开票金额达到200万元以上", [("开票金额 >= 2000000 CNY", "12 month")]),
        ("企业征信近3个月查询次数不超过5次", [("查询次数 <= 5 count", "3 month")]),
        ("近半年征信查询不超过6次", [("征信查询次数 <= 6 count", "6 month")]),
        (
            "近两年内无欠税记录、无环保行政处罚",
            [("欠税记录 not_has", "24 month"), ("环保行政处罚 not_has", "24 month")],
        ),
        ("连续3个月内无逾期", [("逾期 not_has", "3 month")]),
        (
            "企业近6个月对公账户流水需保持稳定,月均结算量不低于10万元",
            [("对公账户流水 = 稳定", "6 month"), ("月均结算量 >= 100000 CNY", "6 month")],
        ),
        (
            "纳税记录要求近12个月无断缴情况,增值税纳税等级需达到C级及以上",
            [("纳税断缴 not_has", "12 month"), ("增值税纳税等级 >= C grade", "")],
        ),
    ],
)
def test_conditions_windows(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.label, c.window) for c in parse_conditions(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("无当前逾期贷款", ["当前逾期贷款 not_has"]),
        ("企业存续期间无重大违法违规记录", ["重大违法违规记录 not_has"]),
        ("征信无不良记录", ["不良记录 not_has"]),
        ("企业及实际控制人无涉诉记录", ["涉诉记录 not_has"]),
        ("信用卡当前无逾期", ["逾期 not_has"]),
        ("借款人没有未结清的不良贷款", ["未结清不良贷款 not_has"]),
        ("不得有违法经营行为", ["违法经营行为 not_has"]),
        ("未被列入失信被执行人名单", ["失信被执行人名单 not_has"]),
        (
            "明确禁止用于证券投资、房地产购买、转贷等违规用途",
            ["证券投资用途 not_has", "房地产购买用途 not_has", "转贷用途 not_has"],
        ),
    ],
)
def test_conditions_negated_requirements(sentence: str, expected: list[str]) -> None:
    assert labels(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("申请主体需持有有效的营业执照及相关行业许可证", ["营业执照 has", "行业许可证 has"]),
        ("借款人须持有本地户口", ["本地户口 has"]),
        ("持有中国大陆居民身份证", ["中国大陆居民身份证 has"]),
        ("特殊行业需提供行政许可证明", ["行政许可证明 has"]),
        ("教育培训机构需出示办学许可证", ["办学许可证 has"]),
        ("申请时需提交用款计划书", ["用款计划书 has"]),
        ("需提供省级以上主管部门的批准文件", ["省级以上主管部门批准文件 has"]),
        ("还需提供设备购置发票或厂房租赁合同等经营佐证材料", ["经营佐证材料 has"]),
        ("放款后需保留相关购销合同和发票备查", ["购销合同 has", "发票 has"]),
        ("需提供抵押物或第三方担保", ["抵押物或第三方担保 has"]),
        ("借款人须提供近两年财务报表及近6个月银行流水", ["财务报表 has", "银行流水 has"]),
        # 凭: what one applies with is needed, even where applying is only allowed
        ("小微企业可以凭纳税证明及购销合同向银行申请贷款", ["纳税证明 has", "购销合同 has"]),
        ("凭借技术优势获得授信", []),
    ],
)
def test_conditions_held_documents(sentence: str, expected: list[str]) -> None:
    assert labels(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a record or state judged by a quality word
        ("申请人信用状况良好", ["信用状况 = 良好"]),
        ("企业征信记录良好,无不良贷款余额", ["征信记录 = 良好", "不良贷款余额 not_has"]),
        ("企业经营状况正常", ["经营状况 = 正常"]),
        ("企业近6个月对公账户流水需保持连续性和稳定性", ["对公账户流水 = 连续稳定"]),
        ("借款人近12个月银行流水需保持连续稳定", ["银行流水 = 连续稳定"]),
        # registration in a region: the region's canonical label, 境内/辖内 dropped
        ("企业注册地址须位于浙江省境内", ["注册地址 = 浙江省"]),
        ("注册地为杭州", ["注册地址 = 杭州市"]),
        ("在广东省内依法注册的小微企业", ["注册地址 = 广东省"]),
        ("面向注册地在珠三角地区的科技型企业", ["注册地址 = 珠三角"]),
        ("在中国大陆境内依法注册登记的个体工商户", ["注册地址 = 中国大陆"]),
        # a status, with the person subject kept
        ("借款人须为具有完全民事行为能力的中国公民", ["身份 = 中国公民"]),
        ("申请人须为年满18周岁的中国公民", ["身份 = 中国公民", "年龄 >= 18 age"]),
        ("主要股东须为境内居民", ["主要股东身份 = 境内居民"]),
        # the use of the funds
        ("贷款资金只能用于购买生产设备", ["贷款用途 = 购买生产设备"]),
        ("借款用途限于企业日常经营周转", ["贷款用途 = 日常经营周转"]),
        ("贷款资金仅限于生产经营", ["贷款用途 = 生产经营"]),
        ("资金用途仅限企业原材料采购", ["贷款用途 = 原材料采购"]),
        ("资金需用于企业采购原材料,包括支付货款等", ["贷款用途 = 采购原材料"]),
        # who operates the application, the line of business
        ("须由法定代表人本人亲自办理", ["申请操作人 = 法定代表人"]),
        ("申请须由企业财务负责人或授权代理人提交", ["申请操作人 = 财务负责人或授权代理人"]),
        (
            "企业须从事合规行业,无重大违法违规记录",
            ["经营行业 = 合规行业", "重大违法违规记录 not_has"],
        ),
        ("借款人须从事农业生产经营相关行业", ["经营行业 = 农业生产经营相关行业"]),
    ],
)
def test_conditions_categorical_requirements(sentence: str, expected: list[str]) -> None:
    assert labels(sentence) == expected


def test_conditions_categorical_requirement_keeps_its_span_and_window() -> None:
    found = parse_conditions("企业近6个月对公账户流水需保持稳定")
    assert [(c.op, c.value, c.unit, c.window) for c in found] == [("=", "稳定", "", "6 month")]
    assert found[0].text == "对公账户流水需保持稳定"
    assert found[0].as_dict()["label"] == "对公账户流水 = 稳定"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # banned uses: one ban for each use, 或 included
        ("贷款不得用于股票、期货等投机经营", ["股票用途 not_has", "期货用途 not_has"]),
        ("禁止用于购房或者偿还其他贷款", ["购房用途 not_has", "偿还其他贷款用途 not_has"]),
        ("贷款资金不得用于股票投资", ["股票投资用途 not_has"]),
        # prohibited charges
        ("银行不得向借款人收取财务顾问费、咨询费", ["财务顾问费 not_has", "咨询费 not_has"]),
        ("严禁收取账户管理费", ["账户管理费 not_has"]),
        # a negated event takes the topic of its clause
        ("纳税申报要求近24个月无中断", ["纳税申报中断 not_has"]),
        (
            "营业收入不低于500万元,且近两年无明显下滑",
            ["营业收入 >= 5000000 CNY", "营业收入明显下滑 not_has"],
        ),
        ("信用卡当前无逾期", ["逾期 not_has"]),
    ],
)
def test_conditions_uses_charges_and_events(sentence: str, expected: list[str]) -> None:
    assert labels(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a count before the counted thing
        ("企业拥有至少一项已授权的发明专利", [("已授权发明专利 >= 1 count", "")]),
        ("企业须拥有2项以上实用新型专利", [("实用新型专利 >= 2 count", "")]),
        ("需有不少于3名专职研发人员", [("专职研发人员 >= 3 count", "")]),
        ("拥有有效发明专利1件以上", [("有效发明专利 >= 1 count", "")]),
        ("近一年内新增专利不少于3件", [("新增专利 >= 3 count", "12 month")]),
        # a share of a base
        ("研发人员占职工总数的比例不低于10%", [("研发人员占职工总数比例 >= 10 percent", "")]),
        ("研发投入占销售收入的比重不低于3%", [("研发投入占销售收入比重 >= 3 percent", "")]),
        ("抵押率最高不超过评估价值的70%", [("抵押率 <= 70 percent", "")]),
        ("质押率原则上不超过质物评估值的五成", [("质押率 <= 50 percent", "")]),
        # a bound whose metric was stated before it
        ("贷款期限通常为3年,最长不超过5年", [("贷款期限 <= 60 month", "")]),
        # the scope of a rule; the lender's own time limit is no borrower's condition
        (
            "对单笔金额100万元以下的业务,审批时限不超过3个工作日",
            [("单笔金额 <= 1000000 CNY", "")],
        ),
        ("近1个月贷款审批查询不超过4次", [("贷款审批查询次数 <= 4 count", "1 month")]),
        # a set of grades from A is the worst of them
        ("纳税信用等级为A级或B级", [("纳税信用等级 >= B grade", "")]),
        ("纳税等级A级、B级均可", [("纳税信用等级 >= B grade", "")]),
        # a negated comparator is a requirement, even with a word of statistics
        ("近12个月累计逾期不超过3次", [("累计逾期次数 <= 3 count", "12 month")]),
        ("借款人年龄在22(含)至55(含)周岁之间", [("年龄 between 22..55 age", "")]),
        ("单户担保金额不超过500万元", [("单户担保金额 <= 5000000 CNY", "")]),
        ("担保费率不超过1%", [("担保费率 <= 1 percent", "")]),
    ],
)
def test_conditions_counts_shares_and_carried_metrics(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert [(c.label, c.window) for c in parse_conditions(sentence)] == expected


def test_conditions_held_documents_completed_and_optional() -> None:
    assert labels("申请人须已完成数字证书认证") == ["数字证书认证 has"]
    assert labels("已完成支付宝实名认证") == ["支付宝实名认证 has"]
    assert labels("也可以提供房产证明作为补充") == []


def test_conditions_held_documents_take_the_window_inside_the_list() -> None:
    found = parse_conditions("提供近一年的对公账户流水或税务记录")
    assert [(c.label, c.window) for c in found] == [("对公账户流水或税务记录 has", "12 month")]


@pytest.mark.parametrize(
    "sentence",
    [
        "2026-01-23 08:30:39 火382人看过",
        "于2026年1月23日发布",
        "云南中小企业占比常年保持在百分之九十五以上",
        "对市场趋势的误判占比最高,达到历史案例的六成以上",
        "截至2024年末,全省中小企业数量超过50万家",
        "超过300万元的贷款需要另行审批",
        "微众银行会通过超过200项数据维度构建企业画像",
        "部分优质企业可放宽至6个月",
        "经营收入需达到一定规模",
        "年化利率低至3.65%",
        "无需抵押,无法提供担保也可申请",
        "为企业提供高效便捷的资金支持",
        "企业需具备持续发展的意愿",
        "核心企业提供的应收账款质押",
        "该产品于2019年推出,已服务10万家企业",
        # questions, quotes, optional items and services given to others
        "页面显示“无可用额度”是什么原因?",
        "额度“暂无”怎么办?",
        "担保机构为中小企业提供融资担保",
        "可提供知识产权证明作为补充资质",
        "科技型企业可提供专利证书作为增信材料",
        # statistics, narration, policy aims and advice
        "该行贷款余额累计超过500亿元",
        "资金主要用于支持乡村振兴",
        "专项资金用于补贴小微企业贷款利息",
        "该行总部位于上海市",
        "该公司于2015年在上海市注册成立",
        "在本市注册的小微企业",
        "经济运行总体稳定",
        "建议保持征信记录良好",
        "提前还款不收违约金",
        "通过超过200项数据维度构建企业画像",
        "有超过百家传统零售企业创始人退出市场",
        "从业人员三百人以下或营业收入两亿元以下的为中小微型企业",
    ],
)
def test_conditions_ignore_non_requirements(sentence: str) -> None:
    assert parse_conditions(sentence) == []


def test_conditions_offsets_and_text_match_the_sentence() -> None:
    sentence = "企业和法定代表人征信记录良好,无当前逾期贷款,持股比例不低于20%。"
    found = parse_conditions(sentence)
    assert found
    for c in found:
        assert sentence[c.start : c.end] == c.text
    assert found[-1].text == "持股比例不低于20%"


def test_conditions_full_width_text_is_read() -> None:
    found = parse_conditions("资产负债率不高于７０％，且年龄在１８～６０周岁之间")
    assert [c.label for c in found] == ["资产负债率 <= 70 percent", "年龄 between 18..60 age"]
    assert found[0].text == "资产负债率不高于７０％"


def test_conditions_person_subject_carries_to_a_joined_clause() -> None:
    found = parse_conditions("法定代表人及实际控制人需为中国大陆公民,且持股比例不低于20%")
    assert [c.label for c in found] == [
        "法定代表人及实际控制人身份 = 中国大陆公民",
        "法定代表人及实际控制人持股比例 >= 20 percent",
    ]


def test_conditions_keyword_options_select_patterns() -> None:
    sentence = "持有营业执照,无当前逾期贷款,年销售收入不低于100万元"
    assert labels(sentence) == [
        "营业执照 has",
        "当前逾期贷款 not_has",
        "年销售收入 >= 1000000 CNY",
    ]
    only = parse_conditions(sentence, negated=False, held=False)
    assert [c.op for c in only] == [">="]
    assert labels("征信记录良好") == ["征信记录 = 良好"]
    assert parse_conditions("征信记录良好", categorical=False) == []


def test_conditions_extract_conditions_reads_a_spacy_doc() -> None:
    doc = spacy.blank("zh").make_doc("注册时间满1年以上")
    found = list(extract_conditions(doc, offset=100))
    assert found == [
        Condition("注册时间", ">=", 12.0, None, "month", "", "注册时间满1年以上", 100, 109)
    ]


def test_conditions_webank_article_sentences() -> None:
    text = "法定代表人个人征信近24个月逾期记录不得超过6次,且单次逾期时长不超过30天。"
    found = parse_conditions(text)
    assert [(c.label, c.window) for c in found] == [
        ("逾期次数 <= 6 count", "24 month"),
        ("单次逾期时长 <= 30 day", "24 month"),
    ]
    assert found[0].as_dict() == {
        "label": "逾期次数 <= 6 count",
        "metric": "逾期次数",
        "op": "<=",
        "value": 6,
        "unit": "count",
        "window": "24 month",
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("贷款期限:最长3年", "贷款期限 <= 36 month"),  # a label and a bounded value
        ("额度:最高30万元", "贷款额度 <= 300000 CNY"),
        ("期限:1-3年", "贷款期限 between 12..36 month"),
    ],
)
def test_a_field_label_is_the_metric_of_its_bounded_value(text, label):
    found = parse_conditions(text)
    assert [c.label for c in found] == [label]
    assert text[found[0].start : found[0].end] == found[0].text


def test_a_sanction_clause_states_no_condition():
    assert parse_conditions("逾期不改正的,处一万元以上十万元以下罚款。") == []


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("提前还款无违约金", []),  # what the product costs, not a requirement
        ("不收手续费、担保费等额外费用", []),
        ("银行不得向小微企业收取贷款承诺费", ["贷款承诺费 not_has"]),  # a prohibited charge
        ("特别适用于成立满2年的小微企业", ["成立时间 >= 24 month"]),  # 满…的 still requires
        ("经营满3年以上的个体工商户", ["经营时间 >= 36 month"]),
    ],
)
def test_costs_are_no_requirements_and_a_full_term_is_one(text, labels):
    assert [c.label for c in parse_conditions(text)] == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("净息还款:年化7%-12%", []),  # a price range, not a requirement
        ("年化利率不超过4%", ["年化利率 <= 4 percent"]),  # a cap on the price still is
        ("某行小微易贷最高300万元", ["贷款额度 <= 3000000 CNY"]),  # the product's amount
        ("纯信用贷款额度最高300万元", ["纯信用贷款额度 <= 3000000 CNY"]),
    ],
)
def test_prices_and_product_bounds(text, labels):
    assert [c.label for c in parse_conditions(text)] == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("借款人须满足信用评分620分以上的准入条件", ["信用评分 >= 620"]),
        ("适用于注册满18个月、实控人稳定的小微企业", ["注册时间 >= 18 month"]),
        ("营业收入100万元以上的企业有300家", []),  # a statistic's scope, not a requirement
    ],
)
def test_a_threshold_named_as_a_condition_or_in_a_list_of_traits(text, labels):
    assert [c.label for c in parse_conditions(text)] == labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("纳税信用等级A、B或M级", "纳税信用等级 >= M grade"),  # tax grades: A > B > M > C > D
        ("纳税信用等级M级以上", "纳税信用等级 >= M grade"),
        ("企业纳税评级为AB级", "纳税信用等级 >= B grade"),  # a set written together
        ("主体信用评级AA+级及以上", "信用评级 >= AA+ grade"),  # a rating, not a set
        ("资产负债率控制在70%以下", "资产负债率 <= 70 percent"),
    ],
)
def test_grade_sets_and_kept_ratios(text, label):
    assert [c.label for c in parse_conditions(text)] == [label]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # a bound on a credit line or a per-borrower scope names its amount or term
        ("综合授信最高200万元", ["综合授信额度 <= 2000000 CNY"]),
        ("单户最高800万元", ["单户贷款额度 <= 8000000 CNY"]),
        ("单笔借据最长期限6个月", ["单笔借据期限 <= 6 month"]),
        ("单户担保金额不超过300万元", ["单户担保金额 <= 3000000 CNY"]),
        ("实际经营时间达6个月以上", ["实际经营时间 >= 6 month"]),
        # a metric's other name gives the usual one
        ("纳税评级需B级以上", ["纳税信用等级 >= B grade"]),
        # a share held is a 比例, and the person before the modal holds it
        ("实际控制人需持股不低于15%", ["实际控制人持股比例 >= 15 percent"]),
        # a case the bound holds in takes the metric before it
        (
            "信用贷款最高100万元(抵押模式下最高600万元)",
            ["贷款额度 <= 1000000 CNY", "贷款额度 <= 6000000 CNY"],
        ),
        ("成立36个月以上的企业可直接申请", ["成立时间 >= 36 month"]),
        ("信用贷款:限额≤80万元", ["贷款额度 <= 800000 CNY"]),
        ("贷款期限:最长24期", ["贷款期限 <= 24 month"]),  # 期: monthly instalments
        ("需在电商平台具备三年以上经营历史", ["经营历史 >= 36 month"]),  # a held duration
        ("信用卡使用率不超60%", ["信用卡使用率 <= 60 percent"]),  # 不超 is 不超过
        ("经营者年龄22--58岁", ["经营者年龄 between 22..58 age"]),  # a doubled dash
        ("该区全年实现贷款投放超200亿元", []),  # a result achieved, no requirement
        ("计划支持不少于5万户小微企业融资", []),  # a policy's target, no requirement
        ("企业须实现年营业收入超过800万元", ["年营业收入 > 8000000 CNY"]),
        ("且无当前无诉讼、经营无当前欠税", ["诉讼 not_has", "当前欠税 not_has"]),
        ("年龄需在22-60周岁之间,个别银行放宽至65周岁", ["年龄 between 22..60 age"]),
        # 有 holds a record in a list of traits; 有 elsewhere holds nothing
        ("适用于成立满3年、近1年有开票记录的个体户", ["成立时间 >= 36 month", "开票记录 has"]),
        ("企业有能力按期还款", []),
        ("资信良好,有按期偿还本息能力", ["资信 = 良好", "按期偿还本息能力 has"]),
        ("须具有独立法人资格", ["独立法人资格 has"]),
        ("老客户需提供补充经营数据", ["补充经营数据 has"]),
        # a comparator before 额度/期限 with no metric bounds the loan's amount or term
        (
            "线上信用贷款,最高额度80万元,最长期限2年",
            ["贷款额度 <= 800000 CNY", "贷款期限 <= 24 month"],
        ),
        ("征信良好,近1年内无连续2期以上逾期", ["征信记录 = 良好"]),
        ("与上游企业结算不少于10笔", ["结算笔数 >= 10 count"]),  # a count of 笔 is 笔数
        # a loan's term stated as a value is fixed; a credit line's validity is not a term
        ("单笔借款期限为6个月", ["单笔借款期限 = 6 month"]),
        ("授信有效期2年,可循环使用", []),
        # what has not happened: a change of a role, a listing
        ("成立满3年且法人代表未变更", ["成立时间 >= 36 month", "法定代表人变更 not_has"]),
        ("未在境内外上市的中小企业", ["上市 not_has"]),
        ("实际控制人未发生变更", ["实际控制人变更 not_has"]),
        ("目前信贷资产风险分类须为正常类", ["信贷资产风险分类 = 正常类"]),  # a class to be in
        ("申请人须在法定劳动年龄内", ["年龄 = 法定劳动年龄内"]),  # an age set by law
        # a use ends at a bracketed example, without the kind of firm before it
        ("资金仅限用于个体工商户日常经营周转(如进货)", ["贷款用途 = 日常经营周转"]),
        # a bound relative to another amount is a ratio
        ("授信金额≤近2年营业收入×15%", ["授信金额占营业收入比例 <= 15 percent"]),
        ("月均流水需覆盖月还款额的3倍以上", ["月均流水与月还款额比 >= 300 percent"]),
        ("资金严禁流入期货、楼市等领域", ["期货用途 not_has", "楼市用途 not_has"]),
        ("年龄20-60周岁(个别产品上限55周岁)", ["年龄 between 20..60 age"]),  # a variant's cap
        ("压缩放款时效至3天内", []),  # the lender's own process
        ("申请人需为一般纳税人", ["身份 = 一般纳税人"]),
        # 连N累M bounded by 不超过 is two counts; a bracketed note leaves a negated noun
        (
            "征信无严重不良记录(近3年逾期不超过连2累5)",
            ["严重不良记录 not_has", "连续逾期次数 <= 2 count", "累计逾期次数 <= 5 count"],
        ),
        # an alternative bound keeps its own metric, without the 或
        ("年开票额≥100万元或纳税额≥5万元", ["年开票额 >= 1000000 CNY", "纳税额 >= 50000 CNY"]),
        ("近两年无连续2个月或累计5次逾期", []),  # counts, not a thing to lack
    ],
)
def test_metric_names_completed(text, labels):
    assert [c.label for c in parse_conditions(text)] == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # groups of borrowers scope a bound; inside brackets they bound the metric before
        ("负债率(一般客户≤60%,优质客户≤80%)", ["负债率 <= 60 percent", "负债率 <= 80 percent"]),
        ("小微客群线上申请最高30万元", ["线上申请额度 <= 300000 CNY"]),
        ("新设企业凭发票最高20万元", []),  # a means of proof, no metric
        # prices, the lender's process and waived or product-side items are no requirement
        ("年化利率4%起", []),
        ("利率可下浮0.2%-0.5%", []),
        ("审批时效:最快1小时,特殊情况不超过2个工作日", []),
        ("全程线上,无需提交纸质证明", []),
        ("纯信用,无抵质押,无最低额度限制", []),
    ],
)
def test_groups_prices_and_product_features(text, labels):
    assert [c.label for c in parse_conditions(text)] == labels


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("实际控制人信用良好", ["实际控制人信用 = 良好"]),
        ("法定代表人及其配偶信用良好", ["法定代表人信用 = 良好", "法定代表人配偶信用 = 良好"]),
        (
            "企业主(实际控制人)和主要股东等征信记录良好、品行端正、无不良嗜好",
            [
                "企业主征信记录 = 良好",
                "主要股东征信记录 = 良好",
                "企业主品行 = 端正",
                "主要股东品行 = 端正",
                "不良嗜好 not_has",
            ],
        ),
        ("借款人品行端正", ["品行 = 端正"]),
    ],
)
def test_traits_shared_by_listed_persons_are_each_persons(sentence, expected):
    assert labels(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("近两年内无连3累6", ["连三累六逾期记录 not_has"]),
        ("税务B级及以上", ["纳税信用等级 >= B grade"]),
        ("资产负债率还是得低于70%", ["资产负债率 < 70 percent"]),
        # two activities sharing one period; an inclusive bound; 前N个月 as a window
        ("注册及纳税均满两年", ["注册时间 >= 24 month", "纳税时间 >= 24 month"]),
        ("近一年开票金额大于50万元(含)", ["开票金额 >= 500000 CNY"]),
        ("适用于纳税信用等级为B级(含)以上的小微企业", ["纳税信用等级 >= B grade"]),
    ],
)
def test_metrics_named_the_short_way(sentence, expected):
    assert labels(sentence) == expected


def test_the_months_before_are_a_window():
    (c,) = parse_conditions("前12个月纳税总额不低于5万元")
    assert (c.label, c.window) == ("纳税总额 >= 50000 CNY", "12 month")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a bound naming no metric takes the term or amount the sentence opens with
        ("授信期限根据生产周期确定,最长不超过3年", ["授信期限 <= 36 month"]),
        ("贷款额度视经营情况而定,原则上最高可达50万元", ["贷款额度 <= 500000 CNY"]),
        ("企业根据经营情况确定,最高可达30万元", []),
        # 年满 before an age range only says it is an age
        ("借款人年满20周岁至55周岁", ["年龄 between 20..55 age"]),
        ("符合条件的年满十八周岁至六十周岁的居民", ["年龄 between 18..60 age"]),
    ],
)
def test_bounds_read_from_the_sentence_around_them(sentence, expected):
    assert labels(sentence) == expected


def test_a_negated_item_ends_at_a_connective():
    assert labels("要求征信无当前逾期且近3个月查询少于6次") == [
        "当前逾期 not_has",
        "查询次数 < 6 count",
    ]


@pytest.mark.parametrize(
    "sentence",
    ["近2年不能连三累六(信用卡、贷款都算)", "近两年无连续3期累计6期逾期", "近2年内无连3累6"],
)
def test_a_streak_that_must_not_have_happened(sentence):
    (c,) = parse_conditions(sentence)
    assert (c.label, c.window) == ("连三累六逾期记录 not_has", "24 month")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("信用最高300万,抵押最高800万", ["贷款额度 <= 3000000 CNY", "贷款额度 <= 8000000 CNY"]),
        ("最高额度150万", ["贷款额度 <= 1500000 CNY"]),
    ],
)
def test_bare_amounts_of_a_loan(sentence, expected):
    assert labels(sentence) == expected


def test_a_dotted_list_marker_is_no_part_of_a_metric():
    assert labels("1.借款人持续经营期限不得少于6个月,现金流充足;") == [
        "持续经营期限 >= 6 month",
        "现金流 = 充足",
    ]


def test_a_preposition_is_no_metric():
    assert labels("按照不高于可支配收入的70%测算,还款期限最长不超过一年") == [
        "还款期限 <= 12 month"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("最高授信1000万元", ["授信额度 <= 10000000 CNY"]),
        ("最高可贷500万元", ["贷款额度 <= 5000000 CNY"]),
        ("最高贷款额度300万元", ["贷款额度 <= 3000000 CNY"]),
        ("单人最高50万", ["单人贷款额度 <= 500000 CNY"]),
        ("最高贷款金额为1000万元", ["贷款金额 <= 10000000 CNY"]),
    ],
)
def test_the_amount_named_between_bound_and_number(sentence, expected):
    assert labels(sentence) == expected


def test_a_chance_is_no_requirement_and_a_word_is_not_split():
    assert labels("贷款损失的概率不会超过5%") == []
    assert labels("无影响贷款本息及时偿还的因素") == ["影响贷款本息及时偿还因素 not_has"]


def test_records_of_listed_sources_are_each_source_s():
    assert labels("经营实体无征信、工商、司法等负面记录") == [
        "征信负面记录 not_has",
        "工商负面记录 not_has",
        "司法负面记录 not_has",
    ]
    assert labels("无欠税、欠息等不良记录") == ["欠税 not_has", "欠息 not_has"]


def test_neither_of_two_records():
    assert labels("且无行政处罚或经营异常记录") == ["行政处罚 not_has", "经营异常记录 not_has"]


def test_an_inclusive_threshold_is_a_requirement_though_it_counts_a_total():
    assert labels("近12个月累计结算笔数100笔(含)以上") == ["累计结算笔数 >= 100 count"]
    assert labels("全市累计培育企业709家") == []
