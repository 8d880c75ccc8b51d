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

__all__ = ["assign_ids", "parse_wiki_page", "read_documents", "read_text", "split_sentences"]

TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS


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
