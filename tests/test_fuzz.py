"""Property-based tests (issue 11): random bytes and random text never raise; they warn.

Three targets, 2,000 generated cases in all: the reader (any bytes in a file of any known
extension), the number grammar (any text), and ``extract_text`` (any text, with Chinese
loan vocabulary mixed in so that the rules fire). Seeds are derived, so CI runs the same
cases every time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from kgraph.api import extract_text
from kgraph.errors import InputError
from kgraph.io.corpus import read_documents
from kgraph.nlp.quantities import find_quantities, parse_number, parse_quantity, parse_window
from kgraph.types import OPERATORS, RELATIONS

#: Words that make the extraction rules fire, mixed into random text.
WORDS = [
    "企业", "贷款", "申请", "条件", "年销售收入", "不低于", "万元", "亿元", "满", "年", "个月",
    "周岁", "纳税信用等级", "B级", "以上", "无", "逾期", "营业执照", "云南省", "昆明", "制造业",
    "风险", "银行", "提供", "需", "。", ",", "、", ":", "(一)", "1.", "\n", "#", "|", "%",
    "百分之", "三", "两", "点", "至", "-", "~", "超过", "放款后", "法定代表人",
]  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(WORDS)), max_size=40).map("".join)
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "database": None}


@seed(11)
@settings(max_examples=700, **SETTINGS)
@given(
    data=st.one_of(st.binary(max_size=600), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]),
)
def test_the_reader_never_raises_on_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        errors: list[InputError] = []
        docs = list(read_documents([tmp], on_error=errors.append))
    assert docs or errors  # a file yields documents, or a warning says why not
    for error in errors:
        assert isinstance(error, InputError) and "\n" not in str(error)
        assert str(error).startswith(str(path))
    for doc in docs:
        for sec in doc.sections:
            for s in sec.sentences:
                assert doc.text[s.start : s.end] == s.text


@seed(12)
@settings(max_examples=900, **SETTINGS)
@given(text=TEXT)
def test_the_number_grammar_never_raises(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert isinstance(q.value, float | str)
    parse_number(text)
    parse_quantity(text)
    parse_window(text)


@seed(13)
@settings(max_examples=400, **SETTINGS)
@given(text=TEXT, title=st.one_of(st.just(""), TEXT))
def test_extract_text_never_raises(text, title):
    ex = extract_text(text, title=title)
    doc = ex.doc.text
    for m, ev in ex.mentions:  # offsets hold: a mention lies in its evidence sentence
        assert doc[ev.start : ev.end] == ev.sentence
        assert doc[m.start : m.end] == m.text and ev.start <= m.start < m.end <= ev.end
    for c, ev in ex.conditions:
        assert c.op in OPERATORS and doc[ev.start : ev.end] == ev.sentence
    for r in ex.relations:
        assert r.relation in RELATIONS
