"""A persistent Oxigraph store on disk, so that a big graph is parsed once, not per start.

``kgraph build --store DIR`` (or ``kgraph store GRAPH DIR``) loads the RDF file into an
on-disk Oxigraph store (RocksDB) in ``DIR``; ``kgraph serve DIR`` opens it read-only,
which takes about as long for 100M triples as for 100, instead of re-parsing the file.

The store is written to a fresh folder beside ``DIR`` and moved into place when complete,
so a reader never sees a half-loaded store and an interrupted load leaves the old one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from kgraph.errors import ExportError
from kgraph.rdf.export import format_for_path
from kgraph.rdf.oxigraph import PARSE_FORMATS

#: The file that marks a folder as a store kgraph wrote (Oxigraph's own files sit beside it).
MARKER = "kgraph-store.txt"


def write_store(rdf_file: str | os.PathLike[str], directory: str | os.PathLike[str]) -> int:
    """Load ``rdf_file`` into a new on-disk store at ``directory``; returns its triples.

    An existing store there is replaced only once the new one is complete. A folder that
    is not a kgraph store is left alone (:class:`~kgraph.errors.ExportError`).
    """
    source, target = Path(rdf_file), Path(directory)
    if not source.is_file():
        raise ExportError(f"{source}: no such RDF file")
    if target.exists() and not is_store(target):
        raise ExportError(f"{target}: exists and is not a kgraph store; not replaced")
    fresh = target.with_name(f".{target.name}.{os.getpid()}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        store = ox.Store(str(fresh))
        store.bulk_load(path=str(source), format=PARSE_FORMATS[format_for_path(source)])
        store.flush()
        count = len(store)
        del store  # closes the database before it is moved
    except (SyntaxError, ValueError, OSError, KeyError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise ExportError(f"{source}: cannot load into a store: {exc}") from exc
    (fresh / MARKER).write_text(f"kgraph store of {source.name}: {count} triples\n")
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    return count


def is_store(directory: str | os.PathLike[str]) -> bool:
    """Whether ``directory`` holds a store :func:`write_store` wrote."""
    return (Path(directory) / MARKER).is_file()


def open_store(directory: str | os.PathLike[str]) -> ox.Store:
    """Open a store :func:`write_store` wrote, read-only (several servers may share it)."""
    path = Path(directory)
    if not is_store(path):
        raise ExportError(f"{path}: not a kgraph store (make one with kgraph store or --store)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise ExportError(f"{path}: cannot open the store: {exc}") from exc
