"""The extraction store: records round-trip, rebuilds reuse them, interrupted builds recover."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

from click.testing import CliRunner

from kgraph.api import extract
from kgraph.cli import main
from kgraph.extract.store import decode, encode

from conftest import CORPUS, OUTPUTS, ROOT

DEV, TEST, LAWS = (
    ROOT / "data" / "dev",
    ROOT / "data" / "test",
    ROOT.parent / "shared" / "corpus" / "laws",
)


def _build(*args: str) -> None:
    result = CliRunner().invoke(main, ["build", *args, "-q"])
    assert result.exit_code == 0, result.output


def _copy(files, folder):
    """A folder holding copies of ``files``."""
    folder.mkdir()
    for f in files:
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


def _files(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_every_extraction_survives_the_store_unchanged():
    exs = extract([CORPUS, DEV, TEST])
    assert all(decode(encode(ex), ex.doc) == ex for ex in exs)
    assert sum(len(ex.relations) for ex in exs) > 100


def test_a_rebuild_reuses_stored_extractions_and_equals_a_fresh_build(tmp_path):
    corpus = _copy(sorted(DEV.glob("*.txt"))[:4], tmp_path / "in")
    out = tmp_path / "out"
    _build(str(corpus), "-o", str(out))
    # a stored record is what the next build uses: mark one, and it shows in the graph
    db = sqlite3.connect(out / "extractions.sqlite")
    (key, record), *_ = db.execute("SELECT doc, record FROM extractions ORDER BY doc")
    data = json.loads(record)
    data["m"][0][1] = "仅存于仓库的名字"
    db.execute("UPDATE extractions SET record = ? WHERE doc = ?", (json.dumps(data), key))
    db.commit()
    db.close()
    new = sorted(DEV.glob("*.txt"))[4]
    (corpus / new.name).write_bytes(new.read_bytes())  # one document added
    _build(str(corpus), "-o", str(out))
    assert "仅存于仓库的名字" in (out / "graph.json").read_text(encoding="utf-8")
    _build(str(corpus), "-o", str(out), "--fresh")  # extracts everything again
    assert "仅存于仓库的名字" not in (out / "graph.json").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    _build(str(corpus), "-o", str(fresh))
    assert _files(out) == _files(fresh)
    (corpus / new.name).unlink()  # removed again: its record goes too
    _build(str(corpus), "-o", str(out))
    with sqlite3.connect(out / "extractions.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 4


def test_a_killed_build_leaves_the_last_outputs_and_the_next_build_finishes(tmp_path):
    out = tmp_path / "out"
    _build(str(DEV), "-o", str(out))
    before = _files(out)
    store = out / "extractions.sqlite"
    cmd = [sys.executable, "-m", "kgraph.cli", "build", str(DEV), str(LAWS), "-o", str(out)]
    proc = subprocess.Popen([*cmd, "-q", "--jobs", "1"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until part of the laws are stored
            with sqlite3.connect(store) as db:
                if db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] >= 20:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the build ended before it could be interrupted"
    finally:
        proc.kill()
        proc.wait()
    assert _files(out) == before  # the outputs of the last finished build, intact
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _build(str(DEV), str(LAWS), "-o", str(out))
    fresh = tmp_path / "fresh"
    _build(str(DEV), str(LAWS), "-o", str(fresh))
    assert _files(out) == _files(fresh)


def test_stored_and_fresh_extractions_come_out_in_input_order(tmp_path):
    from kgraph.api import _nlp
    from kgraph.extract.document import extract_documents
    from kgraph.extract.runner import reuse_stored
    from kgraph.extract.store import ExtractionStore
    from kgraph.io.corpus import read_documents

    docs = list(read_documents([DEV, TEST]))
    expected = list(extract_documents(docs, _nlp()))
    extracted: list[str] = []

    def run(some):
        for ex in extract_documents(some, _nlp()):
            extracted.append(ex.doc.id)
            yield ex

    with ExtractionStore(tmp_path / "x.sqlite", "v") as store:
        for ex in expected[1::3] + expected[2::3]:  # two of every three stored, the first not
            store.put(ex)
        assert list(reuse_stored(iter(docs), store, run)) == expected
        assert extracted == [ex.doc.id for ex in expected[0::3]]
        assert len(store) == len(docs)


def test_a_damaged_store_is_one_clear_error_and_fresh_replaces_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "extractions.sqlite").write_text("not a database", encoding="utf-8")
    args = [sys.executable, "-m", "kgraph.cli", "build", str(CORPUS), "-o", str(out), "-q"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [x for x in result.stderr.splitlines() if x.startswith("kgraph: error:")]
    assert len(errors) == 1 and "extractions.sqlite" in errors[0] and "--fresh" in errors[0]
    _build(str(CORPUS), "-o", str(out), "--fresh")
    assert (out / "graph.json").is_file()


def test_a_rebuild_does_not_parse_again_the_files_it_has_read(tmp_path):
    from kgraph.api import iter_extract

    corpus = _copy(sorted(DEV.glob("*.txt"))[:3], tmp_path / "in")
    store = tmp_path / "x.sqlite"

    def run(texts: bool) -> list:
        return list(iter_extract([corpus], cache=store, texts=texts))

    first = run(texts=False)
    assert all(ex.doc.text and ex.doc.sections for ex in first)  # read: nothing stored yet
    again = run(texts=False)
    assert [ex.doc.text for ex in again] == ["", "", ""]  # known bytes: not parsed
    assert [(ex.doc.id, ex.doc.title, ex.doc.source) for ex in again] == [
        (ex.doc.id, ex.doc.title, ex.doc.source) for ex in first
    ]
    assert [(ex.mentions, ex.conditions, ex.relations) for ex in again] == [
        (ex.mentions, ex.conditions, ex.relations) for ex in first
    ]
    assert all(ex.doc.text for ex in run(texts=True))  # asked for texts: parsed
    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一段:贷款。\n", "utf-8")
    texts = {ex.doc.source: ex.doc.text for ex in run(texts=False)}
    assert texts[str(changed)].endswith("新增一段:贷款。")  # changed bytes: parsed again
    assert sum(bool(t) for t in texts.values()) == 1


def test_a_file_with_bad_lines_is_reported_at_every_rebuild(tmp_path):
    from kgraph.api import iter_extract

    corpus = tmp_path / "a.jsonl"
    good = json.dumps({"title": "企业贷款", "text": "申请企业年销售收入不低于100万元。"})
    corpus.write_text(f"{good}\n{{broken\n", encoding="utf-8")
    for _ in range(2):
        errors: list = []
        exs = list(
            iter_extract([corpus], cache=tmp_path / "x.sqlite", texts=False, on_error=errors.append)
        )
        assert [ex.doc.title for ex in exs] == ["企业贷款"]
        assert len(errors) == 1 and "a.jsonl" in str(errors[0])


def test_a_build_killed_while_writing_leaves_every_output_readable(tmp_path):
    """Issue 11: killed in the middle of writing its files (not of extracting), a build
    leaves each output whole: the previous build's, or the new one complete."""
    import json as json_

    import pyoxigraph as ox

    from kgraph.api import load

    corpus = _copy(sorted(DEV.glob("*.txt")), tmp_path / "in")
    out = tmp_path / "out"
    _build(str(corpus), "-o", str(out))
    before = _files(out)
    new = sorted(TEST.glob("*.txt"))[0]
    (corpus / new.name).write_bytes(new.read_bytes())  # the next build's outputs differ
    cmd = [sys.executable, "-m", "kgraph.cli", "build", str(corpus), "-o", str(out), "-q"]
    proc = subprocess.Popen([*cmd, "--jobs", "1"], stderr=subprocess.DEVNULL)
    seen = None
    try:
        deadline = time.monotonic() + 300
        while seen is None and proc.poll() is None and time.monotonic() < deadline:
            seen = next((p.name for p in out.iterdir() if p.name.startswith(".")), None)
        proc.kill()
    finally:
        proc.wait()
    assert seen is not None, "the build ended before it wrote anything"
    now = _files(out)
    assert any(now[name] == before[name] for name in now)  # killed before the end
    kg = load(out)  # graph.json and extractions.jsonl read back
    assert kg.graph.number_of_nodes() > 0 and kg.predictions
    for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        json_.loads(line)
    ox.Store().load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    _build(str(corpus), "-o", str(out))  # and the next build finishes, tidying up
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    fresh = tmp_path / "fresh"
    _build(str(corpus), "-o", str(fresh))
    assert _files(out) == _files(fresh)
