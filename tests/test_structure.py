"""The reader keeps document structure: headings, list items and their nesting, fields, rows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.io.formats import parse_html, parse_plain_text
from kgraph.io.structure import classify


def _outline(doc):
    """(kind, marker, label, parent line, line) per block."""
    lines = [doc.text[b.start : b.end] for b in doc.blocks]
    return [
        (b.kind, b.marker, b.label, lines[b.parent] if b.parent >= 0 else None, line)
        for b, line in zip(doc.blocks, lines, strict=True)
    ]


@pytest.mark.parametrize(
    ("line", "kind", "marker"),
    [
        ("一、申请条件", "item", "cn"),
        ("（二）贷款额度", "item", "paren-cn"),
        ("3、具有固定经营场所", "item", "num-comma"),
        ("4.无不良信用记录", "item", "num-dot"),
        ("(5)营业执照", "item", "paren-num"),
        ("6)税务登记证", "item", "paren-num"),
        ("③近两年财务报表", "item", "circled"),
        ("• 法人身份证", "item", "bullet"),
        ("- 公司章程", "item", "bullet"),
        ("第十二条 本办法自发布之日起施行。", "item", "article"),
        ("3.5万元以下免担保。", "paragraph", ""),
        ("1.1 税务合规风险", "item", "num-section"),
        ("2.2.1财务风险的含义", "item", "num-section"),
        ("1.5亿元", "head", ""),
        ("2024年起实行新标准,企业可线上申请。", "paragraph", ""),
        ("-5%的波动不影响额度。", "paragraph", ""),
        ("适用对象：个体工商户", "field", ""),
        ("【申请条件】", "head", ""),
        ("申请条件", "head", ""),
    ],
)
def test_each_line_kind(line, kind, marker):
    found, style, _, _ = classify(line)
    assert (found, style) == (kind, marker)


def test_a_comma_list_nests_in_a_dot_list():
    doc = parse_plain_text(
        "某办法\n2.企业申请条件\n1、高新技术企业\n2、科技型中小企业\n3.申请流程\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    assert parent["1、高新技术企业"] == "2.企业申请条件"
    assert parent["3.申请流程"] is None


def test_nesting_follows_the_order_styles_are_met():
    doc = parse_plain_text(
        "某行经营贷\n一、申请条件\n1、成立满两年\n(1)有营业执照\n2、无逾期\n二、所需材料\n①身份证\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    assert parent["1、成立满两年"] == "一、申请条件"
    assert parent["(1)有营业执照"] == "1、成立满两年"
    assert parent["2、无逾期"] == "一、申请条件"  # the (1) list is closed by the next 1. item
    assert parent["二、所需材料"] is None
    assert parent["①身份证"] == "二、所需材料"


def test_a_head_line_governs_the_bullets_after_it_until_the_next_head_line():
    doc = parse_plain_text("某行税贷\n申请条件:\n· 纳税满两年\n· 无欠税\n适用客户:\n· 小微企业\n")
    rows = _outline(doc)
    assert rows[0][:3] == ("head", "", "申请条件")
    parent = {line: p for _, _, _, p, line in rows}
    assert parent["· 无欠税"] == "申请条件:"
    assert parent["适用客户:"] is None
    assert parent["· 小微企业"] == "适用客户:"


def test_head_lines_inside_a_section_item_stay_in_it():
    doc = parse_plain_text(
        "【某行订单贷】\n一、产品要素\n1、额度:最高100万\n二、准入要求\n个人要求:\n1、年满22周岁\n"
        "企业要求:\n1、成立满2年\n三、准入行业\n1、种子批发\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    assert parent["个人要求:"] == "二、准入要求"
    assert parent["企业要求:"] == "二、准入要求"
    assert parent["1、成立满2年"] == "企业要求:"
    assert parent["三、准入行业"] == parent["二、准入要求"]
    assert parent["1、种子批发"] == "三、准入行业"


def test_a_paragraph_ending_with_a_colon_leads_the_items_after_it():
    doc = parse_plain_text(
        "某行科技贷\n产品概览\n这是一款信用产品。申请某行科技贷,企业需满足以下条件:\n"
        "- 经营满两年\n- 无逾期\n常见问题\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    lead = "这是一款信用产品。申请某行科技贷,企业需满足以下条件:"
    assert parent[lead] == "产品概览"
    assert parent["- 经营满两年"] == lead and parent["- 无逾期"] == lead
    assert parent["常见问题"] is None  # a head line ends the lead


def test_a_lead_inside_an_item_ends_with_the_item():
    doc = parse_plain_text(
        "风险类别\n总的来说,风险分为:\n1. 第一类\n说明之一,包括:\n- 甲项\n2. 第二类\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    assert parent["1. 第一类"] == "总的来说,风险分为:"
    assert parent["说明之一,包括:"] == "1. 第一类"
    assert parent["- 甲项"] == "说明之一,包括:"
    assert parent["2. 第二类"] == "总的来说,风险分为:"


def test_a_field_line_keeps_its_label():
    doc = parse_plain_text("某行快贷\n贷款额度:最高200万元\n")
    assert [(b.kind, b.label) for b in doc.blocks] == [("field", "贷款额度")]


def test_markdown_headings_close_lists_and_tables_become_rows():
    text = "# 某行贷款\n## 申请条件\n1. 成立满一年\n## 产品要素\n| 项目 | 内容 |\n|---|---|\n| 额度 | 最高100万元 |\n"
    rows = _outline(parse_plain_text(text))
    assert ("heading", "", "", None, "申请条件") in rows
    assert ("item", "num-dot", "", "申请条件", "1. 成立满一年") in rows
    assert ("row", "", "额度", "产品要素", "额度:最高100万元") in rows


def test_html_list_items_and_table_rows():
    html = (
        "<html><head><title>某行信用贷</title></head><body><h2>申请条件</h2>"
        "<ul><li>企业成立满2年</li><li>无不良信用记录</li></ul>"
        "<table><tr><td>贷款期限</td><td>最长3年</td></tr></table></body></html>"
    )
    rows = _outline(parse_html(html))
    assert ("item", "li", "", "申请条件", "企业成立满2年") in rows
    assert ("row", "", "贷款期限", "申请条件", "贷款期限:最长3年") in rows


def test_block_offsets_point_into_the_document_text():
    doc = parse_plain_text("标题\n一、申请条件\n1、年满18周岁\n")
    item = doc.blocks[-1]
    assert doc.text[item.start : item.end] == "1、年满18周岁"
    assert doc.text[item.body_start : item.end] == "年满18周岁"


def test_a_bare_label_item_heads_the_items_of_its_style_after_it():
    doc = parse_plain_text(
        "某行数字贷\n- 额度:\n- 基础版:最高20万元\n- 增强版:最高80万元\n- 期限:\n- 最长3年\n"
    )
    parent = {line: p for _, _, _, p, line in _outline(doc)}
    assert parent["- 基础版:最高20万元"] == "- 额度:"
    assert parent["- 期限:"] is None
    assert parent["- 最长3年"] == "- 期限:"


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("一二1.、()（）①•-:：【】申请条件额度贷款\n |企业"), max_size=80
    )
)
def test_any_text_reads_into_a_consistent_outline(text):
    doc = parse_plain_text("标题\n" + text)
    for i, b in enumerate(doc.blocks):
        assert 0 <= b.start <= b.body_start <= b.end <= len(doc.text)
        assert -1 <= b.parent < i  # a block is governed by an earlier one
