"""Running extraction over many documents: one process or several, with or without a store.

:func:`run_extraction` is what :func:`kgraph.api.extract` and ``kgraph build`` use: it
picks serial or parallel extraction (:mod:`kgraph.extract.parallel`) and, given a store
file, extracts only the documents the store does not hold for this pipeline version
(:mod:`kgraph.extract.store`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

from spacy.language import Language

from kgraph.extract.document import extract_documents
from kgraph.extract.parallel import default_jobs, extract_parallel
from kgraph.extract.store import ExtractionStore, pipeline_version
from kgraph.types import Document, Extraction

#: Inputs of at least this many documents are extracted in parallel when ``jobs`` is None.
PARALLEL_FROM = 32


@cache
def shared_pipeline(lexicons: tuple[str, ...] = (), ner: str | None = None) -> Language:
    """The pipeline for these options, loaded once per process."""
    from kgraph.nlp.pipeline import load_pipeline

    return load_pipeline(lexicons=lexicons, ner=ner)


def run_extraction(
    docs: Iterable[Document],
    *,
    lexicons: tuple[str, ...] = (),
    ner: str | None = None,
    jobs: int | None = 1,
    cache: str | Path | None = None,
    scheduler: Any = None,
) -> Iterator[Extraction]:
    """Extract ``docs`` in input order (see :func:`kgraph.api.extract` for the options).

    With ``scheduler`` (a Dask scheduler's address or a ``distributed.Client``) the
    documents are extracted as tasks on that cluster (:mod:`kgraph.extract.cluster`), and
    ``jobs`` is not used.

    With ``cache`` (a SQLite file), stored extractions of unchanged documents are reused,
    new ones are stored, and records of documents no longer in the input are deleted once
    every document has been yielded.
    """

    def run(some: Iterable[Document]) -> Iterator[Extraction]:
        if scheduler is not None:
            from kgraph.extract.cluster import extract_on_cluster

            return extract_on_cluster(some, scheduler=scheduler, lexicons=lexicons, ner=ner)
        return _extract(some, lexicons=lexicons, ner=ner, jobs=jobs)

    if cache is None:
        yield from run(docs)
        return
    with ExtractionStore(cache, pipeline_version(lexicons, ner)) as store:
        yield from reuse_stored(docs, store, run)


def reuse_stored(
    docs: Iterable[Document],
    store: ExtractionStore,
    run: Callable[[Iterable[Document]], Iterator[Extraction]],
) -> Iterator[Extraction]:
    """Each document's stored extraction, or ``run``'s (then stored), in input order.

    Documents are read as ``run`` asks for the ones to extract, so reading overlaps with
    extraction in worker processes; stored ones read on the way wait in order.
    """
    ahead: deque[tuple[Document, Extraction | None]] = deque()  # read, not yet yielded
    ids: list[str] = []

    def missing() -> Iterator[Document]:
        for doc in docs:
            found = store.get(doc)
            ahead.append((doc, found))
            ids.append(doc.id)
            if found is None:
                yield doc

    fresh = run(missing())
    done: deque[Extraction] = deque()  # extracted, waiting for their turn
    exhausted = False
    while True:
        if ahead and (ahead[0][1] is not None or done):
            _, found = ahead.popleft()
            if found is None:
                found = done.popleft()
                store.put(found)
            yield found
        elif exhausted:
            break
        else:  # the next document to yield is being extracted, or not read yet
            try:
                done.append(next(fresh))
            except StopIteration:
                exhausted = True
    store.keep_only(ids)


def _extract(
    docs: Iterable[Document], *, lexicons: tuple[str, ...], ner: str | None, jobs: int | None
) -> Iterator[Extraction]:
    if jobs is None:
        first = list(islice(docs, PARALLEL_FROM))
        jobs = default_jobs() if len(first) == PARALLEL_FROM else 1
        docs = chain(first, docs)
    if jobs > 1:
        nlp = shared_pipeline(lexicons, ner) if ner is None else None  # forked workers share it
        return extract_parallel(docs, jobs=jobs, lexicons=lexicons, ner=ner, nlp=nlp)
    return extract_documents(docs, shared_pipeline(lexicons, ner))
