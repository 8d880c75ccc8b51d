"""Reading the corpus: files and folders to :class:`~kgraph.types.Document` values.

Formats are chosen by extension: ``.txt``/``.md`` (plain text, or the 企业wiki page shape,
detected from its content), ``.html``/``.htm`` and ``.jsonl`` (one article per line).
Text is normalized (:func:`kgraph.normalize.normalize_text`) before any offset is taken,
so every offset refers to :attr:`Document.text` as built here.
"""

from __future__ import annotations

import codecs
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from kgraph.errors import InputError
from kgraph.normalize import normalize_text
from kgraph.types import Document, Section, Sentence

__all__ = ["assign_ids", "parse_wiki_page", "read_documents", "read_text", "split_sentences"]

TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS

# ---------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings charset_normalizer may choose from: the ones a Chinese corpus uses.
_CANDIDATES = ["utf_8", "gb18030", "big5", "cp950", "big5hkscs"]
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


def read_text(path: str | Path) -> str:
    """Read a text file, detecting its encoding.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); then strict UTF-8 is tried;
    then ``charset_normalizer`` chooses among GB18030 and Big5 (any GB2312/GBK guess is
    decoded as GB18030, its superset).

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    str
        The decoded text, without BOM, newlines normalized to ``\\n``.

    Raises
    ------
    InputError
        If the file cannot be read, contains NUL bytes (binary), cannot be decoded,
        or holds only whitespace.
    """
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def _decode(data: bytes, path: str | Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"undecodable ({encoding} BOM, invalid bytes)") from None
    if b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = [m.encoding for m in charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES)]
    if not found:
        raise InputError(path, "undecodable (not UTF-8, UTF-16, GB18030 or Big5)")
    # charset_normalizer ranks short Chinese texts poorly: among the decodings it accepts
    # (GB2312/GBK read as GB18030), and the other of GB18030/Big5, keep the one with the
    # most common characters; ties keep its order.
    order = ["gb18030" if e.replace("_", "") in _GB_FAMILY else e for e in found]
    decoded: dict[str, str] = {}
    for encoding in [*order, "gb18030", "big5"]:
        if encoding not in decoded:
            try:
                decoded[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if not decoded:
        raise InputError(path, f"undecodable (detected {found[0]})")
    return max(decoded.values(), key=_common_ratio)


def _common_ratio(text: str) -> float:
    """The share of non-ASCII characters that are common Chinese characters or symbols."""
    chars = [c for c in text if not c.isascii() and not c.isspace()]
    return sum(map(_is_common, chars)) / len(chars) if chars else 1.0


@lru_cache(maxsize=8192)
def _is_common(char: str) -> bool:
    """Whether a character is in GB2312 level 1 or Big5 level 1, or is a symbol there."""
    for encoding, first, last in (("gb2312", 0xA1, 0xD7), ("big5", 0xA1, 0xC6)):
        try:
            lead = char.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        if first <= lead <= last and not (encoding == "gb2312" and 0xAA <= lead <= 0xAF):
            return True
    return False


# ----------------------------------------------------------------------- sentences

_ENDS = frozenset("。!?;！？；\n")
_CLOSERS = frozenset("」』”’)）】》\"'")
_QUOTES = {"「": "」", "『": "』", "“": "”"}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans.

    A sentence ends at ``。！？!?；;`` or a newline (full- or half-width), together with
    any closing quotes or brackets right after it. A half-width ``.`` ends a sentence only
    before whitespace or the end of the text, so ``3.5万元`` stays whole. Inside a quote
    opened by ``「『“`` and closed later on the same line nothing ends a sentence, except
    a newline. Spans exclude surrounding whitespace; empty spans are dropped.

    Parameters
    ----------
    text : str
        The text to split.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets into ``text``, end exclusive.

    Examples
    --------
    >>> t = "利率3.5%。额度高!他说「先还款。再借」。"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['利率3.5%。', '额度高!', '他说「先还款。再借」。']
    """
    spans: list[tuple[int, int]] = []
    closing: list[str] = []
    start, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            closing.clear()
            _add_span(text, start, i, spans)
            start = i = i + 1
            continue
        if ch in _QUOTES:
            line_end = text.find("\n", i)
            if text.find(_QUOTES[ch], i + 1, n if line_end < 0 else line_end) > 0:
                closing.append(_QUOTES[ch])
        elif closing and ch == closing[-1]:
            closing.pop()
        elif not closing and (ch in _ENDS or (ch == "." and (i + 1 == n or text[i + 1].isspace()))):
            i += 1
            while i < n and (text[i] in _ENDS or text[i] in _CLOSERS) and text[i] != "\n":
                i += 1
            _add_span(text, start, i, spans)
            start = i
            continue
        i += 1
    _add_span(text, start, n, spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ------------------------------------------------------------------- document building


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


# -------------------------------------------------------------------------- wiki pages

_BREADCRUMB = re.compile(r"^位置\s*:.*>")
_MARKER = re.compile(r"^(基本释义|详细释义)\s*:?$")
_END_MAIN = frozenset({"最新文章", "相关专题"})
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+火(\d+)人看过)?$"
)
_VIEWS = re.compile(r"^火(\d+)人看过$")
_NO_HEADING_CHARS = re.compile(r"[。!?;,、:]$|[。!?;]")
MAX_HEADING_CHARS = 30


def is_wiki_page(text: str) -> bool:
    """Whether text has the 企业wiki page shape (breadcrumb, or 基本释义/详细释义 lines)."""
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


# ------------------------------------------------------------------- plain text, md

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def parse_plain_text(text: str, *, source: str = "", title: str | None = None) -> Document:
    """Parse a plain-text or markdown article into one document.

    The title is ``title`` if given, else the first non-empty line (a leading ``#``
    heading loses its ``#``). Markdown headings become sections: the shallowest heading
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
    else:
        title = normalize_text(title).strip()
    blocks: list[tuple[int, str]] = []  # (heading depth or 0, text)
    for line in lines:
        m = _MD_HEADING.match(line)
        blocks.append((len(m.group(1)), m.group(2)) if m else (0, line))
    builder = _Builder(title)
    _emit_blocks(builder, blocks)
    return builder.build(source)


def _emit_blocks(builder: _Builder, blocks: list[tuple[int, str]]) -> None:
    """Feed (heading depth, text) blocks to the builder; depth 0 is a paragraph."""
    depths = [depth for depth, _ in blocks if depth]
    top = min(depths, default=1)
    for depth, text in blocks:
        if depth:
            builder.heading(text, 1 if depth == top or builder.top is None else 2)
        else:
            builder.paragraph(text)


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
    blocks: list[tuple[int, str]] = []
    buffer: list[str] = []

    def flush() -> None:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            blocks.append((0, text))

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
                        blocks.append((_HEADINGS[child.name], text))
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup)
    flush()
    if not title:
        title = next((text for depth, text in blocks if depth == 1), "")
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
            report(InputError(where, f"invalid JSON ({exc.msg})"))
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


# ----------------------------------------------------------------------- reading


def assign_ids(docs: Iterable[Document]) -> list[Document]:
    """Give each document its id: its title, with ``~2``, ``~3`` ... for later repeats.

    Examples
    --------
    >>> docs = [Document("", t, t, ()) for t in ("企业风险", "云南", "企业风险")]
    >>> [d.id for d in assign_ids(docs)]
    ['企业风险', '云南', '企业风险~2']
    """
    assign = _IdAssigner()
    return [assign(doc) for doc in docs]


class _IdAssigner:
    """Assign ids one document at a time, remembering the ids already used."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, doc: Document) -> Document:
        base = doc.title
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}~{n}"
        self.used.add(candidate)
        return doc if doc.id == candidate else replace(doc, id=candidate)


def _expand(path: Path) -> list[Path]:
    """The files to read under a folder: known extensions, recursively, sorted."""
    files = [
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in KNOWN_EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(path).as_posix())


def _read_file(path: Path, report: Callable[[InputError], None]) -> list[Document]:
    """Read one file into documents; raises InputError for a file that yields none."""
    text = read_text(path)
    name, suffix = str(path), path.suffix.lower()
    if suffix in JSONL_EXTENSIONS:
        return _parse_jsonl(text, name, report)
    if suffix in HTML_EXTENSIONS:
        doc = parse_html(text, source=name)
        if not doc.title and not doc.sections:
            raise InputError(path, "no text in HTML")
        return [doc]
    if is_wiki_page(text):
        docs = parse_wiki_page(text, source=name)
        if docs:
            return docs
    return [parse_plain_text(text, source=name)]


def read_documents(
    paths: Iterable[str | Path], *, on_error: Callable[[InputError], None] | None = None
) -> Iterator[Document]:
    """Read documents from files and folders.

    Folders are read recursively in sorted order, keeping files with a known extension
    (``.txt``, ``.md``, ``.html``, ``.htm``, ``.jsonl``) and skipping hidden ones; a file
    named explicitly with another extension is read as text. Ids are assigned across all
    inputs (:func:`assign_ids`); ``source`` is the path as given.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders.
    on_error : callable, optional
        Called with an :class:`InputError` (message ``"<file>: <cause>, skipped"``) for a
        missing path, an unreadable, binary, undecodable or empty file, or a bad jsonl
        line; the other inputs are still read. If None, the error is raised.

    Yields
    ------
    Document
        The documents, in input order.
    """

    def report(error: InputError) -> None:
        if on_error is None:
            raise error
        on_error(InputError(error.path, f"{error.cause}, skipped"))

    assign = _IdAssigner()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _expand(path)
        elif path.exists():
            files = [path]
        else:
            report(InputError(given, "no such file or directory"))
            continue
        for file in files:
            try:
                docs = _read_file(file, report)
            except InputError as error:
                report(error)
                continue
            for doc in docs:
                yield assign(doc)
