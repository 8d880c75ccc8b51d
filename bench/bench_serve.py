"""A burst of concurrent clients against ``kgraph serve``: failures and latency.

    python bench/bench_serve.py [GRAPH.ttl] [--requests 400] [--threads 32]

Starts the endpoint in this process on a free loopback port (the same server class as
``kgraph serve``), sends the requests from a pool of client threads, each a small
``SELECT (COUNT(*) ...)`` over HTTP, and prints how many succeeded and the latency
percentiles. The default graph is the sample build, ``build/graph.ttl``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from kgraph.rdf.serve import make_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", default="build/graph.ttl")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    server = make_server(args.graph, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    url = f"{server.url}?query={query}"

    def ask(_: int) -> tuple[bool, float]:
        start = time.perf_counter()
        try:
            req = urllib.request.Request(url, headers={"Accept": "text/csv"})
            with urllib.request.urlopen(req, timeout=60) as resp:
                resp.read()
                ok = resp.status == 200
        except (OSError, urllib.error.URLError):
            ok = False
        return ok, time.perf_counter() - start

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        results = list(pool.map(ask, range(args.requests)))
    wall = time.perf_counter() - began
    server.shutdown()
    server.server_close()
    lat = sorted(t for _, t in results)
    failed = sum(not ok for ok, _ in results)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))]

    print(
        f"{args.requests} requests from {args.threads} threads: {failed} failed; "
        f"p50 {pct(0.50) * 1000:.0f} ms, p99 {pct(0.99) * 1000:.0f} ms, "
        f"max {lat[-1] * 1000:.0f} ms; {args.requests / wall:.0f} requests/s"
    )


if __name__ == "__main__":
    main()
