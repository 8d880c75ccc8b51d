"""Extraction in several worker processes, with the same output as one process.

Documents are read in the calling process and sent to the workers in chunks; each worker
has the pipeline (forked from the caller's, or loaded once when spawned) and extracts its
chunks; the results come back in input order. A document's extraction depends on that
document only, so the output is the same for any number of workers
(``tests/test_parallel.py`` compares the built files).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from typing import Any

from spacy.language import Language

from kgraph.extract.document import extract_documents
from kgraph.types import Document, Extraction

#: Documents sent to a worker at a time.
CHUNK = 8

_NLP = None


def default_jobs() -> int:
    """The number of worker processes used when none is given: the machine's cores."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _start_worker(lexicons: tuple[str, ...], ner: str | None) -> None:
    global _NLP
    if _NLP is None:  # spawned: load the pipeline; forked: the parent's is already here
        from kgraph.nlp.pipeline import load_pipeline

        _NLP = load_pipeline(lexicons=lexicons, ner=ner)


def without_documents(docs: list[Document], nlp: Language) -> list[Extraction]:
    """A chunk's extractions, without their documents (``doc`` is None): the caller has
    them already, and sending them back would double what crosses between processes."""
    return [replace(ex, doc=None) for ex in extract_documents(docs, nlp)]


def _extract_chunk(docs: list[Document]) -> list[Extraction]:
    assert _NLP is not None, "worker started without its pipeline"
    return without_documents(docs, _NLP)


def extract_parallel(
    docs: Iterable[Document],
    *,
    jobs: int,
    lexicons: tuple[str, ...] = (),
    ner: str | None = None,
    nlp: Language | None = None,
) -> Iterator[Extraction]:
    """Extract ``docs`` in ``jobs`` worker processes, yielding extractions in input order.

    At most ``2 * jobs`` chunks are in flight, so memory holds a bounded part of the input.
    Given the calling process's pipeline ``nlp`` (built with the same ``lexicons`` and
    ``ner``) and where the platform can, workers are forked from this process and use
    that pipeline at once; otherwise each is spawned and loads its own (a second or two).
    A statistical NER (``ner``) always spawns: its runtime's threads do not survive a fork.
    """
    global _NLP
    fork = nlp is not None and ner is None and "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    _NLP = nlp if fork else None
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(tuple(lexicons), ner),
        ) as pool:
            yield from in_order(docs, lambda chunk: pool.submit(_extract_chunk, chunk), 2 * jobs)
    finally:
        _NLP = None


def in_order(
    docs: Iterable[Document], submit: Callable[[list[Document]], Any], ahead: int
) -> Iterator[Extraction]:
    """Send ``docs`` in chunks of :data:`CHUNK` to ``submit`` (which returns a future of
    the chunk's extractions without their documents), at most ``ahead`` chunks in flight,
    and yield the extractions in input order, each with its document put back."""
    it = iter(docs)
    pending: deque[tuple[list[Document], Any]] = deque()
    while True:
        while len(pending) < ahead and (chunk := list(islice(it, CHUNK))):
            pending.append((chunk, submit(chunk)))
        if not pending:
            return
        chunk, future = pending.popleft()
        for doc, ex in zip(chunk, future.result(), strict=True):
            yield replace(ex, doc=doc)
