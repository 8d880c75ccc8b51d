"""Time entity resolution (kgraph.extract.resolve.resolve_keys) on n random organization names.

python bench/bench_resolve.py [--sizes 2000 4000 8000 100000]
"""

from __future__ import annotations

import argparse
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 100000])
    args = parser.parse_args()

    from kgraph.extract.resolve import resolve_keys
    from kgraph.types import EntityKey

    rng = random.Random(0)
    stems = "招商微众蚂蚁云南白药华夏平安光大浦发兴业民生中信北京上海天津重庆"
    endings = ["", "银行", "集团", "有限公司"]
    for n in args.sizes:
        names = {
            "".join(rng.choices(stems, k=rng.randint(2, 6))) + rng.choice(endings) for _ in range(n)
        }
        keys = [EntityKey("Organization", x) for x in names]
        t = time.perf_counter()
        merged = sum(k != v for k, v in resolve_keys(keys).items())
        print(f"{len(keys):7} names  {time.perf_counter() - t:7.3f} s  {merged} merged")


if __name__ == "__main__":
    main()
