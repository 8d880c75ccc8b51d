import pytest

from kgraph.nlp.lexicon import load_lexicon, region_ancestors, short_form


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("云南省", "云南"),
        ("昆明市", "昆明"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("西双版纳傣族自治州", "西双版纳"),
        ("文山壮族苗族自治州", "文山"),
        ("香港特别行政区", "香港"),
        ("锡林郭勒盟", "锡林郭勒"),
    ],
)
def test_lexicon_short_form(name, short):
    assert short_form(name) == short


@pytest.mark.parametrize(
    ("surface", "label"),
    [
        ("四川", "四川省"),
        ("成都", "成都市"),
        ("深圳", "深圳市"),
        ("黔东南", "黔东南苗族侗族自治州"),
        ("勐海县", "勐海县"),
    ],
)
def test_lexicon_gazetteer_covers_all_provinces(surface, label):
    entry = load_lexicon().entries[surface]
    assert (entry.label, entry.cls) == (label, "Region")


def test_lexicon_region_hierarchy_from_adcodes():
    lex = load_lexicon()
    assert region_ancestors(lex, "武侯区") == ["成都市", "四川省"]
    assert lex.regions["云南省"].level == "province"
    assert lex.regions["昆明市"].adcode == "530100"


def test_lexicon_generic_district_names_are_not_regions():
    entries = load_lexicon().entries
    for word in ("城区", "郊区", "矿区"):
        assert word not in entries


def test_lexicon_aliases_of_a_label():
    assert "长江三角洲" in load_lexicon().aliases("长三角")
