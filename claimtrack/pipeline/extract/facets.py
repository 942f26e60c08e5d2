"""Facet claims: when an event happened and how deep it was, cut out of a clause that
states more than that.

"The quake hit 44 miles (71 kilometres) southwest of Marrakesh at a depth of 18.5
kilometers at 11:11 pm (2211 GMT)" states where, how deep and when: three checkable facts,
each reported (and misreported) on its own across articles. The clause stays a claim; each
time of day ("at 11:11 pm (2211 GMT)", "حوالي الساعة 11:10 مساء") and each depth ("at a
depth of 18.5 kilometers", "على عمق 8 كيلومترات", "18 kilometers (11 miles) below the
surface") becomes a claim of its own too (docs/ANNOTATION.md, section 5), the way a
location claim does. A clause that states nothing else ("The quake took place at a depth
of 10km", "which occurred at approximately 11:11 pm") is already that claim.

A magnitude is not cut out: it mostly names the event inside a claim about something else
("the death toll of the 7-magnitude earthquake has risen to ..."), and on the
morocco-earthquake-2023 dev event magnitude phrases merged such claims with the magnitude's
group (false merges 140 -> 190 of 5,382 pairs, no fact grouped better).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

#: Words that may open a time of day: "at", "shortly after", "حوالي الساعة".
_TIME_LEAD = {
    "en": re.compile(
        r"(?:(?:shortly|just|soon|right)\s{1,3})?(?:at|around|about|after|before)"
        r"(?:\s{1,3}(?:approximately|about|around|roughly|exactly|precisely))?\s{1,3}\Z",
        re.IGNORECASE,
    ),
    "ar": re.compile(
        r"(?:(?:في|عند|حوالي|حوالى|نحو|قرابة|قبيل|بعيد)\s{1,3}){0,2}"
        r"(?:ال|وال|بال|فال)?ساعة\s{1,3}\Z|(?:حوالي|حوالى|نحو|قرابة|قبيل|بعيد)\s{1,3}\Z"
    ),
}
#: Words that open a depth: "at a (relatively shallow) depth of (about)", "على عمق (ضحل
#: نسبيا يبلغ)", or an approximation before "18 km below the surface".
_DEPTH_LEAD = {
    "en": re.compile(
        r"(?:(?:at|with|from)\s{1,3}(?:an?\s{1,3})?(?:[a-z-]{2,20}\s{1,3}){0,3}?)?depth\s{1,3}"
        r"of(?:\s{1,3}(?:about|around|approximately|nearly|some|roughly|just))?\s{1,3}\Z",
        re.IGNORECASE,
    ),
    "ar": re.compile(r"(?:على\s{1,3}عمق|بعمق)(?:\s{1,3}[^\s\d،,.()]{2,12}){0,3}?\s{1,3}\Z"),
}
_APPROX_LEAD = re.compile(
    r"(?:about|around|approximately|nearly|some|roughly|حوالي|حوالى|نحو)\s{1,3}\Z", re.IGNORECASE
)
_UNIT = re.compile(
    r"\s{0,3}(?:km|kilomet(?:er|re)s?|miles?|mi|metres?|meters?|m|كم|كيلومترا?(?:ت)?"
    r"|كيلو\s{1,3}مترا?(?:ت)?|ميلا?|أميال|مترا?)(?!\w)",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s{0,3}\([^()\n]{1,40}\)")
_BELOW = re.compile(
    r"\s{1,3}(?:(?:below|beneath|under)\s{1,3}(?:the\s{1,3})?(?:surface|ground|earth(?:['’]s"
    r"\s{1,3}surface)?)|underground|deep|تحت\s{1,3}(?:سطح\s{1,3})?(?:الأرض|الارض|سطح))(?!\w)",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(r"\s{1,3}(?:local\s{1,3}time|GMT|UTC|بالتوقيت\s{1,3}المحلي)(?!\w)", re.I)
_LOOK_BACK = 60


_MEASURES = frozenset(["depth"])


def has_facets(values: Sequence[Mapping[str, Any]]) -> bool:
    """Whether any of ``values`` is a time of day or a depth (cheap pre-test)."""
    return any(v["kind"] == "time" or v.get("counts") in _MEASURES for v in values)


def facet_spans(
    text: str,
    start: int,
    end: int,
    values: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    language: str,
) -> list[tuple[int, int]]:
    """Raw spans of the time and depth claims inside the clause ``start``..``end``, whose
    ``values`` and ``entities`` carry offsets relative to ``start``; none when the facet is
    all the clause states."""
    lang = "ar" if language == "ar" else "en"
    found: list[tuple[int, int]] = []
    for v in values:
        a, b = start + int(v["start"]), start + int(v["end"])
        if v.get("kind") == "time":
            span = _time_span(text, start, end, a, b, lang)
        elif v.get("counts") == "depth":
            span = _depth_span(text, start, end, a, b, lang)
        else:
            continue
        if (
            span is not None
            and span not in found
            and _states_more(span, start, [*values, *entities])
        ):
            found.append(span)
    return found


def _time_span(text: str, lo: int, hi: int, a: int, b: int, lang: str) -> tuple[int, int] | None:
    lead = _TIME_LEAD[lang].search(text, max(lo, a - _LOOK_BACK), a)
    if lead is None or lead.start() == a:
        return None
    end = b
    for tail in (_TIME_TAIL, _BRACKETS):
        m = tail.match(text, end, hi)
        if m:
            end = m.end()
    return lead.start(), end


def _depth_span(text: str, lo: int, hi: int, a: int, b: int, lang: str) -> tuple[int, int] | None:
    unit = _UNIT.match(text, b, hi)
    if unit is None:
        return None
    end = unit.end()
    bracket = _BRACKETS.match(text, end, hi)
    if bracket:
        end = bracket.end()
    lead = _DEPTH_LEAD[lang].search(text, max(lo, a - _LOOK_BACK), a)
    below = _BELOW.match(text, end, hi)
    if lead is not None:
        begin = lead.start()
    elif below is not None:
        approx = _APPROX_LEAD.search(text, max(lo, a - 20), a)
        begin = approx.start() if approx else a
    else:
        return None
    if below is not None:
        end = below.end()
    return begin, end


def _states_more(span: tuple[int, int], start: int, parts: Sequence[Mapping[str, Any]]) -> bool:
    """The clause gives a value or names something outside ``span``: it states more than
    the facet."""
    a, b = span[0] - start, span[1] - start
    return any(int(p["end"]) <= a or int(p["start"]) >= b for p in parts)
