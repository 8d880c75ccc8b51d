"""Awkward inputs and a newcomer's surprises (issue 11): each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

from kgraph.extract.document import MAX_UNITS_PER_DOC, _groups, _units
from kgraph.io.builder import MAX_TITLE_CHARS
from kgraph.io.corpus import read_documents
from kgraph.io.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_a_file_without_newlines_over_a_million_characters_is_bounded(tmp_path):
    """Finding 1: the first line of a file with no newline became a 1M-character title."""
    line = "企业申请贷款需满足条件并提供材料包括营业执照" * 50_000  # 1.1M characters, one line
    (tmp_path / "one-line.txt").write_text(line, encoding="utf-8")
    (doc,) = read_documents([tmp_path])
    assert doc.title == "" and doc.text.strip() == line
    units = _units(doc)
    assert max(len(text) for _, text in units) <= MAX_SENTENCE_CHARS
    assert "".join(text for _, text in units) == line  # nothing lost
    groups = _groups(units, doc)
    assert max(sum(len(t) + 1 for _, t in g) for g in groups) <= MAX_UNITS_PER_DOC * (
        MAX_SENTENCE_CHARS + 1
    )


def test_long_titles_are_cut_and_long_sentences_split_at_a_pause():
    from kgraph.io.formats import parse_plain_text

    doc = parse_plain_text("标题" * 50 + "\n正文。", title="长" * 5000)
    assert doc.title == "长" * MAX_TITLE_CHARS and doc.text.startswith(doc.title + "\n")
    text = ("甲" * 700 + ",") * 3
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["甲" * 700 + ","] * 3
    assert split_sentences("乙" * 2500) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_broken_links_loops_and_unreadable_entries_are_warnings(tmp_path):
    """Finding 2: an entry that cannot be examined stopped the build with a traceback."""
    import os
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="kgraph-perm-"))  # reachable by another user
    try:
        os.chmod(base, 0o755)
        (base / "a.txt").write_text("企业贷款的申请条件。", encoding="utf-8")
        (base / "loop1.txt").symlink_to(base / "loop2.txt")
        (base / "loop2.txt").symlink_to(base / "loop1.txt")
        (base / "gone.txt").symlink_to(base / "missing" / "x.txt")
        (base / "sub").mkdir()
        (base / "sub" / "up").symlink_to(base)  # a folder link back up: not followed
        secret = base / "secret"
        secret.mkdir(mode=0o700)
        (secret / "b.txt").write_text("机密。", encoding="utf-8")
        (base / "peek.txt").symlink_to(secret / "b.txt")
        errors: list = []
        with _as_nobody(secret):
            docs = list(read_documents([base], on_error=errors.append))
            denied: list = []
            assert list(read_documents([secret / "b.txt"], on_error=denied.append)) == []
        assert [d.title for d in docs] == ["企业贷款的申请条件。"]
        messages = sorted(str(e).replace(str(base), "") for e in errors)
        assert messages == [
            "/gone.txt: broken or looping link (No such file or directory), skipped",
            "/loop1.txt: broken or looping link (Too many levels of symbolic links), skipped",
            "/loop2.txt: broken or looping link (Too many levels of symbolic links), skipped",
            "/peek.txt: broken or looping link (Permission denied), skipped",
            "/secret: cannot list the folder (Permission denied), skipped",
        ]
        assert len(denied) == 1 and "Permission denied" in str(denied[0])
    finally:
        import shutil

        shutil.rmtree(base)


class _as_nobody:
    """Run the block as an unprivileged user (as root: seteuid), or with the folder closed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self):
        import os

        if os.geteuid() == 0:
            os.setegid(65534)
            os.seteuid(65534)
        else:
            os.chmod(self.folder, 0o000)

    def __exit__(self, *exc) -> None:
        import os

        if os.getuid() == 0:
            os.seteuid(0)
            os.setegid(0)
        else:
            os.chmod(self.folder, 0o700)


def test_build_takes_one_str_or_path_as_one_input():
    """Finding 3: a plain string was read as one path per character."""
    import warnings

    from kgraph.api import build, extract

    from conftest import CORPUS

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kg = build(str(CORPUS))
        assert kg.graph.number_of_nodes() > 100
        assert [ex.doc.title for ex in extract(CORPUS)] == [ex.doc.title for ex in kg.extractions]


def test_graph_json_is_standard_node_link(tmp_path):
    """Finding 4: graph.json used head/tail for an edge's ends; networkx could not read it."""
    import json

    import networkx as nx

    from kgraph.api import build, load

    from conftest import CORPUS

    kg = build([CORPUS])
    kg.save(tmp_path)
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    G = nx.node_link_graph(data)  # networkx's own reader, default arguments
    assert sorted(G.edges(keys=True)) == sorted(kg.graph.edges(keys=True))
    assert {e["provenance"] for e in data["edges"]} <= {"text", "structure", "gazetteer"}
    again = load(tmp_path).graph
    assert sorted(again.edges(keys=True, data="source")) == sorted(
        kg.graph.edges(keys=True, data="source")
    )


def _kgraph(*args: str, cwd=None):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "kgraph.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_an_unknown_saved_query_name_lists_the_known_ones(tmp_path):
    """Finding 7: a query name that is not saved was parsed as SPARQL ("expected CONSTRUCT")."""
    from kgraph.api import build

    from conftest import CORPUS

    build([CORPUS]).save(tmp_path, rdf=True, validate=False)
    done = _kgraph("query", str(tmp_path / "graph.ttl"), "loan-condition")
    assert done.returncode == 1
    assert done.stderr.startswith("kgraph: error: no saved query 'loan-condition'; did you mean")
    assert "loan-conditions, region-enterprises" in done.stderr and "CONSTRUCT" not in done.stderr


def test_one_error_style_usage_errors_exit_2_failures_1(tmp_path):
    """Finding 8: click's "Error:" and kgraph's "kgraph: error:" were mixed; defaults that
    only exist in the repository root said nothing of it; a JSONL error lost its column."""
    usage = _kgraph("build", "--jobs", "x", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.startswith("kgraph: error: Invalid value")
    assert "Error:" not in usage.stderr and len(usage.stderr.splitlines()) == 1
    for args in (["eval"], ["build", "-o", "out"]):
        missing = _kgraph(*args, cwd=tmp_path)  # not in the repository: no default files
        assert missing.returncode == 2 and "relative to kgraph's repository root" in missing.stderr
    (tmp_path / "g.jsonl").write_text('{"doc": "a"}\n{"doc": \n', encoding="utf-8")
    failure = _kgraph("eval", "--gold", str(tmp_path / "g.jsonl"), str(tmp_path), cwd=tmp_path)
    assert failure.returncode == 1
    assert failure.stderr.strip().endswith("g.jsonl:2: invalid JSON at column 9 (Expecting value)")


def test_every_output_file_gets_the_same_mode(tmp_path):
    """Finding 8: graph.ttl was written 0600 (mkstemp's mode), the other files 0644."""
    import os

    from kgraph.api import build

    from conftest import CORPUS

    written = build([CORPUS]).save(tmp_path / "b", rdf=True, html=True)
    umask = os.umask(0)
    os.umask(umask)
    modes = {name: os.stat(path).st_mode & 0o777 for name, path in written.items()}
    assert set(modes.values()) == {0o666 & ~umask}, modes


def test_api_errors_name_the_choices_and_repr_is_short():
    """Finding 9: entities("Foo") returned [], evidence of an unknown label raised a bare
    KeyError, and repr(kg) was 17,500 characters."""
    import pytest

    from kgraph.api import build
    from kgraph.errors import KGraphError, NotFoundError

    from conftest import CORPUS

    kg = build([CORPUS])
    with pytest.raises(NotFoundError, match="no class 'Foo'; classes: EnterpriseType, Industry"):
        kg.entities("Foo")
    with pytest.raises(KGraphError, match="no entity '微众银'; closest: 微众银行"):
        kg.evidence("微众银")
    with pytest.raises(KeyError):  # still a KeyError for code that caught one
        kg.node("不存在的东西")
    assert len(repr(kg)) < 200 and repr(kg).startswith("<KnowledgeGraph: 5 documents, ")


def test_the_readme_documents_the_jsonl_input_fields():
    """Finding 9: the JSONL input fields were documented nowhere."""
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in ("`title`", "`text`", "`date`", "`url`", "`views`"):
        assert field in readme.split("## Use", 1)[1]


def test_docs_name_files_by_repository_paths_not_a_machine_s():
    """Finding 11: data/gold/README.md named the guidelines by the development machine's
    absolute path. No document, notebook or data description may."""
    import re

    from conftest import ROOT

    machine = re.compile(r"(?<![\w.])/(?:work|home|root|Users)/")
    files = [
        p
        for pattern in ("*.md", "*.toml", "*.ipynb", "*.rq")
        for p in ROOT.rglob(pattern)
        if ".git" not in p.parts and "node_modules" not in p.parts
    ]
    assert len(files) > 20
    offenders = [str(p.relative_to(ROOT)) for p in files if machine.search(p.read_text("utf-8"))]
    assert offenders == []


def test_a_cjk_font_installed_after_matplotlib_cached_its_list_is_found():
    """Finding 12: notebook 01 said "CJK font: none installed" although one was, because
    matplotlib's font list was cached before the font was installed."""
    import pytest

    font_manager = pytest.importorskip("matplotlib.font_manager")
    import matplotlib.pyplot as plt

    from kgraph.analysis import CJK_FONTS, use_cjk_font

    cjk = {family for family, _ in CJK_FONTS}
    fm = font_manager.fontManager
    if not any(f.name in cjk for f in fm.ttflist):
        import os

        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI installs fonts-wqy-microhei (.ci/install-system.sh); none found")
        pytest.skip("no CJK font on this machine")
    saved, rc = list(fm.ttflist), dict(plt.rcParams)
    try:
        fm.ttflist = [f for f in fm.ttflist if f.name not in cjk]  # the stale cache
        family = use_cjk_font()
        assert family in cjk and plt.rcParams["font.sans-serif"][0] == family
        assert any(f.name == family for f in fm.ttflist)
    finally:
        fm.ttflist = saved
        plt.rcParams.update(rc)


def test_matching_and_comparing_a_built_graph_load_no_nlp_pipeline():
    """kgraph match and kgraph compare read graph.json without importing spaCy, so they
    answer in well under a second."""
    import subprocess
    import sys

    code = (
        "import sys, kgraph.graph, kgraph.eligibility, kgraph.compare, kgraph.cli.eligibility;"
        "print(sorted(m for m in ('spacy', 'jieba') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
