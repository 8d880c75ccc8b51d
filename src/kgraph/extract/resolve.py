"""Entity resolution: one canonical key per entity across documents.

Mentions already carry canonical labels (lexicon, gazetteer, folding rules). Across
documents this stage merges an organization's short form into its full name when both
occur (微众 and 微众银行), and never merges two labels whose digits differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kgraph.types import EntityKey

#: Endings that extend an organization's short form into its full name.
ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "银行", "集团", "控股", "公司")
_ORG_TAIL = re.compile("(?:" + "|".join(ORG_SUFFIXES) + ")+")

_DIGITS = re.compile(r"\d+")


def digits(label: str) -> list[str]:
    """The numbers written in a label; labels with different numbers never merge."""
    return _DIGITS.findall(label)


def resolve_keys(keys: Iterable[EntityKey]) -> dict[EntityKey, EntityKey]:
    """Map every key to its canonical key.

    Linear in the number of keys (times a label's length): each full name is indexed under
    the short forms it extends, instead of comparing every pair of names.

    Examples
    --------
    >>> keys = [EntityKey("Organization", "微众"), EntityKey("Organization", "微众银行")]
    >>> resolve_keys(keys)[EntityKey("Organization", "微众")].label
    '微众银行'
    """
    keys = sorted(set(keys))
    longer: dict[str, list[str]] = {}  # a short form -> the full names that extend it
    for org in sorted({k.label for k in keys if k.cls == "Organization"}):
        for i in range(1, len(org)):
            if _ORG_TAIL.fullmatch(org, i):
                longer.setdefault(org[:i], []).append(org)
    mapping = {}
    for key in keys:
        target = key
        if key.cls == "Organization" and key.label in longer:
            full = min(longer[key.label], key=lambda o: (len(o), o))
            if digits(full) == digits(key.label):
                target = EntityKey(key.cls, full)
        mapping[key] = target
    return mapping
