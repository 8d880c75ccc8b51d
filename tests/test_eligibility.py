"""Eligibility: profiles, the metric vocabulary, condition scopes, matching and comparing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kgraph.api import build, extract_text
from kgraph.cli import main
from kgraph.compare import compare_metric, compare_products
from kgraph.eligibility import match_products, parse_profile, read_profile
from kgraph.errors import ProfileError
from kgraph.graph import build_graph
from kgraph.nlp.metrics import canonical_metric, condition_context, metric_vocabulary
from kgraph.rdf.conditions import metrics_graph
from kgraph.rdf.ontology import ontology_dir
from kgraph.rdf.sparql import run_query

from conftest import CORPUS

#: A product page written for these tests: one condition of each kind.
PAGE = """某银行小微经营贷款的申请条件:
申请企业年营业收入不低于200万元,成立满2年。
企业纳税信用等级须为B级及以上。
法定代表人年龄在22至60周岁之间。
企业无当前逾期贷款,持有有效营业执照。
教育培训机构需提供办学许可证。
申请金额超过500万元的贷款需提供抵押物。
放款后需提供发票。"""
PRODUCT = "某银行小微经营贷款"


@pytest.fixture(scope="module")
def page_graph():
    return build_graph([extract_text(PAGE, title=PRODUCT)])


def _results(G, profile) -> dict[str, str]:
    (m,) = match_products(G, profile)
    return {c.label: c.result for c in m.conditions}


# ------------------------------------------------------------------ profile values


@pytest.mark.parametrize(
    ("key", "value", "metric", "expected"),
    [
        ("年销售收入", "150万元", "annual_revenue", 1_500_000.0),
        ("年营业收入", "1.2亿元", "annual_revenue", 120_000_000.0),
        ("annual_revenue", 800000, "annual_revenue", 800_000.0),
        ("年开票金额", "三百万元", "annual_revenue", 3_000_000.0),
        ("成立时间", "3年", "business_age", 36.0),
        ("经营年限", "18个月", "business_age", 18.0),
        ("注册时间", "半年", "business_age", 6.0),
        ("法定代表人年龄", "58周岁", "legal_rep_age", 58.0),
        ("法人年龄", 45, "legal_rep_age", 45.0),
        ("持股比例", "30%", "shareholding_ratio", 30.0),
        ("持股比例", "百分之二十五", "shareholding_ratio", 25.0),
        ("逾期次数", "2", "overdue_count", 2.0),
        ("纳税信用等级", "B级", "tax_credit_grade", "B"),
        ("纳税等级", "a", "tax_credit_grade", "A"),
        ("征信记录", "良好", "credit_record", "良好"),
        ("current_overdue", False, "current_overdue", False),
    ],
)
def test_profile_values_are_read_into_base_units(key, value, metric, expected):
    assert parse_profile({key: value}).values == {metric: expected}


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"年销售额度": "100万元"}, "年销售额度: not a metric"),
        ({"颜色": "红"}, "颜色: not a metric of the vocabulary nor a profile key"),
        ({"成立时间": "3万元"}, "成立时间: '3万元' is in CNY; business_age is in month"),
        ({"年销售收入": "很多"}, "年销售收入: cannot read '很多' as one quantity"),
        ({"年销售收入": "100-200万元"}, "年销售收入: cannot read"),
        (
            {"纳税信用等级": "E"},
            "纳税信用等级: 'E' is not a grade of tax_credit_grade (A > B > M > C > D)",
        ),
        ({"年销售收入": True}, "年销售收入: annual_revenue is a number or a quantity"),
        ({"当前逾期": "没有"}, "当前逾期: current_overdue is true or false"),
        ({"has": {"a": 1}}, "has: give a list of names"),
        ({"industry": 3}, "industry: give a name or a list of names"),
        ({"region": ["昆明市", "大理"]}, "region: give one region"),
    ],
)
def test_a_bad_profile_gets_one_line_naming_the_key(profile, message):
    with pytest.raises(ProfileError) as err:
        parse_profile(profile)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_an_unknown_key_suggests_the_closest_ones():
    with pytest.raises(ProfileError, match="did you mean .*年销售额"):
        parse_profile({"年销售额度": "100万元"})


@pytest.mark.parametrize("suffix", [".json", ".toml", ".yaml"])
def test_profiles_are_read_from_json_toml_and_yaml(tmp_path, suffix):
    texts = {
        ".json": '{"成立时间": "3年", "has": ["营业执照"], "industry": "制造业"}',
        ".toml": '"成立时间" = "3年"\nhas = ["营业执照"]\nindustry = "制造业"\n',
        ".yaml": "成立时间: 3年\nhas: [营业执照]\nindustry: 制造业\n",
    }
    path = tmp_path / f"p{suffix}"
    path.write_text(texts[suffix], encoding="utf-8")
    p = read_profile(path)
    assert p.values == {"business_age": 36.0}
    assert {"营业执照", "business_license"} <= p.has and p.industry == ("制造业",)


def test_a_broken_profile_file_names_the_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"成立时间": ', encoding="utf-8")
    with pytest.raises(ProfileError, match="p.json: not a valid profile file"):
        read_profile(path)
    path.write_text('{"成立时间": "3万元"}', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p.json: 成立时间: '3万元' is in CNY"):
        read_profile(path)


# ------------------------------------------------------------------ the vocabulary


@pytest.mark.parametrize(
    ("metric", "op", "expected"),
    [
        ("年营业收入", ">=", "annual_revenue"),
        ("年开票金额", ">", "annual_revenue"),
        ("近一年纳税销售额", ">=", "annual_revenue"),
        ("企业成立时间", ">=", "business_age"),
        ("实际经营时间", ">=", "business_age"),
        ("增值税纳税等级", ">=", "tax_credit_grade"),
        ("法定代表人年龄", "between", "legal_rep_age"),
        ("实际控制人持股比例", ">=", "shareholding_ratio"),
        ("当前逾期贷款", "not_has", "current_overdue"),
        ("营业执照", "has", "business_license"),
        ("年营业收入", "has", ""),  # a has condition is never a number
        ("年销售收入大幅下滑", "not_has", ""),
        ("办学许可证", "has", ""),
    ],
)
def test_condition_metrics_map_to_canonical_ones(metric, op, expected):
    assert canonical_metric(metric, op) == expected


def test_every_surface_form_names_one_metric_of_a_known_type():
    seen: dict[str, str] = {}
    for metric in metric_vocabulary().values():
        assert metric.type in ("number", "ordinal", "boolean", "category")
        for surface in metric.surfaces:
            assert seen.setdefault(surface, metric.id) == metric.id, surface


def test_ontology_metrics_ttl_is_the_vocabulary_written_out():
    shipped = Graph().parse(ontology_dir() / "metrics.ttl", format="turtle")
    assert isomorphic(shipped, metrics_graph())


# ------------------------------------------------------------------ subject, scope, phase


@pytest.mark.parametrize(
    ("sentence", "condition", "expected"),
    [
        (
            "法定代表人个人征信近两年逾期不超过3次",
            "逾期",
            ("legal_representative", "", "application"),
        ),
        (
            "实际控制人需持股不低于30%,且无不良记录",
            "无不良",
            ("actual_controller", "", "application"),
        ),
        ("申请需由实际控制人操作,并提供联系方式", "联系方式", ("enterprise", "", "application")),
        ("企业和法定代表人无当前逾期", "无当前", ("enterprise", "", "application")),
        (
            "科技型企业需提供高新技术企业证书",
            "高新",
            ("enterprise", "enterprise_type:科技型企业", "application"),
        ),
        ("餐饮行业需提供食品经营许可证", "食品", ("enterprise", "industry:餐饮", "application")),
        ("特殊行业需提供行政许可", "行政", ("enterprise", "group:特殊行业", "application")),
        (
            "贷款金额超过100万元的需提供担保",
            "担保",
            ("enterprise", "loan_amount > 1000000 CNY", "application"),
        ),
        (
            "超过100万元的贷款需提供担保",
            "担保",
            ("enterprise", "loan_amount > 1000000 CNY", "application"),
        ),
        (
            "50万元以上的贷款须办理抵押",
            "抵押",
            ("enterprise", "loan_amount >= 500000 CNY", "application"),
        ),
        ("申请企业需提供营业执照", "营业执照", ("enterprise", "", "application")),
        ("贷款发放后应按月提供财务报表", "财务", ("enterprise", "", "post_loan")),
        ("贷后需配合检查,申请时需提交报表", "报表", ("enterprise", "", "application")),
    ],
)
def test_condition_context(sentence, condition, expected):
    assert condition_context(sentence, sentence.index(condition)) == expected


def test_the_page_graph_carries_canonical_subject_scope_and_phase(page_graph):
    fields = {
        d["label"]: (d["canonical"], d["subject"], d["scope"], d["phase"])
        for _, d in page_graph.nodes(data=True)
        if d["cls"] == "LoanCondition"
    }
    assert fields["年营业收入 >= 2000000 CNY"] == (
        "annual_revenue",
        "enterprise",
        "",
        "application",
    )
    assert fields["法定代表人年龄 between 22..60 age"][:2] == (
        "legal_rep_age",
        "legal_representative",
    )
    assert fields["办学许可证 has"][2] == "industry:教育培训"
    assert fields["抵押物 has"][2] == "loan_amount > 5000000 CNY"
    assert fields["发票 has"][3] == "post_loan"


# ------------------------------------------------------------------ matching

GOOD = {
    "年销售收入": "300万元",
    "成立时间": "3年",
    "纳税信用等级": "A",
    "法定代表人年龄": "45岁",
    "has": ["营业执照"],
    "not_has": ["当前逾期"],
    "industry": "制造业",
    "loan_amount": "100万元",
}


@pytest.mark.parametrize(
    ("change", "label", "result"),
    [
        ({}, "年营业收入 >= 2000000 CNY", "met"),
        ({"年销售收入": "150万元"}, "年营业收入 >= 2000000 CNY", "failed"),
        ({"年销售收入": "200万元"}, "年营业收入 >= 2000000 CNY", "met"),  # >= holds at the bound
        ({"年销售收入": None}, "年营业收入 >= 2000000 CNY", "unknown"),
        ({"成立时间": "18个月"}, "成立时间 >= 24 month", "failed"),
        ({"纳税信用等级": "B"}, "纳税信用等级 >= B grade", "met"),
        ({"纳税信用等级": "M"}, "纳税信用等级 >= B grade", "failed"),
        ({"纳税信用等级": "D"}, "纳税信用等级 >= B grade", "failed"),
        ({"法定代表人年龄": 60}, "法定代表人年龄 between 22..60 age", "met"),
        ({"法定代表人年龄": "61周岁"}, "法定代表人年龄 between 22..60 age", "failed"),
        ({"法定代表人年龄": 21}, "法定代表人年龄 between 22..60 age", "failed"),
        ({"has": ["营业执照"]}, "营业执照 has", "met"),
        ({"has": ["business_license"]}, "营业执照 has", "met"),
        ({"has": [], "not_has": ["营业执照", "当前逾期"]}, "营业执照 has", "failed"),
        ({"has": []}, "营业执照 has", "unknown"),
        ({"not_has": ["当前逾期贷款"]}, "当前逾期贷款 not_has", "met"),
        ({"not_has": [], "has": ["当前逾期", "营业执照"]}, "当前逾期贷款 not_has", "failed"),
        ({"current_overdue": False, "not_has": []}, "当前逾期贷款 not_has", "met"),
        ({}, "办学许可证 has", "not_applicable"),  # a manufacturer
        ({"industry": "教育培训"}, "办学许可证 has", "unknown"),  # applies; not said
        ({"industry": None}, "办学许可证 has", "unknown"),
        ({}, "抵押物 has", "not_applicable"),  # 100万 asked, the page says above 500万
        ({"loan_amount": "600万元"}, "抵押物 has", "unknown"),
        ({"loan_amount": "600万元", "has": ["抵押物", "营业执照"]}, "抵押物 has", "met"),
        ({"loan_amount": None}, "抵押物 has", "unknown"),
        ({}, "发票 has", "not_applicable"),  # after the loan is paid out
    ],
)
def test_matching_a_condition(page_graph, change, label, result):
    profile = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    assert _results(page_graph, profile)[label] == result


def test_a_failed_condition_says_the_gap_and_where_the_page_says_so(page_graph):
    (m,) = match_products(page_graph, {**GOOD, "年销售收入": "50万元"})
    (failed,) = [c for c in m.conditions if c.result == "failed"]
    assert failed.gap == "needs >= 2000000 CNY, has 500000 CNY"
    assert failed.evidence == (("申请企业年营业收入不低于200万元,成立满2年。", PRODUCT),)
    assert m.status == "ineligible"


def test_product_status(page_graph):
    (m,) = match_products(page_graph, GOOD)
    assert m.status == "eligible"  # every condition that applies is met
    (m,) = match_products(page_graph, {**GOOD, "has": []})
    assert m.status == "unknown"


# ------------------------------------------------------------------ the sample page


@pytest.fixture(scope="module")
def sample():
    return build([CORPUS])


def _statuses(kg, profile) -> dict[str, tuple[str, list[str]]]:
    return {
        m.product: (m.status, sorted(c.label for c in m.conditions if c.result == "failed"))
        for m in match_products(kg.graph, profile)
    }


def test_sample_page_profiles(sample):
    young_and_small = {"年销售收入": "50万元", "成立时间": "6个月", "纳税信用等级": "C"}
    got = _statuses(sample, young_and_small)
    assert got["企业贷款"] == (
        "ineligible",
        [
            "存续时间 > 12 month",
            "年销售收入 >= 1000000 CNY",
            "注册时间 >= 12 month",
            "纳税信用等级 >= B grade",
        ],
    )
    asks_too_much = {"loan_amount": "500万元", "has": ["企业账户"]}
    assert _statuses(sample, asks_too_much)["纯信用贷款"] == ("ineligible", ["额度 <= 3000000 CNY"])
    modest = {"loan_amount": "200万元", "has": ["企业账户"]}
    assert _statuses(sample, modest)["纯信用贷款"] == ("eligible", [])


def test_the_saved_sparql_query_gives_what_compare_and_match_give(sample, tmp_path):
    sample.save(tmp_path, rdf=True, validate=False)
    ttl = tmp_path / "graph.ttl"
    metrics = sorted(
        {d["canonical"] for _, d in sample.graph.nodes(data=True) if d.get("canonical")}
    )
    assert len(metrics) >= 15
    for metric in metrics:
        rows = run_query(ttl, "compare-metric", bindings={"metric": metric})
        sparql = sorted((str(r.product), str(r.condition), str(r.operator)) for r in rows)
        ours = sorted(
            (r["product"], r["label"], r["op"]) for r in compare_metric(sample.graph, metric)
        )
        matched = sorted(
            (m.product, c.label, c.label.split(" ")[1])
            for m in match_products(sample.graph, {})
            for c in m.conditions
            if c.canonical == metric
        )
        assert sparql == ours == matched, metric


def test_compare_products_table(sample):
    table = compare_products(sample.graph)
    row = table.set_index("product").loc["企业贷款"]
    assert row["annual_revenue"] == ">= 1000000 CNY"
    assert row["tax_credit_grade"] == ">= B grade; >= C grade"
    assert list(table.columns[:2]) == ["product", "organization"]


# ------------------------------------------------------------------ the commands


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_kgraph_match_json(sample, tmp_path):
    sample.save(tmp_path / "build")
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"年销售收入": "50万元"}, ensure_ascii=False), encoding="utf-8")
    result = _run("match", str(profile), str(tmp_path / "build"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = {m["product"]: m for m in json.loads(result.output)}
    assert set(data["企业贷款"]) == {"product", "organization", "status", "conditions"}
    (revenue,) = [c for c in data["企业贷款"]["conditions"] if c["metric"] == "annual_revenue"]
    assert revenue["result"] == "failed" and revenue["gap"].startswith("needs >= 1000000 CNY")
    assert revenue["evidence"][0]["doc"] == "微众银行企业贷款要具备什么条件"
    table = _run("match", str(profile), str(tmp_path / "build"), "--product", "企业贷款")
    assert table.output.startswith("企业贷款 (微众银行): INELIGIBLE")
    unstated = [x for x in table.output.splitlines() if "not in the profile's has / not_has" in x]
    assert len(unstated) == 1 and "营业执照" in unstated[0]  # what to add to the profile
    full = _run("match", str(profile), str(tmp_path / "build"), "--product", "企业贷款", "--all")
    assert "✓ 注册地址 = 中国大陆" not in full.output  # no region given: unknown, not met
    assert "? 营业执照 has" in full.output and "- 发票 has" in full.output
    csv_out = _run("match", str(profile), str(tmp_path / "build"), "--format", "csv")
    assert csv_out.output.splitlines()[0].startswith("product,organization,status,condition")
    none = _run("match", str(profile), str(tmp_path / "build"), "--product", "不存在的贷款")
    assert none.exit_code == 2 and "no loan product '不存在的贷款'" in none.output


def test_kgraph_compare_writes_an_offline_page_and_prints_one_metric(tmp_path):
    from kgraph.api import KnowledgeGraph

    G = build_graph([extract_text("申请企业年营业收入不低于100万元。", title="某银行经营贷款")])
    KnowledgeGraph(G).save(tmp_path / "b")
    result = _run("compare", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "b" / "compare.html").read_text(encoding="utf-8")
    assert "<td>经营贷款</td>" in page and "<td>&gt;= 1000000 CNY</td>" in page
    assert "年销售收入" in page  # the metric's Chinese label heads its column
    assert "http://" not in page and "https://" not in page  # offline
    csv_text = (tmp_path / "b" / "compare.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines() == [
        "product,organization,annual_revenue",
        "经营贷款,,>= 1000000 CNY",
    ]
    rows = _run("compare", str(tmp_path / "b"), "--metric", "营业收入", "--format", "json")
    assert [(r["product"], r["value"]) for r in json.loads(rows.output)] == [
        ("经营贷款", 1000000.0)
    ]
    bad = _run("compare", str(tmp_path / "b"), "--metric", "颜色")
    assert isinstance(bad.exception, ProfileError)


def test_the_compare_page_escapes_document_text(tmp_path):
    import pandas as pd

    from kgraph.compare import write_compare_html

    table = pd.DataFrame(
        [["<b>某</b>贷", "A&B", ">= 1 CNY"]], columns=["product", "organization", "annual_revenue"]
    )
    page = write_compare_html(table, tmp_path / "c.html", title="<i>t</i>").read_text(
        encoding="utf-8"
    )
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;b&gt;某&lt;/b&gt;贷" in page and "A&amp;B" in page


def test_eval_matches_conditions_by_canonical_metric_unless_strict(tmp_path):
    def record(metric: str) -> str:
        cond = {
            "label": f"{metric} >= 1000000 CNY",
            "metric": metric,
            "op": ">=",
            "value": 1000000,
            "unit": "CNY",
        }
        return json.dumps(
            {"doc": "d", "entities": [], "conditions": [cond], "relations": []}, ensure_ascii=False
        )

    (tmp_path / "a.jsonl").write_text(record("年营业收入") + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(record("年开票金额") + "\n", encoding="utf-8")
    args = ["eval", "--gold", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]

    def conditions_f1(*extra: str) -> str:
        out = _run(*args, *extra).output
        return next(line.split()[3] for line in out.splitlines() if line.startswith("conditions "))

    assert conditions_f1() == "1.000"
    assert conditions_f1("--strict-metrics") == "0.000"
