"""Clock times: "at 11:11 p.m.", "23:11 local time", "(2211 GMT)", "الساعة 11:11 مساء".

When an event happened is checkable, and reports disagree on it ("struck at 11:11 pm" vs
"at 10:11 pm"). A time is a ``time`` value: ``value`` "HH:MM" on the 24-hour clock,
``zone`` "local" or "GMT" when the text says which (UTC counts as GMT), and
``"hour_only": True`` for "11 pm" (compared within its hour). Only unambiguous forms are
read, so a ratio ("2:1"), a verse ("3:16") or a decimal ("11.11") is never a time:

* ``H:MM``/``HH:MM`` after a time cue ("at", "around", "الساعة", "حوالي"...) or before an
  a.m./p.m./zone marker;
* ``H.MM`` and a bare hour ("11 pm") only before a.m./p.m. or "مساء"/"صباحا"/"ليلا";
* four digits before GMT/UTC ("2211 GMT", the wire services' form).

"مساء", "ليلا" (after 5) and p.m. add twelve hours; "12 a.m." is 00:00. Arabic hours in
words after "الساعة" are read too: "الساعة الحادية عشرة و11 دقيقة (وثانية واحدة) مساء" is
23:11, "الساعة الثامنة والنصف صباحا" 08:30, "الساعة التاسعة إلا ربعا" 08:45, "الساعة
الثالثة فجرا" 03:00 (``hour_only``); an hour with neither minutes nor a marker is not read
("أمضى الساعة الأولى": the first hour).
"""

from __future__ import annotations

import re

from claimtrack.pipeline.values_numbers import Candidate

_PM = r"p\.?\s?m\.?(?![a-z])|مساء|مساءا|ليلا"
_AM = r"a\.?\s?m\.?(?![a-z])|صباحا|صباح|فجرا"
_MARK = rf"(?P<pm>{_PM})|(?P<am>{_AM})"
_ZONE = (
    r"(?P<local>local\s{1,3}time|بالتوقيت\s{1,3}المحلي|بتوقيت\s{1,3}\w+\s{1,3}المحلي)"
    r"|(?P<gmt>gmt|utc|بتوقيت\s{1,3}غرين\w*|بتوقيت\s{1,3}جرين\w*|غرينتش|غرينيتش)"
)
_CUE = (
    r"(?:at|around|about|approximately|by|before|after|until|shortly\s{1,3}after|"
    r"[وفب]?(?:الساعه|ساعه|حوالي|نحو|قرابه|عند|منذ|حتي))\s{1,3}\Z"
)
# Patterns start with a consuming digit (no leading look-behind), so ``re`` skips quickly
# to candidate positions; the left boundary is checked in Python. ``find_times`` runs
# each only when the text holds what it needs (a colon, a marker word, GMT/UTC).
_CLOCK_RE = re.compile(
    r"(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>[0-5]\d)(?![\d:]|\.\d)"
    rf"(?:\s{{0,2}}(?:{_MARK}))?(?:\s{{0,3}}\(?\s{{0,2}}(?:{_ZONE}))?"
)
_HOUR_RE = re.compile(rf"(?P<h>\d{{1,2}})\s{{0,2}}(?:{_MARK})(?:\s{{0,3}}\(?\s{{0,2}}(?:{_ZONE}))?")
_WIRE_RE = re.compile(r"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s{0,2}(?P<gmt>gmt|utc)\b")
_CUE_RE = re.compile(_CUE)
_COLON_RE = re.compile(r":(?=[0-5]\d)")
_MARKER_RE = re.compile(rf"{_PM}|{_AM}")
_MARK_WORDS = frozenset(["pm", "am", "مساء", "مساءا", "ليلا", "صباحا", "صباح", "فجرا"])
# Arabic hours in words, folded ("الحادية عشرة" -> "الحاديه عشره"), after "الساعة".
_AR_HOURS = {
    "الاولي": 1, "الواحده": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5,
    "السادسه": 6, "السابعه": 7, "الثامنه": 8, "التاسعه": 9, "العاشره": 10,
    "الحاديه عشره": 11, "الثانيه عشره": 12,
}  # fmt: skip
_AR_WORD_RE = re.compile(
    r"(?<!\w)[وفب]?الساعه\s{1,3}"
    r"(?P<hw>(?:الحاديه|الثانيه)\s{1,3}عشره|"
    + "|".join(sorted((w for w in _AR_HOURS if " " not in w), key=len, reverse=True))
    + r")(?!\w)"
    r"(?:\s{1,3}(?:و\s{0,2}(?P<min>\d{1,2})\s{1,3}(?:دقيقه|دقائق)|(?P<half>والنصف)"
    r"|(?P<quarter>والربع)|(?P<third>والثلث)|(?P<less>الا\s{1,3}ربعا?)))?"
    r"(?:\s{1,3}و\s{0,2}(?:\d{1,2}\s{1,3})?(?:ثانيه|ثوان|ثواني)(?:\s{1,3}واحده)?)?"
    rf"(?:\s{{1,3}}(?:{_MARK}))?(?:\s{{0,3}}\(?\s{{0,2}}(?:{_ZONE}))?"
)


def find_times(t: str, vocab: frozenset[str]) -> list[Candidate]:
    """Clock-time candidates in folded text ``t`` (``vocab``: its words, ``vocabulary``)."""
    marked = not _MARK_WORDS.isdisjoint(vocab) or "p.m" in t or "a.m" in t or "p. m" in t
    out: list[Candidate] = []
    if ":" in t:  # "H:MM": from each colon (a literal: found fast), not from every digit
        for colon in _COLON_RE.finditer(t):
            at = colon.start() - (2 if colon.start() >= 2 and t[colon.start() - 2].isdigit() else 1)
            m = _CLOCK_RE.match(t, at) if at >= 0 and t[at].isdigit() else None
            if m is not None and m.group("sep") == ":":
                out += _clock(t, m)
    if marked:  # "H.MM pm" and "11 pm" need their marker: read just before each one
        seen: set[int] = set()
        for marker in _MARKER_RE.finditer(t):
            lo, hi = max(0, marker.start() - 8), marker.end()
            end = min(len(t), hi + 40)  # room for a zone after the marker
            for m in _CLOCK_RE.finditer(t, lo, end):
                if m.start() >= marker.start():
                    break
                if m.group("sep") == "." and m.start() not in seen:
                    seen.add(m.start())
                    out += _clock(t, m)
            for m in _HOUR_RE.finditer(t, lo, end):
                if m.start() >= hi:
                    break
                cand = _time(m, int(m.group("h")), 0, hour_only=True)
                if cand is not None and _starts_alone(t, m.start()) and m.start() not in seen:
                    seen.add(m.start())
                    out.append(cand)
    if "الساعه" in t:
        out += [c for m in _AR_WORD_RE.finditer(t) if (c := _word_time(m)) is not None]
    if "gmt" in vocab or "utc" in vocab:
        for m in _WIRE_RE.finditer(t):
            if _starts_alone(t, m.start()):
                hour, minute = int(m.group("h")), int(m.group("m"))
                out.append(_candidate(hour, minute, "GMT", m.start(), m.end(), hour_only=False))
    return out


def _clock(t: str, m: re.Match[str]) -> list[Candidate]:
    """The time of an ``H:MM``/``H.MM`` match, if it is one (see the module docstring)."""
    if not _starts_alone(t, m.start()) or int(m.group("h")) > 24:
        return []
    has_mark = m.group("pm") or m.group("am")
    if m.group("sep") == "." and not has_mark:
        return []  # "11.11" alone is a decimal
    cued = _CUE_RE.search(t, max(0, m.start() - 24), m.start())
    if not (has_mark or m.group("local") or m.group("gmt") or cued):
        return []
    cand = _time(m, int(m.group("h")), int(m.group("m")), hour_only=False)
    return [] if cand is None else [cand]


def _word_time(m: re.Match[str]) -> Candidate | None:
    """ "الساعة الحادية عشرة و11 دقيقة مساء": the hour in words, its minutes, its marker."""
    hour = _AR_HOURS[re.sub(r"\s+", " ", m.group("hw"))]
    minute = (
        int(m.group("min")) if m.group("min")
        else 30 if m.group("half") else 15 if m.group("quarter") else 20 if m.group("third")
        else 0
    )  # fmt: skip
    if m.group("less"):  # "التاسعة إلا ربعا": a quarter to nine
        hour, minute = (hour - 1) or 12, 45
    if minute > 59:
        return None
    given = bool(m.group("min") or m.group("half") or m.group("quarter") or m.group("third")
                 or m.group("less"))  # fmt: skip
    if not (given or m.group("pm") or m.group("am")):
        return None  # "أمضى الساعة الأولى" is the first hour, not one o'clock
    cand = _time(m, hour, minute, hour_only=not given)
    if cand is not None:  # the value is the time; "الساعة" is its cue, as before digits
        cand["fs"] = m.start("hw")
    return cand


def _starts_alone(t: str, at: int) -> bool:
    """No digit, decimal point, colon or comma right before ``at`` (not the tail of
    "1.11:30" or "2,300")."""
    return at == 0 or t[at - 1] not in "0123456789.:,"


def _time(m: re.Match[str], hour: int, minute: int, *, hour_only: bool) -> Candidate | None:
    pm, am = m.group("pm"), m.group("am")
    if (pm or am) and not 1 <= hour <= 12:
        return None  # "15:00 pm" is not a time anyone wrote on purpose
    if pm and hour < 12 and not (pm == "ليلا" and hour <= 4):
        hour += 12
    if am and hour == 12:
        hour = 0
    if hour == 24:
        hour = 0
    zone = "local" if m.group("local") else "GMT" if m.group("gmt") else None
    return _candidate(hour, minute, zone, m.start(), m.end(), hour_only=hour_only)


def _candidate(
    hour: int, minute: int, zone: str | None, start: int, end: int, *, hour_only: bool
) -> Candidate:
    cand: Candidate = {"kind": "time", "value": f"{hour:02d}:{minute:02d}", "unit": None,
                       "fs": start, "fe": end, "zone": zone}  # fmt: skip
    if hour_only:
        cand["hour_only"] = True
    return cand


def minutes(value: str) -> int | None:
    """Minutes after midnight of an "HH:MM" value, None for anything else."""
    hours, colon, mins = str(value).partition(":")
    if not colon or not hours.isdigit() or not mins.isdigit():
        return None
    return int(hours) * 60 + int(mins)
