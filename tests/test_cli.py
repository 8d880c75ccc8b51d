import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import InputError
from kgraph.types import ENTITY_CLASSES

from conftest import CORPUS, OUTPUTS

COMMANDS = sorted(main.commands)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"kgraph {command}" in result.output


def test_cli_build_writes_every_output_and_a_summary(built):
    out, output = built
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
    assert "documents   5" in output and "shacl       conforms" in output
    assert not list(out.glob(".*"))  # no temporary file left behind


def test_cli_build_prints_one_line_per_stage_with_its_time_unless_quiet(tmp_path):
    (tmp_path / "a.txt").write_text(
        "云南的小微企业\n云南的小微企业主要集中在昆明。", encoding="utf-8"
    )
    args = ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("kgraph: ")]
    stages = [x.removeprefix("kgraph: ").rsplit(None, 2)[0].strip() for x in lines]
    assert stages == [
        "read and extract",
        "assemble graph",
        "write graph files",
        "RDF",
        "SHACL",
        "write RDF",
        "HTML",
    ]
    assert all(x.endswith(" s") and float(x.split()[-2]) >= 0 for x in lines)
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert quiet.exit_code == 0 and "kgraph: " not in quiet.stderr


def test_cli_build_no_validate_skips_shacl_and_says_so(tmp_path):
    (tmp_path / "a.txt").write_text(
        "云南的小微企业\n云南的小微企业主要集中在昆明。", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "a.txt"), "-o", str(out), "--no-validate"]
    )
    assert result.exit_code == 0, result.output
    assert "shacl       skipped" in result.output
    assert "skipped" in (out / "shacl-report.txt").read_text(encoding="utf-8")
    assert (out / "graph.ttl").stat().st_size > 0


def test_cli_build_reports_bad_files_and_keeps_going(tmp_path):
    (tmp_path / "good.txt").write_text(
        "云南的小微企业\n云南的小微企业主要集中在昆明。", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2
    assert any("empty.txt" in w for w in warnings) and any("blob.txt" in w for w in warnings)
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    assert any(n["id"] == "Region:昆明市" for n in graph["nodes"])
    strict = runner.invoke(
        main, ["build", str(tmp_path), "-o", str(tmp_path / "out2"), "-q", "--strict"]
    )
    assert strict.exit_code != 0


def test_cli_build_fails_when_nothing_can_be_read(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"), "-q"]
    )
    assert result.exit_code != 0
    assert "missing" in result.stderr


def test_cli_extract_prints_gold_format_lines(tmp_path):
    path = tmp_path / "loan.txt"
    path.write_text("某银行税贷申请条件\n企业纳税信用等级须为B级以上。", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    record = json.loads(result.stdout.splitlines()[0])
    assert record["title"] == "某银行税贷申请条件" and len(record["doc"]) == 16  # a content hash
    assert "纳税信用等级 >= B grade" in {c["label"] for c in record["conditions"]}


def test_cli_eval_scores_a_build(built):
    out, _ = built
    result = CliRunner().invoke(
        main, ["eval", "--gold", "data/gold/seed.jsonl", str(out / "extractions.jsonl")]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["P", "R", "F1", "tp", "fp", "fn"]
    assert any(line.startswith("entities") for line in result.output.splitlines())


def test_cli_query_saved_query_with_a_bound_value(built):
    out, _ = built
    result = CliRunner().invoke(
        main,
        [
            "query",
            str(out / "graph.ttl"),
            "loan-conditions",
            "--bind",
            "product=企业贷款",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "年销售收入" in result.output


def test_cli_view_focus_writes_html(built, tmp_path):
    out, _ = built
    target = tmp_path / "yunnan.html"
    result = CliRunner().invoke(
        main, ["view", str(out), "-o", str(target), "--focus", "云南省", "--depth", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "云南省" in target.read_text(encoding="utf-8")


def test_cli_export_chooses_format_by_extension(built, tmp_path):
    out, _ = built
    result = CliRunner().invoke(main, ["export", str(out), "-o", str(tmp_path / "g.nt")])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "g.nt").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("<") and first.endswith(" .")


def test_cli_errors_are_one_line_without_traceback(built, tmp_path):
    import subprocess
    import sys

    out, _ = built
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kgraph.cli import run; run()",
            "view",
            str(out),
            "-o",
            str(tmp_path / "x.html"),
            "--focus",
            "不存在的实体",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("kgraph: error:") and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_cli_build_twice_gives_byte_identical_outputs(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    result = CliRunner().invoke(main, ["build", str(CORPUS), "-o", str(again), "-q"])
    assert result.exit_code == 0
    for path in sorted(out.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_cli_extract_reads_an_extra_lexicon(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("澜沧数智简介\n澜沧数智总部位于昆明。\n", encoding="utf-8")
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text(
        "# surface\tlabel\tclass\n澜沧数智\t澜沧数智科技\tOrganization\n", encoding="utf-8"
    )
    plain = CliRunner().invoke(main, ["extract", str(article)])
    extra = CliRunner().invoke(main, ["extract", str(article), "--lexicon", str(lexicon)])
    assert plain.exit_code == extra.exit_code == 0
    labels = {e["label"] for e in json.loads(extra.output)["entities"]}
    assert "澜沧数智科技" in labels
    assert "澜沧数智科技" not in {e["label"] for e in json.loads(plain.output)["entities"]}


def test_cli_a_bad_lexicon_row_is_one_line_naming_the_file(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("标题\n正文。\n", encoding="utf-8")
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text("澜沧数智\tCompany\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "--lexicon", str(lexicon)])
    assert result.exit_code != 0  # kgraph.cli.run prints the error as one "kgraph: error:" line
    assert isinstance(result.exception, InputError)
    assert str(result.exception).endswith(
        "bad.tsv: row 1: expected surface, label and one of " + ", ".join(ENTITY_CLASSES)
    )


def test_cli_help_loads_no_pipeline():
    """kgraph --help and a command's --help import neither spaCy nor jieba (fast start)."""
    code = (
        "import sys\n"
        "from kgraph.cli import main\n"
        "for args in (['--help'], ['build', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('spacy', 'jieba', 'rdflib', 'pandas') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert "--jobs" in result.stdout


def test_cli_extract_prints_each_document_as_soon_as_it_is_done(tmp_path):
    """The first document's line comes out while the second input is still being written:
    a named pipe that is only filled once that line has been read."""
    import os
    import threading

    first = tmp_path / "a.txt"
    first.write_text("某银行税贷申请条件\n企业纳税信用等级须为B级以上。", encoding="utf-8")
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)
    cmd = [sys.executable, "-m", "kgraph.cli", "extract", "--jobs", "1", str(first), str(fifo)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(60, proc.kill)  # the test fails, not hangs, if nothing streams
    timer.start()
    try:
        line = proc.stdout.readline()
        assert json.loads(line)["title"] == "某银行税贷申请条件"
        fifo.write_text("云南的小微企业\n云南的小微企业主要集中在昆明。", encoding="utf-8")
        rest = proc.stdout.read()
        assert proc.wait() == 0
    finally:
        timer.cancel()
    assert json.loads(rest.splitlines()[0])["title"] == "云南的小微企业"


def test_cli_build_on_a_terminal_shows_bars_for_the_long_stages(tmp_path):
    """Under a pseudo-terminal (sized as a real one), extraction, RDF and SHACL draw
    progress bars; each stage still ends with its timed line."""
    pty = pytest.importorskip("pty")
    import fcntl
    import os
    import re
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 40 x 120, then kgraph build
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        args = ["build", str(CORPUS), "-o", str(tmp_path / "out"), "--jobs", "1"]
        os.execvp(sys.executable, [sys.executable, "-m", "kgraph.cli", *args])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    lines = re.split(r"[\r\n]", b"".join(chunks).decode("utf-8", "replace"))
    for bar in ("extracting:", "RDF:", "SHACL:"):
        assert any(line.startswith(bar) for line in lines), bar
    for stage in ("read and extract", "RDF", "SHACL", "HTML"):
        assert any(line.startswith(f"kgraph: {stage} ") for line in lines), stage
