"""Facet claims: when an event happened and how deep it was, cut out of a clause that
states more than that.

"The quake hit 44 miles (71 kilometres) southwest of Ilmar at a depth of 18.5
kilometers at 11:11 pm (2211 GMT)" states where, how deep and when: three checkable facts,
each reported (and misreported) on its own across articles. Each time of day ("at 11:11 pm
(2211 GMT)", "حوالي الساعة 11:10 مساء") and each depth ("at a depth of 18.5 kilometers",
"على عمق 8 كيلومترات", "18 kilometers (11 miles) below the surface") becomes a claim of its
own (docs/ANNOTATION.md, section 5). The clause stays a claim: whole when the facets sit
inside it, the way it does around a location claim; when they close it, it ends before
them (:func:`trimmed_end`: "The quake hit ... southwest of Ilmar"), so it states one
fact, not three. A clause that states nothing else ("The quake took place at a depth of
10km", "which occurred at approximately 11:11 pm") is already that claim.

A magnitude is not cut out: it mostly names the event inside a claim about something else
("the death toll of the 7-magnitude earthquake has risen to ..."), and on the
morocco-earthquake-2023 dev event magnitude phrases merged such claims with the magnitude's
group (false merges 140 -> 190 of 5,382 pairs, no fact grouped better).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from claimtrack.pipeline.normalize import fold
from claimtrack.pipeline.values_units import BELOW_SURFACE_RE, UNITS, unit_after

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
_BRACKETS = re.compile(r"\s{0,3}\([^()\n]{1,40}\)")
_LOOK_BACK = 60
_LOOK_AHEAD = 100  # unit, converted figure in brackets, "below the surface"


def stated_parts(clause: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """What ``clause`` states, offsets relative to its start: its values, and what it names
    other than who says it (a speaker alone states nothing checkable)."""
    speaker = {clause["speaker"], clause["speaker_canonical"]} - {None}
    return [
        *clause["values"],
        *(e for e in clause["entities"] if (e.get("canonical") or e["text"]) not in speaker),
    ]


def facet_spans(text: str, clause: Mapping[str, Any], language: str) -> list[tuple[int, int]]:
    """Raw spans of the time and depth claims inside ``clause`` (an extractor draft: raw
    ``start``/``end``, ``values`` and ``entities`` relative to ``start``); none when the
    facet is all the clause states or the clause is a direct quotation (quoted words stay
    whole, docs/ANNOTATION.md section 5)."""
    values = clause["values"]
    if clause["quote_mode"] == "direct" or not any(
        v["kind"] == "time" or v.get("counts") == "depth" for v in values
    ):
        return []
    start, end = clause["start"], clause["end"]
    parts = stated_parts(clause)
    lang = "ar" if language == "ar" else "en"
    found: list[tuple[int, int]] = []
    for v in values:
        a, b = start + int(v["start"]), start + int(v["end"])
        if v["kind"] == "time":
            span = _time_span(text, start, end, a, b, lang)
        elif v.get("counts") == "depth":
            span = _depth_span(text, start, end, a, b, lang)
        else:
            continue
        if span is not None and span not in found and _states_more(span, start, parts):
            found.append(span)
    return found


def _time_span(text: str, lo: int, hi: int, a: int, b: int, lang: str) -> tuple[int, int] | None:
    lead = _TIME_LEAD[lang].search(text, max(lo, a - _LOOK_BACK), a)
    if lead is None or lead.start() == a:
        return None
    bracket = _BRACKETS.match(text, b, hi)  # the zone's words are in the value already
    return lead.start(), bracket.end() if bracket else b


def _depth_span(text: str, lo: int, hi: int, a: int, b: int, lang: str) -> tuple[int, int] | None:
    # The unit and "below the surface" are read on the folded text after the figure, with
    # the vocabulary values.py reads them with (``values_units``).
    after = fold(text[b : min(hi, b + _LOOK_AHEAD)])
    unit = unit_after(after.text, 0)
    if unit is None or UNITS[unit[0]][0] != "length":
        return None
    stop = unit[1]
    bracket = _BRACKETS.match(after.text, stop)
    if bracket:
        stop = bracket.end()
    below = BELOW_SURFACE_RE.match(after.text, stop)
    lead = _DEPTH_LEAD[lang].search(text, max(lo, a - _LOOK_BACK), a)
    if lead is not None:
        begin = lead.start()
    elif below is not None:
        approx = _APPROX_LEAD.search(text, max(lo, a - 20), a)
        begin = approx.start() if approx else a
    else:
        return None
    if below is not None:
        stop = below.end()
    return begin, b + after.to_raw(0, stop)[1]


def _states_more(span: tuple[int, int], start: int, parts: Sequence[Mapping[str, Any]]) -> bool:
    """The clause gives a value or names something outside ``span``: it states more than
    the facet."""
    a, b = span[0] - start, span[1] - start
    return any(int(p["end"]) <= a or int(p["start"]) >= b for p in parts)


#: What may stand between facets that close a clause, and after the last: spaces,
#: punctuation, "and".
_TRAIL_GAP = re.compile(r"[\s,.;:!?'\"”’)\]،؛]*(?:(?:and|و)(?=\s))?[\s,]*\Z", re.IGNORECASE)
#: The verb that led into a closing facet ("... and occurred | about 18 km below").
_LEAD_IN = re.compile(r"[\s,]+(?:and|but|then)\s{1,3}\w+\Z", re.IGNORECASE)


def trimmed_end(
    text: str, clause: Mapping[str, Any], spans: Sequence[tuple[int, int]]
) -> int | None:
    """Where ``clause`` ends once facets that close it are its own claims, or None.

    "The quake hit 44 miles (71 kilometres) southwest of Ilmar at a depth of 18.5
    kilometers at 11:11 pm (2211 GMT)." ends in two facets: the clause that is left ends
    where the first of them begins, less spaces, commas and a verb that led into it ("and
    occurred"), and states where the quake hit: one fact instead of three
    (docs/ANNOTATION.md, section 5). A facet inside the clause (followed by more of it)
    trims nothing; nor do facets when nothing the clause states (a value, or a name other
    than its speaker) comes before them.
    """
    start, end = clause["start"], clause["end"]
    tail = end
    first: int | None = None
    for a, b in sorted(spans, reverse=True):
        if not (start < a and b <= tail) or not _TRAIL_GAP.match(text, b, tail):
            break
        first, tail = a, a
    if first is None:
        return None
    stop = first
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in ",،;؛:"):
        stop -= 1
    # "... magnitude of 6.8 and occurred | about 18 km below the surface": the verb that
    # led into the facet goes with it
    lead_in = _LEAD_IN.search(text, start, stop)
    if lead_in is not None:
        stop = lead_in.start()
    states = any(start + int(p["end"]) <= stop for p in stated_parts(clause))
    return stop if states else None
