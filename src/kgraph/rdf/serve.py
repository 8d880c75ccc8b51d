"""A read-only SPARQL 1.1 Protocol endpoint over an RDF file, backed by pyoxigraph.

``GET /sparql?query=...``, ``POST`` with ``application/x-www-form-urlencoded`` (``query=``)
or with ``application/sparql-query``. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV,
CONSTRUCT and DESCRIBE in Turtle, N-Triples or JSON-LD, chosen by the ``Accept`` header (or
a ``format``/``output`` parameter). Updates get 403, malformed queries 400 with the parser's
message, a query running past the timeout 503; a result is cut at the result limit (the
``X-KGraph-Truncated: true`` header says so).

The server binds to 127.0.0.1 unless told otherwise. Run it in a thread in tests::

    server = make_server("graph.ttl", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ...  # query server.url
    server.shutdown(); server.server_close()
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kgraph.errors import ExportError
from kgraph.rdf.export import format_for_path
from kgraph.rdf.ontology import PREFIXES
from kgraph.rdf.oxigraph import PARSE_FORMATS
from kgraph.rdf.sparql import with_prefixes

#: Media types for SELECT/ASK results, preferred first.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: Media types for CONSTRUCT/DESCRIBE results, preferred first.
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def load_store(path: str | os.PathLike[str], *, format: str | None = None) -> ox.Store:
    """Load an RDF file into an in-memory pyoxigraph store (TriG keeps its named graphs),
    or open a folder written by :func:`kgraph.rdf.store.write_store` read-only.

    Raises
    ------
    ExportError
        When the file is missing or does not parse.
    """
    path = Path(path)
    if path.is_dir():  # an on-disk store (kgraph store, build --store): opened, not parsed
        from kgraph.rdf.store import open_store

        return open_store(path)
    name = format or format_for_path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such RDF file")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=PARSE_FORMATS[name])
    except (SyntaxError, ValueError, OSError, KeyError) as exc:
        raise ExportError(f"{path}: cannot load as {name}: {exc}") from exc
    return store


#: Threads serving HTTP connections (each waits for its query in one of the query slots).
HTTP_THREADS = 32
#: Connections the listen socket holds while every thread is busy.
BACKLOG = 1024


class SparqlServer(HTTPServer):
    """An HTTP server answering SPARQL queries on ``store`` at ``/sparql``.

    Connections are served by a bounded pool of :data:`HTTP_THREADS` threads (not one new
    thread each), and the listen backlog holds :data:`BACKLOG` connections waiting for one,
    so a burst of clients queues instead of being reset.
    """

    request_queue_size = BACKLOG

    def __init__(
        self,
        store: ox.Store,
        address: tuple[str, int],
        *,
        timeout: float = 30.0,
        limit: int = 10000,
        workers: int = 4,
    ) -> None:
        self.pool = concurrent.futures.ThreadPoolExecutor(HTTP_THREADS, "kgraph-http")
        super().__init__(address, _Handler)
        self.store = store
        self.query_timeout = timeout
        self.result_limit = limit
        # Queries run in daemon threads, at most ``workers`` at once: pyoxigraph cannot stop
        # a query, and a runaway one must not keep the process alive at exit.
        self.slots = threading.BoundedSemaphore(workers)

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def process_request(self, request: Any, client_address: Any) -> None:
        self.pool.submit(self._serve_one, request, client_address)

    def _serve_one(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)


def make_server(
    path_or_store: str | os.PathLike[str] | ox.Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    limit: int = 10000,
) -> SparqlServer:
    """Create (not start) a SPARQL endpoint for an RDF file or a pyoxigraph store.

    Parameters
    ----------
    path_or_store
        An RDF file (Turtle, N-Triples, JSON-LD, TriG) or a ``pyoxigraph.Store``.
    host, port
        Where to listen; port 0 picks a free port (read it from ``server.url``).
    timeout
        Seconds a query may run before the client gets 503.
    limit
        The most solutions (or triples) one response holds.

    Returns
    -------
    SparqlServer
        Call ``serve_forever()`` (in a thread), then ``shutdown()`` and ``server_close()``.
    """
    store = path_or_store if isinstance(path_or_store, ox.Store) else load_store(path_or_store)
    try:
        return SparqlServer(store, (host, port), timeout=timeout, limit=limit)
    except OSError as exc:
        raise ExportError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def serve(
    path_or_store: str | os.PathLike[str] | ox.Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    limit: int = 10000,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run the endpoint until interrupted (Ctrl-C); what ``kgraph serve`` calls.

    ``announce`` is called with the endpoint's URL once it listens.
    """
    server = make_server(path_or_store, host, port, timeout=timeout, limit=limit)
    if announce is not None:
        announce(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class _HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kgraph-sparql"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet; a CLI may subclass to log

    def do_GET(self) -> None:  # noqa: N802
        self._handle(parse_qs(urlsplit(self.path).query, keep_blank_values=True), None)

    def do_POST(self) -> None:  # noqa: N802
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            body = None
        elif ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL updates are refused")
        elif ctype != "application/sparql-query":
            return self._error(415, f"unsupported Content-Type {ctype!r}")
        self._handle(params, body)

    def _handle(self, params: dict[str, list[str]], body: str | None) -> None:
        if urlsplit(self.path).path.rstrip("/") not in ("/sparql", ""):
            return self._error(404, "not found: the endpoint is /sparql")
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL updates are refused")
        query = body if body is not None else (params.get("query") or [None])[0]
        if not query:
            return self._error(400, "missing 'query' parameter")
        accept = self.headers.get("Accept") or "*/*"
        fmt = (params.get("format") or params.get("output") or [None])[0]
        if fmt:
            accept = _FORMAT_PARAM.get(fmt.lower(), fmt)
        try:
            status, ctype, data, truncated = self._run(query, accept)
        except _HTTPError as exc:
            return self._error(exc.status, str(exc))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if truncated:
            self.send_header("X-KGraph-Truncated", "true")
        self.end_headers()
        self.wfile.write(data)

    def _run(self, query: str, accept: str) -> tuple[int, str, bytes, bool]:
        if _UPDATE.match(query):
            raise _HTTPError(403, "this endpoint is read-only: SPARQL updates are refused")
        cancel = threading.Event()
        deadline = time.monotonic() + self.server.query_timeout
        timeout = self.server.query_timeout
        if not self.server.slots.acquire(timeout=timeout):
            raise _HTTPError(503, "the endpoint is busy: every query slot is taken")
        job: concurrent.futures.Future = concurrent.futures.Future()

        def work() -> None:
            try:
                job.set_result(_evaluate(self.server, query, accept, cancel, deadline))
            except BaseException as exc:  # handed to the request thread
                job.set_exception(exc)
            finally:
                self.server.slots.release()

        threading.Thread(target=work, name="sparql", daemon=True).start()
        try:
            return job.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            cancel.set()
            raise _HTTPError(
                503, f"query timed out after {self.server.query_timeout:g} s"
            ) from None

    def _error(self, status: int, message: str) -> None:
        data = (message.strip() + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _evaluate(
    server: SparqlServer, query: str, accept: str, cancel: threading.Event, deadline: float
) -> tuple[int, str, bytes, bool]:
    text = with_prefixes(query)
    limit = server.result_limit
    result = None
    capped = _capped(text, limit + 1)
    if capped is not None:
        try:  # a query the wrapper does not fit (FROM, ...) runs as it is, cut below
            result = server.store.query(capped, use_default_graph_as_union=True)
        except SyntaxError:
            result = None
    try:
        if result is None:
            result = server.store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise _HTTPError(400, f"malformed query: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise _HTTPError(500, f"query failed: {exc}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            kind = _negotiate(accept, RESULT_TYPES)
            data = result.serialize(format=_RESULTS_FORMATS[RESULT_TYPES[kind]])
            return 200, f"{kind}; charset=utf-8", data, False
        if isinstance(result, ox.QueryTriples):
            kind = _negotiate(accept, GRAPH_TYPES)
            triples, cut = [], False
            for triple in result:
                if cancel.is_set() or time.monotonic() > deadline:
                    raise _HTTPError(503, "query timed out")
                if len(triples) == limit:
                    cut = True
                    break
                triples.append(triple)
            data = ox.serialize(triples, format=GRAPH_TYPES[kind], prefixes=PREFIXES)
            return 200, f"{kind}; charset=utf-8", data, cut
        kind = _negotiate(accept, RESULT_TYPES)
        data, cut = _solutions(result, RESULT_TYPES[kind], limit)
        return 200, f"{kind}; charset=utf-8", data, cut
    except (OSError, RuntimeError, ValueError) as exc:
        raise _HTTPError(500, f"query failed: {exc}") from None


_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_PROLOGUE = re.compile(
    r"(?:\s+|\#[^\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE
)


def _capped(query: str, n: int) -> str | None:
    """A SELECT query wrapped as a sub-select with ``LIMIT n``, so evaluation stops early.

    >>> _capped("PREFIX a: <urn:a#> SELECT ?x { ?x a:p 1 }", 11).splitlines()[0]
    'PREFIX a: <urn:a#> SELECT * WHERE { {'
    >>> _capped("ASK { ?s ?p ?o }", 11) is None
    True
    """
    head = _PROLOGUE.match(query)
    body = query[head.end() :] if head else query
    if not body[:6].upper() == "SELECT":
        return None
    return f"{query[: len(query) - len(body)]}SELECT * WHERE {{ {{\n{body}\n}} }} LIMIT {n}"


def _solutions(result: ox.QuerySolutions, kind: str, limit: int) -> tuple[bytes, bool]:
    """Serialize SELECT solutions natively, at most ``limit`` of them (and whether cut).

    TSV writes one solution a line (its term syntax escapes line breaks), so the solutions
    are written as TSV, counted and cut there, and converted to ``kind`` by pyoxigraph.
    """
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
    cut = tsv.count(b"\n") - 1 > limit
    if cut:
        tsv = b"\n".join(tsv.split(b"\n", limit + 1)[: limit + 1]) + b"\n"
    if kind == "tsv":
        return tsv, cut
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return parsed.serialize(format=_RESULTS_FORMATS[kind]), cut


def _negotiate(accept: str, offered: dict[str, Any]) -> str:
    """The offered media type the Accept header prefers (the first offered on ties or ``*/*``).

    >>> _negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> _negotiate("*/*", GRAPH_TYPES)
    'text/turtle'
    """
    best, best_q = None, 0.0
    order = list(offered)
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if mtype in ("*/*", "*"):
            candidate = order[0]
        elif mtype.endswith("/*"):
            candidate = next((t for t in order if t.startswith(mtype[:-1])), None)
        else:
            candidate = mtype if mtype in offered else None
        if candidate and (
            q > best_q or (q == best_q and order.index(candidate) < order.index(best))
        ):
            best, best_q = candidate, q
    if best is None:
        raise _HTTPError(406, f"cannot answer in {accept!r}; acceptable: {', '.join(order)}")
    return best
