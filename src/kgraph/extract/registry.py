"""The relation rule registry: every rule that yields relations, by name.

A rule is registered under a name with :func:`rule`; ``data/rules.toml`` (``[rules]``) lists
which rules run and in what order, for each kind:

- ``sentence`` rules take a :class:`Sentence` (its text, mentions, conditions and the
  article's context) and yield ``(head, relation, tail)`` triples;
- ``document`` rules take a :class:`DocumentView` (the document, its outline, its mentions
  with their evidence, the context, the lexicon) and yield :class:`~kgraph.types.Relation`.

A new rule is a function plus a line in ``rules.toml``; turning one off is removing its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from kgraph.errors import KGraphError
from kgraph.nlp.mention_rules import rules_file
from kgraph.types import Condition, Document, Evidence, Mention

if TYPE_CHECKING:  # for annotations only (relations imports this module)
    from kgraph.extract.outline import Outline
    from kgraph.extract.relations import Context
    from kgraph.nlp.lexicon import Lexicon

KINDS = ("sentence", "document")
_REGISTRY: dict[str, dict[str, Callable[..., Iterator[Any]]]] = {k: {} for k in KINDS}


@dataclass(frozen=True, slots=True)
class Sentence:
    """What a sentence rule sees: one sentence and what the article says around it."""

    text: str
    mentions: Sequence[Mention]
    conditions: Sequence[Condition] = ()
    context: Context | None = None
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentView:
    """What a document rule sees: the whole document once its sentences are read."""

    doc: Document
    outline: Outline
    mentions: Sequence[tuple[Mention, Evidence]]  # document offsets
    context: Context
    lexicon: Lexicon


def rule(
    name: str, kind: str = "sentence", *, needs: Sequence[str] = ()
) -> Callable[[Callable], Callable]:
    """Register a relation rule under ``name`` for ``kind`` (``sentence`` or ``document``).

    ``needs`` names what a sentence must hold for the rule to find anything: mention classes
    (``"Region"``) or ``"conditions"``; a sentence without them skips the rule.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")

    def register(fn: Callable) -> Callable:
        _REGISTRY[kind][name] = fn
        _NEEDS[name] = frozenset(needs)
        return fn

    return register


_NEEDS: dict[str, frozenset[str]] = {}


def needs(name: str) -> frozenset[str]:
    """What a sentence must hold for the rule ``name`` to run (see :func:`rule`)."""
    return _NEEDS.get(name, frozenset())


@cache
def enabled(kind: str) -> tuple[str, ...]:
    """The names of the rules of ``kind`` that run, in order (``[rules]`` of rules.toml)."""
    return tuple(rules_file()["rules"][kind])


def rules(kind: str) -> list[tuple[str, Callable[..., Iterator[Any]]]]:
    """The enabled rules of ``kind`` as (name, function), in order.

    Raises
    ------
    KGraphError
        When rules.toml names a rule that nothing registered.
    """
    out = []
    for name in enabled(kind):
        if name not in _REGISTRY[kind]:
            known = ", ".join(sorted(_REGISTRY[kind]))
            raise KGraphError(f"rules.toml: no {kind} rule named {name!r} (known: {known})")
        out.append((name, _REGISTRY[kind][name]))
    return out
