"""Background phrases: "Following a 7.8-magnitude earthquake late Friday, Morocco accepted
aid from four countries" states two checkable facts, a magnitude and an acceptance.

The same holds for a closing "with" phrase that gives a figure of its own ("..., with
another 10,100 reported as still missing", "..., with the epicenter located about 72
kilometers southwest of Marrakesh", "، مع ...").

A news clause often opens or closes with the event it follows ("Following ...", "In the
wake of ...", "..., after the collapse of two dams killed thousands", "، إثر الزلزال الذي
أودى بحياة أكثر من 2100 شخص"). When that phrase gives a figure of its own (a toll, a
magnitude, a count: a number, percent or sum of money, not a date, time or duration)
it is a claim of its own (docs/ANNOTATION.md, section 5), and the clause ends before it or
starts after it, so each states one fact: otherwise the phrase's figure decides what the
clause is compared with ("a 7.8-magnitude earthquake" against every magnitude report) and
a mourning claim conflicts with another over the toll its opening phrase gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimtrack.pipeline.extract.facets import stated_parts

#: Words that open a phrase about the event a clause follows. "after" and "بعد" open a
#: phrase only after a comma or at the start of a clause ("after 11 pm" is a time).
_CUE_EN = r"following|after|in\s+the\s+(?:wake|aftermath)\s+of|amid"
_CUE_AR = r"(?:على\s+)?(?:إثر|اثر)|عقب|بعد|في\s+(?:أعقاب|اعقاب)|جراء|لمواجهة\s+تداعيات"
_LEAD = {
    "en": re.compile(rf"(?:\([^()\n]{{1,30}}\)\s*)?(?:{_CUE_EN})\s", re.IGNORECASE),
    "ar": re.compile(rf"(?:\([^()\n]{{1,30}}\)\s*)?و?(?:{_CUE_AR})\s"),
}
_TRAIL = {
    "en": re.compile(
        rf"(?:,\s*(?:{_CUE_EN}|with)|\s(?:following|in\s+the\s+(?:wake|aftermath)\s+of))\s",
        re.IGNORECASE,
    ),
    "ar": re.compile(rf"[،,]\s*(?:{_CUE_AR}|مع)\s"),
}
#: A closing "with" phrase that places the event ("..., with an epicenter in the ski resort
#: region of Oukaimeden"): where it happened, a claim of its own without a figure
#: (docs/ANNOTATION.md section 5).
_EPICENTRE = re.compile(
    r"with\s+(?:an?|the|its)\s+(?:epicent(?:er|re)|hypocent(?:er|re))\b", re.IGNORECASE
)
#: A figure of its own: a count, share or sum, not when ("after six years of building").
_FIGURES = frozenset(["number", "percent", "money"])
_COMMA = re.compile(r"[,،]")
_TRAILING_PUNCT = re.compile(r"[\s.;:!?'\"”’)\]]*\Z")


def background_span(
    text: str, clause: Mapping[str, Any], language: str
) -> tuple[int, int, int] | None:
    """``(start, end, rest)`` raw offsets of the background phrase of ``clause`` and where
    the clause's own statement starts (a phrase that opens it) or ends (one that closes
    it); None when there is none, the phrase gives no figure, the clause says nothing
    else (a value, or a name other than its speaker), or it is a direct quotation."""
    if clause["quote_mode"] == "direct":
        return None
    lang = "ar" if language == "ar" else "en"
    start, end = clause["start"], clause["end"]
    lead = _LEAD[lang].match(text, start, end)
    if lead is not None:
        comma = _top_comma(text, lead.end(), end)
        if comma is not None:
            rest = _skip(text, comma + 1, end)
            stop = comma
            while stop > lead.end() and text[stop - 1].isspace():
                stop -= 1
            phrase = (lead.start() + _bracket_len(text, lead.start(), lead.end()), stop)
            if _gives_figure(clause, phrase) and _states(clause, rest, end):
                return phrase[0], phrase[1], rest
    trail = _last(_TRAIL[lang], text, start, end)
    if trail is not None:
        begin = _skip(text, trail.start(), end)
        stop = end - len(_TRAILING_PUNCT.search(text, begin, end).group(0))  # type: ignore[union-attr]
        while (
            stop < end
            and text[stop] == ")"
            and text.count("(", begin, stop) > text.count(")", begin, stop)
        ):
            stop += 1  # "... (Al Haouz province)." keeps its closing bracket
        own_end = trail.start()
        phrase = (begin, stop)
        placed = _EPICENTRE.match(text, begin, stop) is not None
        if (
            stop > begin
            and (placed or _gives_figure(clause, phrase))
            and _states(clause, start, own_end)
        ):
            return begin, stop, own_end
    return None


def _skip(text: str, at: int, end: int) -> int:
    """``at`` moved past spaces (any Unicode space) and commas."""
    while at < end and (text[at].isspace() or text[at] in ",،"):
        at += 1
    return at


def _top_comma(text: str, lo: int, hi: int) -> int | None:
    """The first comma after ``lo`` outside brackets and not inside a figure ("1,000")."""
    depth = 0
    for i in range(lo, hi):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif _COMMA.match(ch) and depth == 0:
            if ch == "," and i + 1 < hi and text[i + 1].isdigit() and text[i - 1].isdigit():
                continue
            return i
    return None


def _bracket_len(text: str, lo: int, hi: int) -> int:
    """Length of a leading "(MENAFN) " tag: not part of the phrase."""
    if text[lo] != "(":
        return 0
    close = text.find(")", lo, hi)
    n = close + 1 - lo
    while lo + n < hi and text[lo + n].isspace():
        n += 1
    return n


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    found = None
    for m in pattern.finditer(text, lo, hi):
        found = m
    return found


def _gives_figure(clause: Mapping[str, Any], span: tuple[int, int]) -> bool:
    a, b = span[0] - clause["start"], span[1] - clause["start"]
    return any(
        v.get("kind") in _FIGURES and a <= int(v["start"]) and int(v["end"]) <= b
        for v in clause["values"]
    )


def _states(clause: Mapping[str, Any], lo: int, hi: int) -> bool:
    """The clause gives a value or names something (not its speaker) within ``lo:hi``."""
    start = clause["start"]
    return any(
        lo <= start + int(p["start"]) and start + int(p["end"]) <= hi for p in stated_parts(clause)
    )
