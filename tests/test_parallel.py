"""Extraction in worker processes gives the same output as one process."""

from __future__ import annotations

from click.testing import CliRunner

from kgraph.api import _nlp
from kgraph.cli import main
from kgraph.extract.document import extract_documents, to_gold_format
from kgraph.extract.parallel import extract_parallel
from kgraph.io.corpus import read_documents

from conftest import CORPUS, OUTPUTS, ROOT

INPUTS = [ROOT / "data" / "dev", ROOT / "data" / "test", CORPUS]


def test_a_build_with_two_jobs_writes_the_same_files_as_with_one(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        args = ["build", *map(str, INPUTS), "-o", str(out), "-q", "--jobs", jobs]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append({f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.name in OUTPUTS})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == set(OUTPUTS)


def test_spawned_workers_load_their_own_pipeline_and_agree():
    docs = list(read_documents(INPUTS))
    serial = [to_gold_format(ex) for ex in extract_documents(docs, _nlp())]
    spawned = [to_gold_format(ex) for ex in extract_parallel(docs, jobs=2)]  # no nlp: spawn
    assert spawned == serial
    assert len(serial) == len(docs) > 10
