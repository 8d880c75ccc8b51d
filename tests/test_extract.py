from kgraph.api import extract_text
from kgraph.extract.document import to_gold_format


def triples(ex):
    """An extraction's relations as (head label, relation, tail label)."""
    return {(r.head.label, r.relation, r.tail.label) for r in ex.relations}


def test_extract_offsets_are_document_offsets(sample_kg):
    for ex in sample_kg.extractions:
        for m, ev in ex.mentions:
            assert ex.doc.text[m.start : m.end] == m.text
            assert ex.doc.text[ev.start : ev.end] == ev.sentence
            assert ev.start <= m.start < m.end <= ev.end


def test_extract_title_product_is_the_subject_of_conditions():
    ex = extract_text(
        "申请人年龄须在18至60周岁之间。企业成立满2年。", title="某银行经营贷款申请条件"
    )
    rels = triples(ex)
    assert ("经营贷款", "requires", "申请人年龄 between 18..60 age") in rels or (
        "经营贷款",
        "requires",
        "年龄 between 18..60 age",
    ) in rels
    assert any(t.endswith(">= 24 month") for h, r, t in rels if r == "requires")


def test_extract_no_conditions_outside_lending_articles():
    ex = extract_text("中小企业数量占比常年保持在百分之九十五以上。", title="云南的中小企业")
    assert ex.conditions == ()


def test_extract_classification_gives_subcategories():
    text = (
        "业界将金融风险划分为以下几种核心类型。\n"
        "信用风险,指借款人违约的可能。\n"
        "市场风险,指价格波动带来的损失。"
    )
    ex = extract_text(text, title="金融风险")
    rels = triples(ex)
    assert ("信用风险", "subCategoryOf", "金融风险") in rels
    assert ("市场风险", "subCategoryOf", "金融风险") in rels


def test_extract_gazetteer_hierarchy_between_mentioned_regions():
    ex = extract_text("勐海县的茶企业很多,西双版纳也有不少。云南的茶叶闻名全国。", title="茶产业")
    rels = {(r.head.label, r.relation, r.tail.label, r.source) for r in ex.relations}
    assert ("勐海县", "partOf", "西双版纳傣族自治州", "gazetteer") in rels
    assert ("西双版纳傣族自治州", "partOf", "云南省", "gazetteer") in rels


def test_extract_gold_format_lists_each_entity_once(sample_kg):
    for ex in sample_kg.extractions:
        record = to_gold_format(ex)
        keys = [(e["type"], e["label"]) for e in record["entities"]]
        assert len(keys) == len(set(keys))
        labels = {c["label"] for c in record["conditions"]}
        assert all(r["tail"] in labels for r in record["relations"] if r["relation"] == "requires")


def test_extract_heading_line_governs_the_industries_under_it():
    text = "本行推出创业担保贷款。\n【重点支持领域】\n现代物流、文化创意等领域。"
    ex = extract_text(text, title="某银行创业担保贷款介绍")
    rels = triples(ex)
    assert ("创业担保贷款", "supportsIndustry", "现代物流") in rels or (
        "创业担保贷款",
        "supportsIndustry",
        "物流",
    ) in rels


def test_extract_policy_without_product_in_title_uses_the_first_product():
    text = "各银行要加大普惠贷款投放。\n单户贷款额度不超过1000万元。"
    ex = extract_text(text, title="关于加大普惠金融支持力度的通知")
    rels = triples(ex)
    assert ("普惠贷款", "requires", "单户贷款额度 <= 10000000 CNY") in rels


def test_extract_eligibility_heading_and_shared_head_types():
    text = "本行推出税易贷。\n一、适用对象\n符合划型标准的小型、微型企业。"
    ex = extract_text(text, title="某银行税易贷介绍")
    rels = triples(ex)
    assert ("小型企业", "eligibleFor", "税易贷") in rels
    assert ("微型企业", "eligibleFor", "税易贷") in rels


def test_a_table_under_an_outline_item_lists_its_kinds():
    text = (
        "银行风险概览\n1. 信用风险\n借款人违约的风险。\n2. 操作风险\n流程缺陷引发的风险,包含以下子类:\n"
        "| 子类 | 示例 |\n|---|---|\n| 业务中断风险 | 系统宕机 |\n| 欺诈风险 | 伪造票据 |\n"
        "3. 流动性风险\n无法及时获得资金的风险,包含融资流动性风险和市场流动性风险。\n"
    )
    ex = extract_text(text.split("\n", 1)[1], title="银行风险概览")
    rels = triples(ex)
    assert ("业务中断风险", "subCategoryOf", "操作风险") in rels
    assert ("欺诈风险", "subCategoryOf", "操作风险") in rels
    assert ("融资流动性风险", "subCategoryOf", "流动性风险") in rels
    assert ("市场流动性风险", "subCategoryOf", "流动性风险") in rels


def test_a_classification_lists_its_classes_not_the_kinds_under_them():
    text = (
        "企业风险主要分为以下三类:\n1. 信用风险\n借款人违约的风险。\n2. 操作风险\n"
        "流程缺陷引发的风险,包含以下子类:\n| 子类 | 示例 |\n|---|---|\n"
        "| 业务中断风险 | 系统宕机 |\n| 欺诈风险 | 伪造票据 |\n3. 流动性风险\n资金不足的风险。\n"
    )
    ex = extract_text(text, title="企业风险")
    rels = triples(ex)
    assert ("操作风险", "subCategoryOf", "企业风险") in rels
    assert ("流动性风险", "subCategoryOf", "企业风险") in rels
    assert ("业务中断风险", "subCategoryOf", "操作风险") in rels
    assert ("业务中断风险", "subCategoryOf", "企业风险") not in rels


def test_materials_under_a_materials_head_are_has_conditions_of_the_product():
    text = "一、申请条件\n1、企业成立满2年;\n二、所需材料\n(1)营业执照、公司章程;\n(2)近两年财务报表。\n"
    ex = extract_text(text, title="某银行税易贷产品介绍")
    labels = {c.label for c, _ in ex.conditions}
    assert {"成立时间 >= 24 month", "营业执照 has", "公司章程 has", "财务报表 has"} <= labels
    rels = triples(ex)
    assert ("税易贷", "requires", "营业执照 has") in rels


def test_a_statute_keeps_only_the_conditions_of_a_listed_requirement():
    text = (
        "第五条 申请政府性融资担保的中小企业应当符合下列条件:\n(一)持有有效的营业执照;\n"
        "(二)纳税信用等级为B级以上。\n第九条 违反本条例的,处一万元以上五万元以下罚款。\n"
        "第十条 融资担保公司的注册资本不低于2000万元。\n"
    )
    ex = extract_text(text, title="某省融资担保条例")
    labels = {c.label for c, _ in ex.conditions}
    assert "纳税信用等级 >= B grade" in labels
    assert not any("注册资本" in label or "10000" in label for label in labels)


def test_enterprise_types_listed_as_requirements_are_eligible():
    text = "2.企业申请条件\n符合以下条件之一:\n1、高新技术企业\n2、科技型中小企业\n"
    ex = extract_text(text, title="某市“科创贷”管理办法")
    rels = triples(ex)
    assert ("高新技术企业", "eligibleFor", "科创贷") in rels
    assert ("科技型中小企业", "eligibleFor", "科创贷") in rels


def test_a_government_in_the_title_offers_no_loan():
    ex = extract_text("对中小微企业贷款给予贴息。", title="财政部:实施中小微企业贷款贴息政策")
    assert not [r for r in ex.relations if r.relation == "offers"]


def test_the_product_named_most_is_the_article_s_subject():
    text = (
        "产品简介:快享贷是某行面向小微企业的线上贷款。\n快享贷额度最高100万元。\n"
        "申请条件\n1、企业成立满2年\n办理渠道:也可通过“某行e融”小程序或信用贷款柜台办理。\n"
    )
    ex = extract_text(text, title="金融助企特色产品介绍")
    rels = triples(ex)
    assert ("快享贷", "requires", "成立时间 >= 24 month") in rels


def test_kinds_listed_under_a_head_are_entities_of_its_class():
    text = (
        "1. 信用风险\n借款人违约的风险。\n2. 操作风险\n流程缺陷引发的风险,包含以下子类:\n"
        "| 子类 | 示例 |\n|---|---|\n| 内部欺诈 | 员工盗用资金 |\n| 外部欺诈 | 伪造票据 |\n"
    )
    ex = extract_text(text, title="银行风险概览")
    risks = {m.label for m, _ in ex.mentions if m.cls == "RiskCategory"}
    assert {"内部欺诈", "外部欺诈"} <= risks
    assert "子类" not in risks  # the table's header names no kind
    rels = triples(ex)
    assert ("内部欺诈", "subCategoryOf", "操作风险") in rels


def test_a_variant_s_bound_is_on_the_head_above_it():
    text = "一、产品要素\n- 额度:\n- 基础版:最高20万元;\n- 增强版:最高80万元;\n"
    ex = extract_text(text, title="某银行数字贷产品介绍")
    labels = {c.label for c, _ in ex.conditions}
    assert {"贷款额度 <= 200000 CNY", "贷款额度 <= 800000 CNY"} <= labels


def test_this_city_s_groups_are_in_the_region_of_the_title():
    ex = extract_text(
        "本市中小企业可以申请贷款。我省民营企业数量增长。", title="上海市促进中小企业发展条例"
    )
    rels = triples(ex)
    assert ("中小企业", "locatedIn", "上海市") in rels
    assert ("民营企业", "locatedIn", "上海市") not in rels  # 我省 is no city


def test_conditions_under_a_person_s_head_are_about_that_person():
    text = "企业要求:\n· 成立满2年\n企业主要求:\n· 年龄18-65周岁\n"
    ex = extract_text(text, title="某银行经营贷申请条件")
    labels = {c.label for c, _ in ex.conditions}
    assert {"成立时间 >= 24 month", "企业主年龄 between 18..65 age"} <= labels


def test_a_line_naming_only_a_product_makes_the_lines_after_it_that_product_s():
    text = (
        "小微企业贷款产品一览\n"
        "下面列举两家银行的产品:\n"
        "案例1:甲江银行“速融贷”\n"
        "- 申请条件:\n"
        "- 成立满2年\n"
        "- 贷款额度:最高可达200万元\n"
        "案例2:乙山银行“惠农贷”\n"
        "- 申请条件:\n"
        "- 成立满3年\n"
        "常见问题\n"
        "企业年销售收入不低于100万元。\n"
    )
    ex = extract_text(text, title="小微企业贷款产品一览")
    requires = {(r.head.label, r.tail.label) for r in ex.relations if r.relation == "requires"}
    assert ("速融贷", "成立时间 >= 24 month") in requires
    assert ("速融贷", "贷款额度 <= 2000000 CNY") in requires
    assert ("惠农贷", "成立时间 >= 36 month") in requires
    assert not any(h == "速融贷" and "36 month" in t for h, t in requires)
    # a heading naming no product ends the last product's part
    assert not any(t.startswith("年销售收入") and h == "惠农贷" for h, t in requires)


def test_a_requirement_field_asks_for_the_documents_it_names_within_its_product_s_part():
    text = (
        "农村信贷产品说明\n"
        "1.1 丙河农户贷\n"
        "核心条件\n"
        "种植计划书:作物、面积与销售去向\n"
        "登记证明:营业执照+税务登记证\n"
        "1.2 丁湖商户贷\n"
        "差异化要求\n"
        "身份证明:身份证+户口簿\n"
    )
    ex = extract_text(text, title="农村信贷产品说明")
    requires = {(r.head.label, r.tail.label) for r in ex.relations if r.relation == "requires"}
    assert ("丙河农户贷", "种植计划书 has") in requires
    assert {("丙河农户贷", "营业执照 has"), ("丙河农户贷", "税务登记证 has")} <= requires
    assert {("丁湖商户贷", "身份证 has"), ("丁湖商户贷", "户口簿 has")} <= requires
    assert not any(h == "丙河农户贷" and t.startswith("身份证") for h, t in requires)


def test_a_lead_paragraph_naming_the_product_applied_for_makes_the_list_its_own():
    text = (
        "某地小微企业贷款介绍\n"
        "甲银行还推出了多款产品。申请乙科贷,企业需要满足以下条件:\n"
        "- 持续经营3年(含)以上\n"
        "- 无欠税记录\n"
    )
    ex = extract_text(text, title="某地小微企业贷款介绍")
    requires = {(r.head.label, r.tail.label) for r in ex.relations if r.relation == "requires"}
    assert ("乙科贷", "持续经营时间 >= 36 month") in requires
    assert ("乙科贷", "欠税记录 not_has") in requires


def test_a_local_body_named_by_its_short_form_belongs_to_the_region_in_view():
    text = (
        "近日,省工信厅公布了名单,江西省共有30家企业入选。\n"
        "赣州市有5家。市工信局表示将加大支持。省政府也出台了措施。\n"
    )
    ex = extract_text(text, title="江西省新增一批专精特新企业")
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert {"江西省工业和信息化厅", "赣州市工业和信息化局", "江西省人民政府"} <= orgs


def test_a_short_form_naming_a_kind_of_firm_is_still_the_region_s_body():
    ex = extract_text("近日,省中小企业服务中心发布了评估报告。", title="江西中小企业发展评估")
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert "江西省中小企业服务中心" in orgs
    ex = extract_text("中共中央、国务院印发意见。", title="政策")
    assert "中国共产党中央委员会" in {m.label for m, _ in ex.mentions}


def test_a_province_s_leading_group_named_by_its_short_form():
    ex = extract_text("受省数字经济发展领导小组办公室委托,开展调查。", title="江西数字经济报告")
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert "江西省数字经济发展领导小组办公室" in orgs


def test_a_short_form_after_a_region_takes_that_region():
    ex = extract_text("湖北省委和武汉市财政局联合发文,提升城市政府服务。", title="政策动态")
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert {"中共湖北省委员会", "武汉市财政局"} <= orgs
    assert "武汉市人民政府" not in orgs  # 城市政府: the word 城市, no body


def test_a_short_form_in_quotes_or_after_a_slash_is_a_kind_of_body():
    text = "武汉市有关部门介绍,由市/区级工信部门(如“市工信局”)组织认定。"
    ex = extract_text(text, title="湖北省专精特新企业认定")
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert "武汉市工业和信息化局" not in orgs


def test_ordinal_kinds_after_a_numbered_classification_are_subcategories_of_the_subject():
    text = (
        "经营风险可以按来源归类。业界常把经营风险划分为三大类。"
        "第一类是市场风险,来自需求变化。第二类是信用风险,来自客户违约。"
        "其三为操作风险,来自内部流程。\n"
    )
    ex = extract_text(text, title="经营风险的分类")
    subs = {(r.head.label, r.tail.label) for r in ex.relations if r.relation == "subCategoryOf"}
    assert {("市场风险", "经营风险"), ("信用风险", "经营风险"), ("操作风险", "经营风险")} <= subs


def test_a_question_head_names_the_product_whose_conditions_follow():
    text = (
        "常见问题\n"
        "1、个人助业贷款的申请条件是什么?\n"
        "申请人提交助业贷款申请时,须年满18周岁。\n"
        "2、还款方式有哪些?\n"
        "可选择等额本息。\n"
    )
    ex = extract_text(text, title="关于助业贷款的问答")
    heads = {r.head.label for r in ex.relations if r.relation == "requires"}
    assert heads == {"个人助业贷款"}


def test_a_product_table_gives_each_row_s_product_its_terms_and_eligible_types():
    text = (
        "某银行产品一览\n"
        "| 产品名称 | 贷款额度 | 贷款期限 | 适用对象 |\n"
        "|---|---|---|---|\n"
        "| 稳收通 | 最高80万元 | 最长2年 | 小微企业 |\n"
        "| 兴农宝 | 最高30万元 | 最长3年 | 个体工商户 |\n"
    )
    ex = extract_text(text, title="某银行产品一览")
    rels = triples(ex)
    assert {
        ("稳收通", "requires", "贷款额度 <= 800000 CNY"),
        ("稳收通", "requires", "贷款期限 <= 24 month"),
        ("兴农宝", "requires", "贷款期限 <= 36 month"),
        ("小微企业", "eligibleFor", "稳收通"),
        ("个体工商户", "eligibleFor", "兴农宝"),
    } <= rels
    assert ("稳收通", "requires", "贷款期限 <= 36 month") not in rels


def test_short_traits_in_a_requirement_list_are_conditions_of_its_product():
    text = "某行助农贷\n申请条件:\n1. 年满18周岁;\n2. 管理规范、销售渠道稳定;\n产品特点:\n额度高、放款快\n"
    ex = extract_text(text, title="某行助农贷")
    labels = {r.tail.label for r in ex.relations if r.relation == "requires"}
    assert {"管理 = 规范", "销售渠道 = 稳定"} <= labels
    assert not any(label.startswith("额度") for label in labels)  # features, not a list of terms


def test_a_statute_s_conditions_for_engaging_in_a_kind_of_financing_are_listed_for_it():
    text = (
        "第十条 企业进行定向融资的,应当符合下列要求:\n"
        "(一)具有法人资格;\n"
        "(二)融资后资产负债率不得高于百分之六十。\n"
    )
    ex = extract_text(text, title="某市融资管理条例")
    rels = triples(ex)
    assert ("定向融资", "requires", "法人资格 has") in rels
    assert ("定向融资", "requires", "融资后资产负债率 <= 60 percent") in rels or (
        "定向融资",
        "requires",
        "资产负债率 <= 60 percent",
    ) in rels


def test_a_term_by_repayment_method_under_a_term_head_bounds_the_loan_s_term():
    text = "某行惠商贷\n- 贷款期限:\n- 30万元及以下:等额还款1-24期;\n"
    ex = extract_text(text, title="某行惠商贷介绍")
    assert "贷款期限 <= 24 month" in {c.label for c, _ in ex.conditions}


def test_a_heading_naming_one_product_opens_its_part():
    text = (
        "“科技e贷”是什么?\n“科技e贷”是合作银行发放的信用类贷款。\n“科技e贷”贷款对象\n"
        "申请科技e贷的企业需为高新技术企业。\n一、中国银行\n(一)中国银行科创贷产品要素\n"
        "1、产品对象:小微企业,包括专精特新中小企业等\n2、产品额度:最高500万\n"
    )
    ex = extract_text(text, title="多家银行科技贷款产品汇总")
    rels = triples(ex)
    assert ("高新技术企业", "eligibleFor", "科技e贷") in rels
    assert ("专精特新中小企业", "eligibleFor", "科创贷") in rels
    assert ("科创贷", "requires", "贷款额度 <= 5000000 CNY") in rels
    assert not any(t == "科技贷款" for _, _, t in rels)


def test_items_under_an_industry_head_are_industries_of_the_product():
    text = (
        "一、产品要素\n1、贷款额度:最高300万\n二、准入行业\n1、种子批发\n2、水产品零售\n①冻品零售\n"
    )
    ex = extract_text(text, title="中信银行订单e贷")
    rels = triples(ex)
    assert ("订单e贷", "supportsIndustry", "种子批发") in rels
    assert ("订单e贷", "supportsIndustry", "水产品零售") in rels
    assert ("订单e贷", "supportsIndustry", "零售") not in rels  # the item is whole


def test_a_page_opening_with_a_breadcrumb_is_read_by_its_first_sentence():
    text = "“税易融”是本行面向小微企业发放的流动资金贷款。\n单笔贷款最长期限为6个月。\n"
    ex = extract_text(text, title="当前位置:")
    assert "贷款期限 <= 6 month" in {c.label for c, _ in ex.conditions}


def test_a_page_titled_by_a_date_is_read_by_its_first_sentence():
    text = "易贷通是某银行推出的经营贷款产品。\n申请人需年满18周岁。\n"
    ex = extract_text(text, title="2025-06-18 20:03:44 0次")
    assert "年龄 >= 18 age" in {c.label for c, _ in ex.conditions}


def test_a_line_of_short_names_under_an_industry_head_lists_industries():
    text = "一、准入要求\n1、成立满2年\n二、禁入行业\n房地产开发,钢材,木材,煤炭,禁入\n"
    ex = extract_text(text, title="中信银行订单e贷")
    rels = triples(ex)
    assert {("订单e贷", "restrictsIndustry", x) for x in ("钢材", "木材", "煤炭")} <= rels
    assert not any(t == "禁入" or "禁入" in t for _, _, t in rels)


def test_all_industries_but_those_listed_restricts_those():
    text = "一、支持行业\n除网吧、歌舞厅、典当外的所有行业。\n"
    ex = extract_text(text, title="某县创业担保贷款")
    rels = {(r.relation, r.tail.label) for r in ex.relations if r.tail.cls == "Industry"}
    assert ("restrictsIndustry", "网吧") in rels
    assert not any(r == "supportsIndustry" for r, _ in rels)


def test_a_bound_under_a_head_naming_its_metric():
    text = "贷款额度\n最高额度为30万元。\n贷款期限\n最长不超过2年。\n申请材料\n● 营业执照(或经营许可证、承包合同);\n"
    ex = extract_text(text, title="创业担保贷款介绍")
    labels = {c.label for c, _ in ex.conditions}
    assert {"贷款额度 <= 300000 CNY", "贷款期限 <= 24 month", "营业执照 has"} <= labels
    assert not any("合同" in x for x in labels)  # the bracket's alternatives are no items


def test_a_breadcrumb_title_s_last_step_is_the_page_s_product():
    text = "订货贷是为经销商发放的贸易融资。\n适用客户:\n经核心企业推荐的个体工商户。\n"
    ex = extract_text(text, title="当前位置:首页 > 交易银行 > 供应链金融 > 订货贷")
    rels = triples(ex)
    assert ("个体工商户", "eligibleFor", "订货贷") in rels
    assert not any(m.cls == "Organization" for m, _ in ex.mentions)  # 交易银行: a bank's line


def test_what_a_definition_does_not_include_is_no_kind_of_it():
    text = (
        "银行风险包括:信用风险、市场风险和操作风险。\n1、操作风险\n"
        "操作风险是指内部程序失灵造成损失的风险。这一定义包括法律风险,但不包括战略风险和声誉风险。\n"
    )
    ex = extract_text(text, title="银行风险的分类")
    rels = triples(ex)
    assert ("信用风险", "subCategoryOf", "银行风险") in rels
    assert ("战略风险", "subCategoryOf", "操作风险") not in rels
    assert ("声誉风险", "subCategoryOf", "操作风险") not in rels


def test_a_kind_in_a_head_faces_the_risks_its_items_lead_with():
    text = "引言。一、小微企业面临的主要风险(一)市场风险:订单下降。(二)财务风险:资金紧张。\n"
    ex = extract_text(text, title="小微企业经营指南")
    rels = triples(ex)
    assert ("小微企业", "facesRisk", "市场风险") in rels
    assert ("小微企业", "facesRisk", "财务风险") in rels


def test_the_counts_of_a_place_s_firms_locate_them():
    text = "截至目前,全省已累计培育创新型中小企业1200户、专精特新中小企业600户。"
    ex = extract_text(text, title="江西省召开中小企业工作会议")
    rels = triples(ex)
    assert ("创新型中小企业", "locatedIn", "江西省") in rels
    assert ("专精特新中小企业", "locatedIn", "江西省") in rels
