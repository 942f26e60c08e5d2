"""Normalised values in a claim or article text: numbers, percents, money, durations,
years, dates, clock times, ordinals and bare weekdays, with their relation ("since 2019", "first ...
since 2019").

The value dicts are the ``Claim.values`` shape documented in ``claimtrack.models``;
claim comparison reads them, so keys and meanings are a contract::

    {"kind", "value", "unit", "relation", "text", "start", "end", "resolved_from"}
    (+ "counts": what a number or percent counts, "deaths"/"missing"/"magnitude"/...,
     when a known noun is next to it (see ``values_ordinals.counted_class``),
     + "weekday": 0-6 when a weekday name was written with the date,
     + "weekday_ok": bool when that weekday could be checked against the date,
     + "range": [low, high] on both ends of a range, "18,000-20,000", "between 2 and 3",
       "ما بين 18 ألفا و20 ألفا", "بين عامي 1973 و1977"; both ends then share one "counts";
       on a decade ("the 1970s", "سبعينيات القرن الماضي", a ``year``) its ten years,
     + "decade": true on a decade,
     + "fraction": true on a fraction of a whole given in words, a ``percent``
       ("a fifth of the city" = 20, "ربع المدينة" = 25),
     + "approx": true on a number or percent given as "nearly", "about", "at least",
       "more than", "حوالي", "أكثر من"...: compared within its rounding unit,
     + "at_least": true on a lower bound ("M6 and larger", "1,000 or more", "فأكثر"),
       which agrees with any figure at or above it,
     + "unit" on a ``number``: a unit of measure written after it, "km", "mi", "m", "mm",
       "m3", "km2", "ha", "t", "kg", "km/h", "mph", "C"... (``values_units``; the value
       stays as written: "44 miles" is 44 "mi"),
     + "zone": "local" | "GMT" | None on a clock ``time`` ("HH:MM", 24-hour), and
       "hour_only": true on "11 pm" (see ``values_times``))

Matching runs on ``fold(text)`` (digits, hamza, diacritics, case) and spans are mapped
back, so ``text[v["start"]:v["end"]] == v["text"]`` on the raw text. Dates with a
month name and no year take the year from ``published`` ("partial" ``MM-DD`` without
it); relative dates and bare weekdays need ``published`` and are skipped without it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from claimtrack.pipeline.normalize import Folded, SparseFolded, fold, fold_sparse
from claimtrack.pipeline.values_dates import find_dates
from claimtrack.pipeline.values_decades import find_decades
from claimtrack.pipeline.values_fractions import find_fractions
from claimtrack.pipeline.values_numbers import (
    Candidate,
    alternation,
    find_quantities,
    vocabulary,
)
from claimtrack.pipeline.values_ordinals import (
    counted_class,
    find_ordinals,
    find_weekdays,
    near_aftershock,
)
from claimtrack.pipeline.values_times import find_times
from claimtrack.pipeline.values_units import BELOW_SURFACE_RE, UNITS, unit_after

__all__ = ["extract_values", "weekday_consistent"]

_RELATIONS = {
    "since": ["منذ", "since", "ever since"],
    "until": ["حتى", "لغاية", "إلى غاية", "بحلول", "until", "till", "through", "by"],
    "before": ["قبل", "before", "prior to"],
    "after": ["بعد", "after"],
}
_RELATION_OF = {w: rel for rel, words in _RELATIONS.items() for w in (fold(x).text for x in words)}
_RELATION_RE = re.compile(
    rf"(?<!\w)[وفل]?(?P<cue>{alternation(w for ws in _RELATIONS.values() for w in ws)})"
    r"\s{1,3}(?:(?:عام|العام|سنه|يوم|the\s{1,3}year|the|year|on|in|of)\s{1,3})?\Z"
)
# "أول"/"الأولى"/"لأول"/"للمرة الأولى"/"first": an ordinal first before "since".
_FIRST_RE = re.compile(r"(?<!\w)(?:[وفبل]{0,2}(?:ال)?اول[ي]?|first)(?!\w)")
_SENTENCE_END_RE = re.compile(r"[.!?؟\n]")
_TRAILING_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060" + "".join(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
_FIRST_LOOKBACK = 200  # chars before "since" searched for "first", within the sentence
# Between the two ends of a range: a dash or "to" alone; "and"/"و"/"إلى" only after
# "between"/"بين"/"from"/"من" ("killed 5 and injured 7" is no range).
_RANGE_DASH_RE = re.compile(r"\s{0,2}[-\u2013\u2014]\s{0,2}|\s{1,3}to\s{1,3}")
_RANGE_JOIN_RE = re.compile(r"\s{1,3}(?:and|و|الي|to)\s{0,3}")
_RANGE_OPEN_RE = re.compile(
    r"(?<!\w)(?:between|from|[وف]?(?:ما\s{1,3})?بين|من)"
    r"(?:\s{1,3}(?:عامي|سنتي|العامين|the\s{1,3}years|years))?\s{1,3}\Z"
)

_RANGE_KINDS = ("number", "percent", "money", "year")
# Words that make a figure a rounded or bounding report ("nearly 4,000", "at least 3,958",
# "أكثر من 9000"): compared with a wider tolerance (``value_anchor.tolerance``).
_APPROX_WORDS = (
    "nearly", "about", "around", "almost", "roughly", "approximately", "some", "close to",
    "an estimated", "estimated", "more than", "over", "at least", "upwards of", "up to",
    "حوالي", "حوالى", "نحو", "قرابة", "زهاء", "ما يقارب", "يقارب", "تقريبا", "أكثر من",
    "اكثر من", "ما يزيد عن", "ما يزيد على", "ما لا يقل عن", "لا يقل عن",
)  # fmt: skip
# A length then "below the surface" (``values_units.BELOW_SURFACE_RE``) is a depth, with or
# without a converted figure in brackets between ("18 km (11 miles) below the surface").
_BELOW_SURFACE_RE = re.compile(r"(?:\s{0,3}\([^()\n]{1,30}\))?" + BELOW_SURFACE_RE.pattern)
_APPROX_RE = re.compile(
    rf"(?<!\w)[وفل]?(?:{alternation(sorted({fold(w).text for w in _APPROX_WORDS}))})\s{{1,3}}\Z"
)


# "M6 and larger", "1,000 or more", "6 درجات فأكثر", "(بقوة 6) وأكبر": a lower bound, not a
# reading; it agrees with any figure at or above it (``value_compare``).
_AT_LEAST_AFTER_RE = re.compile(
    r"[\])]?\s{0,3}(?:[^\W\d_]{1,12}\s{1,3})?(?:and\s{1,3}(?:larger|above|higher|greater)"
    r"|or\s{1,3}(?:more|larger|above|higher|greater|over)"
    r"|(?:فاكثر|فما\s{1,3}فوق|وما\s{1,3}فوق|واكبر|واعلي|او\s{1,3}اكثر))(?!\w)"
)


def _relation(t: str, start: int) -> str | None:
    window_start = max(0, start - 40)
    m = _RELATION_RE.search(t, window_start, start)
    if m is None:
        return None
    relation = _RELATION_OF[re.sub(r"\s{1,3}", " ", m.group("cue"))]
    if relation == "since":
        cue_at = m.start("cue")
        back = t[max(0, cue_at - _FIRST_LOOKBACK) : cue_at]
        ends = list(_SENTENCE_END_RE.finditer(back))
        # "." between digits is a decimal point, not a sentence end.
        ends = [e for e in ends if not (e.group() == "." and _between_digits(back, e.start()))]
        if ends:
            back = back[ends[-1].end() :]
        if _FIRST_RE.search(back):
            return "first_since"
    return relation


def _between_digits(s: str, i: int) -> bool:
    return 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit()


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: earliest first, then the longest at one start."""
    chosen: list[Candidate] = []
    last_end = -1
    for c in sorted(cands, key=lambda c: (c["fs"], -(c["fe"] - c["fs"]))):
        if c["fs"] >= last_end:
            chosen.append(c)
            last_end = c["fe"]
    return chosen


def extract_values(
    text: str,
    language: str,
    published: datetime.date | None = None,
    *,
    folded_text: str | None = None,
    vocab: frozenset[str] | None = None,
    offsets: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Values in ``text`` (``language`` "ar" or "en"; others use the same rules).

    ``published`` (a date or datetime) anchors relative dates and years left out
    ("4 أيلول" in a 2023 article is 2023-09-04). Results are in text order.
    ``folded_text`` may give ``normalize.fold(text).text`` when the caller has it already
    (the claim extractor folds each article once for all its stages), and ``offsets`` with
    it ``fold(text).offsets``: spans are then mapped back through that list, and the sparse
    offset map (a scan of ``text`` for length-changing characters) is not built.
    ``vocab`` may give ``values_numbers.vocabulary(folded text)`` (the extractor builds it from
    its tokens, ``vocabulary_of_words``).
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    folded: Folded | SparseFolded
    if folded_text is not None and offsets is not None:
        folded = Folded(folded_text, offsets)
    else:
        folded = fold_sparse(text, folded_text)
    t = folded.text
    if vocab is None:
        vocab = vocabulary(t)
    # Dates first: a weekday resolved to a date wins over the bare weekday at one span;
    # before them a clock time, over the dates' blocker of "H:MM" ("by 6:30").
    cands = (
        find_times(t, vocab) + find_dates(t, language, published, vocab) + find_quantities(t, vocab)
    )
    cands += find_ordinals(t, vocab) + find_weekdays(t, vocab) + find_decades(t, vocab)
    cands += find_fractions(t, vocab)
    out: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for c in _select(cands):
        if c["kind"] is None:
            continue
        start, end = folded.to_raw(c["fs"], c["fe"])
        while end > start and text[end - 1] in _TRAILING_INVISIBLE:
            end -= 1
        relation = _relation(t, c["fs"]) if c["kind"] in ("year", "date") else None
        value: dict[str, Any] = {
            "kind": c["kind"],
            "value": c["value"],
            "unit": c["unit"],
            "relation": relation,
            "text": text[start:end],
            "start": start,
            "end": end,
            "resolved_from": c.get("resolved_from"),
        }
        if c["kind"] in ("number", "percent"):
            counts = counted_class(t, c["fs"], c["fe"])
            measured = unit_after(t, c["fe"]) if c["kind"] == "number" else None
            if measured is not None:
                # "a wave 7 metres high" measures a length; it does not count the homes
                # named next to it. A depth stays a depth ("at a depth of 8 km").
                value["unit"] = measured[0]
                if UNITS[measured[0]][0] != "length":
                    counts = None
                elif _BELOW_SURFACE_RE.match(t, measured[1]):
                    counts = "depth"  # "18 kilometres (11 miles) below the surface"
                elif counts != "depth":
                    counts = None
                if counts == "depth" and near_aftershock(t, c["fs"], c["fe"]):
                    counts = "aftershock depth"  # another quantity than the main shock's
            if counts is not None:
                value["counts"] = counts
            if _APPROX_RE.search(t, max(0, c["fs"] - 24), c["fs"]):
                value["approx"] = True
            if _AT_LEAST_AFTER_RE.match(t, c["fe"]):
                value["at_least"] = True
        for key in ("weekday", "weekday_ok", "range", "decade", "fraction", "zone", "hour_only"):
            if key in c:
                value[key] = c[key]
        out.append(value)
        spans.append((c["fs"], c["fe"]))
    _mark_ranges(t, out, spans)
    return out


def _mark_ranges(t: str, values: list[dict[str, Any]], spans: list[tuple[int, int]]) -> None:
    """Give both ends of "18,000-20,000" / "between 2 and 3" / "ما بين 18 و20" a ``range``
    and one ``counts`` (the noun usually follows the second end only)."""
    for i in range(len(values) - 1):
        x, y = values[i], values[i + 1]
        if x["kind"] not in _RANGE_KINDS or y["kind"] != x["kind"] or "range" in x or "range" in y:
            continue
        if not isinstance(x["value"], (int, float)) or not isinstance(y["value"], (int, float)):
            continue
        gap = t[spans[i][1] : spans[i + 1][0]]
        if len(gap) > 12:
            continue
        joined = _RANGE_DASH_RE.fullmatch(gap) or (
            _RANGE_JOIN_RE.fullmatch(gap)
            and _RANGE_OPEN_RE.search(t, max(0, spans[i][0] - 20), spans[i][0])
        )
        if not joined:
            continue
        low, high = sorted((x["value"], y["value"]))
        counts = x.get("counts") or y.get("counts")
        for v in (x, y):
            v["range"] = [low, high]
            if counts and not v.get("counts"):
                v["counts"] = counts


def weekday_consistent(value: dict[str, Any]) -> bool | None:
    """Does the weekday written with a date match it? None when there is nothing to check.

    A date computed from a weekday name alone ("last Tuesday") agrees with it by
    construction, so it is not a check and gives None.
    """
    weekday = value.get("weekday")
    iso = value.get("value")
    if value.get("kind") != "date" or weekday is None or value.get("resolved_from") == "weekday":
        return None
    if not isinstance(iso, str) or len(iso) != 10:
        return None
    try:
        return datetime.date.fromisoformat(iso).weekday() == weekday
    except ValueError:
        return None
