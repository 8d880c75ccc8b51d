"""Negated requirements (无X, 禁止用于X) and held documents (持有X) in one sentence.

Private to :mod:`kgraph.nlp.conditions`, which documents the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kgraph.nlp.condition_cues import (
    _BOUNDARY,
    _CJK,
    _Cues,
    _ends_with,
    _starts_with,
    _Window,
    _window_at,
)
from kgraph.nlp.condition_tidy import streak_name
from kgraph.types import Condition

#: Words that start with a separator character (及时 is no 及 + 时).
_NOT_SEPARATED = ("及时", "和谐", "与其", "及早")


def _items(
    scan: str, start: int, end: int, cues: _Cues, alternatives: bool = False
) -> Iterator[tuple[int, int]]:
    """Split a list of nouns at 、 及 和 与, as spans; at 或 too for ``alternatives``.

    Held things joined by 或 are one requirement (either will do); banned uses joined by
    或 are one ban each (不得用于股票投资或购买理财产品).
    """
    seps = cues.of("item_sep") + (("或者", "或") if alternatives else ())
    pos = i = start
    while i < end:
        sep = _starts_with(scan, seps, i)
        if sep and scan.startswith(_NOT_SEPARATED, i):
            sep = ""  # 及时, 和谐: the word goes on
        if sep:
            yield pos, i
            i += len(sep)
            pos = i
        else:
            i += 1
    yield pos, end


def _clean(
    scan: str, s: int, e: int, cues: _Cues, windows: Sequence[_Window] = ()
) -> tuple[str, int, int]:
    """Strip modifiers, spaces and periods (近一年的) from the front of a noun, 的 inside."""
    while True:
        while s < e and scan[s] in _BOUNDARY:
            s += 1
        s = next((w.end for w in windows if w.start == s and w.end <= e), s)
        mod = _starts_with(scan[:e], cues.of("modifier"), s)
        if not mod or scan.startswith(("其他", "其它"), s):
            break  # 其他贷款 keeps 其他: 其 alone means "its"
        s += len(mod)
    while e > s and scan[e - 1] in _BOUNDARY:
        e -= 1
    return scan[s:e].replace("的", ""), s, e


def _negations(
    text: str,
    scan: str,
    start: int,
    end: int,
    windows: list[_Window],
    cues: _Cues,
    event: str = "",
) -> Iterator[Condition]:
    """Negated requirements of a clause; ``event`` is the topic of a negated event."""
    cue_words = tuple(sorted(cues.not_has, key=len, reverse=True))
    i = start
    while i < end:
        cue = _starts_with(scan, cue_words, i, end)
        charge = "" if cue else _charge(scan, i, end, cues)
        if not cue and not charge:
            i += 1
            continue
        body = i + len(cue or charge)
        before_ok = not (cue == "无" and _ends_with(scan[start:i], cues.of("not_before")))
        stop = end
        for j in range(body, end):
            if _starts_with(scan, cue_words, j, end) and j > body:
                stop = j
                break
        i = stop
        if not before_ok or _starts_with(scan, cues.of("not_after"), body):
            continue
        tail = cues.not_has.get(cue, "")
        items = _negated_items(text, scan, body, stop, cue or charge, tail, windows, cues)
        for c in items:
            if cue and _ends_with(c.metric, cues.of("cost")):
                continue  # 无手续费, 提前还款无违约金: what the product costs, not a requirement
            if event and _ends_with(c.metric, cues.of("event")) and not c.metric.startswith(event):
                c = replace(c, metric=event + c.metric)
            yield c


def _charge(scan: str, i: int, end: int, cues: _Cues) -> str:
    """A prohibited charge at ``i`` (不得向小微企业收取), as its surface, or ""."""
    forbid = _starts_with(scan, cues.of("forbid"), i, end)
    if not forbid:
        return ""
    pos = i + len(forbid)
    if scan.startswith("向", pos):  # the payer: 向借款人, up to 12 characters
        verb = min(
            (k for w in cues.of("charge") if (k := scan.find(w, pos, min(end, pos + 14))) > 0),
            default=-1,
        )
        pos = verb if verb > 0 else pos
    verb = _starts_with(scan, cues.of("charge"), pos, end)
    return scan[i : pos + len(verb)] if verb else ""


#: A class of records after 等 that each listed source has (等负面记录, 等不良信息).
_CLASS_AFTER_ETC = re.compile(r"等((?:负面|不良|违法|违规|失信)(?:记录|信息|行为))")


def _negated_items(
    text: str,
    scan: str,
    body: int,
    stop: int,
    cue: str,
    tail: str,
    windows: list[_Window],
    cues: _Cues,
) -> Iterator[Condition]:
    etc = (
        _CLASS_AFTER_ETC.match(scan, scan.find("等", body, stop))
        if "等" in scan[body:stop]
        else None
    )
    domains = cues.of("record_domain")
    if (
        etc
        and not tail
        and all(w in domains for w in re.split("[、和及与]", scan[body : etc.start()]))
    ):
        tail = etc.group(1)  # 无征信、工商、司法等负面记录: each one's 负面记录
    for k in ("等", *cues.of("item_stop")):
        at = scan.find(k, body, stop)
        stop = at if at > body else stop
    for n, (s, e) in enumerate(_items(scan, body, stop, cues, alternatives=True)):
        bracket = scan.find(
            "(", s, e
        )  # 无A或B: neither (无行政处罚或经营异常记录)  # 无重大不良记录(近2年…): the note is no part of it
        noun, s, e = _clean(scan, s, bracket if bracket > s else e, cues, windows)
        noun = streak_name(noun)
        if _asks(noun, cues) or re.search(r"\d", noun) or noun in cues.of("not_noun"):
            continue  # 无连续3个月或累计6起逾期: counts; 无当前无涉诉: 当前 alone, no thing
        if noun.startswith(("以上", "以下", "以内", "及以上")):
            continue  # 无3期以上逾期: the tail of a count, no thing
        if _starts_with(scan, tuple(cues.not_has), e):
            continue  # 经营无欠税: what the next 无 is about, not a thing to lack
        dropped = _ends_with(noun, cues.of("tail_drop"))
        if dropped and len(noun) - len(dropped) >= 2:
            noun = noun[: -len(dropped)]
        if tail and not noun.endswith(tail):
            noun += tail
        if len(noun) < 2 or not _CJK.search(noun) or noun == tail:
            continue
        begin = s if n else body - len(cue)
        yield Condition(
            noun,
            "not_has",
            window=_window_at(windows, e, scan),
            text=text[begin:e],
            start=begin,
            end=e,
        )


def _holdings(
    text: str, scan: str, start: int, end: int, windows: list[_Window], cues: _Cues
) -> Iterator[Condition]:
    verbs = cues.of("has")
    hits = [(i, v) for i in range(start, end) if (v := _starts_with(scan, verbs, i, end))]
    hits += [(i, "有") for i in _record_verbs(scan, start, end, windows)]
    hits.sort()
    for n, (i, verb) in enumerate(hits):
        body = i + len(verb)
        stop = hits[n + 1][0] if n + 1 < len(hits) else end
        if scan.startswith("的", body) or (verb != "凭" and _not_required(scan, start, i, cues)):
            continue  # 可以凭X申请: what one applies with is needed, though applying is allowed
        if verb == "凭" and scan.startswith(("借", "证", "着", "据", "单"), body):
            continue  # 凭借, 凭证: no holding
        for k in cues.of("item_stop") + (("的",) if verb == "有" else ()):
            at = scan.find(k, body, stop)  # 有纳税记录的企业: the record ends at 的
            stop = at if at > body else stop
        for w in windows:  # 近一年的 inside the list belongs to the window, not a noun
            if body <= w.start < stop and not scan[body : w.start].strip():
                body = w.end
        etc = scan.find("等", body, stop)
        spans: list[tuple[int, int]]
        if etc > body:
            after, s, e = _clean(scan, etc + 1, stop, cues)
            spans = [(s, e)] if _holdable(after, cues) else list(_items(scan, body, etc, cues))
        else:
            spans = list(_items(scan, body, stop, cues))
        for s, e in spans:
            noun, s, e = _clean(scan, s, e, cues, windows)
            if verb == "有" and not noun.endswith(("记录", "流水", "能力")):
                continue  # 有 holds a record or an ability: 有纳税记录, 有还款能力
            if _holdable(noun, cues):
                window = _window_at(windows, e, scan)
                yield Condition(noun, "has", window=window, text=text[s:e], start=s, end=e)


def _record_verbs(scan: str, start: int, end: int, windows: list[_Window]) -> list[int]:
    """Where 有 opens a trait of having a record or an ability (近2年有纳税记录, 、有开票记录,
    需有…)."""
    ends = {w.end for w in windows}
    return [
        i
        for i in range(start, end)
        if scan[i] == "有"
        and (i == start or scan[i - 1] in "、需须要应" or i in ends)
        and not scan.startswith(("有效", "有限", "有关", "有的", "有些"), i)
    ]


def _holdable(noun: str, cues: _Cues) -> bool:
    """Whether a noun names a thing one holds: one of its 或 alternatives ends in a head."""
    if len(noun) < 2 or noun in cues.of("generic") or re.search(r"\d", noun):
        return False
    return any(_ends_with(alt, cues.of("holdable")) for alt in re.split("或者|或", noun))


def _not_required(scan: str, start: int, verb: int, cues: _Cues) -> bool:
    """Whether a held thing is optional (可提供), waived (无需提交) or given to others (为企业提供)."""
    before = scan[start:verb]
    if _ends_with(before, cues.of("optional")) or any(w in before for w in cues.of("waived")):
        return True  # 可提供; 无需线下提交
    at = before.rfind("为")
    return (
        at >= 0
        and 0 < len(before) - at - 1 <= 12
        and not any(m in before[at:] for m in ("需", "须", "应"))
    )


def _asks(noun: str, cues: _Cues) -> bool:
    """Whether a noun holds a quote or a question word: no requirement names such a thing."""
    return any(ch in noun for ch in "“”\"'‘’?") or any(w in noun for w in cues.of("question"))
