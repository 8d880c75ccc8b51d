"""Tests of the number and quantity grammar (kgraph.nlp.quantities)."""

from __future__ import annotations

import pytest

from kgraph.nlp.quantities import find_quantities, parse_number, parse_quantity, parse_window


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100", 100.0),
        ("3.5", 3.5),
        ("1,000", 1000.0),
        ("1,200,000", 1200000.0),
        ("１００", 100.0),
        ("三百万", 3000000.0),
        ("两", 2.0),
        ("十二", 12.0),
        ("二十四", 24.0),
        ("一千二百", 1200.0),
        ("一万二", 12000.0),
        ("两千五百万", 25000000.0),
        ("三点五", 3.5),
        ("三点五万", 35000.0),
        ("百万", 1000000.0),
        ("壹佰万", 1000000.0),
        ("1.5万", 15000.0),
        ("3千万", 30000000.0),
        ("2亿", 200000000.0),
        ("半", 0.5),
    ],
)
def test_quantities_parse_number_reads_numerals(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("百分之二十", 20.0), ("百分之十五", 15.0), ("20%", 20.0), ("六成", 60.0), ("七成五", 75.0)],
)
def test_quantities_parse_number_gives_percent_points(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "企业", "一般", "万", "abc", "1.2.3"])
def test_quantities_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100万元", 1000000.0, "CNY"),
        ("三百万元", 3000000.0, "CNY"),
        ("1亿元", 100000000.0, "CNY"),
        ("5千元", 5000.0, "CNY"),
        ("二十万元", 200000.0, "CNY"),
        ("1年", 12.0, "month"),
        ("两年", 24.0, "month"),
        ("半年", 6.0, "month"),
        ("一年半", 18.0, "month"),
        ("12个月", 12.0, "month"),
        ("二十四个月", 24.0, "month"),
        ("6月", 6.0, "month"),
        ("2个季度", 6.0, "month"),
        ("30天", 30.0, "day"),
        ("15日", 15.0, "day"),
        ("5个工作日", 5.0, "day"),
        ("18周岁", 18.0, "age"),
        ("六十岁", 60.0, "age"),
        ("20%", 20.0, "percent"),
        ("２０％", 20.0, "percent"),
        ("百分之二十", 20.0, "percent"),
        ("六成", 60.0, "percent"),
        ("七成五", 75.0, "percent"),
        ("三分之一", 33.33, "percent"),
        ("6次", 6.0, "count"),
        ("10人", 10.0, "count"),
        ("50万家", 500000.0, "count"),
        ("3笔", 3.0, "count"),
        ("600分", 600.0, ""),
        ("3倍", 3.0, ""),
        ("满1年", 12.0, "month"),
        ("近6个月", 6.0, "month"),
        ("年满18周岁", 18.0, "age"),
    ],
)
def test_quantities_parse_quantity_converts_to_base_units(
    text: str, value: float, unit: str
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("B级", "B"), ("AAA级", "AAA"), ("C类", "C"), ("A+级", "A+"), ("3级", 3.0), ("三级", 3.0)],
)
def test_quantities_parse_quantity_reads_grades(text: str, value: float | str) -> None:
    q = parse_quantity(text)
    assert q is not None and q.unit == "grade" and q.value == value


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("18-65周岁", 18.0, 65.0, "age"),
        ("18至65周岁", 18.0, 65.0, "age"),
        ("18~65岁", 18.0, 65.0, "age"),
        ("18～65岁", 18.0, 65.0, "age"),
        ("22周岁至55周岁", 22.0, 55.0, "age"),
        ("1-3年", 12.0, 36.0, "month"),
        ("100万-500万元", 1000000.0, 5000000.0, "CNY"),
        ("500万元至1亿元", 5000000.0, 100000000.0, "CNY"),
        ("12%~15%", 12.0, 15.0, "percent"),
    ],
)
def test_quantities_parse_quantity_merges_ranges(
    text: str, low: float, high: float, unit: str
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.value_max, q.unit) == (low, high, unit)


@pytest.mark.parametrize(
    "text", ["不低于", "企业", "2026-01-23", "30分钟", "1年和2年", "100万元以上", "美元", "8小时"]
)
def test_quantities_parse_quantity_rejects_other_text(text: str) -> None:
    assert parse_quantity(text) is None


def test_quantities_find_quantities_keeps_offsets() -> None:
    text = "年销售收入不低于100万元，注册满1年以上"
    found = find_quantities(text)
    assert [(q.text, q.start, q.end) for q in found] == [("100万元", 8, 13), ("1年", 17, 19)]
    assert all(text[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-23 08:30:39 发布",
        "2024年3月5日发布",
        "二〇二六年出版",
        "12月31日前",
        "一般要求一定规模",
        "统一社会信用代码",
    ],
)
def test_quantities_find_quantities_skips_dates_and_words(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("近一年", "12 month"),
        ("近两年", "24 month"),
        ("近两年内", "24 month"),
        ("近6个月", "6 month"),
        ("近12个月", "12 month"),
        ("近24个月", "24 month"),
        ("近半年", "6 month"),
        ("最近30天", "30 day"),
        ("过去三个季度", "9 month"),
        ("近期", None),
        ("近18周岁", None),
    ],
)
def test_quantities_parse_window_writes_periods(text: str, window: str | None) -> None:
    assert parse_window(text) == window
