"""Ordinals, bare weekdays and what a number counts, in folded Arabic/English text.

* Ordinals: "first"/"third"/"4th", "for the third time", "second country to recognise",
  "أول"/"الأولى"/"ثاني"/"الثالثة", "لأول مرة", "للمرة الثانية" -> ``{"kind": "ordinal",
  "value": 3}``. Month names built on ordinals ("كانون الأول", "تشرين الثاني"), "أول أمس"
  (the day before yesterday) and "ثاني أكسيد" (dioxide) are not ordinals.
* Bare weekdays ("Tuesday", "الثلاثاء", "يوم الأربعاء") -> ``{"kind": "weekday", "value":
  0-6}`` (Monday = 0, like ``date.weekday()``). With a publication date the date extractor
  resolves a weekday to a date first; this keeps the weekday when there is none.
* What a number counts (:func:`counted_class`): "11,300 dead" counts deaths, "10,000 missing"
  counts missing people, "magnitude 6.8" a magnitude. Two numbers that count different
  things are different quantities, not a conflict.

Candidates use the ``values_numbers.Candidate`` shape (folded offsets ``fs``/``fe``).
"""

from __future__ import annotations

import functools
import re

from claimtrack.pipeline.values_numbers import Candidate, alternation, folded, windowed_matches

__all__ = ["counted_class", "find_ordinals", "find_weekdays"]

_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_AR_ORDINALS = {
    "أول": 1, "أولى": 1, "ثاني": 2, "ثانية": 2, "ثالث": 3, "ثالثة": 3, "رابع": 4, "رابعة": 4,
    "خامس": 5, "خامسة": 5, "سادس": 6, "سادسة": 6, "سابع": 7, "سابعة": 7, "ثامن": 8,
    "ثامنة": 8, "تاسع": 9, "تاسعة": 9, "عاشر": 10, "عاشرة": 10,
}  # fmt: skip
ORDINALS = {folded(k): v for k, v in (_EN_ORDINALS | _AR_ORDINALS).items()}
_AR_FORMS = {folded(k) for k in _AR_ORDINALS}
# Words before an Arabic ordinal that make it part of a month name or a fixed phrase.
_NOT_BEFORE = {folded(w) for w in ("كانون", "تشرين", "ربيع", "جمادى", "الساعة", "الحرب")}
_NOT_AFTER = {folded(w) for w in ("أمس", "أكسيد")}
_NOT_AFTER_EN = {"hand", "aid", "responders", "lady", "half", "quarter"}
_ORDINAL_RE = re.compile(
    r"(?<!\w)(?:[وفبل]|لل)?(?:ال)?(?P<w>" + alternation(_AR_FORMS) + r")(?!\w)"
    r"|(?<!\w)(?P<e>" + alternation(_EN_ORDINALS) + r")(?!\w)"
)
# "4th", not after a word, "." or ",". The left boundary is a look-behind placed after the
# first digit, so the pattern starts with a consuming character class and ``re`` skips
# quickly to the digits (a leading look-behind was tried at every position of the text).
_DIGIT_ORDINAL_RE = re.compile(r"[0-9](?<![\w.,][0-9])[0-9]{0,2}(?:st|nd|rd|th)(?![a-z])")
_WORD_RE = re.compile(r"\w+")


@functools.cache
def _anchors() -> list[str]:
    # windowed_matches needs the whole word: "الثانية" is not found through "ثانية".
    return sorted({*ORDINALS, *(p + f for f in _AR_FORMS for p in ("ال", "لل"))})


def find_ordinals(t: str, vocab: frozenset[str]) -> list[Candidate]:
    """Ordinal candidates in folded text ``t`` (``vocab`` = ``vocabulary(t)``)."""
    found = windowed_matches(t, _ORDINAL_RE, _anchors(), vocab, 4, 16)
    found += _DIGIT_ORDINAL_RE.finditer(t)
    out: list[Candidate] = []
    for m in found:
        group = next((g for g in ("w", "e") if m.groupdict().get(g)), None)
        if group is None:
            digits = re.match(r"[0-9]+", m.group(0))
            assert digits is not None
            value, span = int(digits.group(0)), m.span()
        else:
            value, span = ORDINALS[m.group(group)], m.span(group)
        before = t[max(0, m.start() - 30) : m.start()].split()
        after = _WORD_RE.findall(t[span[1] : span[1] + 30])
        prev = before[-1] if before else ""
        nxt = after[0] if after else ""
        day_before_yesterday = nxt == "من" and after[1:2] == ["امس"]
        if group == "w" and (prev in _NOT_BEFORE or nxt in _NOT_AFTER or day_before_yesterday):
            continue
        if group == "e" and (nxt in _NOT_AFTER_EN or (m.group("e") == "second" and prev == "a")):
            continue
        start = m.start() if group == "w" else span[0]
        out.append({"kind": "ordinal", "value": value, "unit": None, "fs": start, "fe": span[1]})
    return out


@functools.cache
def _weekday_table() -> dict[str, int]:
    from claimtrack.pipeline.values_dates import _tables

    return dict(_tables()[1])


@functools.cache
def _weekday_re() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)[وفبل]?(?P<w>" + alternation(_weekday_table()) + r")(?!\w)")


def find_weekdays(t: str, vocab: frozenset[str]) -> list[Candidate]:
    """Weekday names in folded text ``t`` as ``weekday`` candidates (value 0-6)."""
    table = _weekday_table()
    out: list[Candidate] = []
    for m in windowed_matches(t, _weekday_re(), table, vocab, 2, 16):
        out.append(
            {"kind": "weekday", "value": table[m.group("w")], "unit": None, "fs": m.start("w"),
             "fe": m.end("w")}
        )  # fmt: skip
    return out


_CLASSES = {
    "deaths": (
        "dead deaths death killed killing died dying fatality fatalities casualties lives bodies "
        "toll "
        "perished "
        "قتيل قتيلا قتلى القتلى مقتل وفاة وفيات الوفيات ضحية ضحايا الضحايا جثة جثث الموتى حتفهم "
        "مصرع الحصيلة حصيلة متوفى متوفين قتلوا لقوا توفوا حياتهم أرواحهم حياة"
    ),
    "missing": "missing unaccounted مفقود مفقودا مفقودين المفقودين مفقودون",
    "injured": (
        "injured wounded injuries hurt جريح جريحا جرحى الجرحى مصاب مصابا مصابين المصابين "
        "إصابة إصابات الإصابات أصيب أصيبوا"
    ),
    "displaced": (
        "displaced homeless evacuated نازح نازحا نازحين النازحين مشرد مشردين المشردين تشريد نزوح "
        "نزحوا"
    ),
    "magnitude": "magnitude richter درجات درجة ريختر بقوة قوتها",
    "depth": "deep depth عمق العمق بعمق",
    "population": "population inhabitants نسمة سكان سكانها السكان",
    "workers": "workers labourers laborers migrants عامل عاملا عمال العمال مهاجر مهاجرين",
    "buildings": "homes houses buildings منزل منازل مبنى مباني المباني المنازل",
    "survivors": "rescued survivors ناجين الناجين ناجيا إنقاذ",
}
COUNT_CLASS = {folded(w): cls for cls, words in _CLASSES.items() for w in words.split()}
_AHEAD, _BACK = 3, 16
# Words between a figure and its noun that do not use up the look-ahead: "10,100 people
# are still reported missing", "10100 شخص ما زالوا في عداد المفقودين".
_FILLER_WORDS = (
    "people persons individuals others other more are were is was have has had been being "
    "reported still now believed feared confirmed officially remain remained as "
    "شخص شخصا أشخاص اشخاص آخرين آخرون آخر ما زالوا زال يزال يزالون لا في عداد"
)
_FILLER = frozenset(folded(w) for w in _FILLER_WORDS.split())
# A magnitude near one of these is an aftershock's, another quantity than the main shock's.
_AFTERSHOCK = frozenset(
    folded(w)
    for w in ["aftershock", "aftershocks", "ارتدادية", "الارتدادية", "ارتدادي", "ارتدادات"]
)
# "a city of (around) 100,000 people": the figure is the place's population.
_PLACE_OF_RE = re.compile(
    r"(?<!\w)(?:city|town|community|village|country|nation)\s{1,3}of"
    r"(?:\s{1,3}(?:about|around|nearly|some|roughly|approximately|almost|over|more\s{1,3}than"
    r"|at\s{1,3}least|an\s{1,3}estimated|just\s{1,3}over|just\s{1,3}under))?\s{1,3}\Z"
)
_PEOPLE_RE = re.compile(
    r"\s{1,3}(?:people|residents|inhabitants|souls)(?!\w)|\s{0,3}(?:[^\w\s]|\Z)"
)
# "N degrees north", "30.961 درجة شمالا": a coordinate.
_COORDINATE_RE = re.compile(
    r"\s{1,3}(?:degrees?|°|درجه|درجات)\s{0,3}(?:north|south|east|west|"
    r"شمالا|جنوبا|شرقا|غربا)(?!\w)"
)
_STOP_RE = re.compile(r"[.;:!?؟،,\n]|\s(?:and|و)\s")


def _lookup(word: str) -> str | None:
    for cand in (
        word,
        word[1:] if word[:1] in "وبلف" else "",
        word[2:] if word[:2] == "ال" else "",
    ):
        if cand and cand in COUNT_CLASS:
            return COUNT_CLASS[cand]
    if word.startswith(("وال", "بال", "فال")) and word[3:] in COUNT_CLASS:
        return COUNT_CLASS[word[3:]]
    return None


def counted_class(t: str, fs: int, fe: int) -> str | None:
    """What the number at folded span ``fs``..``fe`` counts ("deaths", "missing", ...).

    The words just after the number are read first ("11,300 dead", "6.8-magnitude"), then
    the words before it, nearest first ("death toll rose to 11,300", "بقوة 6.8"), within
    the clause. None when no known noun is near. A magnitude with "aftershock" nearby is
    an "aftershock magnitude" (a depth is marked the same way where its unit is read,
    ``values``).
    """
    found = _counted_class(t, fs, fe)
    if found == "magnitude" and _COORDINATE_RE.match(t, fe):
        return None  # "30.961 درجة شمالا": a latitude, not a magnitude
    if found is None and _PLACE_OF_RE.search(t, max(0, fs - 60), fs) and _PEOPLE_RE.match(t, fe):
        return "population"  # "a city of around 100,000 people"
    if found == "magnitude" and near_aftershock(t, fs, fe):
        return "aftershock magnitude"
    return found


def near_aftershock(t: str, fs: int, fe: int) -> bool:
    """An aftershock is named near the figure at ``fs``..``fe``: its magnitude or depth is
    the aftershock's ("The aftershock had a depth of 10 kilometers"), not the main shock's."""
    return any(w in _AFTERSHOCK for w in _WORD_RE.findall(t[max(0, fs - 80) : fe + 60]))


def _counted_class(t: str, fs: int, fe: int) -> str | None:
    ahead = t[fe : fe + 60]
    stop = _STOP_RE.search(ahead)
    budget = _AHEAD
    for word in _WORD_RE.findall(ahead[: stop.start()] if stop else ahead):
        if word[0].isdigit() or budget == 0:
            break
        found = _lookup(word)
        if found:
            return found
        budget -= word not in _FILLER
    back = t[max(0, fs - 160) : fs]
    stops = list(_STOP_RE.finditer(back))
    if stops:
        back = back[stops[-1].end() :]
    words = _WORD_RE.findall(back)[-_BACK:]
    for i in range(len(words) - 1, -1, -1):
        if words[i][0].isdigit():
            break
        found = _lookup(words[i])
        if found:
            # "a city of 100,000 inhabitants located 250 km": the noun is the earlier figure's.
            return None if i and words[i - 1][0].isdigit() else found
    return None
