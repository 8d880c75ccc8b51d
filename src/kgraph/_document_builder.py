"""Building a :class:`~kgraph.types.Document` line by line: title, sections, sentences.

Private to :mod:`kgraph.corpus`; the format parsers (:mod:`kgraph._wiki`,
:mod:`kgraph._formats`) feed headings and paragraphs to :class:`_Builder`, which joins
them into the document text and records every offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgraph._sentences import split_sentences
from kgraph.types import Document, Section, Sentence


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
        self.title = title.strip()
        self.lines = [self.title]
        self.pos = len(self.title)
        self.parts: list[_Part] = []
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
        self.parts.append(_Part(text, level, parent, self._append(text)))

    def paragraph(self, text: str) -> None:
        """Add a paragraph to the current section (a level-0 section if none is open)."""
        text = text.strip()
        if not text:
            return
        if not self.parts:
            self.parts.append(_Part("", 0, None, None))
        self.parts[-1].paragraphs.append((text, self._append(text)))

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
            **meta,  # type: ignore[arg-type]
        )
