"""Extractions: a document's mentions, conditions and relations, each with its evidence.

The spaCy pipeline runs over one Doc per section (its heading and sentences, their ranges in
``doc._.kg_units``; a very long section is cut, since one huge Doc is slow); this stage puts
the sentences back into their document: offsets become document offsets,
the title's loan product becomes the subject of the conditions, headings that announce a
classification give ``subCategoryOf``, and regions get their gazetteer hierarchy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract.local_bodies import RegionMemory, local_bodies
from kgraph.extract.outline import Outline, topic_of
from kgraph.extract.registry import DocumentView, rule, rules
from kgraph.extract.relations import Context, extract_relations
from kgraph.extract.structure_rules import (
    field_holdings,
    headed_bounds,
    industry_items,
    listed_entities,
    materials,
    naming_product,
    subject_metric,
    taxonomy,
    topic_relations,
    variant_metric,
)
from kgraph.extract.tables import row_facts
from kgraph.nlp.condition_categories import trait_conditions
from kgraph.nlp.lexicon import Lexicon, load_lexicon, region_ancestors
from kgraph.nlp.mentions import find_mentions, load_rules
from kgraph.nlp.metrics import condition_context, condition_fields
from kgraph.types import Condition, Document, EntityKey, Evidence, Extraction, Mention, Relation

#: Words in a title or sentence that make it about lending.
LOAN_CUES = re.compile(r"贷|融资|授信|借款|信贷|放款|金融")
_STATUTE = re.compile(r"(?:条例|办法|细则|规定|[^方]法)(?:\(.*?\))?$")
_CLASSIFY = re.compile(
    r"(?:划分为|分为|分成|包括|归纳为)(?:以下|如下|[一二三四五六七八九十两几\d]+(?:大|个|种|类))"
)
#: An ordinal before a listed kind: 第二类是, 其三为, 一是.
_ORDINAL_LEAD = re.compile(
    r"\s*(?:第[一二三四五六七八九十\d]+[类种个]?|其[一二三四五六七八九十]|[一二三四五六七八九十]是)[是为:,]?"
)
#: How the name of a kind of financing ends.
_FINANCING = "(?:贷款|贷|融资担保|融资|担保|授信)"
_APPLIED_FOR = re.compile(
    rf"(?:申请|进行|开展|从事)(?:办理|使用)?([^,;。:的]{{2,14}}?{_FINANCING})(?:业务)?(?:的|,(?=[^,]*:$))"
)
#: A head that names whose conditions or materials it lists: X贷款的申请条件.
_CONDITIONS_OF = re.compile(
    rf"([^,;。:?、\s\d的]{{2,14}}?{_FINANCING})的(?:申请|准入|办理|贷款)?(?:条件|材料|资格|要求)"
)
_LISTED = ("requirements", "materials")  # heads whose lines are the product's conditions
_SUBJECT_CLASSES = ("EnterpriseType", "Industry", "RiskCategory", "Region", "Organization")


def _units(doc: Document) -> list[tuple[int, str]]:
    """The title, headings and sentences of a document as (offset, text), in order."""
    units = [(0, doc.title)] if doc.text.startswith(doc.title) and doc.title else []
    for sec in doc.sections:
        if sec.heading and sec.heading_start is not None:
            units.append((sec.heading_start, sec.heading))
        units.extend((s.start, s.text) for s in sec.sentences)
    return units


#: The most units one Doc holds: a long section is cut into Docs of this many sentences.
MAX_UNITS_PER_DOC = 64


def _groups(units: list[tuple[int, str]], doc: Document) -> list[list[tuple[int, str]]]:
    """The units grouped as one Doc each: the title alone, then each section (heading and
    sentences), cut into pieces of at most :data:`MAX_UNITS_PER_DOC` units."""
    starts = set()
    for sec in doc.sections:
        if sec.heading and sec.heading_start is not None:
            starts.add(sec.heading_start)
        elif sec.sentences:
            starts.add(sec.sentences[0].start)
    groups: list[list[tuple[int, str]]] = []
    for unit in units:
        if not groups or unit[0] in starts or len(groups[-1]) >= MAX_UNITS_PER_DOC:
            groups.append([])
        groups[-1].append(unit)
    return groups


def _make_doc(nlp: Language, group: list[tuple[int, str]]) -> Doc:
    """One Doc for a group of units, joined by newlines, with their ranges in ``kg_units``."""
    ranges, pos = [], 0
    for _, text in group:
        ranges.append((pos, pos + len(text)))
        pos += len(text) + 1
    sdoc = nlp.make_doc("\n".join(text for _, text in group))
    sdoc._.kg_units = ranges
    return sdoc


def _split(sdoc: Doc) -> list[tuple[list[Mention], list[Condition]]]:
    """Each unit's mentions and conditions, offsets relative to the unit."""
    mentions, conditions = sdoc._.kg_mentions, sdoc._.kg_conditions
    out = []
    for a, b in sdoc._.kg_units:
        out.append(
            (
                [
                    replace(m, start=m.start - a, end=m.end - a)
                    for m in mentions
                    if a <= m.start < b
                ],
                [
                    replace(c, start=c.start - a, end=c.end - a)
                    for c in conditions
                    if a <= c.start < b
                ],
            )
        )
    return out


def extract_documents(
    docs: Iterable[Document], nlp: Language, *, batch_size: int = 64
) -> Iterator[Extraction]:
    """Run the pipeline over each document and assemble its extraction.

    A document becomes a few spaCy Docs: its title, and each section (heading and
    sentences, up to :data:`MAX_UNITS_PER_DOC`) with the sentences' ranges in
    ``doc._.kg_units``. Outside lending articles the condition parser only runs on sentences
    that name a loan product or stand under a requirement head: elsewhere its results would
    be dropped (see :func:`extract_document`).
    """
    gated = "kgraph_conditions" in nlp.pipe_names
    recognizer = nlp.get_pipe("kgraph_mentions") if "kgraph_mentions" in nlp.pipe_names else None
    if recognizer is not None and recognizer.lexicon is None:
        recognizer.initialize()
    lexicon = getattr(recognizer, "lexicon", None)
    for doc in docs:
        units = _units(doc)
        groups = _groups(units, doc)
        outline = Outline(doc)
        sdocs = [_make_doc(nlp, g) for g in groups]
        if gated and not _lending(doc):
            with nlp.select_pipes(disable=["kgraph_conditions"]):
                sdocs = list(nlp.pipe(sdocs, batch_size=batch_size))
            parse = nlp.get_pipe("kgraph_conditions")
            for group, sdoc in zip(groups, sdocs, strict=True):
                products = {sp.start_char for sp in sdoc.spans["kg"] if sp.label_ == "LoanProduct"}
                parse.parse(
                    sdoc,
                    [
                        (a, b)
                        for (o, _), (a, b) in zip(group, sdoc._.kg_units, strict=True)
                        if any(a <= p < b for p in products) or outline.topic(o) in _LISTED
                    ],
                )
        else:
            sdocs = list(nlp.pipe(sdocs, batch_size=batch_size))
        parsed = [
            (unit, found)
            for group, sdoc in zip(groups, sdocs, strict=True)
            for unit, found in zip(group, _split(sdoc), strict=True)
        ]
        yield extract_document(doc, parsed, lexicon=lexicon, outline=outline)


def _lending(doc: Document) -> bool:
    """Whether a document is about lending: its title says so, or, under a title that says
    nothing (当前位置:, a site's name, a date), its first sentences do."""
    if is_lending(doc.title):
        return True
    words = len(re.findall(r"[\u4e00-\u9fff]", doc.title))
    if _STATUTE.search(doc.title) or (len(doc.title) > _BARE_TITLE and words >= _BARE_TITLE / 3):
        return False  # a title of its own (not 当前位置:, not a date and a view count)
    return any(is_lending(s.text[:_LEAD_CHARS]) for s in doc.sentences[:2])


#: A breadcrumb's separator in a title (首页 > 产品 > 订货贷).
_CRUMB = re.compile(r"\s*(?:>|»|›|＞)\s*")
#: A line that supports all industries but those it lists (除A、B外的所有行业).
_ALL_BUT = re.compile(r"[^,;。]{0,6}除[^。]{2,60}外")
#: The longest title that may say nothing of its article (当前位置:, 产品介绍 - 某某网).
_BARE_TITLE = 12
#: How much of an opening sentence is read for a loan cue.
_LEAD_CHARS = 80


def is_lending(title: str) -> bool:
    """Whether an article's title says it is about lending (a loan cue or a loan product).

    A statute (…条例, …办法, …法) is not, even on finance: its amounts are mostly
    thresholds for institutions and penalties, not a borrower's conditions.

    >>> is_lending("微众银行企业贷款要具备什么条件"), is_lending("企业风险")
    (True, False)
    >>> is_lending("温州市民间融资管理条例")
    False
    """
    if _STATUTE.search(title):
        return False
    return bool(LOAN_CUES.search(title)) or any(
        m.cls == "LoanProduct" for m in find_mentions(title)
    )


def extract_document(
    doc: Document,
    parsed: list[tuple[tuple[int, str], tuple[list[Mention], list[Condition]]]],
    *,
    lexicon: Lexicon | None = None,
    outline: Outline | None = None,
) -> Extraction:
    """Assemble one document's extraction from its units: ((offset, text), (mentions,
    conditions)), offsets of the mentions and conditions relative to the unit.

    ``lexicon`` is the one the mentions were found with (for the regions' hierarchy); the
    shipped lexicon by default. ``outline`` is the document's, when already built.
    """
    found = [ms for _, (ms, _) in parsed]
    title_mentions = found[0] if parsed and parsed[0][0][0] == 0 else []
    if title_mentions:  # 首页 > 交易银行 > 供应链金融 > 订货贷: the last step is the page's
        crumb = max((m.end() for m in _CRUMB.finditer(parsed[0][0][1])), default=0)
        title_mentions = [m for m in title_mentions if m.start >= crumb]
    context = _context(title_mentions)
    loan_doc = context.product is not None or _lending(doc)
    if loan_doc and context.product is None:  # the product the article names most, or first
        named = [m.key for ms in found for m in ms if m.cls == "LoanProduct"]
        counts = Counter(named)
        main = max(named, key=lambda k: counts[k], default=None)  # max keeps the first of ties
        context = replace(context, product=main)
    mentions: list[tuple[Mention, Evidence]] = []
    conditions: list[tuple[Condition, Evidence]] = []
    relations: list[Relation] = []
    classify: EntityKey | None = None
    depth: int | None = None  # the outline depth of the classes it lists
    outline = outline or Outline(doc)
    recent: EntityKey | None = None  # the loan product named last; a requirement list is its
    section_of = _section_index(doc)
    current_section = None
    lexicon = lexicon or load_lexicon()
    memory = RegionMemory(lexicon, context.region.label if context.region else None)
    part: EntityKey | None = None  # the product a line naming only it gave the lines after
    part_at = -1  # where that line is
    for (offset, stext), (sms, sconds) in parsed:
        ev = Evidence(doc.id, stext, offset, offset + len(stext))
        topic, topic_head, topic_line = outline.topic_line(offset)
        bodies = list(local_bodies(stext, sms, memory))  # 省工信厅: the province's body
        for item in (
            industry_items(outline, offset, stext, sms, topic, topic_head) if offset else ()
        ):
            sms = [m for m in sms if m.end <= item.start or m.start >= item.end]
            bodies.append(item)  # 四、准入行业 / 3、副食品批发: the whole item
        if bodies:
            sms = sorted([*sms, *bodies], key=lambda m: (m.start, m.end))
        if topic == "supportsIndustry" and _ALL_BUT.match(stext):
            topic = "restrictsIndustry"  # 除广告业、网吧外的所有行业: all but those
        if offset != 0:
            opens, named = naming_product(outline, offset, stext, sms)
            ends = opens and not outline.within(offset, part_at) and topic_of(stext) is None
            if named is not None or ends:  # a requirement head goes on in the product's part
                part, part_at = named, outline.block_at(offset)
        here = replace(context, product=part) if part is not None else context
        if topic in _LISTED:
            # 申请创业担保贷款的个人应当符合下列条件; 申请X贷,企业需满足以下条件
            applied = (
                _APPLIED_FOR.search(topic_head)
                or _APPLIED_FOR.search(topic_line)
                or _CONDITIONS_OF.search(topic_line)  # X贷款的申请条件是什么?
            )
            product = EntityKey("LoanProduct", applied.group(1)) if applied else None
            here = replace(here, product=product or here.product or recent)
        row = row_facts(outline, offset, stext, sms)  # | 快捷贷 | 最高100万元 | 小微企业 |
        if row is not None:
            p = row.product
            sms = sorted(
                [m for m in sms if m.end <= p.start or m.start >= p.end] + [p],
                key=lambda m: (m.start, m.end),
            )
            sconds, here = list(row.conditions), replace(here, product=p.key)
            relations.extend(
                Relation(k, "eligibleFor", p.key, ev, "structure") for k in row.eligible
            )
        listed = topic in _LISTED and here.product is not None
        if not (loan_doc or listed or any(m.cls == "LoanProduct" for m in sms)):
            sconds = []
        if topic == "materials" and here.product is not None:
            sconds = materials(stext) or sconds  # the list's items, as the page cuts them
        elif topic == "requirements" and not sconds and here.product is not None:
            sconds = field_holdings(stext, outline.label_at(offset))  # 身份证明:A+B
        if topic == "requirements" and here.product is not None:  # 管理规范、渠道稳定
            sconds = sconds + [
                t
                for t in trait_conditions(stext)
                if not any(c.start < t.end and t.start < c.end for c in sconds)
            ]
        heads = outline.heads(offset)
        if not sconds and heads and (loan_doc or listed):  # 贷款期限 / 最高不超过3年
            sconds = headed_bounds(stext, heads[0])
        sconds = [subject_metric(variant_metric(c, heads), heads) for c in sconds]
        recent = next((m.key for m in reversed(sms) if m.cls == "LoanProduct"), recent)
        mentions.extend((replace(m, start=m.start + offset, end=m.end + offset), ev) for m in sms)
        conditions.extend(
            (replace(c, start=c.start + offset, end=c.end + offset), ev) for c in sconds
        )
        for head, rel, tail in extract_relations(stext, sms, conditions=sconds, context=here):
            if rel == "requires" and _narrower(here.product, head):
                head = here.product  # 个人创业担保贷款的申请条件: … 创业担保贷款申请 …
            if head != tail:
                relations.append(Relation(head, rel, tail, ev))
        # the head above a line (适用对象, 不予支持的行业) governs what the line names
        if offset != 0:
            relations.extend(topic_relations(topic, sms, here.product, ev))
        # a sentence that announces a classification makes the leading mention of each
        # following paragraph of its section a subcategory
        section = section_of.get(offset)
        if section != current_section:
            current_section, classify = section, None
        match = _CLASSIFY.search(stext)
        if match:  # 将其划分为五大类: the article's subject, when the sentence names none
            before = [m.key for m in sms if m.end <= match.start()]
            classify, depth = (before[-1] if before else context.subject), None
        elif classify is not None and sms and sms[0].cls == classify.cls != "Organization":
            lead = _ORDINAL_LEAD.match(stext)  # 第二类是财务风险
            block = outline.block_at(offset)
            at = outline.blocks[block].depth if block >= 0 else 0
            if depth is None or at <= depth:  # not the kinds listed under one of the classes
                if sms[0].start <= (lead.end() if lead else 0) + 1 and sms[0].key != classify:
                    depth = at
                    relations.append(
                        Relation(sms[0].key, "subCategoryOf", classify, ev, "structure")
                    )
    mentions.extend(listed_entities(outline, mentions, doc.id))
    view = DocumentView(doc, outline, mentions, context, lexicon)
    for _, fn in rules("document"):
        relations.extend(fn(view))
    return Extraction(doc, tuple(mentions), tuple(conditions), tuple(_dedupe(relations)))


def _narrower(product: EntityKey | None, named: EntityKey) -> bool:
    """Whether ``product`` is a kind of the product ``named`` (个人创业担保贷款, 创业担保贷款)."""
    return (
        product is not None and product.label != named.label and product.label.endswith(named.label)
    )


def _section_index(doc: Document) -> dict[int, int]:
    index = {}
    for i, sec in enumerate(doc.sections):
        for s in sec.sentences:
            index[s.start] = i
        if sec.heading_start is not None:
            index[sec.heading_start] = i
    return index


def _context(title_mentions: list[Mention]) -> Context:
    product = next((m.key for m in title_mentions if m.cls == "LoanProduct"), None)
    org = next((m.key for m in title_mentions if m.cls == "Organization"), None)
    subjects = [m.key for m in title_mentions if m.cls in _SUBJECT_CLASSES and m.cls != "Region"]
    subject = product or (subjects[-1] if subjects else None)
    region = next((m.key for m in title_mentions if m.cls == "Region"), None)
    return Context(product=product, subject=subject, organization=org, region=region)


@rule("taxonomy", "document")
def _taxonomy(view: DocumentView) -> Iterator[Relation]:
    """Items listed under a classifying head are its subcategories (structure rules)."""
    return taxonomy(view.outline, view.mentions, view.context.subject)


@rule("titleOffers", "document")
def _title_relations(view: DocumentView) -> Iterator[Relation]:
    """The organization in the title offers the loan products its article describes.

    A product named in the same sentence as the title's product is a kind it belongs to
    (云税贷是一款信用贷款), not another offer.
    """
    context, mentions = view.context, view.mentions
    if context.organization is None or context.product is None:
        return
    if context.organization.label.endswith(load_rules().government_suffixes):
        return  # 某部等部门:实施…贷款贴息政策: a government sets policy, it offers no loan
    with_subject = {ev.start for m, ev in mentions if m.key == context.product}
    seen = set()
    for m, ev in mentions:
        if (
            m.cls == "LoanProduct"
            and m.key not in seen
            and (m.key == context.product or ev.start not in with_subject)
        ):
            seen.add(m.key)
            yield Relation(context.organization, "offers", m.key, ev, "structure")


@rule("gazetteerPartOf", "document")
def _gazetteer_relations(view: DocumentView) -> Iterator[Relation]:
    """partOf between regions of the document, from the gazetteer (nearest mentioned ancestor)."""
    regions = {m.label for m, _ in view.mentions if m.cls == "Region"}
    for label in sorted(regions):
        for ancestor in region_ancestors(view.lexicon, label):
            if ancestor in regions:
                yield Relation(
                    EntityKey("Region", label),
                    "partOf",
                    EntityKey("Region", ancestor),
                    None,
                    "gazetteer",
                )
                break


def _dedupe(relations: list[Relation]) -> Iterator[Relation]:
    seen: set[tuple[EntityKey, str, EntityKey, int | None]] = set()
    for r in relations:
        key = (r.head, r.relation, r.tail, r.evidence.start if r.evidence else None)
        if key not in seen:
            seen.add(key)
            yield r


def _optional(c: Condition, contexts: set) -> dict[str, str]:
    """The optional gold fields (canonical, subject, scope, phase) that are not defaults."""
    fields = condition_fields(c.metric, c.op, contexts)
    defaults = {"canonical": "", "subject": "enterprise", "scope": "", "phase": "application"}
    return {k: v for k, v in fields.items() if v != defaults[k]}


def to_gold_format(ex: Extraction) -> dict[str, object]:
    """One document's extraction in the gold-file format of the annotation guidelines."""
    surfaces: dict[EntityKey, set[str]] = {}
    for m, _ in ex.mentions:
        surfaces.setdefault(m.key, set()).add(m.text)
    entities = [
        {"label": k.label, "type": k.cls, "aliases": sorted(s - {k.label})}
        for k, s in sorted(surfaces.items())
    ]
    contexts: dict[str, set] = {}
    for c, ev in ex.conditions:
        contexts.setdefault(c.label, set()).add(condition_context(ev.sentence, c.start - ev.start))
    conds = {c.label: {**c.as_dict(), **_optional(c, contexts[c.label])} for c, _ in ex.conditions}
    rels = sorted({(r.head.label, r.relation, r.tail.label) for r in ex.relations})
    return {
        "doc": ex.doc.id,
        "title": ex.doc.title,
        "entities": entities,
        "conditions": [conds[k] for k in sorted(conds)],
        "relations": [{"head": h, "relation": r, "tail": t} for h, r, t in rels],
    }
