"""Article metadata inside the text: datelines, bylines, date lines, stamps, source lines.

News copy often starts with a dateline ("SEOUL, Sept. 14 (Yonhap) --", "موسكو (وكالات) -",
"(AP) —", "طرابلس - ",
"VOSTOCHNY SPACEPORT /Amur Region/, September 13. /TASS/.", "Washington, D.C., June 25,
2008 -") and carries lines that describe the article rather than the world: bylines ("VOA
News", "By ...", "كتب ..."), date lines ("Monday, October 5, 2015", "الأثنين 16 يناير
2012"), publication and fetch stamps ("Published: ...", "تاريخ النشر: ...", "Retrieved
from ..."), source lines ("المصدر: الميادين") and republication notes ("ظهرت نسخة من هذا
المنشور ..."). None of it is a claim, and a dateline's city is not a claim's place.

``metadata_end(text, start)`` says where the metadata at the start of one paragraph ends
(``start`` when there is none): the extractor skips that stretch. ``metadata_date(text)`` is
the first full date (with a year) found in metadata near the top of the article: ingest uses
it to fill a missing publication date, and the extractor uses it to resolve relative dates
("on Saturday") of an article that has no publication date. A dateline without a year
("Sept. 14") gives no date: guessing the year would invent one.

Everything is a regex ``match`` at a paragraph start (bounded by the line), so the cost per
article is a few microseconds per paragraph.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["metadata_date", "metadata_end"]

# An agency or outlet as it appears in a dateline: in parentheses or after a dash.
_AGENCIES = (
    r"AP|AFP|Reuters|Yonhap|Xinhua|TASS|UPI|dpa|DPA|KCNA|IANS|PTI|Anadolu|WAM|SPA|QNA|KUNA"
    r"|MENA|BNO NEWS|Sputnik|RIA Novosti|Interfax|Bernama|Kyodo|Korea Bizwire|VOA|ANI"
    r"|وكالات|رويترز|أ ?ف ?ب|ا ?ف ?ب|أ ?ش ?أ|د ?ب ?أ|الأناضول|سبوتنيك|شينخوا|وام|واس|قنا|كونا|بترا"
    r"|سانا|تاس|نوفوستي|يونهاب|الوكالات|وكالة الأنباء الفرنسية|فرانس برس"
)
_MONTH_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_EN = rf"(?:{_MONTH_EN} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH_EN}(?:,? \d{{4}})?)"
_DASH = r"(?:--|—|–|-)"
# ALL-CAPS place, optionally several ("MOSCOW/SEOUL"), a TASS-style /Region/, a country or
# state ("Afghanistan", "D.C."), a date, an agency in parentheses, then the separator.
_EN_DATELINE = re.compile(
    rf"(?:[A-Z][A-Z'’. -]{{1,40}}[A-Z.](?:/[A-Z][A-Z'’. -]{{1,40}}[A-Z.])*"
    rf"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=,|\s*\())"
    rf"(?: /[^/\n]{{1,40}}/)?"
    rf"(?:, (?!{_MONTH_EN} )[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){{0,3}})*"
    rf"(?:, {_DATE_EN})?"
    rf"(?:\.? /TASS/\.|\s*\((?:{_AGENCIES}|[A-Z][A-Za-z ]{{1,24}})\)(?:\s*{_DASH})?"
    rf"|\s+{_DASH})\s*"
)
# Title-case place followed by a date and a dash: "Washington, D.C., June 25, 2008 - ".
_EN_DATED = re.compile(
    rf"[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)*, {_DATE_EN}"
    rf"\s*{_DASH}\s*"
)
_AR_WORDS = r"[\u0621-\u064a\u0640]+(?: [\u0621-\u064a\u0640]+){0,2}"
_AR_DATELINE = re.compile(
    # "موسكو (وكالات) -", "موسكو - (رويترز)", "واغادوغو – أ ف ب", "بكين 12 سبتمبر 2023 (شينخوا) /"
    rf"{_AR_WORDS}(?:،\s*{_AR_WORDS})?"
    rf"(?:\s+\d{{1,2}} [\u0621-\u064a]+(?: [\u0621-\u064a]+)? \d{{4}})?"
    rf"\s*(?:\((?:{_AGENCIES})\)\s*(?:[-–—:/]\s*)?"
    rf"|[-–—]\s*\(?(?:{_AGENCIES})\)?\s*(?:[-–—:]\s*)?"
    rf"|\s+/\s+)"
)
# "(AP) — ", "(رويترز) - ": an agency alone, the place left out.
_AGENCY_ONLY = re.compile(rf"\((?:{_AGENCIES})\)\s*{_DASH}\s*")
# "طرابلس - ", "طرابلس (ليبيا) - ": one or two Arabic words (not a conjunction-led verb),
# an optional country in parentheses, then a spaced dash.
_AR_PLACE_DASH = re.compile(
    r"(?![وف])[\u0621-\u064a]{2,}(?: [\u0621-\u064a]{2,})?(?: \([\u0621-\u064a ]{2,24}\))?"
    r"\s+[-–—]\s+"
)
# Whole lines that describe the article.
_LINE = re.compile(
    r"(?:"
    r"(?:Published|Updated|Posted|Last updated|Updated [Oo]n|Retrieved|Accessed|Source|Sources"
    r"|Photo|Image|Credit|تاريخ النشر|نشر في|نُشر في|تم النشر|آخر تحديث|تحديث|المصدر|المصادر"
    r"|مصدر الصورة|الصورة|تصوير)\s*(?:[:：]|from\b|on\b|\d)[^\n]{0,200}"
    r"|(?:By|بقلم|كتب|كتبت|إعداد|تحرير)\s*[:\-–]?\s*[^\n.!?؟]{2,60}"
    rf"|(?:VOA News|AP|AFP|Reuters|Associated Press|Xinhua|TASS|{_AGENCIES})"
    r"|(?:ظهرت نسخة من هذا|نشرت نسخة من هذا|هذه المقالة هي جزء من|هذا المقال جزء من"
    r"|A version of this (?:post|article|story)|This (?:article|post|story) (?:was originally"
    r"|originally appeared|first appeared|is part of))[^\n]{0,300}"
    r")\s*$"
)
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun الاثنين الأثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد"
)
_MONTH_WORDS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec gmt utc am pm "
    "يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر "
    "اكتوبر نوفمبر ديسمبر كانون الثاني شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول "
    "ايلول تشرين الأول الاول جانفي فيفري أفريل ماي جوان جويلية أوت م ص مساء صباحا"
)
_DATE_LINE_WORDS = frozenset((_WEEKDAYS + " " + _MONTH_WORDS).split())
_WORD = re.compile(r"[^\W\d_]+")
_DATELINE_MARK = re.compile("[(/–—-]")
_DIGIT = re.compile(r"\d")


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _is_date_line(line: str) -> bool:
    """A short line made only of weekday/month names, numbers and punctuation."""
    if not line or len(line) > 60 or _DIGIT.search(line) is None:
        return False
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    return all(str.lower(w) in _DATE_LINE_WORDS for w in _WORD.findall(line))


def metadata_end(text: str, start: int) -> int:
    """End of the metadata that opens the paragraph starting at ``start`` (``start`` if none).

    A whole metadata line returns the line's end; a dateline returns the offset of the first
    character of the story after it.
    """
    end = text.find("\n", start)
    line = (text[start:end] if end >= 0 else text[start:]).rstrip()
    if not line:
        return start
    if (len(line) <= 60 and _is_date_line(line)) or _LINE.match(line):
        return start + len(line)
    if _DATELINE_MARK.search(line, 0, 90) is None:
        return start  # every dateline has a parenthesis, dash or slash near the start
    for pattern in (_EN_DATED, _EN_DATELINE, _AR_DATELINE, _AGENCY_ONLY, _AR_PLACE_DASH):
        found = pattern.match(line)
        if found is not None and found.end() < len(line):
            return start + found.end()
    return start


def metadata_date(text: str, max_paragraphs: int = 6) -> date | None:
    """The first full date in the metadata of the article's first paragraphs, or None."""
    from claimtrack.pipeline.values import extract_values  # Babel tables: load on use

    pos = 0
    seen = 0
    while pos < len(text) and seen < max_paragraphs:
        end = _line_end(text, pos)
        if text[pos:end].strip():
            seen += 1
            stop = metadata_end(text, pos)
            if stop > pos:
                chunk = text[pos:stop]
                for value in [
                    *extract_values(chunk, "ar", None),
                    *extract_values(chunk, "en", None),
                ]:
                    if value.get("kind") == "date" and len(str(value.get("value"))) == 10:
                        try:
                            return date.fromisoformat(str(value["value"]))
                        except ValueError:
                            continue
        pos = end + 1
    return None
