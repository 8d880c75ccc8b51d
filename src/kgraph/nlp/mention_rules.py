"""The vocabulary and word-level helpers of the mention rules.

``data/rules.toml`` holds the rules' vocabulary (generic modifiers, decorations, cue words);
jieba supplies tokens and dictionary part-of-speech tags. :mod:`kgraph.nlp.mentions` and the
list patterns of :mod:`kgraph.nlp.mention_lists` build on these.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kgraph.nlp.lexicon import DATA_DIR, load_lexicon

Token = tuple[int, int, str]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Rules:
    """The vocabulary of the recognition rules, from ``data/rules.toml``."""

    generic: frozenset[str]
    generic_modifiers: frozenset[str]
    stem_tags: frozenset[str]
    risk_decorations: tuple[str, ...]
    region_suffixes: tuple[str, ...]
    government_suffixes: tuple[str, ...]
    government_fields: tuple[str, ...]
    organization_suffixes: frozenset[str]
    person_suffixes: tuple[str, ...]
    category_heads: tuple[str, ...]
    title_words: tuple[str, ...]
    industry_stop: frozenset[str]
    risk_compounds: tuple[str, ...]
    risk_events: frozenset[str]
    loan_verbs: frozenset[str]
    not_industry_lists: tuple[str, ...]
    relations: dict[str, tuple[str, ...]]
    brand_words: frozenset[str] = frozenset()
    #: The last characters of the words a name may end with (风险, 行业, 贷款, 银行, 示范区):
    #: the only tokens the suffix rules read.
    name_endings: frozenset[str] = frozenset()


@cache
def rules_file() -> dict:
    """``data/rules.toml`` as read, once: every table of rule vocabulary and rule lists."""
    with (DATA_DIR / "rules.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_rules() -> Rules:
    """The recognition rules' vocabulary (the ``[mentions]`` and ``[relations]`` tables)."""
    raw = rules_file()
    m = raw["mentions"]
    return Rules(
        generic=frozenset(m["generic"]),
        generic_modifiers=frozenset(m["generic_modifiers"]),
        stem_tags=frozenset(m["stem_tags"]),
        risk_decorations=tuple(m["risk_decorations"]),
        region_suffixes=tuple(m["region_suffixes"]),
        government_suffixes=tuple(m["government_suffixes"]),
        government_fields=tuple(sorted(m["government_fields"], key=len, reverse=True)),
        organization_suffixes=frozenset(m["organization_suffixes"]),
        person_suffixes=tuple(m["person_suffixes"]),
        category_heads=tuple(m["category_heads"]),
        title_words=tuple(m["title_words"]),
        industry_stop=frozenset(m["industry_stop"]),
        risk_compounds=tuple(m["risk_compounds"]),
        risk_events=frozenset(m["risk_events"]),
        loan_verbs=frozenset(m["loan_verbs"]),
        not_industry_lists=tuple(m["not_industry_lists"]),
        relations={k: tuple(v) for k, v in raw["relations"].items()},
        brand_words=frozenset(m.get("brand_words", ())),
        name_endings=frozenset(
            [*_SUFFIX_ENDINGS, *(w[-1] for w in m["organization_suffixes"] + m["region_suffixes"])]
        ),
    )


#: The last characters of the words the suffix rules read as a name's end (风险, 行业, 贷款,
#: 贷, …型企业), besides those of the organization and region suffixes.
_SUFFIX_ENDINGS = "险业款贷型"


#: Sector words whose 业 is part of the name (医药工业 is not 医药工).
_WHOLE_SECTORS = (
    "工业",
    "农业",
    "商业",
    "渔业",
    "林业",
    "牧业",
    "矿业",
    "服务业",
    "制造业",
    "事业",
)


@cache
def _word_tags() -> dict[str, str]:
    """jieba's dictionary tags (word -> tag), read from a cache file when one is there.

    jieba reads its 350,000-line dictionary to build the table (about 0.3 s); the table is
    kept, marshalled, in kgraph's cache folder (``$XDG_CACHE_HOME/kgraph`` or
    ``~/.cache/kgraph``), keyed by the dictionary file's path, size and time, and loaded
    in a third of that. A cache that cannot be read or written is skipped.
    """
    path = _tags_cache()
    if path is not None and path.is_file():
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    import jieba.posseg  # its models load on import (about 0.15 s): only when needed

    jieba.posseg.dt.initialize()
    table = jieba.posseg.dt.word_tag_tab
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(table))
            os.replace(tmp, path)
        except OSError:
            pass
    return table


def _tags_cache() -> Path | None:
    """Where the tag table of jieba's current dictionary is cached, or None if unknown."""
    import jieba

    try:
        with jieba.get_dict_file() as f:
            source = Path(f.name)
        stat = source.stat()
    except (OSError, AttributeError, TypeError):
        return None
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{jieba.__version__}"
    return _cache_dir() / f"jieba-tags-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kgraph"


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag of a word, or None if it is unknown."""
    return _word_tags().get(word)


@cache
def prepare_segmenter() -> None:
    """Load jieba quietly and add every lexicon surface form to its dictionary, once."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for surface in sorted(load_lexicon().entries):
        jieba.add_word(surface)
    for word in rules_file()["mentions"].get("segmenter_words", ()):
        jieba.add_word(word)
    for pair in rules_file()["mentions"].get("segmenter_splits", ()):
        jieba.suggest_freq(tuple(pair.split("|")), True)  # 稳业 + 贷是: keep 贷 apart


def tokenize(text: str) -> list[Token]:
    """jieba tokens of ``text`` as (start, end, text), for callers without a spaCy Doc."""
    import jieba

    prepare_segmenter()
    out, pos = [], 0
    for word in jieba.cut(text):
        out.append((pos, pos + len(word), word))
        pos += len(word)
    return out


def _stem_before(
    tokens: Sequence[Token], index: int, rules: Rules, *, max_chars: int = 8, max_tokens: int = 3
) -> tuple[int, str] | None:
    """The nominal tokens right before token ``index``: (start offset, stem text)."""
    picked: list[Token] = []
    j = index - 1
    while j >= 0 and len(picked) < max_tokens:
        start, _, word = tokens[j]
        tag = word_tag(word)
        if not _CJK.match(word) or (tag is not None and tag not in rules.stem_tags):
            break
        if word in rules.generic_modifiers:
            break  # 传统银行贷款, 各类风险: a generic word ends the name
        if word in _NO_NAME_START:
            break  # “借款企业”指 + 小微企业对公贷款: 指 (tagged a noun) says what follows
        if sum(len(t[2]) for t in picked) + len(word) > max_chars:
            break
        picked.insert(0, tokens[j])
        j -= 1
    while picked and picked[0][2] in rules.generic_modifiers:
        picked.pop(0)
    if not picked:
        return None
    stem = "".join(t[2] for t in picked)
    if not _good_stem(stem, rules):
        return None
    return picked[0][0], stem


_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万两几多第]")


def _good_stem(stem: str, rules: Rules) -> bool:
    """A stem that can name something: not generic, not a count (三大, 一是), no particle."""
    return (
        len(stem) >= 2
        and stem[-1] not in "向对从在为给与和及或将把被的了等"
        and stem not in rules.generic_modifiers
        and stem not in rules.generic
        and not _NUMERAL.match(stem)
    )


#: Words whose last character would start a name wrongly (其中 + 小微企业 is no 中小微企业).
SPLIT_WORDS = ("其中", "之中", "当中", "集中", "其他")

#: Characters that do not start an organization's name found by its suffix.
_NO_NAME_START = frozenset("指即系经由据向在对与和及为被从让给将把各")
