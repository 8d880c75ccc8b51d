"""Tables and trees of a kgraph graph for analysis in pandas (used by :mod:`kgraph.api`).

Every function takes a graph as described in ``docs/graph-model.md``, an evaluation result
of :mod:`kgraph.extract.evaluate`, or a SPARQL result, and returns plain data or a DataFrame.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd

    from kgraph.extract.evaluate import Score

#: Node attributes of conditions and regions, as extra columns of :func:`node_frame`.
NODE_EXTRAS = ("metric", "op", "value", "value_max", "unit", "window", "level", "adcode")
NODE_COLUMNS = ["id", "label", "cls", "aliases", "count", "docs", "sentences"]
EDGE_COLUMNS = ["head", "head_cls", "relation", "tail", "tail_cls", "source", "sentences"]
SCORE_COLUMNS = ["precision", "recall", "f1", "tp", "fp", "fn"]
TOTALS = ("entities", "conditions", "relations")


def node_frame(G: nx.MultiDiGraph, cls: str | None = None) -> pd.DataFrame:
    """One row per node (of class ``cls`` if given); see :meth:`KnowledgeGraph.frame`.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Region:云南省", cls="Region", label="云南省", level="province")
    >>> node_frame(G)[["label", "count", "level"]].values.tolist()
    [['云南省', 0, 'province']]
    """
    import pandas as pd

    rows = []
    for n, d in G.nodes(data=True):
        if cls in (None, d["cls"]):
            row = {"id": n, "label": d["label"], "cls": d["cls"]}
            row.update(
                aliases=d.get("aliases", []),
                count=d.get("count", 0),
                docs=d.get("docs", []),
                sentences=len(d.get("evidence", [])),
            )
            row.update({k: d[k] for k in NODE_EXTRAS if k in d})
            rows.append(row)
    extra = [k for k in NODE_EXTRAS if any(k in r for r in rows)]
    return pd.DataFrame(rows, columns=NODE_COLUMNS + extra)


def edge_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per edge; see :meth:`KnowledgeGraph.edges_frame`.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", cls="Region", label="昆明市")
    >>> G.add_node("b", cls="Region", label="云南省")
    >>> _ = G.add_edge("a", "b", key="partOf", source="gazetteer", evidence=[])
    >>> edge_frame(G).values.tolist()
    [['昆明市', 'Region', 'partOf', '云南省', 'Region', 'gazetteer', 0]]
    """
    import pandas as pd

    nodes = G.nodes
    rows = [
        (
            nodes[u]["label"],
            nodes[u]["cls"],
            k,
            nodes[v]["label"],
            nodes[v]["cls"],
            d.get("source", ""),
            len(d.get("evidence", [])),
        )
        for u, v, k, d in G.edges(keys=True, data=True)
    ]
    return pd.DataFrame(rows, columns=EDGE_COLUMNS)


def hierarchy(G: nx.MultiDiGraph, relation: str = "partOf") -> dict[str, dict]:
    """Nested dicts of labels, each ``child -relation-> parent`` edge putting the child
    under its parent; roots are parents that are nobody's child. Cycles are cut.

    >>> G = nx.MultiDiGraph()
    >>> for n in ("昆明市", "云南省"):
    ...     G.add_node(n, label=n)
    >>> _ = G.add_edge("昆明市", "云南省", key="partOf")
    >>> hierarchy(G)
    {'云南省': {'昆明市': {}}}
    """
    children: dict[str, list[str]] = {}
    for u, v, k in G.edges(keys=True):
        if k == relation:
            children.setdefault(v, []).append(u)
    has_parent = {c for kids in children.values() for c in kids}

    def grow(n: str, path: frozenset) -> dict:
        kids = sorted(c for c in children.get(n, []) if c not in path)
        return {G.nodes[c]["label"]: grow(c, path | {c}) for c in kids}

    roots = sorted(n for n in children if n not in has_parent)
    return {G.nodes[r]["label"]: grow(r, frozenset({r})) for r in roots}


def format_tree(tree: Mapping[str, Mapping], indent: str = "") -> str:
    """A tree of :func:`hierarchy` as indented text, one label a line.

    >>> print(format_tree({"云南省": {"昆明市": {}, "曲靖市": {}}}))
    云南省
      昆明市
      曲靖市
    """
    lines = []
    for label, kids in tree.items():
        lines.append(indent + label)
        if kids:
            lines.append(format_tree(kids, indent + "  "))
    return "\n".join(lines)


def score_frame(scores: Mapping[str, Score]) -> pd.DataFrame:
    """P/R/F1 and counts per row of :func:`kgraph.extract.evaluate.summary`, in report order."""
    import pandas as pd

    from kgraph.extract.evaluate import GRADED

    keys = [*GRADED, "LoanCondition", *sorted(k for k in scores if k.startswith("rel:")), *TOTALS]
    rows = {
        k: [
            scores[k].precision,
            scores[k].recall,
            scores[k].f1,
            scores[k].tp,
            scores[k].fp,
            scores[k].fn,
        ]
        for k in keys
        if k in scores
    }
    df = pd.DataFrame.from_dict(rows, orient="index", columns=SCORE_COLUMNS)
    df.index.name = "row"
    return df


def scores(gold: str | Path, predicted: list[dict]) -> dict[str, Score]:
    """The scores of :func:`kgraph.extract.evaluate.summary` of ``predicted`` against a gold file."""
    from kgraph.errors import KGraphError
    from kgraph.extract.evaluate import evaluate, read_gold, summary

    if not predicted:
        raise KGraphError(
            "no extractions to score: build the graph, or load a folder "
            "that holds extractions.jsonl"
        )
    return summary(evaluate(read_gold(gold), predicted))


def error_frame(scores: Mapping[str, Score]) -> pd.DataFrame:
    """The missed and wrong items of every row except the totals, sorted."""
    import pandas as pd

    rows = [
        (key, kind, doc, item)
        for key, s in scores.items()
        if key not in TOTALS
        for kind, items in (("missed", s.missed), ("wrong", s.wrong))
        for doc, item in items
    ]
    return pd.DataFrame(sorted(rows), columns=["row", "kind", "doc", "item"])


def _cell(term: Any) -> Any:
    """A result term as a Python value: typed numbers as numbers, the rest as text."""
    if term is None:
        return None
    value = term.toPython() if getattr(term, "datatype", None) else None
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else str(term)


def result_frame(result: Any) -> pd.DataFrame:
    """A SELECT result of :func:`kgraph.rdf.sparql.run_query` as a DataFrame.

    >>> from rdflib import Graph
    >>> from kgraph.rdf.sparql import run_query
    >>> q = 'SELECT ?x ?n WHERE { BIND("滇中" AS ?x) BIND(2.5 AS ?n) }'
    >>> result_frame(run_query(Graph(), q))
        x    n
    0  滇中  2.5
    """
    import pandas as pd

    names = [str(v) for v in result.vars or ()]
    rows = [[_cell(row.get(v)) for v in result.vars] for row in result]
    return pd.DataFrame(rows, columns=names)


def iframe(page: str, height: int = 650) -> str:
    """An ``<iframe srcdoc>`` holding a whole HTML page, for inline display in notebooks.

    >>> iframe('<p title="a&b">滇中</p>', 300).split(" style=")[0]
    '<div><iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;滇中&lt;/p&gt;"'
    """
    return (
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ccc"></iframe></div>'
    )


#: CJK font families matplotlib can draw Chinese with, in order of preference, and the
#: file names they are installed under.
CJK_FONTS = (
    ("WenQuanYi Micro Hei", "wqy-microhei"),
    ("Noto Sans CJK SC", "notosanscjk"),
    ("Source Han Sans SC", "sourcehansans"),
    ("Microsoft YaHei", "msyh"),
    ("PingFang SC", "pingfang"),
    ("SimHei", "simhei"),
)


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: find a CJK font, register it, put it first.

    matplotlib caches its font list on first use, so a font installed after that (say,
    ``apt install fonts-wqy-microhei`` in a running notebook) stays unknown to it and
    Chinese shows as boxes. This looks in the cached list first, then scans the system's
    font folders again and registers a CJK font it finds there. Returns the family used,
    or None when the machine has none.
    """
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    def known() -> list[str]:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [family for family, _ in CJK_FONTS if family in names]

    found = known()
    if not found:
        for path in sorted(font_manager.findSystemFonts()):
            name = Path(path).name.lower().replace("-", "").replace("_", "")
            if any(stem.replace("-", "") in name for _, stem in CJK_FONTS):
                font_manager.fontManager.addfont(path)
        found = known()
    if found:
        sans = [f for f in plt.rcParams["font.sans-serif"] if f not in found]
        plt.rcParams["font.family"] = "sans-serif"
        plt.rcParams["font.sans-serif"] = found + sans
        plt.rcParams["axes.unicode_minus"] = False
    return found[0] if found else None
