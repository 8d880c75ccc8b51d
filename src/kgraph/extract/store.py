"""A per-document store of extractions, so that a rebuild extracts only what changed.

Records are kept in one SQLite file (``extractions.sqlite`` in a build's output folder),
keyed by the document's id (a hash of its title and text, see
:func:`kgraph.io.corpus.content_id`) and by the pipeline's version (a hash of kgraph's
code and data files, the extra lexicons and the NER named), so that a changed document,
rule, lexicon or line of code is extracted again and nothing stale is reused. A record
holds the mentions with their offsets, the conditions, the relations and all their
evidence, as JSON; the document itself is not kept: the build reads it again (it has to,
to know its id).

Writes are committed in batches; a build killed mid-way leaves every committed record
usable and the next build extracts the rest.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path
from types import TracebackType

from kgraph.errors import ExportError
from kgraph.types import Condition, Document, EntityKey, Evidence, Extraction, Mention, Relation

#: Records written before each commit.
BATCH = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    doc TEXT NOT NULL,
    version TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (doc, version)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT NOT NULL,
    version TEXT NOT NULL,
    digest TEXT NOT NULL,
    docs TEXT NOT NULL,
    PRIMARY KEY (path, version)
)
"""


def pipeline_version(lexicons: Iterable[str | Path] = (), ner: str | None = None) -> str:
    """A hash of everything an extraction depends on besides its document.

    kgraph's version, every file of the installed package (its code, and its data folder:
    lexicons, rules, patterns, cues), the extra lexicon files' contents and the NER's name.
    A change to any of them makes every stored extraction stale.
    """
    h = hashlib.sha256(f"kgraph {_version()}\0ner {ner}\0".encode())
    package = Path(str(resources.files("kgraph")))
    for path in sorted(_files(package), key=lambda p: p.as_posix()):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    for lexicon in lexicons:
        h.update(b"lexicon\0" + Path(lexicon).read_bytes())
    return h.hexdigest()[:16]


def _version() -> str:
    try:
        return metadata.version("kgraph")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unknown"


def _files(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    ]


def encode(ex: Extraction) -> str:
    """An extraction, without its document, as compact JSON."""

    def ev(e: Evidence | None) -> list | None:
        return None if e is None else [e.doc, e.sentence, e.start, e.end]

    record = {
        "m": [[m.text, m.label, m.cls, m.start, m.end, m.source, ev(e)] for m, e in ex.mentions],
        "c": [
            [c.metric, c.op, c.value, c.value_max, c.unit, c.window, c.text, c.start, c.end, ev(e)]
            for c, e in ex.conditions
        ],
        "r": [[*r.head, r.relation, *r.tail, ev(r.evidence), r.source] for r in ex.relations],
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def decode(text: str, doc: Document) -> Extraction:
    """The extraction :func:`encode` wrote, with its document put back."""

    def ev(e: list | None) -> Evidence | None:
        return None if e is None else Evidence(*e)

    record = json.loads(text)
    return Extraction(
        doc=doc,
        mentions=tuple((Mention(*m[:6]), ev(m[6])) for m in record["m"]),
        conditions=tuple((Condition(*c[:9]), ev(c[9])) for c in record["c"]),
        relations=tuple(
            Relation(EntityKey(r[0], r[1]), r[2], EntityKey(r[3], r[4]), ev(r[5]), r[6])
            for r in record["r"]
        ),
    )


class ExtractionStore:
    """The extractions of one pipeline version in a SQLite file (created if missing).

    Examples
    --------
    >>> import tempfile
    >>> from kgraph.api import extract
    >>> ex = extract(["data/corpus"])[0]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with ExtractionStore(f"{tmp}/x.sqlite", "v1") as store:
    ...         store.put(ex)
    ...     with ExtractionStore(f"{tmp}/x.sqlite", "v1") as store:
    ...         again = store.get(ex.doc)
    >>> again == ex
    True
    """

    def __init__(self, path: str | Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            raise ExportError(
                f"{self.path}: not an extraction store ({exc}); remove it, or build with --fresh"
            ) from exc
        except (sqlite3.Error, OSError) as exc:
            raise ExportError(f"{self.path}: cannot open the extraction store ({exc})") from exc
        self._pending = 0

    def get(self, doc: Document) -> Extraction | None:
        """The stored extraction of ``doc`` for this version, or None."""
        row = self.db.execute(
            "SELECT record FROM extractions WHERE doc = ? AND version = ?", (doc.id, self.version)
        ).fetchone()
        return decode(row[0], doc) if row else None

    def put(self, ex: Extraction) -> None:
        """Keep ``ex`` (committed with the next batch, or on close)."""
        self.db.execute(
            "INSERT OR REPLACE INTO extractions (doc, version, record) VALUES (?, ?, ?)",
            (ex.doc.id, self.version, encode(ex)),
        )
        self._pending += 1
        if self._pending >= BATCH:
            self.db.commit()
            self._pending = 0

    def file_documents(self, path: str, digest: str) -> list[Document] | None:
        """The documents read from ``path`` when its bytes hashed to ``digest``, without
        their text and sections, if every one of them has its extraction here; else None.
        """
        row = self.db.execute(
            "SELECT docs FROM files WHERE path = ? AND version = ? AND digest = ?",
            (path, self.version, digest),
        ).fetchone()
        if row is None:
            return None
        docs = [Document(d[0], d[1], "", (), *d[2:]) for d in json.loads(row[0])]
        ids = sorted({d.id for d in docs})
        held = 0
        for k in range(0, len(ids), 500):  # SQLite limits the parameters of one statement
            some = ids[k : k + 500]
            held += self.db.execute(
                "SELECT COUNT(*) FROM extractions WHERE version = ? AND doc IN "
                f"({','.join('?' * len(some))})",
                (self.version, *some),
            ).fetchone()[0]
        return docs if held == len(ids) else None

    def remember_file(self, path: str, digest: str, docs: Iterable[Document]) -> None:
        """Note which documents ``path`` held when its bytes hashed to ``digest``."""
        meta = [[d.id, d.title, d.source, d.date, d.url, d.views] for d in docs]
        self.db.execute(
            "INSERT OR REPLACE INTO files (path, version, digest, docs) VALUES (?, ?, ?, ?)",
            (path, self.version, digest, json.dumps(meta, ensure_ascii=False)),
        )

    def forget_files_without(self, ids: Iterable[str]) -> None:
        """Forget the files of other versions, and those holding a document not in ``ids``."""
        keep = set(ids)
        rows = self.db.execute("SELECT path, version, docs FROM files").fetchall()
        stale = [
            (path, version)
            for path, version, docs in rows
            if version != self.version or any(d[0] not in keep for d in json.loads(docs))
        ]
        self.db.executemany("DELETE FROM files WHERE path = ? AND version = ?", stale)
        self.db.commit()

    def keep_only(self, ids: Iterable[str]) -> int:
        """Delete the records of other documents or other versions; returns how many."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (doc TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((i,) for i in ids))
        cur = self.db.execute(
            "DELETE FROM extractions WHERE version != ? OR doc NOT IN (SELECT doc FROM keep)",
            (self.version,),
        )
        self.db.commit()
        return cur.rowcount

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]

    def close(self) -> None:
        """Commit what is pending and close the file."""
        self.db.commit()
        self.db.close()

    def __enter__(self) -> ExtractionStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
