"""Local government bodies named by their short form (省工信厅, 市财政局, 省政府, 省委, and
a province's leading groups, 省…领导小组).

News names a body of the region it reports on by its level and a short name: 省工信厅 is the
工业和信息化厅 of the province the text is about. The region is the one written right before
the level (河南省工信厅), else the last region of that level named so far in the document,
else the title's region or the province that holds it. The short names are data: the
``[abbreviations]`` table of ``data/rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from kgraph.nlp.lexicon import Lexicon
from kgraph.nlp.mention_rules import rules_file
from kgraph.types import Mention

#: The administrative level a character names, as the gazetteer spells levels.
_LEVELS = {"省": ("province",), "市": ("prefecture", "city"), "县": ("county",), "区": ("county",)}


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names = dict(rules_file().get("abbreviations", {}))
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    group = r"[\u4e00-\u9fff]{2,16}?领导小组(?:办公室)?"  # 省促进…工作领导小组办公室
    return re.compile(
        rf"(?<![城各全该外两省市县区州“/])([省市县区])({alternatives}|{group})"
    ), names


class RegionMemory:
    """The regions named so far in a document, by level, for what 省 or 市 refers to."""

    def __init__(self, lexicon: Lexicon, title_region: str | None = None) -> None:
        self.lexicon = lexicon
        self.last: dict[str, str] = {}
        if title_region:
            self.note(title_region)

    def note(self, region: str) -> None:
        """Remember ``region`` and the regions that hold it as the latest of their levels."""
        for _ in range(4):
            info = self.lexicon.regions.get(region)
            if info is None:
                return
            self.last[info.level] = region
            if not info.parent:
                return
            region = info.parent

    def of_level(self, char: str) -> str | None:
        return next((self.last[lv] for lv in _LEVELS[char] if lv in self.last), None)


def local_bodies(text: str, mentions: Sequence[Mention], memory: RegionMemory) -> Iterator[Mention]:
    """The bodies a sentence names by short form, as Organization mentions.

    ``mentions`` are the sentence's (offsets in ``text``); their regions are noted in
    ``memory`` in text order, so a body takes the region named last before it.
    """
    pattern, names = _pattern()
    regions = [m for m in mentions if m.cls == "Region"]
    noted = 0  # regions before the match are noted once each, in text order
    for match in pattern.finditer(text):
        while noted < len(regions) and regions[noted].start < match.start():
            memory.note(regions[noted].label)
            noted += 1
        before = next((m for m in regions if m.end == match.start() + 1), None)
        region = before.label if before else memory.of_level(match.group(1))
        covered = any(
            m.cls == "Organization" and m.start <= match.start(2) < m.end for m in mentions
        )
        if region is None or covered:  # a body some rule already named
            continue
        full = names.get(match.group(2), match.group(2))
        label = full.replace("{region}", region) if "{region}" in full else region + full
        start = before.start if before else match.start()
        yield Mention(
            text[start : match.end()], label, "Organization", start, match.end(), "pattern"
        )
    for m in regions[noted:]:
        memory.note(m.label)
