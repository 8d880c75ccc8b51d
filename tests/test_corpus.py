"""Tests of kgraph.io.corpus: wiki pages, formats, encodings, bad inputs, sentence spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.errors import InputError
from kgraph.io.corpus import (
    assign_ids,
    parse_wiki_page,
    read_documents,
    read_text,
    split_sentences,
)
from kgraph.types import Document

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "corpus" / "000_b9796053a00d171d.txt"

SAMPLE_DOCS = [
    ("微众银行企业贷款要具备什么条件", "2026-01-23", 382),
    ("是那些没落的企业家", "2026-01-14", 320),
    ("企业风险", "2026-01-17", 268),
    ("云南的中小企业", "2026-01-19", 46),
    ("企业做小程序", "2026-01-21", 408),
]


@pytest.fixture(scope="module")
def sample_docs() -> list[Document]:
    return parse_wiki_page(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE))


def assert_offsets(doc: Document) -> None:
    assert doc.text.startswith(doc.title)
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
    for section in doc.sections:
        if section.heading_start is not None:
            start = section.heading_start
            assert doc.text[start : start + len(section.heading)] == section.heading


def read_all(paths: list[Path | str]) -> tuple[list[Document], list[InputError]]:
    errors: list[InputError] = []
    return list(read_documents(paths, on_error=errors.append)), errors


# ------------------------------------------------------------------------- wiki page


def test_corpus_wiki_page_yields_five_articles(sample_docs: list[Document]) -> None:
    assert [(d.title, d.date, d.views) for d in sample_docs] == SAMPLE_DOCS
    assert [d.id for d in sample_docs] == [t for t, _, _ in SAMPLE_DOCS]
    assert all(d.source == str(SAMPLE) for d in sample_docs)


@pytest.mark.parametrize(
    ("title", "top", "heading"),
    [
        ("微众银行企业贷款要具备什么条件", "基本释义", "企业基本资质"),
        ("微众银行企业贷款要具备什么条件", "详细释义", "担保方式适配方案"),
        ("是那些没落的企业家", "基本释义", "概念界定"),
        ("企业风险", "详细释义", "风险类别的精细划分与具体表现"),
        ("企业风险", "详细释义", "风险文化:超越制度的软实力"),
        ("云南的中小企业", "详细释义", "核心产业领域深度剖析"),
        ("企业做小程序", "基本释义", "开发模式选择"),
    ],
)
def test_corpus_wiki_page_sections(
    sample_docs: list[Document], title: str, top: str, heading: str
) -> None:
    doc = next(d for d in sample_docs if d.title == title)
    tops = [s.heading for s in doc.sections if s.level == 1]
    assert tops == ["基本释义", "详细释义"]
    section = next(s for s in doc.sections if s.heading == heading)
    assert (section.level, section.parent) == (2, top)
    assert section.sentences


def test_corpus_wiki_page_body_and_meta_lines_excluded(sample_docs: list[Document]) -> None:
    main = sample_docs[0]
    assert main.sections[0].heading == "基本释义"
    assert main.sections[0].sentences[0].text.startswith("微众银行企业贷款是面向中小微企业")
    for doc in sample_docs:
        assert "人看过" not in doc.text and "位置:" not in doc.text
        assert "最新文章" not in doc.text and "相关专题" not in doc.text
        assert doc.text.count(doc.title + "\n") == 1


def test_corpus_wiki_page_offsets(sample_docs: list[Document]) -> None:
    for doc in sample_docs:
        assert_offsets(doc)


def test_corpus_wiki_page_header_dates_and_fullwidth() -> None:
    page = (
        "位置：企业wiki > 专题\n銀行貸款\n2025-03-01 09:00:00 火12人看过\n基本释义：\n"
        "\u3000\u3000申请条件\n\u3000\u3000企業年銷售收入不低於１００萬元。\n"
        "相关专题\n2025-02-02\n火7人看过\n企业融资\n基本释义:\n\u3000\u3000融资渠道很多。\n"
    )
    docs = parse_wiki_page(page)
    assert [(d.title, d.date, d.views) for d in docs] == [
        ("银行贷款", "2025-03-01", 12),
        ("企业融资", "2025-02-02", 7),
    ]
    assert docs[0].sentences[0].text == "企业年销售收入不低于100万元。"
    assert docs[0].sections[1].heading == "申请条件"
    for doc in docs:
        assert_offsets(doc)


def test_corpus_read_documents_wiki_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(SAMPLE.read_bytes())
    docs, errors = read_all([path])
    assert errors == []
    assert [d.title for d in docs] == [t for t, _, _ in SAMPLE_DOCS]
    assert {d.source for d in docs} == {str(path)}


# ------------------------------------------------------------------------- ids


def test_corpus_ids_stay_the_same_when_files_are_added_or_reordered(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("企业风险\n风险很多。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("企業風險\n風險不少。\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# 企业风险\n第三篇。\n", encoding="utf-8")
    docs, errors = read_all([tmp_path])
    assert errors == [] and len({d.id for d in docs}) == 3  # same titles, different texts
    ids = {d.source: d.id for d in docs}
    (tmp_path / "0.txt").write_text("云南的中小企业\n很多。\n", encoding="utf-8")  # sorts first
    again, _ = read_all([tmp_path / "c.md", tmp_path])
    assert {d.source: d.id for d in again if d.source in ids} == ids
    assert [d.id for d in assign_ids(docs)] == [d.id for d in docs]


def test_corpus_a_repeated_document_is_read_once_and_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("企业风险\n风险很多。\n", encoding="utf-8")
    (tmp_path / "copy.txt").write_text("企业风险\n风险很多。\n", encoding="utf-8")
    docs, errors = read_all([tmp_path])
    assert [d.source for d in docs] == [str(tmp_path / "a.txt")]
    assert len(errors) == 1 and "copy.txt" in str(errors[0]) and "a.txt" in str(errors[0])


# ------------------------------------------------------------------------- formats


def test_corpus_markdown_headings_become_sections(tmp_path: Path) -> None:
    path = tmp_path / "loan.md"
    path.write_text(
        "# 小微企业贷款\n\n导言一句。\n\n## 申请条件\n\n成立满2年。\n\n### 征信\n\n无逾期。\n"
        "\n## 额度\n\n最高300万元。\n",
        encoding="utf-8",
    )
    (doc,) = read_documents([path])
    assert doc.title == "小微企业贷款"
    assert [(s.heading, s.level, s.parent) for s in doc.sections] == [
        ("", 0, None),
        ("申请条件", 1, None),
        ("征信", 2, "申请条件"),
        ("额度", 1, None),
    ]
    assert_offsets(doc)


def test_corpus_plain_text_title_is_first_line(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "\n\n云南的中小企业\n云南中小企业数量众多。融资难问题突出！\n", encoding="utf-8"
    )
    (doc,) = read_documents([path])
    assert doc.title == "云南的中小企业"
    assert [s.text for s in doc.sentences] == ["云南中小企业数量众多。", "融资难问题突出!"]
    assert doc.sections[0].level == 0
    assert_offsets(doc)


def test_corpus_html_drops_script_and_decodes_entities(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>企业贷款指南</title><style>p{color:red}</style></head><body>"
        "<script>var x = '不应出现';</script><h1>企业贷款指南</h1><p>导言。</p>"
        "<h2>利率</h2><p>年化利率&lt;5%。期限最长3年。</p><h3>细则</h3><p>按月付息。</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (doc,) = read_documents([path])
    assert doc.title == "企业贷款指南"
    assert "不应出现" not in doc.text and "color" not in doc.text
    assert "年化利率<5%。" in [s.text for s in doc.sentences]
    assert [(s.heading, s.level, s.parent) for s in doc.sections] == [
        ("", 0, None),
        ("利率", 1, None),
        ("细则", 2, "利率"),
    ]
    assert_offsets(doc)


def test_corpus_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    good = {"title": "企业风险", "text": "风险无处不在。需要管理!", "url": "https://e.x/1"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "缺正文"}, ensure_ascii=False),
        "",
        json.dumps({"title": "銀行", "text": "貸款", "date": "2026-01-14"}, ensure_ascii=False),
        json.dumps(["企业"], ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read_all([path])
    assert [(d.title, d.url, d.date) for d in docs] == [
        ("企业风险", "https://e.x/1", None),
        ("银行", None, "2026-01-14"),
    ]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:6"]
    assert all(str(e).endswith("skipped") and "\n" not in str(e) for e in errors)
    for doc in docs:
        assert_offsets(doc)


# ------------------------------------------------------------------------- encodings

TRAD = "企業風險管理與銀行貸款。申請企業年銷售收入不低於100萬元，徵信記錄良好。"
SIMP = "企业风险管理与银行贷款。申请企业年销售收入不低于100万元,征信记录良好。"


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("utf-8", f"企业贷款须知\n{SIMP}\n"),
        ("utf-8-sig", f"企业贷款须知\r\n{SIMP}\r\n"),
        ("utf-16", f"企业贷款须知\n{SIMP}\n"),
        ("gb18030", f"企业贷款须知\n{SIMP}\n"),
        ("gbk", f"企业贷款须知\n{SIMP}\n"),
        ("big5", f"企業貸款須知\n{TRAD}\n"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5"],
)
def test_corpus_encodings(tmp_path: Path, encoding: str, raw: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(raw.encode(encoding))
    assert read_text(path) == raw.replace("\r\n", "\n")
    (doc,) = read_documents([path])
    assert doc.title == "企业贷款须知"
    assert [s.text for s in doc.sentences] == [
        "企业风险管理与银行贷款。",
        "申请企业年销售收入不低于100万元,征信记录良好。",
    ]


def test_corpus_gb18030_four_byte_characters(tmp_path: Path) -> None:
    path = tmp_path / "rare.txt"
    text = "𠀀字号企业与云南㐀记商行的贷款。\n"
    path.write_bytes(text.encode("gb18030"))
    assert read_text(path) == text


# ------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
        ("bad.txt", b"\x80\x80\xff\xfe\x81" * 3, "undecodable"),
        ("blank.jsonl", b"\n\n", "empty file"),
    ],
)
def test_corpus_bad_file_reported_and_good_file_read(
    tmp_path: Path, name: str, content: bytes, cause: str
) -> None:
    (tmp_path / "good.txt").write_text("企业风险\n风险需要管理。\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    docs, errors = read_all([tmp_path])
    assert [d.title for d in docs] == ["企业风险"]
    assert len(errors) == 1
    assert errors[0].path == str(bad)
    assert str(errors[0]).startswith(f"{bad}: {cause}")
    assert str(errors[0]).endswith(", skipped")


def test_corpus_missing_path_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("企业风险\n风险需要管理。\n", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    docs, errors = read_all([missing, good])
    assert [d.title for d in docs] == ["企业风险"]
    assert [e.path for e in errors] == [str(missing)]


def test_corpus_error_raised_without_handler(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"abc\x00def")
    with pytest.raises(InputError, match="binary file"):
        list(read_documents([path]))


def test_corpus_folder_order_and_extensions(tmp_path: Path) -> None:
    sub = tmp_path / "b"
    sub.mkdir()
    (sub / "x.txt").write_text("乙\n正文。\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 甲\n正文。\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("丙,1\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("隐\n正文。\n", encoding="utf-8")
    docs, errors = read_all([tmp_path, tmp_path / "c.csv"])
    assert errors == []
    assert [d.title for d in docs] == ["甲", "乙", "丙,1"]


# ------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("企业风险。银行贷款！审批快？", ["企业风险。", "银行贷款！", "审批快？"]),
        ("企业风险.银行贷款!审批快?", ["企业风险.银行贷款!", "审批快?"]),
        ("利率3.5%,额度3.5万元。", ["利率3.5%,额度3.5万元。"]),
        ("额度提高了. 期限延长了.", ["额度提高了.", "期限延长了."]),
        ("条件一；条件二;条件三", ["条件一；", "条件二;", "条件三"]),
        ("第一行\n  第二行  \n\n", ["第一行", "第二行"]),
        ("他说「先还款。再借款」。然后走了。", ["他说「先还款。再借款」。", "然后走了。"]),
        ("他说“好！”她说不。", ["他说“好！”她说不。"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("未闭合「引号。下一句。", ["未闭合「引号。", "下一句。"]),
        ("", []),
        ("  \n ", []),
    ],
)
def test_corpus_split_sentences(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected
