"""The values that cross stage boundaries: one frozen dataclass per boundary.

Offsets are character offsets into :attr:`Document.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

#: The entity classes kgraph extracts. The first six are graded by the guidelines.
ENTITY_CLASSES: tuple[str, ...] = (
    "Organization",
    "EnterpriseType",
    "Industry",
    "RiskCategory",
    "LoanCondition",
    "Region",
    "LoanProduct",
)

#: The entity classes graded as entities by the guidelines (LoanCondition is graded apart).
GRADED_CLASSES: tuple[str, ...] = tuple(c for c in ENTITY_CLASSES[:6] if c != "LoanCondition")

#: The relations kgraph extracts, as named in the annotation guidelines.
RELATIONS: tuple[str, ...] = (
    "offers",
    "requires",
    "eligibleFor",
    "supportsIndustry",
    "restrictsIndustry",
    "partOf",
    "locatedIn",
    "concentratedIn",
    "facesRisk",
    "subCategoryOf",
)

#: Each relation's Chinese name (the ``rdfs:label@zh`` of its property in the ontology).
RELATION_NAMES_ZH: dict[str, str] = {
    "offers": "提供",
    "requires": "要求",
    "eligibleFor": "适用于",
    "supportsIndustry": "支持行业",
    "restrictsIndustry": "限制行业",
    "partOf": "隶属于",
    "locatedIn": "位于",
    "concentratedIn": "集中于",
    "facesRisk": "面临风险",
    "subCategoryOf": "属于子类",
}

#: Operators a loan condition may carry.
OPERATORS: tuple[str, ...] = (">=", ">", "<=", "<", "=", "between", "has", "not_has")

#: Units a loan condition may carry ("" for none).
UNITS: tuple[str, ...] = ("CNY", "month", "year", "day", "percent", "count", "age", "grade", "")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document, with its offsets in :attr:`Document.text`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Section:
    """A section of a document: its heading, the heading above it, and its sentences.

    ``level`` is 0 for the document body before any heading, 1 for a top heading
    (基本释义, 详细释义) and 2 for a heading under it.
    """

    heading: str
    level: int
    sentences: tuple[Sentence, ...]
    parent: str | None = None
    heading_start: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One line of a document's structure, with offsets in :attr:`Document.text`.

    ``kind`` is ``heading`` (a markdown or HTML heading, or a wiki section title, with its
    ``level``), ``item`` (a list item; ``marker`` names its style: ``cn`` 一、, ``paren-cn``
    （一）, ``num-dot`` 1., ``num-comma`` 1、, ``paren-num`` （1）, ``circled`` ①, ``bullet`` • -, ``article`` 第一条,
    ``li`` an HTML list item), ``field`` (``标签：值``; ``label`` is 标签), ``head`` (a short
    line that heads the lines after it, such as ``申请条件：``), ``row`` (a table row) or
    ``paragraph``. ``body_start`` is where the text after a marker or label begins.
    ``parent`` is the index of the block that governs this one (-1 for none) and ``depth``
    its nesting depth.
    """

    kind: str
    start: int
    end: int
    body_start: int
    marker: str = ""
    label: str = ""
    level: int = 0
    parent: int = -1
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """One article: the unit of extraction and of scoring."""

    id: str
    title: str
    text: str
    sections: tuple[Section, ...]
    source: str = ""
    date: str | None = None
    url: str | None = None
    views: int | None = None
    blocks: tuple[Block, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of every section, in document order."""
        return tuple(s for sec in self.sections for s in sec.sentences)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: the document, the sentence and its offsets in the document."""

    doc: str
    sentence: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start, "end": self.end}


class EntityKey(NamedTuple):
    """The identity of a graph node: its class and canonical label."""

    cls: str
    label: str

    def __str__(self) -> str:
        return f"{self.cls}:{self.label}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of an entity in a sentence.

    ``start``/``end`` are offsets of the surface text; relative to the sentence while
    the mention lives on a spaCy ``Doc``, and to the document once extracted.
    """

    text: str
    label: str
    cls: str
    start: int
    end: int
    source: str = "lexicon"

    @property
    def key(self) -> EntityKey:
        return EntityKey(self.cls, self.label)


def format_number(value: float | int | str | None) -> str:
    """Write a condition value the way labels show it.

    >>> format_number(1000000.0), format_number(2.5), format_number("B")
    ('1000000', '2.5', 'B')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Condition:
    """A structured loan condition (see the annotation guidelines).

    >>> Condition("年销售收入", ">=", 1000000, unit="CNY").label
    '年销售收入 >= 1000000 CNY'
    >>> Condition("法定代表人年龄", "between", 18, 65, "age").label
    '法定代表人年龄 between 18..65 age'
    >>> Condition("当前逾期贷款", "not_has").label
    '当前逾期贷款 not_has'
    """

    metric: str
    op: str
    value: float | str | None = None
    value_max: float | None = None
    unit: str = ""
    window: str = ""
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        if self.op in ("has", "not_has"):
            return f"{self.metric} {self.op}"
        if self.op == "between":
            value = f"{format_number(self.value)}..{format_number(self.value_max)}"
        else:
            value = format_number(self.value)
        return " ".join(part for part in (self.metric, self.op, value, self.unit) if part)

    @property
    def key(self) -> EntityKey:
        return EntityKey("LoanCondition", self.label)

    def as_dict(self) -> dict[str, object]:
        """The condition in the gold-file format."""
        out: dict[str, object] = {"label": self.label, "metric": self.metric, "op": self.op}
        if self.value is not None:
            out["value"] = _json_number(self.value)
        if self.value_max is not None:
            out["value_max"] = _json_number(self.value_max)
        out["unit"] = self.unit
        if self.window:
            out["window"] = self.window
        return out


def _json_number(value: float | str) -> float | int | str:
    if isinstance(value, str):
        return value
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two entities, with the sentence that states it.

    ``source`` is ``"text"`` for a relation stated in a sentence, ``"structure"`` for one
    read from the document's headings or title, ``"gazetteer"`` for administrative
    hierarchy known from the gazetteer.
    """

    head: EntityKey
    relation: str
    tail: EntityKey
    evidence: Evidence | None = None
    source: str = "text"


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document, offsets relative to the document."""

    doc: Document
    mentions: tuple[tuple[Mention, Evidence], ...] = field(default=())
    conditions: tuple[tuple[Condition, Evidence], ...] = field(default=())
    relations: tuple[Relation, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    """How an enterprise's profile fares against one condition of a loan product.

    ``result`` is ``met``, ``failed``, ``unknown`` (the profile lacks the fact) or
    ``not_applicable`` (out of the condition's scope, or after the loan is paid out);
    ``gap`` says why, for all but ``met``; ``evidence`` holds ``(sentence, document title)``.
    """

    label: str
    metric: str
    canonical: str
    result: str
    gap: str = ""
    scope: str = ""
    phase: str = "application"
    subject: str = "enterprise"
    evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ProductMatch:
    """A loan product's verdict for a profile: ``eligible``, ``ineligible`` or ``unknown``."""

    product: str
    organization: str
    status: str
    conditions: tuple[ConditionCheck, ...] = ()
