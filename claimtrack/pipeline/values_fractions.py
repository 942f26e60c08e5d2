"""Fractions of a whole as percents: "a fifth of the city", "two thirds of", "ربع المدينة".

"25% of the city has disappeared", "a quarter of the city" and "ربع المدينة" give one
figure, 25 percent; "up to a fifth of the city" gives 20 and "ثلث مدينة درنة" 33.3, so the
relation step can see that reports agree or differ. A fraction is a ``percent`` value with
``"fraction": true`` (its ``text`` is the words).

Only a fraction *of* something counts: English needs "of" after it ("a fifth of"), Arabic
the noun it is in construct with ("ربع المدينة"). A span of time is no fraction of a whole
("half an hour", "a quarter of a century", "نصف قرن", "ربع ساعة"), and "the fifth of
September" is a date.
"""

from __future__ import annotations

import functools
import re

from claimtrack.pipeline.values_numbers import Candidate, alternation, folded

_EN_PARTS = {
    "half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "sixth": 100 / 6,
    "eighth": 12.5, "tenth": 10.0,
}  # fmt: skip
_EN_PLURAL = {"halves": 50.0, "thirds": 100 / 3, "quarters": 25.0, "fifths": 20.0, "tenths": 10.0}
_EN_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
# Not "خمس" (also "five"), "ثمن" (also "price") or "عشر" (also "ten"): unvowelled, they are
# far more often the other word.
_AR_PARTS = {"نصف": 50.0, "ثلث": 100 / 3, "ربع": 25.0, "ثلثا": 200 / 3, "ثلثي": 200 / 3}
_TIME = (
    "hour", "hours", "century", "centuries", "decade", "year", "years", "month", "months",
    "day", "week", "minute", "minutes", "second", "time", "final", "finals", "mile",
    "ساعه", "ساعات", "قرن", "القرن", "عام", "العام", "سنه", "السنه", "شهر", "الشهر", "يوم",
    "اليوم", "اسبوع", "دقيقه", "ساعة", "نهائي", "النهائي", "مليون", "مليار", "الف",
)  # fmt: skip
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

# "the first half of", "the second half": a period, not a share.
_PERIOD_RE = re.compile(r"(?:first|second|last|latter|former|other)\s{1,3}\Z")


@functools.cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], dict[str, float]]:
    en_parts = alternation([*_EN_PARTS, *_EN_PLURAL])
    en = re.compile(
        rf"(?<!\w)(?:(?P<n>{alternation(_EN_COUNT)})[\s-]{{1,3}})?(?P<p>{en_parts})"
        r"\s{1,3}of(?:\s{1,3}(?:an?|the))?\s{1,3}(?P<after>\w+)"
    )
    ar_parts = {folded(w): v for w, v in _AR_PARTS.items()}
    ar = re.compile(
        rf"(?<!\w)(?:[وب]|ال)?(?P<p>{alternation(ar_parts)})(?!\w)\s{{1,3}}(?P<after>\w+)"
    )
    stops = frozenset(folded(w) for w in (*_TIME, *_MONTHS))
    return en, ar, stops, ar_parts


def find_fractions(t: str, vocab: frozenset[str]) -> list[Candidate]:
    """Fraction candidates in folded text ``t`` (``vocab``: its words, see ``vocabulary``)."""
    out: list[Candidate] = []
    en, ar, stops, ar_parts = _regexes()
    if not vocab.isdisjoint(_EN_PARTS) or not vocab.isdisjoint(_EN_PLURAL):
        for m in en.finditer(t):
            after = m.group("after")
            if (
                after in stops
                or after[0].isdigit()
                or _PERIOD_RE.search(t, max(0, m.start() - 12), m.start())
            ):
                continue  # "half an hour", "half of 2023", "the first half of the match"
            part, count = m.group("p"), m.group("n")
            if count is None and part != "half":  # "the third of", "a second of": no count
                continue
            share = _EN_PARTS.get(part) or _EN_PLURAL[part]
            out.append(_fraction(_EN_COUNT.get(count or "one", 1) * share, m.start(), m.end("p")))
    if any(w in vocab or "ال" + w in vocab for w in ar_parts):
        for m in ar.finditer(t):
            after = m.group("after")
            if after in stops or after[0].isdigit() or after.startswith(("ساع", "دقيق")):
                continue
            out.append(_fraction(ar_parts[m.group("p")], m.start("p"), m.end("p")))
    return out


def _fraction(share: float, start: int, end: int) -> Candidate:
    value = round(share, 1)
    return {"kind": "percent", "value": int(value) if value.is_integer() else value,
            "unit": None, "fs": start, "fe": end, "fraction": True}  # fmt: skip
