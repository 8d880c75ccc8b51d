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

    Examples
    --------
    >>> keys = [EntityKey("Organization", "微众"), EntityKey("Organization", "微众银行")]
    >>> resolve_keys(keys)[EntityKey("Organization", "微众")].label
    '微众银行'
    """
    keys = sorted(set(keys))
    orgs = {k.label for k in keys if k.cls == "Organization"}
    mapping = {}
    for key in keys:
        target = key
        if key.cls == "Organization":
            longer = sorted(
                (
                    o
                    for o in orgs
                    if o.startswith(key.label) and _ORG_TAIL.fullmatch(o[len(key.label) :])
                ),
                key=lambda o: (len(o), o),
            )
            if longer and digits(longer[0]) == digits(key.label):
                target = EntityKey(key.cls, longer[0])
        mapping[key] = target
    return mapping
