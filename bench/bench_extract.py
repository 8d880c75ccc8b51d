"""Time `kgraph extract` against plain `jieba.lcut` on the same text, in one run.

Both sides see the same sentences (the corpus's, repeated to a few hundred kilobytes)
and the same jieba dictionary (kgraph's vocabulary added first), so the ratio is the
cost of kgraph's pipeline and extraction on top of segmentation.

    python bench/bench_extract.py [--repeat 40] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="copies of the corpus's documents")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each side (median)")
    args = parser.parse_args()

    import jieba

    from kgraph.extract.document import extract_documents
    from kgraph.io.corpus import read_documents
    from kgraph.nlp.pipeline import load_pipeline

    docs = list(read_documents([ROOT / "data" / "corpus"])) * args.repeat
    nlp = load_pipeline()  # adds the vocabulary to jieba for both sides
    sentences = [s.text for d in docs for s in d.sentences]
    chars = sum(map(len, sentences))
    list(extract_documents(docs[:5], nlp))  # warm caches on both sides
    jieba.lcut(sentences[0])

    def run_jieba() -> None:
        for s in sentences:
            jieba.lcut(s)

    def run_kgraph() -> None:
        for _ in extract_documents(docs, nlp):
            pass

    times: dict[str, list[float]] = {"jieba.lcut": [], "kgraph extract": []}
    for _ in range(args.rounds):
        for name, fn in (("jieba.lcut", run_jieba), ("kgraph extract", run_kgraph)):
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"documents {len(docs)}, sentences {len(sentences)}, characters {chars}")
    for name, t in med.items():
        print(f"{name:16} {t:8.3f} s   {chars / t / 1000:8.1f} k chars/s")
    print(f"ratio kgraph/jieba {med['kgraph extract'] / med['jieba.lcut']:.2f}x")


if __name__ == "__main__":
    main()
