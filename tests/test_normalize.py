"""Tests of kgraph.normalize."""

from __future__ import annotations

import pytest

from kgraph.normalize import fold_width, normalize_text, to_simplified


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ公司１２３", "ABC公司123"),
        ("贷款，期限：３年；", "贷款,期限:3年;"),
        ("风险！审批？", "风险!审批?"),
        ("\u3000\xa0企业", "  企业"),
        ("句号。引号「」“”", "句号。引号「」“”"),
    ],
)
def test_normalize_fold_width(raw: str, expected: str) -> None:
    assert fold_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("企業風險管理", "企业风险管理"),
        ("銀行貸款與徵信", "银行贷款与征信"),
        ("云南的中小企业", "云南的中小企业"),
        ("", ""),
    ],
)
def test_normalize_to_simplified(raw: str, expected: str) -> None:
    assert to_simplified(raw) == expected


def test_normalize_text_folds_then_simplifies() -> None:
    assert normalize_text("臺灣企業年營收１００萬元，") == "台湾企业年营收100万元,"


def test_spaces_around_embedded_latin_and_numbers_are_dropped():
    from kgraph.normalize import normalize_text

    assert normalize_text("申请 e 贷,近 12 个月") == "申请e贷,近12个月"
    assert normalize_text("Credit Risk") == "Credit Risk"  # between Latin words they stay
    assert normalize_text("时政 要闻") == "时政 要闻"  # and between Chinese words


def test_spaces_where_a_fixed_width_layout_wrapped_are_dropped():
    body = (
        "企业可按规定申请贷款贴息支持以缓解融资压力并扩大再生产投资以稳定就业并带动上下游的发展" * 3
    )
    wrapped = " ".join(body[i : i + 30] for i in range(0, len(body), 30))  # wraps inside words
    assert wrapped.count(" ") >= 4
    assert normalize_text("政策解读 " + wrapped) == "政策解读 " + body
    # spaces that do not fall a line's width apart stay
    assert normalize_text("产品 特点 额度 高 期限 长") == "产品 特点 额度 高 期限 长"


def test_an_outline_run_into_a_paragraph_gets_its_lines_back():
    text = "前言到此。一、企业面临的风险(一)市场风险:需求下降。(二)财务风险:资金紧张。"
    assert normalize_text(text).split("\n") == [
        "前言到此。",
        "一、企业面临的风险",
        "(一)市场风险:需求下降。",
        "(二)财务风险:资金紧张。",
    ]
    # a reference to an article's items is no outline
    assert "\n" not in normalize_text("依照第二十条(一)项、(二)项的规定办理")
