"""Running extraction over many documents: one process or several, with or without a store.

:func:`run_extraction` picks serial or parallel extraction (:mod:`kgraph.extract.parallel`)
and, given a store file, extracts only the documents the store does not hold for this
pipeline version (:mod:`kgraph.extract.store`). :func:`extract_paths`, what
:func:`kgraph.api.extract` and ``kgraph build`` use, reads the files too; told that the
documents' text is not needed, it does not parse again a file whose bytes the store has
seen.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

from spacy.language import Language

from kgraph.errors import InputError
from kgraph.extract.document import extract_documents
from kgraph.extract.parallel import default_jobs, extract_parallel
from kgraph.extract.store import ExtractionStore, pipeline_version
from kgraph.io.corpus import FileReader, read_documents, read_file
from kgraph.types import Document, Extraction

#: Inputs of at least this many documents are extracted in parallel when ``jobs`` is None.
PARALLEL_FROM = 32


@cache
def shared_pipeline(lexicons: tuple[str, ...] = (), ner: str | None = None) -> Language:
    """The pipeline for these options, loaded once per process."""
    from kgraph.nlp.pipeline import load_pipeline

    return load_pipeline(lexicons=lexicons, ner=ner)


def extract_paths(
    paths: Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    texts: bool = True,
    lexicons: tuple[str, ...] = (),
    ner: str | None = None,
    jobs: int | None = 1,
    cache: str | Path | None = None,
    scheduler: Any = None,
) -> Iterator[Extraction]:
    """Read files and folders and extract their documents in input order.

    With ``cache`` and ``texts=False``, a file whose bytes are those the store read before
    is not parsed again: its documents come back without text and sections (id, title,
    source and the metadata are kept) with their stored extractions. That is what a
    rebuild needs, and it saves most of the reading. Other options: :func:`run_extraction`.
    """
    options = {"lexicons": lexicons, "ner": ner, "jobs": jobs, "scheduler": scheduler}
    if cache is None:
        yield from run_extraction(read_documents(paths, on_error=on_error), **options)
        return
    with ExtractionStore(cache, pipeline_version(lexicons, ner)) as store:
        read = read_file if texts else _reader(store)
        docs = read_documents(paths, on_error=on_error, read=read)
        yield from reuse_stored(docs, store, _runner(**options))


def _reader(store: ExtractionStore) -> FileReader:
    """:func:`read_file`, skipping files the store has read (byte for byte) before."""

    def read(path: Path, report: Callable[[InputError], None]) -> list[Document]:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return read_file(path, report)  # which reports the cause
        if (docs := store.file_documents(str(path), digest)) is not None:
            return docs
        reported: list[InputError] = []

        def note(error: InputError) -> None:
            reported.append(error)
            report(error)

        docs = read_file(path, note)
        if not reported:  # a file with bad lines is read again, to report them again
            store.remember_file(str(path), digest, docs)
        return docs

    return read


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

    run = _runner(lexicons=lexicons, ner=ner, jobs=jobs, scheduler=scheduler)
    if cache is None:
        yield from run(docs)
        return
    with ExtractionStore(cache, pipeline_version(lexicons, ner)) as store:
        yield from reuse_stored(docs, store, run)


def _runner(
    *, lexicons: tuple[str, ...], ner: str | None, jobs: int | None, scheduler: Any
) -> Callable[[Iterable[Document]], Iterator[Extraction]]:
    """What extracts documents for these options: on a cluster, in workers or here."""

    def run(some: Iterable[Document]) -> Iterator[Extraction]:
        if scheduler is not None:
            from kgraph.extract.cluster import extract_on_cluster

            return extract_on_cluster(some, scheduler=scheduler, lexicons=lexicons, ner=ner)
        return _extract(some, lexicons=lexicons, ner=ner, jobs=jobs)

    return run


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
    store.forget_files_without(ids)


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
