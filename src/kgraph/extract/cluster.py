"""Extraction as Dask tasks on a ``distributed`` cluster, with the same output as one process.

The calling process reads the documents and sends them in chunks, as tasks, to the
cluster's workers; each worker process loads kgraph's pipeline once and keeps it; the
extractions come back without their documents and are yielded in input order, so the
graph is assembled exactly as in a serial build (``tests/test_cluster.py`` runs a real
scheduler and two workers and compares the files).

The workers need kgraph installed (``pip install 'kgraph[cluster]'``), and any extra
lexicon files at the same paths as on the calling machine. Workers should run one thread
each (``dask worker ADDRESS --nthreads 1``): a pipeline is not shared between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kgraph.errors import KGraphError
from kgraph.extract.parallel import in_order, without_documents
from kgraph.types import Document, Extraction


def _extract_task(docs: list[Document], lexicons: tuple[str, ...], ner: str | None) -> list:
    """Run on a worker: the chunk's extractions, without their documents (the worker
    process loads the pipeline once, :func:`kgraph.extract.runner.shared_pipeline`)."""
    from kgraph.extract.runner import shared_pipeline

    return without_documents(docs, shared_pipeline(lexicons, ner))


def connect(scheduler: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``scheduler`` (an address or a client), and whether it
    was opened here (and so is closed here)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise KGraphError(
            "a cluster build needs dask's distributed: pip install 'kgraph[cluster]'"
        ) from exc
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout="10s"), True
    except OSError as exc:
        raise KGraphError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def extract_on_cluster(
    docs: Iterable[Document],
    *,
    scheduler: Any,
    lexicons: tuple[str, ...] = (),
    ner: str | None = None,
) -> Iterator[Extraction]:
    """Extract ``docs`` as tasks on the cluster at ``scheduler``, yielding in input order.

    ``scheduler`` is an address (``tcp://10.0.0.5:8786``) or a ``distributed.Client``. At
    most four chunks per worker are in flight, so the client holds a bounded part of the
    input.
    """
    client, own = connect(scheduler)
    try:
        ahead = 4 * max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[Document]) -> Any:
            return client.submit(_extract_task, chunk, lexicons, ner, pure=False)

        yield from in_order(docs, submit, ahead)
    finally:
        if own:
            client.close()
