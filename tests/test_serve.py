"""The SPARQL endpoint, queried with SPARQLWrapper (a real client) over loopback."""

from __future__ import annotations

import csv
import io
import threading
import urllib.error
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kgraph.rdf.export import to_rdf, write_rdf
from kgraph.rdf.serve import make_server

from rdf_fixtures import sample_graph

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <https://kgraph.example.org/ontology#>
SELECT ?label WHERE { ?r a kg:Region ; rdfs:label ?label } ORDER BY ?label"""
REGIONS = ["云南省", "五华区", "昆明市", "滇中城市群"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = write_rdf(sample_graph(), tmp_path_factory.mktemp("serve") / "graph.ttl")
    srv = make_server(path, "127.0.0.1", 0, timeout=5, limit=50)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def client(server, query=LABELS, fmt=JSON):
    w = SPARQLWrapper(server.url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w


def test_binds_loopback(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_select_json(server):
    data = client(server).query().convert()
    assert data["head"]["vars"] == ["label"]
    cells = [b["label"] for b in data["results"]["bindings"]]
    assert [c["value"] for c in cells] == REGIONS
    assert cells[0]["xml:lang"] == "zh"


def test_select_xml(server):
    doc = client(server, fmt=XML).query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == REGIONS


def test_select_csv_and_tsv(server):
    text = client(server, fmt=CSV).query().convert().decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [["label"]] + [[r] for r in REGIONS]
    tsv = client(server, fmt=TSV).query().convert().decode("utf-8").splitlines()
    assert tsv == ["?label"] + [f'"{r}"@zh' for r in REGIONS]


def test_ask(server):
    assert client(server, "ASK { ?s ?p ?o }").query().convert()["boolean"] is True


def test_construct_turtle(server):
    q = """PREFIX kg: <https://kgraph.example.org/ontology#>
    CONSTRUCT { ?a kg:partOf ?b } WHERE { ?a kg:partOf ?b }"""
    data = client(server, q, TURTLE).query().convert()
    g = Graph().parse(data=data, format="turtle")
    expected = to_rdf(sample_graph()).triples((None, None, None))
    assert len(g) == 3 == len([t for t in expected if str(t[1]).endswith("#partOf")])


def test_construct_ntriples_by_accept(server):
    url = server.url + "?query=" + urllib.request.quote("DESCRIBE <urn:none>")
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Content-Type"].startswith("application/n-triples")


@pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
def test_post_both_forms(server, request_method):
    w = client(server)
    w.setMethod(POST)
    if request_method == POSTDIRECTLY:
        w.setRequestMethod(POSTDIRECTLY)
    data = w.query().convert()
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == REGIONS


def test_update_is_refused(server):
    w = client(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    w.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        w.query()
    assert 400 <= err.value.code < 500
    req = urllib.request.Request(
        server.url, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    assert client(server, "ASK { <urn:a> ?p ?o }").query().convert()["boolean"] is False


def test_malformed_query_is_400_with_parser_message(server):
    with pytest.raises(QueryBadFormed) as err:
        client(server, "SELECT ?x WHERE { ?x").query()
    assert "malformed query" in str(err.value)
    req = urllib.request.Request(server.url + "?query=SELECT+%3Fx+WHERE+%7B")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 400
    assert b"error at" in err.value.read()


def test_result_limit_truncates(server):
    url = server.url + "?query=" + urllib.request.quote("SELECT * WHERE { ?s ?p ?o }")
    req = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["X-KGraph-Truncated"] == "true"
        assert len(resp.read().decode().splitlines()) == 1 + 50


def test_timeout_gives_503(tmp_path):
    path = write_rdf(sample_graph(), tmp_path / "g.nt")
    srv = make_server(path, port=0, timeout=0.2, limit=10**9)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        with pytest.raises(urllib.error.HTTPError) as err:
            client(srv, slow).query()
        assert err.value.code == 503
    finally:
        srv.shutdown()
        srv.server_close()


UNDECLARED = "SELECT ?label WHERE { ?r a kg:Region ; rdfs:label ?label } ORDER BY ?label"


@pytest.mark.parametrize("method", ["GET", "urlencoded", POSTDIRECTLY])
def test_undeclared_prefixes(server, method):
    w = client(server, UNDECLARED)
    if method != "GET":
        w.setMethod(POST)
    if method == POSTDIRECTLY:
        w.setRequestMethod(POSTDIRECTLY)
    data = w.query().convert()
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == REGIONS
    q = "CONSTRUCT { ?a kg:partOf ?b } WHERE { ?a kg:partOf ?b }"
    assert len(Graph().parse(data=client(server, q, TURTLE).query().convert())) == 3
    assert client(server, "ASK { ?r a kg:Region }").query().convert()["boolean"] is True


def test_result_limit_in_every_format(server):
    q = "SELECT ?s ?o WHERE { ?s rdfs:label ?o } ORDER BY ?o"
    data = client(server, "SELECT * WHERE { ?s ?p ?o }").query().convert()
    assert len(data["results"]["bindings"]) == 50
    doc = client(server, "SELECT * WHERE { ?s ?p ?o }", XML).query().convert()
    assert len(doc.getElementsByTagName("result")) == 50
    tsv = client(server, "SELECT * WHERE { ?s ?p ?o }", TSV).query().convert()
    assert len(tsv.decode().splitlines()) == 51
    # Under the limit: all rows, in the query's order, nothing marked as cut.
    rows = client(server, q).query().convert()["results"]["bindings"]
    labels = [r["o"]["value"] for r in rows]
    assert labels == sorted(labels) and 0 < len(labels) < 50
    url = server.url + "?query=" + urllib.request.quote(q)
    with urllib.request.urlopen(urllib.request.Request(url)) as resp:
        assert resp.headers["X-KGraph-Truncated"] is None


def test_query_the_wrapper_cannot_hold_still_runs(server):
    # FROM is not allowed in a sub-select: the query runs unwrapped and is cut after.
    q = "SELECT ?s FROM <urn:none> WHERE { ?s ?p ?o }"
    data = client(server, q).query().convert()
    assert data["head"]["vars"] == ["s"]
    many = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 100 OFFSET 1"
    assert len(client(server, many).query().convert()["results"]["bindings"]) == 50


def test_ask_in_xml_csv_tsv(server):
    doc = client(server, "ASK { ?s ?p ?o }", XML).query().convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert b"true" in client(server, "ASK { ?s ?p ?o }", CSV).query().convert()


# ---------------------------------------------------------------- on-disk store


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(path_or_store) -> int:
    srv = make_server(path_or_store, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        data = client(srv, COUNT).query().convert()
        return int(data["results"]["bindings"][0]["n"]["value"])
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def test_a_store_folder_is_served_without_its_rdf_file(tmp_path):
    from click.testing import CliRunner

    from kgraph.cli import main

    from conftest import CORPUS

    out, db = tmp_path / "out", tmp_path / "db"
    result = CliRunner().invoke(
        main, ["build", str(CORPUS), "-o", str(out), "-q", "--store", str(db)]
    )
    assert result.exit_code == 0, result.output
    expected = _count(out / "graph.ttl")
    (out / "graph.ttl").unlink()  # the store does not need it
    assert _count(db) == expected > 1000
    # a second, smaller build replaces the store whole, leaving nothing beside it
    small = tmp_path / "small.txt"
    small.write_text("云南的小微企业\n云南的小微企业主要集中在昆明。", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(small), "-o", str(out), "-q", "--store", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert 0 < _count(db) == _count(out / "graph.ttl") < expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "out", "small.txt"]


def test_kgraph_store_loads_a_file_and_refuses_a_folder_it_did_not_make(tmp_path):
    from click.testing import CliRunner

    from kgraph.cli import main
    from kgraph.errors import ExportError
    from kgraph.rdf.store import write_store

    path = write_rdf(sample_graph(), tmp_path / "graph.ttl")
    result = CliRunner().invoke(main, ["store", str(path), str(tmp_path / "db")])
    assert result.exit_code == 0 and "triples" in result.output
    assert _count(tmp_path / "db") == len(Graph().parse(path))
    other = tmp_path / "photos"
    other.mkdir()
    (other / "a.jpg").write_bytes(b"x")
    with pytest.raises(ExportError, match="not a kgraph store"):
        write_store(path, other)
    assert (other / "a.jpg").exists()


def test_a_burst_of_400_requests_from_32_threads_all_succeed(server):
    """Issue 11, finding 6: a burst reset connections (listen backlog of 5, a thread each)."""
    import concurrent.futures
    import urllib.parse
    import urllib.request

    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def ask(_: int) -> int:
        req = urllib.request.Request(f"{server.url}?query={query}", headers={"Accept": "text/csv"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return resp.status

    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(ask, range(400)))
    assert statuses == [200] * 400
    assert server.pool._max_workers == 32  # served by a bounded pool
