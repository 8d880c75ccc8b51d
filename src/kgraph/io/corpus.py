"""Reading the corpus: files and folders to :class:`~kgraph.types.Document` values.

Formats are chosen by extension: ``.txt``/``.md`` (plain text, or the 企业wiki page shape,
detected from its content), ``.html``/``.htm`` and ``.jsonl`` (one article per line).
Text is normalized (:func:`kgraph.normalize.normalize_text`) before any offset is taken,
so every offset refers to :attr:`Document.text` as built here.

This module reads files and folders and assigns ids; the work per file is done in private
modules whose public functions are re-exported here: :mod:`kgraph.io.decoding`
(:func:`read_text`), :mod:`kgraph.io.wiki` (:func:`is_wiki_page`, :func:`parse_wiki_page`),
:mod:`kgraph.io.formats` (:func:`parse_plain_text`, :func:`parse_html`, jsonl records),
:mod:`kgraph.io.builder` (offsets and sections) and :mod:`kgraph.io.sentences`
(:func:`split_sentences`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kgraph.errors import InputError
from kgraph.io.decoding import read_text
from kgraph.io.formats import _parse_jsonl, parse_html, parse_plain_text
from kgraph.io.sentences import split_sentences
from kgraph.io.wiki import MAX_HEADING_CHARS as MAX_HEADING_CHARS
from kgraph.io.wiki import is_wiki_page, parse_wiki_page
from kgraph.types import Document

__all__ = [
    "assign_ids",
    "content_id",
    "parse_wiki_page",
    "read_documents",
    "read_file",
    "read_text",
    "split_sentences",
]

TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS


def content_id(title: str, text: str) -> str:
    """A document's id: 16 hex digits of the SHA-256 of its title and text.

    It depends on the document alone, so ids (and the IRIs made from them) stay the same
    when other files are added or the input order changes; a document whose text changes
    gets a new one.

    >>> content_id("企业风险", "企业风险是指……") == content_id("企业风险", "企业风险是指……")
    True
    >>> len(content_id("企业风险", "")), content_id("a", "b") != content_id("a", "c")
    (16, True)
    """
    digest = hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest()
    return digest[:16]


def assign_ids(docs: Iterable[Document]) -> list[Document]:
    """Give each document its id, :func:`content_id` of its title and text.

    Examples
    --------
    >>> docs = [Document("", t, t, ()) for t in ("企业风险", "云南", "企业风险")]
    >>> ids = [d.id for d in assign_ids(docs)]
    >>> ids[0] == ids[2] != ids[1]
    True
    """
    return [_with_id(doc) for doc in docs]


def _with_id(doc: Document) -> Document:
    new = content_id(doc.title, doc.text)
    return doc if doc.id == new else replace(doc, id=new)


def _expand(path: Path, report: Callable[[InputError], None]) -> list[Path]:
    """The files to read under a folder: known extensions, recursively, sorted.

    Hidden files and folders are skipped; symbolic links to folders are not followed (no
    loops). A folder that cannot be listed, a broken or looping link and an entry that
    cannot be examined are reported, and the rest is read.
    """

    def unlisted(exc: OSError) -> None:
        report(InputError(exc.filename or path, f"cannot list the folder ({exc.strerror})"))

    files = []
    for folder, dirs, names in os.walk(path, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(folder) / name
            if name.startswith(".") or file.suffix.lower() not in KNOWN_EXTENSIONS:
                continue
            try:
                file.stat()  # follows a link: a broken or looping one fails here
            except OSError as exc:
                cause = "broken or looping link" if file.is_symlink() else "cannot examine it"
                report(InputError(file, f"{cause} ({exc.strerror})"))
                continue
            if file.is_file():
                files.append(file)
    return sorted(files, key=lambda p: p.relative_to(path).as_posix())


#: What reads one file into documents: ``read(path, report)``, as :func:`read_file`.
FileReader = Callable[[Path, Callable[[InputError], None]], list[Document]]


def read_file(path: Path, report: Callable[[InputError], None]) -> list[Document]:
    """Read one file into its documents, with their ids.

    Raises :class:`InputError` for a file that yields none; ``report`` is called for a
    bad line of a jsonl file (the others are still read).
    """
    return [_with_id(doc) for doc in _parse_file(path, report)]


def _parse_file(path: Path, report: Callable[[InputError], None]) -> list[Document]:
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
    paths: Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    read: FileReader = read_file,
) -> Iterator[Document]:
    """Read documents from files and folders.

    Folders are read recursively in sorted order, keeping files with a known extension
    (``.txt``, ``.md``, ``.html``, ``.htm``, ``.jsonl``) and skipping hidden ones; a file
    named explicitly with another extension is read as text. A document's id is a hash of
    its title and text (:func:`content_id`); a document with the same title and text as
    one read before is reported and skipped. ``source`` is the path as given.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders.
    on_error : callable, optional
        Called with an :class:`InputError` (message ``"<file>: <cause>, skipped"``) for a
        missing path, an unreadable, binary, undecodable or empty file, a bad jsonl line
        or a repeated document; the other inputs are still read. If None, the error is
        raised.
    read : callable, optional
        What reads each file (default :func:`read_file`); a build's extraction store
        passes one that skips files it has read before (:mod:`kgraph.extract.runner`).

    Yields
    ------
    Document
        The documents, in input order.
    """

    def report(error: InputError) -> None:
        if on_error is None:
            raise error
        on_error(InputError(error.path, f"{error.cause}, skipped"))

    seen: dict[str, str] = {}  # id -> the source that had it first
    for given in paths:
        path = Path(given)
        try:
            kind = "dir" if path.is_dir() else "file" if path.exists() else ""
        except OSError as exc:  # a path that cannot be examined (no permission)
            report(InputError(given, f"cannot examine it ({exc.strerror})"))
            continue
        if not kind:
            report(InputError(given, "no such file or directory"))
            continue
        files = _expand(path, report) if kind == "dir" else [path]
        for file in files:
            try:
                docs = read(file, report)
            except InputError as error:
                report(error)
                continue
            for doc in docs:
                if doc.id in seen:
                    report(InputError(doc.source or file, f"same title and text as {seen[doc.id]}"))
                    continue
                seen[doc.id] = doc.source or str(file)
                yield doc
