"""Read the dates fact-check exports carry: ISO 8601, RFC 2822, and free text.

Free text seen in real exports: "October 31, 2019", "Oct. 31, 2019", "31 October 2019",
"Thursday, October 31st, 2019", "31/10/2019", "2019/10/31", "31 أكتوبر 2019",
"31 تشرين الأول 2019". A numeric date whose day and month cannot be told apart
("03/04/2019") is *not* guessed: :func:`parse_date_text` returns None and the importer
keeps the text with a warning.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Written with bare alef (أ/إ/آ -> ا) and ى -> ي, as _fold leaves them.
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "جويلية": 7,
    "اوت": 8,
}  # fmt: skip
_MONTHS = {**_EN_MONTHS, **_AR_MONTHS}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})"
_WORDY = (
    re.compile(rf"^(?:\w+,?\s+)?(?P<m>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b"),  # Oct. 31, 2019
    # 31 Oct 2019
    re.compile(rf"^(?:\w+,?\s+)?{_DAY}\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+{_YEAR}\b"),
)
_NUMERIC = re.compile(r"^(?P<a>\d{1,4})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{1,4})\b")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_LETTERS = str.maketrans("أإآى،", "اااي,")


def _fold(text: str) -> str:
    text = text.translate(_DIGITS).casefold().strip()
    text = re.sub("[\u064b-\u0652\u0640]", "", text)  # harakat, tatweel
    text = text.translate(_LETTERS)
    return re.sub(r"\s+", " ", text)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date_text(value: str) -> date | None:
    """The date ``value`` names, or None when it is not a date or is ambiguous."""
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    folded = _fold(text)
    for pattern in _WORDY:
        found = pattern.match(folded)
        if found:
            return _safe(int(found["y"]), _MONTHS[found["m"]], int(found["d"]))
    found = _NUMERIC.match(folded)
    if found:
        a, b, c = (int(found[g]) for g in "abc")
        if len(found["a"]) == 4:  # 2019/10/31
            return _safe(a, b, c)
        if len(found["c"]) != 4:  # a two-digit year: the century is a guess
            return None
        if a > 12 >= b:  # 31/10/2019
            return _safe(c, b, a)
        if b > 12 >= a:  # 10/31/2019
            return _safe(c, a, b)
        return _safe(c, a, b) if a == b else None  # 03/04/2019: day-first or month-first?
    try:
        return parsedate_to_datetime(text).date()  # "Thu, 31 Oct 2019 10:00:00 GMT"
    except (TypeError, ValueError, IndexError):
        return None
