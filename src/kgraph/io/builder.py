"""Building a :class:`~kgraph.types.Document` line by line: title, sections, sentences.

Private to :mod:`kgraph.io.corpus`; the format parsers (:mod:`kgraph.io.wiki`,
:mod:`kgraph.io.formats`) feed headings and paragraphs to :class:`_Builder`, which joins
them into the document text and records every offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph.io.sentences import split_sentences
from kgraph.io.structure import classify, nest
from kgraph.types import Block, Document, Section, Sentence

#: The longest title kept; a longer one is cut (a title is one unit of extraction).
MAX_TITLE_CHARS = 200


@dataclass
class _Part:
    heading: str
    level: int
    parent: str | None
    heading_start: int | None
    paragraphs: list[tuple[str, int]] = field(default_factory=list)


class _Builder:
    """Assemble a document's text line by line, recording offsets as it goes."""

    def __init__(self, title: str) -> None:
        self.title = title.strip()[:MAX_TITLE_CHARS].strip()
        self.lines = [self.title]
        self.pos = len(self.title)
        self.parts: list[_Part] = []
        self.blocks: list[Block] = []
        self.top: str | None = None

    def _append(self, line: str) -> int:
        start = self.pos + 1
        self.lines.append(line)
        self.pos = start + len(line)
        return start

    def heading(self, text: str, level: int) -> None:
        """Open a section; level 1 is a top heading, level 2 one under the last top heading."""
        text = text.strip()
        if level <= 1:
            self.top = text
        parent = self.top if level >= 2 else None
        start = self._append(text)
        self.parts.append(_Part(text, level, parent, start))
        self.blocks.append(Block("heading", start, start + len(text), start, level=level))

    def paragraph(self, text: str, *, kind: str = "") -> None:
        """Add a line to the current section (a level-0 section if none is open).

        What the line is (item, field, head, paragraph) is read from its text; ``kind``
        ``"item"`` or ``"row"`` says what the markup said (an HTML ``<li>`` or ``<tr>``).
        """
        text = text.strip()
        if not text:
            return
        if not self.parts:
            self.parts.append(_Part("", 0, None, None))
        start = self._append(text)
        self.parts[-1].paragraphs.append((text, start))
        found, marker, label, body = classify(text)
        if kind and found != "item":
            found, marker = kind, "li" if kind == "item" else ""
        self.blocks.append(
            Block(found, start, start + len(text), start + body, marker=marker, label=label)
        )

    def build(self, source: str, **meta: object) -> Document:
        text = "\n".join(self.lines)
        sections = []
        for part in self.parts:
            sentences = tuple(
                Sentence(para[s:e], base + s, base + e)
                for para, base in part.paragraphs
                for s, e in split_sentences(para)
            )
            sections.append(
                Section(part.heading, part.level, sentences, part.parent, part.heading_start)
            )
        return Document(
            id=self.title,
            title=self.title,
            text=text,
            sections=tuple(sections),
            source=source,
            blocks=tuple(nest(self.blocks, text)),
            **meta,  # type: ignore[arg-type]
        )
