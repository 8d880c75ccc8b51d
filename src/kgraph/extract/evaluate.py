"""Scoring extractions against gold files, with the matching rules of the guidelines.

Scoring is per document, on sets. An entity matches when its type matches and its label
equals the gold label or one of its aliases. A condition matches on op, value, value_max
and unit, with metrics compared after normalization, or by the canonical metric of the
vocabulary both map to (:mod:`kgraph.nlp.metrics`; ``canonical=False`` turns that off,
for the strict comparison of earlier rounds). A relation matches when its relation
and both ends match (an end matches the gold label or one of the gold entity's aliases).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import InputError
from kgraph.nlp.metrics import canonical_metric
from kgraph.normalize import normalize_text
from kgraph.types import GRADED_CLASSES

GRADED = GRADED_CLASSES

#: Words that do not change what a metric measures.
_METRIC_FILLER = re.compile(r"企业|申请人|借款人|法定代表人|个人|的|及|和|情况|记录|要求|须|需")


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, with what they were."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed += other.missed
        self.wrong += other.wrong


def read_gold(path: str | Path) -> list[dict]:
    """Records of a gold file (one JSON object a line)."""
    out = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the gold file ({exc})") from exc
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{path}:{n}", f"invalid JSON at column {exc.colno} ({exc.msg})"
                ) from exc
    return out


def is_gold_file(path: str | Path) -> bool:
    """Whether ``path`` is a JSON-lines file of gold-format records (an extractions.jsonl or
    a gold file), not documents to extract: its first record has ``entities``, ``conditions``
    or ``relations`` and no ``text``.
    """
    path = Path(path)
    if path.suffix != ".jsonl" or not path.is_file():
        return False
    with path.open(encoding="utf-8") as f:
        first = next((line for line in f if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return (
        isinstance(record, dict)
        and "text" not in record
        and any(k in record for k in ("entities", "conditions", "relations"))
    )


def gold_inputs(gold: Iterable[Mapping], paths: Iterable[str | Path]) -> list[Path]:
    """The files to score a gold set on.

    When every gold record names its ``source`` file and every path is a folder, only
    those files are read (from the first folder holding each); otherwise the paths as given.
    A named file that no folder holds raises :class:`~kgraph.errors.InputError`.
    """
    paths = [Path(p) for p in paths]
    sources = [g.get("source") for g in gold]
    if not paths or not all(sources) or not all(p.is_dir() for p in paths):
        return paths
    out = []
    for name in sources:
        found = next((p / name for p in paths if (p / name).is_file()), None)
        if found is None:
            raise InputError(name, f"named by the gold file but not found in {paths[0]}")
        out.append(found)
    return out


def normalize_metric(metric: str) -> str:
    """A metric with filler words removed, for comparison.

    >>> normalize_metric("企业存续时间") == normalize_metric("存续时间")
    True
    """
    return _METRIC_FILLER.sub("", normalize_text(metric)) or metric


def _metrics_match(a: str, b: str) -> bool:
    na, nb = normalize_metric(a), normalize_metric(b)
    return na == nb or (min(len(na), len(nb)) >= 2 and (na.endswith(nb) or nb.endswith(na)))


def _canonical(c: Mapping) -> str:
    return str(c.get("canonical") or canonical_metric(str(c["metric"]), str(c.get("op", ""))))


def _same_metric(g: Mapping, p: Mapping, canonical: bool) -> bool:
    """Metrics match after normalization, or (``canonical``) name one canonical metric."""
    if _metrics_match(g["metric"], p["metric"]):
        return True
    return canonical and _canonical(g) != "" and _canonical(g) == _canonical(p)


def _num(value: object) -> object:
    if isinstance(value, int | float):
        return round(float(value), 6)
    return normalize_text(str(value)) if value is not None else None


def _cond_sig(c: Mapping) -> tuple:
    return (c.get("op"), _num(c.get("value")), _num(c.get("value_max")), c.get("unit") or "")


def score_document(gold: Mapping, pred: Mapping, *, canonical: bool = True) -> dict[str, Score]:
    """Scores of one document, keyed by entity class, ``LoanCondition`` and relation name.

    With ``canonical``, two conditions whose metrics map to one canonical metric of the
    vocabulary (年营业收入, 年开票金额: ``annual_revenue``) have the same metric.
    """
    scores: dict[str, Score] = defaultdict(Score)
    names: dict[str, str] = {}  # any surface of a gold entity -> its gold label
    for ent in gold.get("entities", []):
        for s in [ent["label"], *ent.get("aliases", [])]:
            names.setdefault(normalize_text(s), ent["label"])
    for cond in gold.get("conditions", []):
        names.setdefault(cond["label"], cond["label"])

    for cls in GRADED:
        g = {e["label"]: e for e in gold.get("entities", []) if e["type"] == cls}
        matched: set[str] = set()
        for e in pred.get("entities", []):
            if e["type"] != cls:
                continue
            hit = next((lab for lab, ge in g.items() if _entity_match(e, ge)), None)
            if hit is not None and hit not in matched:
                matched.add(hit)
                scores[cls].tp += 1
            elif hit is None:
                scores[cls].fp += 1
                scores[cls].wrong.append((gold.get("doc", ""), e["label"]))
        for lab in g:
            if lab not in matched:
                scores[cls].fn += 1
                scores[cls].missed.append((gold.get("doc", ""), lab))

    cond_map = _match_conditions(
        gold.get("conditions", []), pred.get("conditions", []), scores, gold, canonical
    )
    for cond_pred, cond_gold in cond_map.items():
        names[cond_pred] = cond_gold

    def end(label: str) -> str:
        return names.get(normalize_text(label), names.get(label, label))

    g_rel = {(r["head"], r["relation"], r["tail"]) for r in gold.get("relations", [])}
    p_rel = {(end(r["head"]), r["relation"], end(r["tail"])) for r in pred.get("relations", [])}
    for rel in sorted(p_rel | g_rel):
        s = scores["rel:" + rel[1]]
        if rel in p_rel and rel in g_rel:
            s.tp += 1
        elif rel in p_rel:
            s.fp += 1
            s.wrong.append((gold.get("doc", ""), " ".join(rel)))
        else:
            s.fn += 1
            s.missed.append((gold.get("doc", ""), " ".join(rel)))
    return scores


def _entity_match(pred: Mapping, gold: Mapping) -> bool:
    labels = {normalize_text(x) for x in [gold["label"], *gold.get("aliases", [])]}
    return normalize_text(pred["label"]) in labels


def _match_conditions(
    gold: list, pred: list, scores: dict[str, Score], doc: Mapping, canonical: bool
) -> dict[str, str]:
    """Greedy one-to-one matching; returns predicted label -> gold label."""
    score = scores["LoanCondition"]
    free = list(gold)
    mapping = {}
    for p in pred:
        hit = next(
            (g for g in free if _cond_sig(g) == _cond_sig(p) and _same_metric(g, p, canonical)),
            None,
        )
        if hit is None:
            score.fp += 1
            score.wrong.append((doc.get("doc", ""), p["label"]))
        else:
            free.remove(hit)
            score.tp += 1
            mapping[p["label"]] = hit["label"]
    for g in free:
        score.fn += 1
        score.missed.append((doc.get("doc", ""), g["label"]))
    return mapping


def evaluate(
    gold: Iterable[Mapping], predicted: Iterable[Mapping], *, canonical: bool = True
) -> dict[str, Score]:
    """Scores over a corpus; documents are paired by ``doc`` id, else by normalized ``title``.

    A gold document without a prediction counts all its items as missed.
    """
    by_id = {}
    for p in predicted:
        by_id[p["doc"]] = p
        by_id.setdefault(("title", normalize_text(p.get("title") or "")), p)
    total: dict[str, Score] = defaultdict(Score)
    for g in gold:
        title = normalize_text(g.get("title", g["doc"]))  # the reader folds 福建省新確定 too
        pred = by_id.get(g["doc"]) or by_id.get(("title", title)) or {}
        for key, s in score_document(g, pred, canonical=canonical).items():
            total[key].add(s)
    return dict(total)


def summary(scores: Mapping[str, Score]) -> dict[str, Score]:
    """Scores with the three headline rows added: entities, conditions, relations."""
    out = dict(scores)
    for name, keys in (
        ("entities", [k for k in scores if k in GRADED]),
        ("relations", [k for k in scores if k.startswith("rel:")]),
    ):
        agg = Score()
        for k in keys:
            agg.add(scores[k])
        out[name] = agg
    out["conditions"] = scores.get("LoanCondition", Score())
    return out


def format_table(scores: Mapping[str, Score]) -> str:
    """A plain-text table of P/R/F1 per row."""
    rows = [f"{'':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    order = [*GRADED, "LoanCondition"] + sorted(k for k in scores if k.startswith("rel:"))
    order += ["entities", "conditions", "relations"]
    for key in order:
        if key in scores:
            s = scores[key]
            rows.append(
                f"{key:22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
            )
    return "\n".join(rows)
