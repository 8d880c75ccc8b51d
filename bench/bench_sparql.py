"""SPARQL speed: rdflib's memory store vs pyoxigraph vs the kgraph endpoint, same queries.

Builds a synthetic kgraph-shaped graph (entities, conditions, sentences, assertions) of
about 640k triples at ``--scale 1`` (1.6 gives about 1M) through the real converter (kgraph.rdf.export.to_rdf), writes it as N-Triples,
loads it into rdflib's memory store and into the endpoint, runs the saved queries (with
constant parameter values) once on rdflib, once on pyoxigraph in process, and ``--repeat``
times over HTTP on the endpoint (median latency), then prints a table.

    python bench/bench_sparql.py [--scale 1.6] [--repeat 20]
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kgraph.rdf.export import to_rdf, write_rdf
from kgraph.rdf.serve import make_server
from kgraph.rdf.sparql import saved_queries

METRICS = [
    "年销售收入",
    "主营业务收入",
    "注册时间",
    "纳税信用等级",
    "法定代表人年龄",
    "逾期次数",
    "纯信用贷款额度",
    "资产负债率",
    "营业收入",
    "销售额",
]


def synthetic(scale: float, seed: int = 7) -> nx.MultiDiGraph:
    """A graph shaped like kgraph's: about 640k RDF triples at scale 1, 1M at 1.6."""
    rnd = random.Random(seed)
    n = lambda k: max(1, int(k * scale))  # noqa: E731
    G = nx.MultiDiGraph()
    docs = [f"文档{i}" for i in range(n(4000))]
    G.graph["documents"] = {
        d: {"title": f"{d}标题", "date": "2023-05-12", "source": "bench", "url": None, "views": i}
        for i, d in enumerate(docs)
    }
    sentences: list[dict] = []
    for d in docs:
        for j in range(20):
            sentences.append(
                {
                    "doc": d,
                    "sentence": f"{d}的第{j}句话，包含“引号”。",
                    "start": j * 30,
                    "end": j * 30 + 25,
                }
            )

    def evidence(k: int) -> list[dict]:
        return sorted(rnd.sample(sentences, k), key=lambda e: (e["doc"], e["start"]))

    def node(cls: str, label: str, k: int = 2, **extra) -> str:
        ev = evidence(k)
        G.add_node(
            f"{cls}:{label}",
            cls=cls,
            label=label,
            aliases=[],
            count=k,
            evidence=ev,
            docs=sorted({e["doc"] for e in ev}),
            **extra,
        )
        return f"{cls}:{label}"

    def edge(u: str, rel: str, v: str, source: str = "text") -> None:
        G.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            source=source,
            evidence=[] if source == "gazetteer" else evidence(1),
        )

    regions = []
    for p in range(34):
        prov = node("Region", f"省{p}", level="province")
        regions.append(prov)
        for c in range(n(10)):
            city = node("Region", f"省{p}市{c}", level="prefecture")
            edge(city, "partOf", prov, "gazetteer")
            regions.append(city)
            for k in range(5):
                county = node("Region", f"省{p}市{c}县{k}", 1, level="county")
                edge(county, "partOf", city, "gazetteer")
                regions.append(county)
    risks = [node("RiskCategory", f"风险{i}") for i in range(n(200))]
    for r in risks[20:]:
        edge(r, "subCategoryOf", rnd.choice(risks[:20]))
    types = [node("EnterpriseType", f"企业类型{i}") for i in range(n(500))]
    industries = [node("Industry", f"行业{i}") for i in range(n(500))]
    orgs = [
        node("Organization", f"机构{i}" + ("银行" if i % 3 == 0 else "")) for i in range(n(5000))
    ]
    products = [node("LoanProduct", f"贷款产品{i}") for i in range(n(3000))]
    for prod in products:
        edge(rnd.choice(orgs), "offers", prod)
        edge(rnd.choice(types), "eligibleFor", prod)
        edge(prod, "supportsIndustry", rnd.choice(industries))
        for _ in range(5):
            metric = rnd.choice(METRICS)
            value = float(rnd.choice([12, 24, 100000, 1000000, 5000000, 30000000]))
            label = f"{metric} >= {int(value)} CNY"
            cond = f"LoanCondition:{label}"
            if cond not in G:
                node(
                    "LoanCondition",
                    label,
                    1,
                    metric=metric,
                    op=">=",
                    value=value,
                    value_max=None,
                    unit="CNY",
                    window="",
                )
            edge(prod, "requires", cond)
    for subject in types + industries:
        for _ in range(10):
            edge(subject, "concentratedIn", rnd.choice(regions))
        for _ in range(5):
            edge(subject, "facesRisk", rnd.choice(risks))
    for org in orgs:
        edge(org, "locatedIn", rnd.choice(regions))
    return G


def bench_queries() -> dict[str, str]:
    """The saved queries with constant parameter values (bench only: no user input)."""
    values = {"product": "贷款产品17", "region": "省3", "category": "风险5", "entity": "机构43"}
    out = {}
    for name, text in saved_queries().items():
        # A saved query reads its parameter in one place, STRLANG(?var, "zh"): write the
        # value there, as a client of the endpoint would.
        for var, value in values.items():
            text = text.replace(f'STRLANG(?{var}, "zh")', f'STRLANG("{value}", "zh")')
        out[name] = text
    out["two-hop"] = """PREFIX kg: <https://kgraph.example.org/ontology#>
SELECT ?org (COUNT(DISTINCT ?c) AS ?n) WHERE { ?org kg:offers ?p . ?p kg:requires ?c }
GROUP BY ?org ORDER BY DESC(?n) LIMIT 10"""
    return out


def _child(memory: Graph, q: str, out: multiprocessing.Queue) -> None:
    t0 = time.perf_counter()
    n = len(list(memory.query(q)))
    out.put((n, time.perf_counter() - t0))


def _rdflib_run(memory: Graph, q: str, timeout: float) -> tuple[int | None, float | None]:
    """One run on rdflib in a forked child (which shares the loaded graph), or None on timeout."""
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    proc = ctx.Process(target=_child, args=(memory, q, out))
    proc.start()
    try:
        return out.get(timeout=timeout)
    except queue.Empty:
        return None, None
    finally:
        proc.terminate()
        proc.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rdflib-timeout", type=float, default=60.0)
    args = ap.parse_args()

    t = time.perf_counter()
    rdf = to_rdf(synthetic(args.scale))
    print(f"build: {len(rdf):,} triples in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    t = time.perf_counter()
    path = write_rdf(rdf, tmp / "graph.nt")
    print(f"write N-Triples: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    del rdf

    t = time.perf_counter()
    memory = Graph().parse(path, format="nt")
    rdflib_load = time.perf_counter() - t
    t = time.perf_counter()
    server = make_server(path, port=0, timeout=600, limit=10**6)
    ox_load = time.perf_counter() - t
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def http(q: str) -> tuple[float, int]:
        url = server.url + "?query=" + urllib.parse.quote(q)
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req) as resp:
            body = resp.read()
        return time.perf_counter() - t0, len(body)

    rows = []
    for name, q in bench_queries().items():
        print(f"{name} ...", file=sys.stderr)
        n_rdflib, t_rdflib = _rdflib_run(memory, q, args.rdflib_timeout)
        t0 = time.perf_counter()
        n_ox = len(list(server.store.query(q)))
        t_ox = time.perf_counter() - t0
        http(q)  # warm
        lat = statistics.median(http(q)[0] for _ in range(args.repeat))
        rows.append((name, n_rdflib, n_ox, t_rdflib, t_ox, lat))
    server.shutdown()
    server.server_close()

    print(
        f"\ntriples: {len(memory):,}; "
        f"load: rdflib {rdflib_load:.1f} s, pyoxigraph {ox_load:.1f} s\n"
    )
    print(
        "| query | rows (rdflib/ox) | rdflib memory (ms) | pyoxigraph (ms) | speed-up "
        f"| endpoint median of {args.repeat} (ms) | speed-up vs endpoint |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, nr, no, tr, to, lat in rows:
        if tr is None:
            cut = f">{args.rdflib_timeout:g} s"
            print(
                f"| {name} | -/{no} | {cut} (stopped) | {to * 1000:.1f} "
                f"| >{args.rdflib_timeout / to:.0f}x "
                f"| {lat * 1000:.1f} | >{args.rdflib_timeout / lat:.0f}x |"
            )
            continue
        print(
            f"| {name} | {nr}/{no} | {tr * 1000:.1f} | {to * 1000:.1f} | {tr / to:.0f}x "
            f"| {lat * 1000:.1f} | {tr / lat:.0f}x |"
        )
    print(
        "\nmedian endpoint latency over queries: "
        f"{statistics.median(r[5] for r in rows) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
