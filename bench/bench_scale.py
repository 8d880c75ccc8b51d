"""Time a whole build, stage by stage, at several corpus sizes.

The corpus is the real regulations of ``../shared/corpus/laws/`` plus the sample and dev
articles, copied N times into a scratch folder, each copy with a closing line naming it
(so that no two files are the same). Each size is built in a fresh process, so that its
peak RSS is its own. Per stage: seconds, characters per second and the peak RSS so far.

    python bench/bench_scale.py [--scales 1 3 10] [--jobs 1 2]

With several ``--jobs``, each size is built once per number of worker processes. With
``--scheduler tcp://HOST:PORT``, extraction runs on that Dask cluster instead (start one
with ``dask scheduler`` and ``dask worker ADDRESS --nthreads 1``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT.parent / "shared" / "corpus" / "laws",
    ROOT / "data" / "corpus",
    ROOT / "data" / "dev",
]


def make_corpus(folder: Path, copies: int) -> int:
    """Write ``copies`` copies of the sources into ``folder``; returns the characters written."""
    chars = 0
    for n in range(1, copies + 1):
        for source in SOURCES:
            for f in sorted(source.iterdir()):
                if f.suffix not in (".md", ".txt") or f.name == "README.md":
                    continue
                for k, text in enumerate(_articles(f)):
                    text = text.rstrip("\n") + f"\n\n本文为第{n}份副本。\n"
                    name = f"{n:03d}_{source.name}_{k}_{f.stem}.txt"
                    (folder / name).write_text(text, encoding="utf-8")
                    chars += len(text)
    return chars


def _articles(path: Path) -> list[str]:
    """The file's text, or each article's (title line and text) when it holds several."""
    from kgraph.io.corpus import read_documents

    docs = list(read_documents([path]))
    if len(docs) == 1:
        return [path.read_text(encoding="utf-8")]
    return [f"{d.title}\n{d.text}" for d in docs]


def run_stages(folder: Path, out: Path, jobs: int, scheduler: str = "") -> dict:
    """Build ``folder`` into ``out``, timing each stage (runs in the child process)."""
    from kgraph.extract.document import extract_documents
    from kgraph.extract.parallel import extract_parallel
    from kgraph.extract.runner import shared_pipeline
    from kgraph.graph import build_graph, write_graphml, write_json
    from kgraph.io.corpus import read_documents
    from kgraph.rdf.export import to_rdf, validate, write_rdf
    from kgraph.viz.html import write_html

    stages: list[dict] = []
    t = time.perf_counter()

    def done(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stages.append({"stage": name, "seconds": now - t, "peak_rss_mb": rss})
        t = time.perf_counter()

    nlp = shared_pipeline()
    done("start-up (pipeline)")
    docs = list(read_documents([folder]))
    done("read")
    if scheduler:
        from kgraph.extract.cluster import extract_on_cluster

        extractions = list(extract_on_cluster(docs, scheduler=scheduler))
    elif jobs == 1:
        extractions = list(extract_documents(docs, nlp))
    else:  # the workers' start-up is part of this stage
        extractions = list(extract_parallel(docs, jobs=jobs, nlp=nlp))
    done("extract")
    graph = build_graph(extractions)
    done("assemble graph")
    rdf = to_rdf(graph, store="Oxigraph")
    done("RDF")
    report = validate(rdf)
    done("SHACL")
    write_json(graph, out / "graph.json")
    write_graphml(graph, out / "graph.graphml")
    write_rdf(rdf, out / "graph.ttl", format="turtle")
    done("write files")
    write_html(graph, out / "graph.html")
    done("HTML")
    return {
        "documents": len(docs),
        "characters": sum(len(s.text) for d in docs for s in d.sentences),
        "triples": len(rdf),
        "conforms": report.conforms,
        "stages": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1])
    parser.add_argument("--scheduler", default="", help="a Dask scheduler's address")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, out, jobs, scheduler = args.child
        print(json.dumps(run_stages(Path(corpus), Path(out), int(jobs), scheduler)))
        return
    for scale in args.scales:
        for jobs in args.jobs:
            report(scale, jobs, args.scheduler)


def report(scale: int, jobs: int, scheduler: str) -> None:
    """Build one size in a child process and print its stages."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        out.mkdir()
        make_corpus(corpus, scale)
        wall = time.perf_counter()
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(corpus), str(out), str(jobs), scheduler],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - wall
        r = json.loads(child.stdout.strip().splitlines()[-1])
    chars = r["characters"]
    print(
        f"\nscale {scale}x, {'cluster ' + scheduler if scheduler else f'--jobs {jobs}'}: "
        f"{r['documents']} documents, {chars:,} characters, "
        f"{r['triples']:,} triples, conforms {r['conforms']}, wall {wall:.1f} s"
    )
    print(f"{'stage':22} {'seconds':>8} {'k chars/s':>10} {'peak RSS MB':>12}")
    for s in r["stages"]:
        rate = chars / s["seconds"] / 1000 if s["seconds"] else float("inf")
        print(f"{s['stage']:22} {s['seconds']:8.2f} {rate:10.1f} {s['peak_rss_mb']:12.0f}")
    total = sum(s["seconds"] for s in r["stages"])
    extract = next(s["seconds"] for s in r["stages"] if s["stage"] == "extract")
    print(f"{'total':22} {total:8.2f}   build / extraction = {total / extract:.2f}x")


if __name__ == "__main__":
    main()
