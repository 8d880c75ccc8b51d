"""Clauses of a sentence as the relation rules cut it: at commas, colons and sentence ends.

Shared by :mod:`kgraph.extract.relations` and :mod:`kgraph.extract.group_rules`.
"""

from __future__ import annotations

import re

#: Where a clause ends.
CLAUSE_BREAK = re.compile(r"[,;:。!?]")
#: Where more than a clause ends: a sentence, or a part of one after a semicolon.
HARD_STOP = re.compile(r"[;。!?]")


def clause_of(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause of ``text`` holding ``pos``.

    >>> clause_of("甲,乙丙;丁", 3)
    (2, 4)
    """
    start = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, pos)), default=0)
    nxt = CLAUSE_BREAK.search(text, pos)
    return start, nxt.start() if nxt else len(text)
