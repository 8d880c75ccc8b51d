"""Push to a real Virtuoso through the Graph Store HTTP Protocol, then count back.

Marked ``virtuoso``. Without Virtuoso the test skips, unless ``CI`` is set, where it fails:
CI must install ``virtuoso-opensource`` (Debian) so that this runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kgraph.errors import ExportError
from kgraph.rdf.export import to_rdf, write_rdf
from kgraph.rdf.push import push

from rdf_fixtures import sample_graph

pytestmark = pytest.mark.virtuoso

GRAPH = "https://kgraph.example.org/graph"
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
"""


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in (f"/usr/bin/{name}", f"/usr/lib/virtuoso-opensource-7/bin/{name}"):
        if Path(candidate).is_file():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql(isql: str, port: int, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [isql, str(port), "dba", "dba", f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server, isql = _binary("virtuoso-t"), _binary("isql-vt")
    if not (server and isql):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(
                "CI is set but virtuoso-t/isql-vt are missing: apt-get install virtuoso-opensource"
            )
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http))
    log = open(d / "stdout.txt", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [server, "-f", "+configfile", str(d / "virtuoso.ini")],
        cwd=d,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited: {(d / 'stdout.txt').read_text()[-2000:]}")
            if _isql(isql, sql, "SELECT 1;").returncode == 0:
                break
            if time.monotonic() > deadline:
                pytest.fail("Virtuoso did not start within 120 s")
            time.sleep(1)
        grant = _isql(
            isql,
            sql,
            "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
        )
        assert grant.returncode == 0, grant.stdout + grant.stderr
        yield f"http://127.0.0.1:{http}"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _count(base: str, query: str) -> int:
    w = SPARQLWrapper(f"{base}/sparql")
    w.setQuery(query)
    w.setReturnFormat(JSON)
    return int(w.query().convert()["results"]["bindings"][0]["n"]["value"])


def test_push_and_count_back(virtuoso, tmp_path):
    rdf = to_rdf(sample_graph())
    path = write_rdf(rdf, tmp_path / "graph.ttl")
    result = push(path, f"{virtuoso}/sparql-graph-crud", graph_iri=GRAPH)
    assert 200 <= result.status < 300
    n = _count(virtuoso, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert n == len(rdf)
    regions = _count(
        virtuoso,
        "PREFIX kg: <https://kgraph.example.org/ontology#> "
        f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?r a kg:Region }} }}",
    )
    assert regions == 4
    # PUT replaces: pushing again (as N-Triples, from the rdflib graph) keeps the count.
    push(rdf, f"{virtuoso}/sparql-graph-crud", graph_iri=GRAPH)
    assert (
        _count(virtuoso, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}") == n
    )


def test_push_errors_are_export_errors(virtuoso, tmp_path):
    path = write_rdf(to_rdf(sample_graph()), tmp_path / "graph.ttl")
    with pytest.raises(ExportError, match=r"HTTP [45]\d\d"):
        push(path, f"{virtuoso}/no-such-service", graph_iri=GRAPH)
    with pytest.raises(ExportError, match="failed"):
        push(path, f"http://127.0.0.1:{_free_port()}/sparql-graph-crud", graph_iri=GRAPH)
