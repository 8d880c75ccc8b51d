"""Extraction without a graph: files, folders or a string to :class:`Extraction` records.

Re-exported by :mod:`kgraph.api` (and :mod:`kgraph`): ``extract``, ``iter_extract``,
``extract_text``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kgraph.errors import InputError
from kgraph.extract.document import extract_documents
from kgraph.extract.runner import PARALLEL_FROM, extract_paths, shared_pipeline
from kgraph.io.corpus import parse_plain_text
from kgraph.types import Document, Extraction

__all__ = ["PARALLEL_FROM", "as_paths", "extract", "extract_text", "iter_extract"]

_nlp = shared_pipeline


def _lexicon_key(lexicons: Iterable[str | Path]) -> tuple[str, ...]:
    return tuple(str(Path(p).resolve()) for p in lexicons)


def as_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The inputs as a list of paths; one str or Path is one input, not its characters.

    >>> as_paths("data/corpus"), as_paths(["a.txt", Path("b")])
    ([PosixPath('data/corpus')], [PosixPath('a.txt'), PosixPath('b')])
    """
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(p) for p in paths]


def extract(
    paths: str | Path | Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[Document], None] | None = None,
    lexicons: Iterable[str | Path] = (),
    ner: str | None = None,
    jobs: int | None = 1,
    cache: str | Path | None = None,
    scheduler: Any = None,
) -> list[Extraction]:
    """Read files and folders and extract every document.

    Parameters
    ----------
    paths : str, Path, or iterable of them
        Files (``.txt``, ``.md``, ``.html``, ``.jsonl``) and folders of them; one str or
        Path is one input.
    on_error : callable, optional
        Called with an :class:`~kgraph.errors.InputError` for each input that cannot be
        read; the others are still processed. Without it the first error is raised.
    progress : callable, optional
        Called with each document once it is extracted.
    lexicons : iterable of str or Path
        Extra vocabulary: TSV files of ``surface, label, class`` rows read after the
        shipped lexicon (a corpus's own names, say).
    ner : str, optional
        A statistical NER run before the rules (``"lac"``; see
        :func:`kgraph.nlp.load_pipeline`).
    jobs : int or None
        Worker processes for extraction (:mod:`kgraph.extract.parallel`); the output is the
        same for any number. ``None``: the machine's cores when the input holds at least
        :data:`~kgraph.extract.runner.PARALLEL_FROM` documents, else one (starting workers
        costs a second or two).
    cache : str or Path, optional
        A SQLite file of extractions (:mod:`kgraph.extract.store`): documents it holds for
        this pipeline version are not extracted again; the others are added.
    scheduler : str or distributed.Client, optional
        Extract on a Dask cluster (``"tcp://HOST:8786"``, :mod:`kgraph.extract.cluster`)
        instead of local processes; the output is the same.

    Returns
    -------
    list of Extraction
        One per document, in input order.

    >>> exs = extract(["data/corpus"])
    >>> [ex.doc.title for ex in exs][:2]
    ['微众银行企业贷款要具备什么条件', '是那些没落的企业家']
    """
    out = []
    options = {"jobs": jobs, "cache": cache, "scheduler": scheduler}
    for ex in iter_extract(paths, on_error=on_error, lexicons=lexicons, ner=ner, **options):
        out.append(ex)
        if progress:
            progress(ex.doc)
    return out


def iter_extract(
    paths: str | Path | Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    lexicons: Iterable[str | Path] = (),
    ner: str | None = None,
    jobs: int | None = 1,
    cache: str | Path | None = None,
    scheduler: Any = None,
    texts: bool = True,
) -> Iterator[Extraction]:
    """:func:`extract`, one document at a time: each extraction as soon as it is done.

    Files are read as the extraction reaches them, so memory holds the documents in
    flight, not the corpus (with ``jobs=None`` the first :data:`PARALLEL_FROM` documents
    are read first, to choose). With ``cache`` and ``texts=False``, files the store has
    read before are not parsed again, and their documents come without text and sections
    (what a rebuild needs: :func:`kgraph.extract.runner.extract_paths`).

    >>> next(iter_extract(["data/corpus"])).doc.title
    '微众银行企业贷款要具备什么条件'
    """
    yield from extract_paths(
        as_paths(paths),
        on_error=on_error,
        texts=texts,
        lexicons=_lexicon_key(lexicons),
        ner=ner,
        jobs=jobs,
        cache=cache,
        scheduler=scheduler,
    )


def extract_text(text: str, *, title: str = "") -> Extraction:
    """Extract one document given as a string; ``title`` (optional) gives it context.

    Offsets in the returned :class:`~kgraph.types.Extraction` are relative to
    ``title + "\n" + text``.

    >>> ex = extract_text("申请企业年销售收入不低于100万元。", title="某银行经营贷款")
    >>> [(c.op, c.value, c.unit) for c, _ in ex.conditions]
    [('>=', 1000000.0, 'CNY')]
    """
    body = f"{title}\n{text}" if title else text
    doc = parse_plain_text(body, source="<text>", title=title or None)
    return next(extract_documents([doc], _nlp()))
