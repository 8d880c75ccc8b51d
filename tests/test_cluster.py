"""A build on a real Dask cluster (a scheduler and two workers on loopback) equals a serial one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgraph.cli import main

from conftest import CORPUS, OUTPUTS, ROOT

distributed = pytest.importorskip("distributed")

INPUTS = [ROOT / "data" / "dev", ROOT / "data" / "test", CORPUS]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    """``dask scheduler`` and two ``dask worker`` processes, one thread each."""
    dask = shutil.which("dask") or pytest.skip("the dask command is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), *common],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *common],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        client = distributed.Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=60)
        client.close()
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_cluster_build_writes_the_same_files_as_a_serial_one(cluster, tmp_path):
    outputs = []
    for extra in (["--jobs", "1"], ["--scheduler", cluster]):
        out = tmp_path / extra[0].strip("-")
        result = CliRunner().invoke(
            main, ["build", *map(str, INPUTS), "-o", str(out), "-q", *extra]
        )
        assert result.exit_code == 0, result.output
        outputs.append({name: (out / name).read_bytes() for name in OUTPUTS})
    assert outputs[0] == outputs[1]


def test_both_workers_extract(cluster):
    from kgraph.api import extract

    client = distributed.Client(cluster)
    try:
        exs = extract(INPUTS, scheduler=client)
        assert len(exs) > 10
        tasks = client.run(
            lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count
        )
        assert len(tasks) == 2 and all(n > 0 for n in tasks.values())
    finally:
        client.close()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    args = ["build", str(CORPUS), "-o", str(tmp_path / "out"), "-q", "--scheduler", address]
    result = subprocess.run(
        [sys.executable, "-m", "kgraph.cli", *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("kgraph: error:")]
    assert len(errors) == 1 and "Dask scheduler" in errors[0] and address in errors[0]
    assert "Traceback" not in result.stderr
