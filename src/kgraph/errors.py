"""The kgraph exception hierarchy: every error kgraph raises is a :class:`KGraphError`."""

from __future__ import annotations


class KGraphError(Exception):
    """Base class of every error raised by kgraph."""


class InputError(KGraphError):
    """An input file or folder cannot be read: missing, binary, undecodable or empty.

    The message is one line that names the file and the cause.
    """

    def __init__(self, path: object, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class ExtractionError(KGraphError):
    """Extraction failed on a document."""


class ExportError(KGraphError):
    """A graph could not be written, serialized, loaded or pushed."""


class QueryError(KGraphError):
    """A SPARQL query is malformed or failed to run."""


class ProfileError(KGraphError):
    """An enterprise profile that cannot be matched: an unknown key, a bad value or unit."""


class NotFoundError(KGraphError, KeyError):
    """A class, label or node a graph does not hold; the message names the valid choices
    or the closest labels. A ``KeyError`` too, for code that caught one before."""

    __str__ = Exception.__str__  # KeyError's would quote the message
