"""Parsing single-article formats: plain text and markdown, HTML, and jsonl records.

Private to :mod:`kgraph.io.corpus`, which re-exports :func:`parse_plain_text` and
:func:`parse_html`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from kgraph.errors import InputError
from kgraph.io.builder import MAX_TITLE_CHARS, _Builder
from kgraph.normalize import normalize_text
from kgraph.types import Document

# ------------------------------------------------------------------- plain text, md

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ROW = re.compile(r"^\|.*\|$")
_MD_RULE = re.compile(r"^\|[\s:|-]+\|$")


def _row(cells: list[str]) -> str:
    """A table row as one line: ``标签:值`` for two cells, else cells joined by ``|``."""
    cells = [c.strip() for c in cells if c.strip()]
    return ":".join(cells) if len(cells) == 2 else " | ".join(cells)


def parse_plain_text(text: str, *, source: str = "", title: str | None = None) -> Document:
    """Parse a plain-text or markdown article into one document.

    The title is ``title`` if given, else the first non-empty line (a leading ``#``
    heading loses its ``#``), unless that line is longer than
    :data:`~kgraph.io.builder.MAX_TITLE_CHARS`: then it is text, and there is no title. Markdown headings become sections: the shallowest heading
    level used is level 1, deeper ones level 2. Every other non-empty line is a paragraph.

    Parameters
    ----------
    text : str
        The article text (normalized here).
    source : str
        The file it came from.
    title : str, optional
        The title, when known from elsewhere (a jsonl record).

    Returns
    -------
    Document
        The document; its id is its title.
    """
    lines = [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
    if title is None:
        first = lines.pop(0) if lines else ""
        m = _MD_HEADING.match(first)
        title = m.group(2) if m else first
        if len(title) > MAX_TITLE_CHARS:  # a line that long is text, not a title
            lines.insert(0, first)
            title = ""
    else:
        title = normalize_text(title).strip()
    blocks: list[tuple[int, str, str]] = []  # (heading depth or 0, text, kind)
    for line in lines:
        m = _MD_HEADING.match(line)
        if m:
            blocks.append((len(m.group(1)), m.group(2), ""))
        elif _MD_ROW.match(line):
            if not _MD_RULE.match(line):
                blocks.append((0, _row(line.strip("|").split("|")), "row"))
        else:
            blocks.append((0, line, ""))
    builder = _Builder(title)
    _emit_blocks(builder, blocks)
    return builder.build(source)


def _emit_blocks(builder: _Builder, blocks: list[tuple[int, str, str]]) -> None:
    """Feed (heading depth, text, kind) blocks to the builder; depth 0 is not a heading."""
    depths = [depth for depth, _, _ in blocks if depth]
    top = min(depths, default=1)
    for depth, text, kind in blocks:
        if depth:
            builder.heading(text, 1 if depth == top or builder.top is None else 2)
        else:
            builder.paragraph(text, kind=kind)


# ------------------------------------------------------------------------------ html

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_DROP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_BLOCKS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption footer form h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)


def parse_html(html: str, *, source: str = "") -> Document:
    """Parse an HTML article into one document.

    The title is ``<title>``, else the first ``<h1>``; ``h1``–``h4`` become section
    headings (an ``<h1>`` repeating the title is dropped); ``script``/``style`` are
    dropped; block elements (``p``, ``div``, ``li`` ...) end paragraphs. Entities are
    decoded by BeautifulSoup (``html.parser``).

    Parameters
    ----------
    html : str
        The page.
    source : str
        The file it came from.

    Returns
    -------
    Document
        The document; its id is its title.
    """
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = _clean(title_tag.get_text(" ")) if title_tag else ""
    blocks: list[tuple[int, str, str]] = []
    buffer: list[str] = []

    def flush(kind: str = "") -> None:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            blocks.append((0, text, kind))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _SKIP_STRINGS):
                continue
            if isinstance(child, NavigableString):
                buffer.append(str(child))
            elif isinstance(child, Tag) and child.name not in _DROP:
                if child.name in _HEADINGS:
                    flush()
                    text = _clean(child.get_text(" "))
                    if text:
                        blocks.append((_HEADINGS[child.name], text, ""))
                elif child.name == "tr":
                    flush()
                    cells = child.find_all(["td", "th"], recursive=False)
                    text = _row([_clean(c.get_text(" ")) for c in cells])
                    if text:
                        blocks.append((0, text, "row"))
                elif child.name == "li":
                    flush()
                    walk(child)
                    flush("item")
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup)
    flush()
    if not title:
        title = next((text for depth, text, _ in blocks if depth == 1), "")
    if blocks and blocks[0][0] == 1 and blocks[0][1] == title:
        blocks.pop(0)
    if not title and blocks:
        title = blocks.pop(0)[1]
    builder = _Builder(title)
    _emit_blocks(builder, blocks)
    return builder.build(source)


def _clean(text: str) -> str:
    """Normalize a piece of HTML text and collapse its whitespace."""
    return re.sub(r"\s+", " ", normalize_text(text)).strip()


# ----------------------------------------------------------------------------- jsonl


def _parse_jsonl(text: str, path: str, report: Callable[[InputError], None]) -> list[Document]:
    """Parse one article per line; each bad line is reported as ``path:line``."""
    docs = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report(InputError(where, f"invalid JSON at column {exc.colno} ({exc.msg})"))
            continue
        if not isinstance(record, dict):
            report(InputError(where, "not a JSON object"))
            continue
        title, body = record.get("title"), record.get("text")
        if not isinstance(title, str) or not title.strip():
            report(InputError(where, "missing or empty 'title'"))
            continue
        if not isinstance(body, str) or not body.strip():
            report(InputError(where, "missing or empty 'text'"))
            continue
        doc = parse_plain_text(body, source=path, title=title)
        views = record.get("views")
        docs.append(
            replace(
                doc,
                url=_optional_str(record.get("url")),
                date=_optional_str(record.get("date")),
                views=views if isinstance(views, int) and not isinstance(views, bool) else None,
            )
        )
    return docs


def _optional_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
