"""Dates in folded Arabic/English text: month names, numeric dates, relative days, weekdays.

Month and weekday names come from CLDR through Babel: ``ar`` (MSA/Egyptian), ``ar_SY``
(Levantine/Iraqi: كانون الثاني … كانون الأول), ``ar_DZ`` (Maghrebi: جانفي … ديسمبر),
``ar_MA`` (Moroccan) and ``en``. CLDR holds one spelling per locale, so the spellings
news copy also uses (Egyptian يونيه/يوليه, إبريل, Levantine names without the article,
English "Sept") are listed in ``_EXTRA_MONTHS``. The regexes are built on first use so
importing claimtrack does not load Babel's locale data.

Without ``published`` relative dates (today, yesterday, Tuesday) are skipped: a value
with no date cannot be compared, and guessing one would invent facts.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from typing import Any

from claimtrack.pipeline.values_numbers import (
    Candidate,
    alternation,
    folded,
    vocabulary,
    windowed_matches,
)

_EXTRA_MONTHS = {
    "إبريل": 4, "ابريل": 4, "يونيه": 6, "يوليه": 7, "اغسطس": 8, "آغسطس": 8,
    "كانون ثاني": 1, "كانون أول": 12, "تشرين أول": 10, "تشرين ثاني": 11,
    "sept": 9, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_REL_DAYS = {
    "اليوم": 0, "امس": -1, "اول امس": -2, "اول من امس": -2, "امس الاول": -2, "غدا": 1,
    "بعد غد": 2, "today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2,
}  # fmt: skip
_PAST = {"الماضي", "المنصرم", "الفائت", "السابق", "last", "past"}
_FUTURE = {"المقبل", "القادم", "next", "coming"}
_CURRENT = {"الجاري", "الحالي", "this"}
# "اليوم الأول" is "the first day", not "today".
_NOT_TODAY = ["الأول", "الثاني", "الثالث", "الأخير", "التالي", "الوطني", "العالمي", "الدولي"]


@functools.cache
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for loc in ("ar", "ar_SY", "ar_DZ", "ar_MA", "en"):
        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, locale=loc).items():
                months[folded(name).rstrip(".")] = num
    months.update({folded(k): v for k, v in _EXTRA_MONTHS.items()})
    weekdays: dict[str, int] = {}
    for loc in ("ar", "en"):
        for num, name in get_day_names("wide", locale=loc).items():
            weekdays[folded(name)] = num  # Babel numbers weekdays like date.weekday()
    return months, weekdays


@functools.cache
def _regexes() -> dict[str, re.Pattern[str]]:
    months, weekdays = _tables()
    mon = alternation(months)
    rev_mon = alternation(m[::-1] for m in months)
    ar_wd = alternation(w for w in weekdays if not w.isascii())
    en_wd = alternation(w for w in weekdays if w.isascii())
    year = r"(?:,?\s{1,3}(?:(?:عام|سنه)\s{1,3})?(?P<y>[0-9]{4})(?![0-9]))"
    rel_words = alternation(_REL_DAYS)
    tod = alternation(["صباح", "مساء", "ظهر", "عصر", "فجر", "ليلة", "ليل", "صبيحة", "نهار"])
    # Absolute dates are found from their digits (cheap to find), looking at the words
    # after them ("4 أيلول/سبتمبر") or, through the reversed text, before them
    # ("Sept. 4", "September 2023"), so no month regex scans the whole text.
    return {
        # One digit, then the rest: a leading character set lets ``re`` skip to the digits
        # in C (a leading repeat, "[0-9]++", is tried at every position of the text).
        "digits": re.compile(r"[0-9][0-9]*+"),
        "month_after": re.compile(
            rf"(?:st|nd|rd|th)?\s{{1,3}}(?:(?:of|من)\s{{1,3}})?"
            rf"(?P<m>(?:{mon})(?:\s{{0,2}}/\s{{0,2}}(?:{mon}))?)(?!\w)"
            rf"(?:(?<=[a-z])\.(?=\s{{1,3}}[0-9]))?{year}?"
        ),
        "month_before_rev": re.compile(
            rf"\s{{1,3}}(?P<cue>(?:ماع|هنس)\s{{1,3}})?,?\.?"
            rf"(?P<m>(?:{rev_mon})(?:\s{{0,2}}/\s{{0,2}}(?:{rev_mon}))?)(?!\w)"
        ),
        "year_after": re.compile(rf"(?:st|nd|rd|th)?(?![0-9]){year}?"),
        "iso_rest": re.compile(r"-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?![0-9])"),
        "numeric_rest": re.compile(
            r"(?P<sep>[/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})(?![0-9])"
        ),
        "time_rest": re.compile(r":[0-9]{2}(?![0-9])"),
        "relative": re.compile(
            rf"(?<!\w)[وف]?(?P<rel>(?:(?:{tod})\s{{1,3}})?(?:يوم\s{{1,3}})?(?P<rw>{rel_words})"
            rf"(?:\s{{1,3}}(?P<rwd>{ar_wd}))?)(?!\w)"
            rf"|(?<!\w)[وف]?(?P<wk>(?:يوم\s{{1,3}})?(?P<awd>{ar_wd})"
            rf"(?:\s{{1,3}}(?P<amod>{alternation(_PAST | _FUTURE)}))?)(?!\w)"
            rf"|(?<!\w)(?P<ewk>(?:(?P<emod>last|next|this|past|coming)\s{{1,3}})?(?P<ewd>{en_wd}))"
            r"(?!\w)"
        ),
        "weekday_before": re.compile(
            rf"(?<!\w)[وف]?(?P<body>(?:يوم\s{{1,3}})?(?P<wd>{ar_wd}|{en_wd}))\s{{0,2}}[,،]?\s{{0,3}}\Z"
        ),
        "not_today": re.compile(rf"\s{{1,3}}(?:{alternation(_NOT_TODAY)})(?!\w)"),
        "modifier_after": re.compile(
            rf"\s{{1,3}}(?P<mod>{alternation(_PAST | _FUTURE | _CURRENT)})(?!\w)"
        ),
    }


def _month_of(text: str) -> int:
    months = _tables()[0]
    first = re.split(r"\s{0,2}/", text.rstrip("."), maxsplit=1)[0].strip()
    return months[re.sub(r"\s{1,3}", " ", first)]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date, mod: str | None) -> date | None:
    """The year for "4 September": the closest such date to ``published``.

    "الماضي"/"last" forces the latest one not after publication, "المقبل"/"next" the
    first one not before it; "الجاري" (this month) the publication year.
    """
    options = [d for y in (published.year - 1, published.year, published.year + 1)
               if (d := _safe_date(y, month, day)) is not None]  # fmt: skip
    if not options:
        return None
    if mod in _PAST:
        past = [d for d in options if d <= published]
        return max(past) if past else None
    if mod in _FUTURE:
        future = [d for d in options if d >= published]
        return min(future) if future else None
    if mod in _CURRENT:
        return _safe_date(published.year, month, day)
    return min(options, key=lambda d: (abs((d - published).days), d > published))


def _weekday_date(weekday: int, published: date, mod: str | None) -> date:
    back = (published.weekday() - weekday) % 7
    if mod in _FUTURE:
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if mod in _PAST:
        back = back or 7
    return published - timedelta(days=back)


def _cand(value: Any, start: int, end: int, **extra: Any) -> Candidate:
    return {"kind": "date", "value": value, "unit": None, "fs": start, "fe": end,
            "resolved_from": None, **extra}  # fmt: skip


def _full(y: int, m: int, d: int, start: int, end: int) -> Candidate | None:
    day = _safe_date(y, m, d)
    return _cand(day.isoformat(), start, end) if day else None


def _day_month(
    t: str, month: int, day: int, start: int, end: int, published: date | None
) -> Candidate | None:
    """A day and month with no year written: year from ``published`` or a partial date."""
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: leap, so 29 Feb passes
        return None
    if published is None:
        cand = _cand(f"{month:02d}-{day:02d}", start, end)
        cand["unit"] = "partial"
        return cand
    post = _regexes()["modifier_after"].match(t, end)
    d = _infer_year(month, day, published, post.group("mod") if post else None)
    return _cand(d.isoformat(), start, end) if d else None


def _absolute(t: str, m: re.Match[str], published: date | None, language: str) -> Candidate | None:
    """The date (or clock time, kind None) that the digit run ``m`` belongs to, if any."""
    rx = _regexes()
    s, e = m.span()
    digits = m.group()
    if s and t[s - 1] in "0123456789.,/:":
        return None
    if len(digits) <= 2:
        if r := rx["time_rest"].match(t, e):
            return {"kind": None, "fs": s, "fe": r.end()}  # a clock time: consume, report nothing
        if r := rx["numeric_rest"].match(t, e):
            a, b = int(digits), int(r.group("b"))
            # Arabic copy and most non-US English write day/month.
            month, day = (a, b) if language == "en" and b > 12 >= a else (b, a)
            return _full(int(r.group("y")), month, day, s, r.end())
        if r := rx["month_after"].match(t, e):
            month = _month_of(r.group("m"))
            if r.group("y"):
                return _full(int(r.group("y")), month, int(digits), s, r.end())
            return _day_month(t, month, int(digits), s, r.end(), published)
    elif len(digits) == 4 and (r := rx["iso_rest"].match(t, e)):
        return _full(int(digits), int(r.group("m")), int(r.group("d")), s, r.end())
    if len(digits) not in (1, 2, 4):
        return None
    window = t[max(0, s - 40) : s][::-1]
    before = rx["month_before_rev"].match(window)
    if before is None:
        return None
    month = _month_of(window[before.start("m") : before.end("m")][::-1])
    start = s - before.end("m")
    if len(digits) == 4:  # "September 2023"
        return _cand(f"{int(digits):04d}-{month:02d}", start, e)
    if before.group("cue"):
        return None
    after = rx["year_after"].match(t, e)
    assert after is not None  # all optional
    if after.group("y"):
        return _full(int(after.group("y")), month, int(digits), start, after.end())
    return _day_month(t, month, int(digits), start, after.end(), published)


def _with_weekday(t: str, cand: Candidate) -> Candidate:
    """Take in a weekday name written just before the date and check it."""
    window = t[max(0, cand["fs"] - 24) : cand["fs"]]
    wm = _regexes()["weekday_before"].search(window)
    if wm is None or len(cand["value"]) != 10:
        return cand
    weekday = _tables()[1][wm.group("wd")]
    cand["fs"] = max(0, cand["fs"] - 24) + wm.start("body")
    cand["weekday"] = weekday
    cand["weekday_ok"] = date.fromisoformat(cand["value"]).weekday() == weekday
    return cand


def _relative(m: re.Match[str], published: date) -> Candidate:
    weekdays = _tables()[1]
    g = m.groupdict()
    if g["rel"] is not None:
        words = re.sub(r"\s{1,3}", " ", g["rw"])
        d = published + timedelta(days=_REL_DAYS[words])
        cand = _cand(d.isoformat(), *m.span("rel"), resolved_from="relative")
        if g["rwd"]:
            cand["weekday"] = weekdays[g["rwd"]]
            cand["weekday_ok"] = d.weekday() == cand["weekday"]
        return cand
    if g["wk"] is not None:
        wd, mod, span = weekdays[g["awd"]], g["amod"], m.span("wk")
    else:
        wd, mod, span = weekdays[g["ewd"]], g["emod"], m.span("ewk")
    d = _weekday_date(wd, published, mod)
    return _cand(d.isoformat(), *span, resolved_from="weekday", weekday=wd)


# Every relative phrase contains one of these (or a weekday name); common words such
# as "من"/"بعد" in "أول من أمس"/"بعد غد" would make poor anchors.
_REL_ANCHORS = ("اليوم", "امس", "غدا", "غد", "today", "yesterday", "tomorrow")


@functools.cache
def _relative_anchors() -> tuple[str, ...]:
    return tuple(sorted(set(_REL_ANCHORS) | set(_tables()[1])))


def find_dates(
    t: str, language: str, published: date | None, vocab: frozenset[str] | None = None
) -> list[Candidate]:
    """Date candidates in folded text ``t`` (kind None = consumed span, e.g. a clock time).

    ``vocab`` is ``vocabulary(t)`` when the caller has it already.
    """
    rx = _regexes()
    out: list[Candidate] = []
    for m in rx["digits"].finditer(t):
        cand = _absolute(t, m, published, language)
        if cand is not None:
            out.append(_with_weekday(t, cand) if cand["kind"] else cand)
    if published is not None:
        vocab = vocabulary(t) if vocab is None else vocab
        for m in windowed_matches(t, rx["relative"], _relative_anchors(), vocab, 24, 48):
            if m.group("rw") == "اليوم" and rx["not_today"].match(t, m.end("rw")):
                continue
            out.append(_relative(m, published))
    return out
