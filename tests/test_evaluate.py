import json

import pytest

from kgraph.extract.evaluate import evaluate, read_gold, score_document, summary

GOLD = {
    "doc": "d",
    "entities": [
        {"label": "云南省", "type": "Region", "aliases": ["云南"]},
        {"label": "财务风险", "type": "RiskCategory", "aliases": []},
    ],
    "conditions": [
        {
            "label": "年销售收入 >= 1000000 CNY",
            "metric": "年销售收入",
            "op": ">=",
            "value": 1000000,
            "unit": "CNY",
        }
    ],
    "relations": [
        {"head": "企业贷款", "relation": "requires", "tail": "年销售收入 >= 1000000 CNY"}
    ],
}


def test_evaluate_alias_matches_entity():
    pred = {
        "doc": "d",
        "entities": [{"label": "云南", "type": "Region"}],
        "conditions": [],
        "relations": [],
    }
    s = score_document(GOLD, pred)
    assert (s["Region"].tp, s["RiskCategory"].fn) == (1, 1)


def test_evaluate_wrong_type_is_no_match():
    pred = {"doc": "d", "entities": [{"label": "云南省", "type": "Organization"}]}
    s = score_document(GOLD, pred)
    assert s["Region"].fn == 1 and s["Organization"].fp == 1


@pytest.mark.parametrize(
    ("metric", "value", "hit"),
    [
        ("企业年销售收入", 1000000, True),
        ("年销售收入", 1000000.0, True),
        ("年销售收入", 100000, False),
        ("注册资本", 1000000, False),
    ],
)
def test_evaluate_condition_matching(metric, value, hit):
    cond = {
        "label": f"{metric} >= {value} CNY",
        "metric": metric,
        "op": ">=",
        "value": value,
        "unit": "CNY",
    }
    rel = {"head": "企业贷款", "relation": "requires", "tail": cond["label"]}
    s = score_document(GOLD, {"doc": "d", "conditions": [cond], "relations": [rel]})
    assert s["LoanCondition"].tp == int(hit)
    assert s["rel:requires"].tp == int(hit)


def test_evaluate_pairs_documents_by_title(tmp_path):
    gold = [dict(GOLD, doc="x", title="标题")]
    pred = [
        {"doc": "other-id", "title": "标题", "entities": [{"label": "云南省", "type": "Region"}]}
    ]
    assert summary(evaluate(gold, pred))["entities"].tp == 1


def test_evaluate_bad_gold_line_names_the_file(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"doc": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"g\.jsonl:2"):
        read_gold(path)


def test_evaluate_sample_meets_the_targets(sample_kg):
    """The issue's bar on the sample: entities and conditions >= 0.90, relations >= 0.75."""
    from kgraph.extract.document import to_gold_format

    scores = summary(
        evaluate(
            read_gold("data/gold/seed.jsonl"), [to_gold_format(e) for e in sample_kg.extractions]
        )
    )
    assert scores["entities"].f1 >= 0.90
    assert scores["conditions"].f1 >= 0.90
    assert scores["relations"].f1 >= 0.75


def test_a_second_annotator_s_gold_file_is_scored_as_predictions(tmp_path):
    """kgraph eval with a gold-format file as PATHS scores it, it does not extract it."""
    from click.testing import CliRunner

    from kgraph.cli import main
    from kgraph.extract.evaluate import is_gold_file

    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    other = dict(GOLD, entities=GOLD["entities"][:1])  # the second one left out 财务风险
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(other, ensure_ascii=False) + "\n", encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"title": "t", "text": "云南的企业"}) + "\n", encoding="utf-8")
    assert is_gold_file(first) and is_gold_file(second) and not is_gold_file(docs)

    result = CliRunner().invoke(main, ["eval", "--gold", str(first), str(second)])
    assert result.exit_code == 0, result.output
    entities = next(line for line in result.output.splitlines() if line.startswith("entities"))
    assert entities.split()[1:4] == ["1.000", "0.500", "0.667"]
    conditions = next(x for x in result.output.splitlines() if x.startswith("conditions"))
    assert conditions.split()[3] == "1.000"
