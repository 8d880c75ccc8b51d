"""Parsing 企业wiki pages: a main article, then the related articles listed after it.

Private to :mod:`kgraph.io.corpus`, which re-exports :func:`is_wiki_page` and
:func:`parse_wiki_page`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kgraph.io.builder import _Builder
from kgraph.normalize import normalize_text
from kgraph.types import Document

_BREADCRUMB = re.compile(r"^位置\s*:.*>")
_MARKER = re.compile(r"^(基本释义|详细释义)\s*:?$")
_END_MAIN = frozenset({"最新文章", "相关专题"})
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*火(\d+)人看过)?$"
)
_VIEWS = re.compile(r"^火(\d+)人看过$")
_NO_HEADING_CHARS = re.compile(r"[。!?;,、:]$|[。!?;]")
MAX_HEADING_CHARS = 30
#: A page of that shape holds one of these words, in simplified or traditional script.
_SHAPE_WORDS = ("位置", "释义", "釋義")


def is_wiki_page(text: str) -> bool:
    """Whether text has the 企业wiki page shape (breadcrumb, or 基本释义/详细释义 lines)."""
    if not any(word in text for word in _SHAPE_WORDS):  # most texts: no need to normalize
        return False
    lines = [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
    return bool(lines) and (
        bool(_BREADCRUMB.match(lines[0])) or any(_MARKER.match(line) for line in lines)
    )


def _meta(line: str) -> tuple[str | None, int | None] | None:
    """``(date, views)`` if the line is a date and/or view-count line, else None."""
    if m := _DATE.match(line):
        return m.group(1), int(m.group(2)) if m.group(2) else None
    if m := _VIEWS.match(line):
        return None, int(m.group(1))
    return None


def _is_heading(line: str) -> bool:
    return len(line) <= MAX_HEADING_CHARS and not _NO_HEADING_CHARS.search(line)


@dataclass
class _Article:
    title: str
    lines: list[str] = field(default_factory=list)
    date: str | None = None
    views: int | None = None


def parse_wiki_page(text: str, *, source: str = "") -> list[Document]:
    """Parse a 企业wiki page into its main article and the related articles after it.

    The page is: a breadcrumb (``位置:企业wiki > ...``), the title (possibly repeated),
    a ``date time 火N人看过`` line, then ``基本释义``/``详细释义`` blocks of short heading
    lines and paragraphs. After ``最新文章``/``相关专题`` each related article is a title
    line followed by ``基本释义:``. Date and view lines (``2026-01-14``, ``火320人看过``)
    between two articles are footers of the article before them when the page ends with
    such a footer, otherwise headers of the article after them.

    Headings are short lines (at most 30 characters) without sentence punctuation;
    ``基本释义``/``详细释义`` are level-1 sections (stored without colon), headings under
    them level 2.

    Parameters
    ----------
    text : str
        The page text (normalized here).
    source : str
        The file it came from, stored on each document.

    Returns
    -------
    list of Document
        One document per article, in page order; ids are the titles (see :func:`assign_ids`).
    """
    lines = [line.strip() for line in normalize_text(text).split("\n")]
    content = [i for i, line in enumerate(lines) if line]
    if not content:
        return []
    articles: list[_Article] = []
    gap_metas: list[tuple[int, tuple[str | None, int | None]]] = []  # (articles so far, meta)
    in_gap = False  # after 最新文章/相关专题, before the next title
    header = False  # between a title and its first body line
    pos = 0
    if _BREADCRUMB.match(lines[content[0]]):
        pos = 1
        if len(content) > 1:
            articles.append(_Article(lines[content[1]]))
            header, pos = True, 2
    for k in content[pos:]:
        line = lines[k]
        meta = _meta(line)
        if meta is not None:
            if header and articles:
                _set_meta(articles[-1], meta)
            else:
                gap_metas.append((len(articles), meta))
            continue
        if line in _END_MAIN:
            in_gap = True
            continue
        if articles and header and line == articles[-1].title:
            continue  # the repeated title
        if not articles or _starts_article(lines, content, k, articles[-1], in_gap):
            articles.append(_Article(line))
            header, in_gap = True, False
        elif not in_gap:  # lines in the related-articles list that start no article are dropped
            header = False
            articles[-1].lines.append(line)
    _place_gap_metas(articles, gap_metas)
    return [_wiki_document(a, source) for a in articles if a.title]


def _starts_article(
    lines: list[str], content: list[int], k: int, current: _Article, in_gap: bool
) -> bool:
    """Whether line k is the title of a new article.

    It is when the next content line (skipping date lines and repeats of it) is a
    基本释义/详细释义 marker that the current article has already had, or that follows
    最新文章/相关专题.
    """
    if _MARKER.match(lines[k]):
        return False
    for j in content[bisect_right(content, k) :]:
        if lines[j] == lines[k] or _meta(lines[j]) is not None:
            continue
        m = _MARKER.match(lines[j])
        if m is None:
            return False
        return in_gap or any(
            (seen := _MARKER.match(line)) and seen.group(1) == m.group(1) for line in current.lines
        )
    return False


def _set_meta(article: _Article, meta: tuple[str | None, int | None]) -> None:
    date, views = meta
    if date is not None and article.date is None:
        article.date = date
    if views is not None and article.views is None:
        article.views = views


def _place_gap_metas(
    articles: list[_Article], gap_metas: list[tuple[int, tuple[str | None, int | None]]]
) -> None:
    """Give each date/views line found between articles to its article.

    ``gap_metas`` holds (number of articles seen so far, meta). If the page ends with such
    lines they are footers (belong to the article before), otherwise headers.
    """
    footer = any(n == len(articles) for n, _ in gap_metas)
    for n, meta in gap_metas:
        index = n - 1 if footer else n
        if 0 <= index < len(articles):
            _set_meta(articles[index], meta)


def _wiki_document(article: _Article, source: str) -> Document:
    builder = _Builder(article.title)
    for line in article.lines:
        if m := _MARKER.match(line):
            builder.heading(m.group(1), 1)
        elif _is_heading(line):
            builder.heading(line, 2 if builder.top is not None else 1)
        else:
            builder.paragraph(line)
    return builder.build(source, date=article.date, views=article.views)
