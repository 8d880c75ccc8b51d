"""Load a graph into a SPARQL server through the SPARQL 1.1 Graph Store HTTP Protocol.

Works with Virtuoso (``/sparql-graph-crud``), Fuseki (``/{dataset}/data``) and GraphDB
(``/repositories/{id}/rdf-graphs/service``): ``PUT`` replaces the target graph, ``POST``
adds to it. Only the standard library is used (urllib).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from rdflib import Graph

from kgraph.errors import ExportError
from kgraph.rdf.export import format_for_path, load_rdf, serialize

_CONTENT_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples"}


@dataclass(frozen=True, slots=True)
class PushResult:
    """What :func:`push` sent: the request URL, the HTTP status and the body size."""

    url: str
    status: int
    bytes: int


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store request URL: ``{endpoint}?graph=IRI`` or ``{endpoint}?default``.

    >>> graph_store_url("http://127.0.0.1:8890/sparql-graph-crud", "https://kgraph.example.org/graph")
    'http://127.0.0.1:8890/sparql-graph-crud?graph=https%3A%2F%2Fkgraph.example.org%2Fgraph'
    >>> graph_store_url("http://h/data?x=1", None)
    'http://h/data?x=1&default'
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportError(f"endpoint {endpoint!r} is not an http(s) URL")
    param = "default" if graph_iri is None else f"graph={quote(graph_iri, safe='')}"
    query = f"{parts.query}&{param}" if parts.query else param
    return urlunsplit(parts._replace(query=query))


def push(
    rdf_path_or_graph: str | os.PathLike[str] | Graph,
    endpoint: str,
    *,
    graph_iri: str | None = None,
    auth: tuple[str, str] | None = None,
    replace: bool = True,
    timeout: float = 300.0,
) -> PushResult:
    """Send a graph to ``endpoint`` (a Graph Store Protocol URL) into graph ``graph_iri``.

    Parameters
    ----------
    rdf_path_or_graph
        A Turtle or N-Triples file (sent as is), another RDF file or an rdflib graph
        (serialized as N-Triples).
    endpoint
        The Graph Store service URL, e.g. ``http://127.0.0.1:8890/sparql-graph-crud``.
    graph_iri
        The target named graph; ``None`` sends to the default graph (``?default``). For a
        kgraph graph, ``https://kgraph.example.org/graph`` (its identifier) is a good choice.
    auth
        ``(user, password)`` for HTTP Basic or Digest authentication, if the server asks.
    replace
        ``PUT`` (replace the graph) when true, ``POST`` (merge into it) when false.
    timeout
        Seconds to wait for the server.

    Raises
    ------
    ExportError
        With the HTTP status and the server's message, or the network error.
    """
    url = graph_store_url(endpoint, graph_iri)
    body, ctype = _payload(rdf_path_or_graph)
    request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST")
    request.add_header("Content-Type", f"{ctype}; charset=utf-8")
    handlers: list[urllib.request.BaseHandler] = []
    if auth is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, auth[0], auth[1])
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return PushResult(url, response.status, len(body))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise ExportError(f"push to {url} failed: HTTP {exc.code} {exc.reason}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ExportError(f"push to {url} failed: {reason}") from exc


def _payload(source: str | os.PathLike[str] | Graph) -> tuple[bytes, str]:
    if isinstance(source, Graph):
        return serialize(source, "nt"), _CONTENT_TYPES["nt"]
    path = Path(source)
    if not path.is_file():
        raise ExportError(f"{path}: no such RDF file")
    name = format_for_path(path)
    if name in _CONTENT_TYPES:
        return path.read_bytes(), _CONTENT_TYPES[name]
    return serialize(load_rdf(path), "nt"), _CONTENT_TYPES["nt"]
