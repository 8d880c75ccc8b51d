"""Benchmark of the HTML view in headless Chromium, and the screenshot in docs/.

Timing (a synthetic graph shaped as docs/graph-model.md describes)::

    python bench/bench_viz.py --nodes 2000 --runs 3

prints, per run, the time from navigation until the page sets ``body[data-ready=1]``
(layout stabilized and physics stopped), then how long a search round-trip and a node
click take once it is ready.

Screenshot (the hand-built sample graph of tests/viz_fixtures.py, or any view)::

    python bench/bench_viz.py --screenshot docs/screenshot.png
    python bench/bench_viz.py --screenshot docs/screenshot.png --html build/graph.html
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

import kgraph.viz.html as viz

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# (class, share of nodes, label parts)
CLASSES = [
    ("Organization", 0.22, ("银行", "农商行", "小贷公司", "担保公司", "信托")),
    ("EnterpriseType", 0.08, ("小微企业", "个体工商户", "科技型企业", "外贸企业")),
    ("Industry", 0.15, ("制造业", "批发零售", "信息技术", "特色农业", "生物医药")),
    ("RiskCategory", 0.08, ("信用风险", "市场风险", "流动性风险", "合规风险")),
    ("LoanCondition", 0.22, ("年销售收入", "注册时间", "纳税信用等级", "征信逾期次数")),
    ("Region", 0.15, ("省", "市", "县", "区")),
    ("LoanProduct", 0.10, ("经营贷", "信用贷", "税易贷", "抵押贷")),
]
PREFIX = "云贵川滇黔桂粤闽浙苏皖赣湘鄂豫冀晋陕甘宁青新藏蒙辽吉黑鲁京津沪渝琼港澳"
RELATIONS = [
    ("Organization", "LoanProduct", "offers"),
    ("LoanProduct", "LoanCondition", "requires"),
    ("EnterpriseType", "LoanProduct", "eligibleFor"),
    ("LoanProduct", "Industry", "supportsIndustry"),
    ("LoanProduct", "Industry", "restrictsIndustry"),
    ("Region", "Region", "partOf"),
    ("Organization", "Region", "locatedIn"),
    ("Industry", "Region", "concentratedIn"),
    ("Industry", "RiskCategory", "facesRisk"),
    ("RiskCategory", "RiskCategory", "subCategoryOf"),
]


# Type a label and press Enter inside the page; time until the next frame is painted.
IN_PAGE_SEARCH = """async label => {
  const box = document.getElementById('kg-search');
  const t = performance.now();
  box.value = label;
  box.dispatchEvent(new Event('input'));
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t;
}"""


def synthetic_graph(n_nodes: int = 2000, seed: int = 1) -> nx.MultiDiGraph:
    """A random graph with ``n_nodes`` nodes and about 1.6 edges per node, contract-shaped."""
    rng = random.Random(seed)
    docs = [
        f"{rng.choice(PREFIX)}{rng.choice(PREFIX)}地区企业贷款条件解读（第{i}篇）"
        for i in range(200)
    ]
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        d: {"title": d, "date": "2026-01-14", "source": "企业wiki", "url": None, "views": 1}
        for d in docs
    }
    by_cls: dict[str, list[str]] = {}
    nodes = []
    for cls, share, parts in CLASSES:
        for i in range(round(n_nodes * share)):
            label = f"{rng.choice(PREFIX)}{rng.choice(PREFIX)}{rng.choice(parts)}{i}"
            doc = rng.choice(docs)
            sent = f"据统计，{label}在本地企业融资中的作用日益突出，相关政策持续完善。"
            ev = [{"doc": doc, "sentence": sent, "start": 10 * i, "end": 10 * i + len(sent)}]
            attrs = {"aliases": [f"{label}（简称）"], "count": 1, "docs": [doc], "evidence": ev}
            if cls == "LoanCondition":
                attrs |= {"metric": parts[i % 4], "op": ">=", "value": float(i), "unit": "CNY"}
                attrs |= {"value_max": None, "window": ""}
            nodes.append((f"{cls}:{label}", cls, label, attrs))
    for nid, cls, label, attrs in sorted(nodes):
        G.add_node(nid, cls=cls, label=label, **attrs)
        by_cls.setdefault(cls, []).append(nid)
    edges = set()
    while len(edges) < int(1.6 * G.number_of_nodes()):
        a, b, rel = rng.choice(RELATIONS)
        u, v = rng.choice(by_cls[a]), rng.choice(by_cls[b])
        if u != v:
            edges.add((u, v, rel))
    for u, v, rel in sorted(edges):
        ev = G.nodes[u]["evidence"][:1]
        src = "gazetteer" if rel == "partOf" else "text"
        G.add_edge(u, v, key=rel, relation=rel, source=src, evidence=[] if src != "text" else ev)
    return G


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    blocked: list[str] = []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, url, blocked, errors


def bench(n_nodes: int, runs: int, seed: int) -> None:
    G = synthetic_graph(n_nodes, seed)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = viz.write_html(G, Path(tmp) / "bench.html", title="bench")
        render_s = time.perf_counter() - t
        size_mb = path.stat().st_size / 1e6
        print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
        print(f"write_html: {render_s:.2f} s, {size_mb:.1f} MB")
        target = max(G.nodes, key=G.degree)
        label = G.nodes[target]["label"]
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(runs):
                page, url, blocked, errors = _open(browser, path)
                t0 = time.perf_counter()
                page.goto(url)
                t_load = time.perf_counter() - t0
                page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
                t_ready = time.perf_counter() - t0
                in_page = page.evaluate("kgraph.stabilizeMs") / 1000
                t1 = time.perf_counter()
                page.fill("#kg-search", label)
                page.press("#kg-search", "Enter")
                page.wait_for_function(
                    "l => document.querySelector('#kg-detail h3')?.textContent === l", arg=label
                )
                t_search = time.perf_counter() - t1
                page.wait_for_function("() => !kgraph.animating")  # aim once the view is still
                xy = page.evaluate(
                    "id => network.canvasToDOM(network.getPositions([id])[id])", target
                )
                box = page.locator("#kg-graph canvas").bounding_box()
                page.evaluate("document.getElementById('kg-detail').replaceChildren()")
                t2 = time.perf_counter()
                page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
                page.wait_for_function("() => document.querySelector('#kg-detail h3') !== null")
                t_click = time.perf_counter() - t2
                frame = page.evaluate(IN_PAGE_SEARCH, label)
                rows.append((t_load, t_ready, in_page, t_search, t_click, frame / 1000))
                print(
                    f"run {i + 1}: load {t_load:.2f} s, ready {t_ready:.2f} s "
                    f"(layout in page {in_page:.2f} s), search {t_search * 1000:.0f} ms, "
                    f"click {t_click * 1000:.0f} ms, search in page to next frame {frame:.0f} ms, "
                    f"blocked requests {len(blocked)}, "
                    f"console errors {len(errors)}"
                )
                page.close()
            browser.close()
        med = [statistics.median(c) for c in zip(*rows, strict=True)]
        print(
            f"median of {runs}: ready {med[1]:.2f} s (goal < 3 s), layout {med[2]:.2f} s, "
            f"search {med[3] * 1000:.0f} ms, click {med[4] * 1000:.0f} ms (Playwright round-trip), "
            f"search in page to next frame {med[5] * 1000:.0f} ms"
        )


def screenshot(out: Path, html: Path | None) -> None:
    tmp = None
    if html is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from viz_fixtures import make_graph

        tmp = tempfile.TemporaryDirectory()
        html = viz.write_html(
            make_graph(markup=False),
            Path(tmp.name) / "sample.html",
            title="kgraph 示例：企业贷款条件与云南中小企业",
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page, url, blocked, errors = _open(browser, html)
        page.goto(url)
        page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
        hub = page.evaluate(  # the best-connected entity: the screenshot zooms to it
            "() => kgraph.data.nodes.reduce((a, b) => (b.deg > a.deg ? b : a)).label"
        )
        page.fill("#kg-search", hub)
        page.press("#kg-search", "Enter")
        page.wait_for_function("() => !kgraph.animating")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    if tmp is not None:
        tmp.cleanup()
    print(f"wrote {out} (blocked requests {len(blocked)}, console errors {len(errors)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--screenshot", type=Path, help="write a screenshot instead of timing")
    ap.add_argument("--html", type=Path, help="with --screenshot: the view to photograph")
    args = ap.parse_args()
    if args.screenshot:
        screenshot(args.screenshot, args.html)
    else:
        bench(args.nodes, args.runs, args.seed)


if __name__ == "__main__":
    main()
