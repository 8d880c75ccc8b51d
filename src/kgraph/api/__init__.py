"""The Python API: build a knowledge graph, save it, load it, query it, view it, score it.

The command line (:mod:`kgraph.cli`) is a thin layer over these functions. Paths in the
examples are relative to the repository root.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph import analysis
from kgraph.api.extraction import _nlp as _nlp
from kgraph.api.extraction import extract, extract_text, iter_extract
from kgraph.defaults import DEFAULT_INPUT, DEFAULT_OUTPUT
from kgraph.errors import InputError, NotFoundError
from kgraph.extract.document import to_gold_format
from kgraph.extract.evaluate import read_gold
from kgraph.graph import GraphParts, graph_from_parts, graph_parts, read_json
from kgraph.types import ENTITY_CLASSES, Document, Extraction

if TYPE_CHECKING:
    import pandas as pd


#: A hook entered around each stage of a build: ``stage("RDF", total=n)`` returns a context
#: manager whose value, called with a count, reports progress through the stage's ``n`` steps.
Stage = Callable[..., AbstractContextManager[Callable[[int], Any]]]


def _no_stage(name: str, total: int | None = None) -> AbstractContextManager[Any]:
    return nullcontext(lambda n=1: None)


@dataclass
class KnowledgeGraph:
    """A built knowledge graph: the networkx graph and, when built here, the extractions.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        Nodes and edges as described in ``docs/graph-model.md``.
    extractions : list of Extraction
        What :func:`build` extracted (empty after :func:`load`).
    predictions : list of dict
        The extractions in the gold format, read by :func:`load` from ``extractions.jsonl``.

    Examples
    --------
    >>> kg = build(["data/corpus"])
    >>> kg.counts()["Region"] > 5
    True
    >>> "合规风险" in kg.entities("RiskCategory")
    True
    """

    graph: nx.MultiDiGraph
    extractions: list[Extraction] = field(default_factory=list, repr=False)
    _rdf: Any = field(default=None, repr=False)
    shacl: Any = field(default=None, repr=False)
    predictions: list[dict] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        """A one-line summary; a notebook cell showing ``kg`` does not dump the corpus.

        >>> build(["data/corpus"])  # doctest: +ELLIPSIS
        <KnowledgeGraph: 5 documents, ... nodes (EnterpriseType ..., Industry ...), ... edges>
        """
        counts = ", ".join(f"{c} {n}" for c, n in sorted(self.counts().items()))
        docs = len(self.graph.graph.get("documents") or {})
        return (
            f"<KnowledgeGraph: {docs} documents, {self.graph.number_of_nodes()} nodes "
            f"({counts}), {self.graph.number_of_edges()} edges>"
        )

    def entities(self, cls: str | None = None) -> list[str]:
        """Canonical labels of the nodes of a class (all classes if None), sorted.

        >>> build(["data/corpus"]).entities("LoanProduct")
        ['企业贷款', '供应链金融', '纯信用贷款']
        >>> build(["data/corpus"]).entities("Bank")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kgraph.errors.NotFoundError: no class 'Bank'; classes: EnterpriseType, Industry, ...
        """
        if cls is not None and cls not in ENTITY_CLASSES:
            names = ", ".join(sorted(ENTITY_CLASSES))
            raise NotFoundError(f"no class {cls!r}; classes: {names}")
        return sorted(d["label"] for _, d in self.graph.nodes(data=True) if cls in (None, d["cls"]))

    def counts(self) -> Counter:
        """Number of nodes per class.

        >>> build(["data/corpus"]).counts()["LoanProduct"]
        3
        """
        return Counter(d["cls"] for _, d in self.graph.nodes(data=True))

    def node(self, label: str, cls: str | None = None) -> str:
        """The node id of a label or alias.

        Raises :class:`~kgraph.errors.NotFoundError` (a ``KeyError``) naming the closest
        labels when there is none.

        >>> kg = build(["data/corpus"])
        >>> kg.node("微众银行")
        'Organization:微众银行'
        >>> kg.node("云南")
        'Region:云南省'
        >>> kg.node("云南的省")
        Traceback (most recent call last):
        ...
        kgraph.errors.NotFoundError: no entity '云南的省'; closest: 云南省
        """
        for n, d in sorted(self.graph.nodes(data=True)):
            if cls in (None, d["cls"]) and (label == d["label"] or label in d.get("aliases", [])):
                return n
        labels = sorted(
            {str(d["label"]) for _, d in self.graph.nodes(data=True) if cls in (None, d["cls"])}
        )
        close = difflib.get_close_matches(label, labels, n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        kind = f"{cls} " if cls else ""
        raise NotFoundError(f"no {kind}entity {label!r}{hint}")

    def evidence(
        self, label: str, relation: str | None = None, tail: str | None = None
    ) -> list[dict]:
        """Evidence sentences of an entity, or of its edges ``label -relation-> tail``.

        Each item is ``{"doc", "title", "sentence", "start", "end"}`` (``doc`` is the
        document's id, a hash of its content); gazetteer edges have none.

        >>> kg = build(["data/corpus"])
        >>> any("云南" in e["sentence"] for e in kg.evidence("云南省"))
        True
        >>> [e["sentence"][:7] for e in kg.evidence("微众银行", "offers", "企业贷款")][:1]
        ['微众银行企业贷']
        """
        node = self.node(label)
        if relation is None and tail is None:
            found = list(self.graph.nodes[node]["evidence"])
        else:
            found = []
            for _, v, k, d in self.graph.out_edges(node, keys=True, data=True):
                if relation in (None, k) and (tail is None or v == self.node(tail)):
                    found.extend(d["evidence"])
        docs = self.graph.graph.get("documents") or {}
        return [{**e, "title": (docs.get(e["doc"]) or {}).get("title", "")} for e in found]

    def relations(self) -> list[tuple[str, str, str]]:
        """Every edge as (head label, relation, tail label).

        >>> ("微众银行", "offers", "企业贷款") in build(["data/corpus"]).relations()
        True
        """
        lab = self.graph.nodes
        return [(lab[u]["label"], k, lab[v]["label"]) for u, v, k in self.graph.edges(keys=True)]

    def frame(self, cls: str | None = None) -> pd.DataFrame:
        """The nodes as a pandas DataFrame, one row each, optionally of one class.

        Columns: ``id``, ``label``, ``cls``, ``aliases``, ``count``, ``docs``, ``sentences``
        (number of evidence sentences), then the condition and region fields some nodes
        have (``metric``, ``op``, ``value``, ... ``level``, ``adcode``).

        >>> df = build(["data/corpus"]).frame("LoanCondition")
        >>> df.loc[df.unit == "CNY", ["op", "value"]].values.tolist()[:1]
        [['>=', 1000000.0]]
        """
        return analysis.node_frame(self.graph, cls)

    def edges_frame(self) -> pd.DataFrame:
        """The edges as a pandas DataFrame: ``head``, ``head_cls``, ``relation``, ``tail``,
        ``tail_cls``, ``source`` and ``sentences`` (number of evidence sentences).

        >>> df = build(["data/corpus"]).edges_frame()
        >>> bool((df.relation == "requires").sum() > 10)
        True
        """
        return analysis.edge_frame(self.graph)

    def tree(self, relation: str = "partOf") -> dict[str, dict]:
        """A hierarchy as nested dicts of labels: ``partOf`` (regions) or ``subCategoryOf``.

        An edge ``child -relation-> parent`` puts ``child`` under ``parent``; the roots
        are the parents that are nobody's child. A node with two parents appears twice.

        >>> tree = build(["data/corpus"], lexicons=["data/corpus/lexicon.tsv"]).tree("partOf")
        >>> sorted(tree["云南省"]["滇中城市群"])
        ['昆明市', '曲靖市', '玉溪市']
        """
        return analysis.hierarchy(self.graph, relation)

    def neighbourhood(self, label: str, depth: int = 1, **options: Any) -> nx.MultiDiGraph:
        """The subgraph within ``depth`` edges of an entity (edges followed both ways).

        ``options`` are ``types`` and ``max_nodes`` of :func:`kgraph.viz.html.select_view`.

        >>> kg = build(["data/corpus"], lexicons=["data/corpus/lexicon.tsv"])
        >>> sub = kg.neighbourhood("滇中城市群", types="Region")
        >>> sorted(d["label"] for _, d in sub.nodes(data=True))
        ['云南省', '昆明市', '曲靖市', '滇中城市群', '玉溪市']
        """
        from kgraph.viz.select import select_view

        return select_view(self.graph, focus=label, depth=depth, **options)[0]

    @property
    def rdf(self):
        """The graph as an rdflib Graph with the kgraph ontology (built on first use).

        >>> len(build(["data/corpus"]).rdf) > 1000
        True
        """
        if self._rdf is None:
            from kgraph.rdf.export import to_rdf

            self._rdf = to_rdf(self.graph, store="Oxigraph")
        return self._rdf

    def query(self, sparql: str, **bindings: Any) -> pd.DataFrame | bool | Any:
        """Run a SPARQL query on :attr:`rdf`.

        Parameters
        ----------
        sparql : str
            Query text (``kg:``, ``rdf:``, ``rdfs:``, ``xsd:``, ``owl:``, ``skos:``, ``prov:``
            and ``dcterms:`` need no PREFIX line), or the name of a saved query
            (:func:`kgraph.rdf.sparql.saved_queries`), or a ``.rq`` path.
        **bindings
            Values of projected variables, as data (never spliced into the text).

        Returns
        -------
        pandas.DataFrame, bool or rdflib.Graph
            SELECT: a DataFrame, one column per variable, numbers as numbers, other terms
            as text, unbound as None. ASK: a bool. CONSTRUCT and DESCRIBE: a graph.

        >>> kg = build(["data/corpus"])
        >>> df = kg.query("loan-conditions", product="企业贷款")
        >>> df.loc[df.unit == "CNY", "value"].tolist()[:1]
        [1000000.0]
        >>> kg.query('''PREFIX kg: <https://kgraph.example.org/ontology#>
        ...             ASK { ?r a kg:Region }''')
        True
        """
        from kgraph.rdf.sparql import run_query

        result = run_query(self.rdf, sparql, bindings=bindings or None)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return analysis.result_frame(result) if result.type == "SELECT" else result.graph

    def _scores(self, gold: str | Path) -> dict:
        records = [to_gold_format(ex) for ex in self.extractions] or self.predictions
        return analysis.scores(gold, records)

    def evaluate(self, gold: str | Path) -> pd.DataFrame:
        """Precision, recall and F1 against a gold file, as ``kgraph eval`` prints them.

        Rows: each entity class, ``LoanCondition``, ``rel:<relation>``, then the totals
        ``entities``, ``conditions`` and ``relations``. Columns: ``precision``, ``recall``,
        ``f1``, ``tp``, ``fp``, ``fn``.

        >>> scores = build(["data/corpus"]).evaluate("data/gold/seed.jsonl")
        >>> list(scores.columns)
        ['precision', 'recall', 'f1', 'tp', 'fp', 'fn']
        >>> bool(0 < scores.loc["entities", "f1"] <= 1)
        True
        """
        return analysis.score_frame(self._scores(gold))

    def errors(self, gold: str | Path) -> pd.DataFrame:
        """What was missed (in the gold, not extracted) and wrong (extracted, not in the gold).

        Columns: ``row`` (entity class, ``LoanCondition`` or ``rel:<relation>``), ``kind``
        (``missed`` or ``wrong``), ``doc`` and ``item`` (a label, or ``head rel tail``).

        >>> err = build(["data/corpus"]).errors("data/gold/seed.jsonl")
        >>> sorted(set(err.kind))
        ['missed', 'wrong']
        """
        return analysis.error_frame(self._scores(gold))

    def match(
        self, profile: Mapping[str, Any] | str | Path, *, product: str | None = None
    ) -> pd.DataFrame:
        """Which loan products an enterprise qualifies for (:mod:`kgraph.eligibility`).

        ``profile`` is a mapping of facts or a JSON, TOML or YAML file of them. One row
        per product and condition: ``product``, ``organization``, ``status`` (the
        product's), ``condition``, ``metric``, ``result``, ``gap``, ``scope``, ``phase``,
        ``evidence`` (the first sentence) and ``doc`` (its document's title).

        >>> df = build(["data/corpus"]).match({"年销售收入": "50万元"})
        >>> df.loc[df.metric == "annual_revenue", ["result", "gap"]].values.tolist()
        [['failed', 'needs >= 1000000 CNY, has 500000 CNY']]
        """
        from kgraph.eligibility import match_frame

        return match_frame(self.graph, profile, product=product)

    def compare(self, metric: str | None = None) -> pd.DataFrame:
        """Products side by side (:mod:`kgraph.compare`): with ``metric``, one row per
        product and condition on it; without, products x canonical metrics.

        >>> build(["data/corpus"]).compare("annual_revenue")[["product", "op", "value"]].values.tolist()
        [['企业贷款', '>=', 1000000.0]]
        """
        from kgraph.compare import compare_frame

        return compare_frame(self.graph, metric)

    def view(self, path: str | Path, **options: Any) -> Path:
        """Write an interactive, self-contained HTML view; ``options`` (``title``, ``focus``,
        ``depth``, ``types``, ``max_nodes``, ``seed``) are those of :func:`kgraph.viz.html.write_html`.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     build(["data/corpus"]).view(f"{tmp}/yunnan.html", focus="云南省").stat().st_size > 0
        True
        """
        from kgraph.viz.html import write_html

        return write_html(self.graph, path, **options)

    def html(self, **options: Any) -> str:
        """The HTML page of :meth:`view` as a string (same ``options``).

        >>> build(["data/corpus"]).html(types="Region").startswith("<!DOCTYPE html>")
        True
        """
        from kgraph.viz.html import render_html

        return render_html(self.graph, **options)

    def show(self, height: int = 650, **options: Any):
        """Display the interactive view inline in Jupyter or VS Code.

        The page is embedded in an ``<iframe srcdoc=...>`` (no file, no server, no
        request to any host); ``options`` are those of :meth:`view`.

        >>> build(["data/corpus"]).show(focus="云南省", depth=2)
        <IPython.core.display.HTML object>
        """
        from IPython.display import HTML

        return HTML(analysis.iframe(self.html(**options), height))

    def save(
        self,
        out: str | Path = DEFAULT_OUTPUT,
        *,
        rdf: bool = False,
        html: bool = False,
        base: str | None = None,
        validate: bool = True,
        stage: Stage = _no_stage,
    ) -> dict[str, Path]:
        """Write the graph's files into ``out``, each atomically; returns name -> path.

        Always ``graph.json``, ``graph.graphml`` and ``extractions.jsonl``; with ``rdf``
        also ``graph.ttl`` (IRIs under ``base``) and ``shacl-report.txt`` (the report is
        kept in :attr:`shacl`; with ``validate=False`` the report says validation was
        skipped); with ``html`` also ``graph.html``. ``kgraph build`` writes them all.
        ``stage(name)`` is entered around each step (``kgraph build`` times them with it).

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     sorted(build(["data/corpus"]).save(tmp))
        ['extractions.jsonl', 'graph.graphml', 'graph.json']
        """
        from kgraph.api.saving import save_files

        return save_files(
            self, Path(out), rdf=rdf, html=html, base=base, validate=validate, stage=stage
        )


#: Extractions folded into the graph's parts at a time (see :func:`build`).
_CHUNK = 64


def build(
    paths: str | Path | Iterable[str | Path] = (DEFAULT_INPUT,),
    *,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[Document], None] | None = None,
    lexicons: Iterable[str | Path] = (),
    ner: str | None = None,
    jobs: int | None = 1,
    cache: str | Path | None = None,
    scheduler: Any = None,
    keep_extractions: bool = True,
    stage: Stage = _no_stage,
) -> KnowledgeGraph:
    """Read, extract and build the graph of files and folders (parameters of :func:`extract`).

    The graph is assembled as extraction goes, as a merge of the parts of each chunk of
    documents (:class:`~kgraph.graph.GraphParts`). With ``keep_extractions=False`` the
    extractions (with their documents' text) are not kept, only their gold-format records
    in ``predictions``, so memory grows with the graph, not with the corpus (what
    ``kgraph build`` does), and with ``cache`` the files read before are not parsed
    again. ``stage(name)`` is entered around reading and extraction, then around the
    graph's making.

    >>> kg = build(["data/corpus"])
    >>> len(kg.extractions), kg.graph.number_of_nodes() > 100
    (5, True)
    """
    parts, kept, records, chunk = GraphParts(), [], [], []
    options = {"jobs": jobs, "cache": cache, "scheduler": scheduler, "texts": keep_extractions}
    with stage("read and extract"):
        for ex in iter_extract(paths, on_error=on_error, lexicons=lexicons, ner=ner, **options):
            if progress:
                progress(ex.doc)
            chunk.append(ex)
            if keep_extractions:
                kept.append(ex)
            else:
                records.append(to_gold_format(ex))
            if len(chunk) == _CHUNK:
                parts.merge(graph_parts(chunk))
                chunk = []
        parts.merge(graph_parts(chunk))
    with stage("assemble graph"):
        return KnowledgeGraph(graph_from_parts(parts), kept, predictions=records)


def load(path: str | Path = DEFAULT_OUTPUT) -> KnowledgeGraph:
    """Load a graph saved by :meth:`KnowledgeGraph.save` (a folder or its ``graph.json``).

    ``extractions.jsonl`` next to ``graph.json``, when present, fills ``predictions``
    (so that :meth:`KnowledgeGraph.evaluate` works on a loaded graph).

    >>> import tempfile
    >>> kg = build(["data/corpus"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = kg.save(tmp)
    ...     again = load(tmp)
    >>> sorted(again.graph.edges(keys=True)) == sorted(kg.graph.edges(keys=True))
    True
    """
    path = Path(path)
    kg = KnowledgeGraph(read_json(path))  # the folder's graph.json, or the file named
    folder = path if path.is_dir() else path.parent
    if (records := folder / "extractions.jsonl").is_file():
        kg.predictions = read_gold(records)
    return kg


__all__ = [
    "ENTITY_CLASSES",
    "KnowledgeGraph",
    "build",
    "extract",
    "extract_text",
    "iter_extract",
    "load",
]
