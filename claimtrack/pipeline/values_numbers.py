"""Numbers, percents, money, durations and years in folded Arabic/English text.

Works on ``normalize.fold`` output (ASCII digits, no diacritics, casefolded Latin), so
word lists are written in ordinary spelling and folded once at import. Only the digit
regex scans the whole text; everything else is matched anchored at a digit run's end,
or in a bounded window around a trigger word (number word, Arabic dual) that
``vocabulary`` says is present. That keeps the stage linear in the text length and
fast: Python's ``re`` is slow when a word-list regex is tried at every position.

Number words: we keep our own small tables. For English a PyPI parser exists
(word2number 1.1) but one..ninety(-nine) and "N hundred" is all claims need, so a
table avoids a dependency; for Arabic no offline number-word library exists, so the
common cardinals are listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from claimtrack.pipeline.normalize import fold

Candidate = dict[str, Any]


def folded(word: str) -> str:
    """A word list entry as it appears in folded text."""
    return fold(word).text


def alternation(words: Iterable[str]) -> str:
    """Regex matching any of the folded ``words`` (a space matches 1-3 whitespace).

    Emitted as a prefix trie (``اب(?:ريل)?``) rather than ``a|b|c``: Python's ``re``
    tries every branch of a flat alternation at every position, and with ~100 month or
    number words that alone cost more than the rest of the stage. Optional tails are
    greedy, so the longest word is tried first.
    """
    root: dict[str, Any] = {}
    for word in {folded(w) for w in words}:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    branches = [
        (r"\s{1,3}" if ch == " " else re.escape(ch)) + _emit(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


_LETTERS_RE = re.compile(r"[^\W\d_]+")
# A word of three letters or more that starts with a one-letter proclitic (the letters of
# _PROCLITICS below), in words joined by "\n" with one in front: its remainder. It starts
# with a literal "\n", so ``re`` jumps from word to word (``^`` in MULTILINE mode was tried
# at every character).
_PROCLITIC_WORD = re.compile(r"\n[" + "وبلفك" + r"]([^\n]{2,})")


def vocabulary(t: str) -> frozenset[str]:
    """The distinct words of ``t``, also without a one-letter proclitic (و ف ب ل ك).

    Rare trigger words (number words, "أمس", weekday names) are looked up here first;
    only those present are searched for, which is far cheaper than running their
    regexes over every position of a long text.
    """
    words = set(_LETTERS_RE.findall(t))
    return frozenset(words | {w[1:] for w in words if len(w) > 2 and w[0] in _PROCLITICS})


def vocabulary_of_words(words: Iterable[str]) -> frozenset[str]:
    """``vocabulary`` of a text from its words (lower-cased folded tokens, which may hold
    digits or inner hyphens: "12km", "soyuz-2"), without scanning the text again. ``words``
    may be a set already (the extractor shares one with ``detect.future_verbs_of``)."""
    distinct = words if isinstance(words, (set, frozenset)) else set(words)
    letters = set(filter(str.isalpha, distinct))  # C-level: no Python step per word
    # The letter runs of the other words, by one regex over them joined ("\n" is no letter).
    letters.update(_LETTERS_RE.findall("\n".join(distinct - letters)))
    # The proclitic-stripped forms, found by one regex over the joined words (in C).
    return frozenset(letters.union(_PROCLITIC_WORD.findall("\n" + "\n".join(letters))))


def windowed_matches(
    t: str,
    rx: re.Pattern[str],
    anchors: Iterable[str],
    vocab: frozenset[str],
    back: int,
    ahead: int,
) -> list[re.Match[str]]:
    """Matches of ``rx`` that contain an occurrence of one of ``anchors`` (words in ``vocab``).

    ``rx`` is searched only in a window of ``back``/``ahead`` chars around each
    occurrence, so the cost follows the number of occurrences, not the text length.
    """
    hits: list[int] = []
    n = len(t)
    # The anchors present, found in C (``hits`` is sorted below, so their order is moot).
    for word in vocab.intersection(anchors):
        i = t.find(word)
        while i >= 0:
            # Skip occurrences inside a longer word ("one" in "money") before paying
            # for a regex search; a one-letter proclitic in front is allowed.
            end = i + len(word)
            if (end >= n or not t[end].isalnum()) and (
                i == 0
                or not t[i - 1].isalnum()
                or (t[i - 1] in _PROCLITICS and (i < 2 or not t[i - 2].isalnum()))
            ):
                hits.append(i)
            i = t.find(word, end)
    out: list[re.Match[str]] = []
    covered = -1
    for i in sorted(hits):
        if i < covered:
            continue
        pos, endpos = max(0, i - back), min(len(t), i + ahead)
        while (m := rx.search(t, pos, endpos)) is not None and m.start() <= i:
            if m.end() > i:
                out.append(m)
                covered = m.end()
                break
            pos = max(m.end(), pos + 1)
    return out


def _table(pairs: dict[str, Any]) -> dict[str, Any]:
    return {folded(k): v for k, v in pairs.items()}


SCALES = _table(
    {
        "thousand": 1_000, "thousands": 1_000, "ألف": 1_000, "آلاف": 1_000, "ألفا": 1_000,
        "million": 10**6, "millions": 10**6, "مليون": 10**6, "ملايين": 10**6, "مليونا": 10**6,
        "billion": 10**9, "billions": 10**9, "مليار": 10**9, "مليارات": 10**9, "مليارا": 10**9,
        "بليون": 10**9, "trillion": 10**12, "تريليون": 10**12, "تريليونات": 10**12,
    }
)  # fmt: skip
_ABBREV_SCALES = {"k": 1_000, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}

PERCENT_WORDS = ["%", "percent", "per cent", "pct", "في المئة", "في المائة", "بالمئة", "بالمائة"]

CURRENCY_AFTER = _table(
    {
        "dollars": "USD", "dollar": "USD", "usd": "USD", "دولار": "USD", "دولارا": "USD",
        "دولارات": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR", "يورو": "EUR",
        "pounds": "GBP", "gbp": "GBP", "جنيه إسترليني": "GBP", "جنيه استرليني": "GBP",
        # Plain جنيه in Arabic news is nearly always the Egyptian pound.
        "جنيه": "EGP", "جنيها": "EGP", "جنيهات": "EGP",
        "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "روبل": "RUB", "روبلا": "RUB",
        "yuan": "CNY", "يوان": "CNY", "yen": "JPY",
        # Riyal, dinar, dirham and lira name several national currencies: keep the word.
        "ريال": "riyal", "ريالا": "riyal", "ريالات": "riyal", "دينار": "dinar",
        "دينارا": "dinar", "دنانير": "dinar", "درهم": "dirham", "دراهم": "dirham",
        "ليرة": "lira", "ليرات": "lira",
    }
)  # fmt: skip
CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}

DURATION_UNITS = _table(
    {
        "عام": "year", "عاما": "year", "أعوام": "year", "سنة": "year", "سنوات": "year",
        "سنين": "year", "years": "year", "year": "year", "yrs": "year", "yr": "year",
        "شهر": "month", "شهرا": "month", "أشهر": "month", "شهور": "month", "months": "month",
        "month": "month", "أسبوع": "week", "أسبوعا": "week", "أسابيع": "week", "weeks": "week",
        "week": "week", "يوم": "day", "يوما": "day", "أيام": "day", "days": "day", "day": "day",
        "ساعة": "hour", "ساعات": "hour", "hours": "hour", "hour": "hour", "دقيقة": "minute",
        "دقائق": "minute", "minutes": "minute", "minute": "minute", "ثانية": "second",
        "ثوان": "second", "ثواني": "second", "ثانيتين": "second", "seconds": "second",
        "second": "second", "secs": "second", "sec": "second", "عقد": "decade",
        "عقود": "decade", "decades": "decade", "decade": "decade", "قرن": "century",
        "قرون": "century", "centuries": "century", "century": "century",
    }
)  # fmt: skip
# Arabic duals carry the number in the noun: "عامين" is a two-year duration.
DUAL_UNITS = _table(
    {
        "عامين": "year", "عامان": "year", "سنتين": "year", "سنتان": "year", "شهرين": "month",
        "شهران": "month", "أسبوعين": "week", "أسبوعان": "week", "يومين": "day", "يومان": "day",
        "ساعتين": "hour", "ساعتان": "hour", "عقدين": "decade", "عقدان": "decade",
    }
)  # fmt: skip

NUMBER_WORDS = _table(
    {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
        "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2,
        "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6,
        "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8, "ثمان": 8, "تسع": 9,
        "تسعة": 9, "عشر": 10, "عشرة": 10, "أحد": 1, "إحدى": 1,
        "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
        "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
        "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "مئة": 100, "مائة": 100,
    }
)  # fmt: skip
_AR_UNITS = [w for w, v in NUMBER_WORDS.items() if v < 10 and not w.isascii()]
_AR_TENS = [w for w, v in NUMBER_WORDS.items() if 20 <= v < 100 and not w.isascii()]
_EN_UNITS = [w for w, v in NUMBER_WORDS.items() if v < 10 and w.isascii()]
_EN_TENS = [w for w, v in NUMBER_WORDS.items() if 20 <= v < 100 and w.isascii()]

# The first digit is matched before the alternation: a pattern that opens with a plain
# character set lets ``re`` skip to the digits in C, where one that opens with a repeat
# or an alternation is tried at every position of the text (5x slower on articles).
_NUM = r"[0-9](?:[0-9]{0,2}(?:,[0-9]{3})++(?:\.[0-9]++)?(?![0-9])|[0-9]*+(?:\.[0-9]++)?)"
# Patterns start with a consuming element (no leading look-behind) so ``re`` can skip
# quickly to candidate positions; the left boundary is checked in Python.
DIGITS_RE = re.compile(_NUM)
_CUR_BEFORE_RE = re.compile(r"(?:us\$|\$|€|£)\s?\Z")
WORDS_RE = re.compile(
    r"(?<!\w)[وبلف]?(?P<w>"
    + rf"(?:{alternation(_AR_UNITS)})\s{{1,3}}و(?:{alternation(_AR_TENS)})"
    + rf"|(?:{alternation(_AR_UNITS)}|احد|احدي)\s{{1,3}}عشر[ه]?"
    + rf"|(?:{alternation(_EN_UNITS)})[- ]hundred"
    + rf"|(?:{alternation(_EN_TENS)})[- ](?:{alternation(_EN_UNITS)})"
    + rf"|{alternation(NUMBER_WORDS)})(?!\w)"
)
DUAL_RE = re.compile(r"(?<!\w)[وبلف]?(?P<w>" + alternation(DUAL_UNITS) + r")(?!\w)")
# "a" is an anchor only for "a hundred": a text without "hundred" gets the list without it,
# so the search does not stop at every standalone "a" of an English text (most of its time).
_NUMBER_ANCHORS = sorted({w for k in NUMBER_WORDS for w in k.split()} - {"a"})
_HUNDRED_ANCHORS = sorted([*_NUMBER_ANCHORS, "a"])
_POST_RE = re.compile(
    r"(?:(?P<abbr>k|mn|m|bn|b|tn)(?![a-z]))?"
    rf"(?:\s{{0,2}}(?P<scale>{alternation(SCALES)})(?!\w))?"
    rf"(?:\s{{0,2}}(?P<pct>%|(?:{alternation(PERCENT_WORDS[1:])})(?!\w)))?"
    rf"(?:(?:\s{{0,2}}|-)(?P<unit>{alternation(DURATION_UNITS)})(?!\w))?"
    rf"(?:\s{{0,2}}(?P<cur>{alternation(CURRENCY_AFTER)})(?!\w))?"
)
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)(?![a-z])")
# A time of day ("11.11 p.m.", "at 9 am", "11.10 مساء") is not a quantity.
_CLOCK_AFTER_RE = re.compile(r"\s{0,2}(?:[ap]\.?m(?![a-z])|مساء|صباحا|صباح)")
# Words that make a following 4-digit number a year: strong cues for any year from
# 1000, weak ones ("in", "في") only for 1900-2100 ("في 1500 موقع" is a count).
_STRONG_YEAR_CUE_RE = re.compile(
    r"(?<!\w)(?:[وفل]?(?:عام|العام|عامي|سنه|السنه|سنتي|بحلول|منذ|حتي|قبل|بعد)|year|since|until|till"
    r"|before|after)\s{1,3}\Z"
)
_WEAK_YEAR_CUE_RE = re.compile(
    r"(?<!\w)(?:[وف]?(?:في|خلال|من|الي)|in|during|of|from|to|between|and|by)\s{1,3}\Z"
)
# "أكثر من 2000" / "ما يزيد عن 2000": a count compared, never the year 2000.
_COMPARED_RE = re.compile(r"(?<!\w)(?:اكثر|اقل|ازيد|يزيد|يقل|يربو)\s{1,3}(?:من|عن|علي)\s{1,3}\Z")
_WORD_CHAR_RE = re.compile(r"\w")
# A 4-digit number standing alone (end of clause) or marked AD ("2019م") reads as a year.
_BARE_END_RE = re.compile(r"\s{0,3}(?:[^\w\s]|\Z)|م(?!\w)")
_HIJRI_RE = re.compile(r"\s?ه(?!\w)")
_PROCLITICS = "وبلفك"


def _number(text: str) -> int | float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() and "." not in text else value


def _scaled(value: int | float, factor: int) -> int | float:
    out = value * factor
    return int(out) if float(out).is_integer() else out


# "magnitude-6.8": a measurement written like a model name ("Su-57"), still a figure.
_MEASURE_HYPHEN_RE = re.compile(r"(?<![^\W\d_])(?:magnitude|richter)-\Z")


# Units of measure written glued to the figure ("10km", "414mm", "18.5km"); a bare "m" is
# left out ("5m" reads as five million as often as five metres). Only whether the letters
# are a unit is decided here (values_units imports this module, so it cannot be asked);
# values_units reads the unit itself.
_GLUED_UNIT_RE = re.compile(r"(?:km2|km/h|kmh|kms|km|mm|cm|kg|mph|m2|m3|ft)(?![a-z0-9])")


def _is_name_part(t: str, start: int, end: int, has_currency: bool) -> bool:
    """Digits glued to a name, tag or model ("سويوز-2", "Covid-19", "#كوفيد_19", "G7", "3D").

    Also list markers and decorations: keycap emoji ("2️⃣") and runs of zeros.
    """
    if end < len(t) and t[end] in "\ufe0f\u20e3":
        return True
    if end - start > 1 and t[start:end].strip("0") == "":
        return True
    if not has_currency and start > 0:
        prev = t[start - 1]
        if prev in "_#@":
            return True
        if prev.isalpha():
            lone_proclitic = prev in _PROCLITICS and (start < 2 or not t[start - 2].isalnum())
            if not lone_proclitic:
                return True
        if prev == "-" and start >= 2 and t[start - 2].isalpha():
            return not _MEASURE_HYPHEN_RE.search(t, max(0, start - 12), start)
    if end < len(t) and "a" <= t[end] <= "z" and not has_currency:
        return _GLUED_UNIT_RE.match(t, end) is None  # "10km" is a length, "G7" a name
    return False


def _classify(
    t: str, start: int, end: int, value: int | float, cur_before: str | None, is_year_shaped: bool
) -> Candidate | None:
    post = _POST_RE.match(t, end)
    assert post is not None  # every group is optional
    abbr, scale, pct, unit, cur_after = post.group("abbr", "scale", "pct", "unit", "cur")
    currency = CURRENCY_BEFORE.get(cur_before or "") or CURRENCY_AFTER.get(cur_after or "")
    if abbr and not currency:
        return None  # "5m" without a currency sign is a unit we do not model
    factor = SCALES.get(scale or "", 1) * _ABBREV_SCALES.get(abbr or "", 1)
    stop = post.end()
    if pct:
        return _cand("percent", _scaled(value, factor), None, start, stop)
    if currency:
        return _cand("money", _scaled(value, factor), currency, start, stop)
    if unit and not scale:
        return _cand("duration", value, DURATION_UNITS[unit], start, post.end("unit"))
    if is_year_shaped and isinstance(value, int) and not scale:
        if _HIJRI_RE.match(t, end):
            return None  # Hijri year ("1445 هـ"): another calendar, not compared
        window = t[max(0, start - 24) : start]
        bare = _BARE_END_RE.match(t, end) is not None
        strong = _STRONG_YEAR_CUE_RE.search(window) is not None
        weak = (bare or _WEAK_YEAR_CUE_RE.search(window) is not None) and not (
            _COMPARED_RE.search(window)
        )
        weak = weak and not _counted_noun_after(t, end)  # "ارتفع إلى 2012 قتيلا": a count
        if (strong and 1000 <= value <= 2100) or (weak and 1900 <= value <= 2100):
            stop = (
                end + 1 if t.startswith("م", end) and not _WORD_CHAR_RE.match(t, end + 1) else end
            )
            return _cand("year", value, None, start, stop)
    return _cand("number", _scaled(value, factor), None, start, stop if scale else end)


_NEXT_WORD_RE = re.compile(r"\s{1,3}(\w+)")
_NEXT_TWO_RE = re.compile(r"\s{1,3}([a-z]+)(?:[\s-]{1,3}([a-z]+))?")
# English nouns that count people or things without a plural "s".
_COLLECTIVES = frozenset([
    "people", "staff", "children", "men", "women", "police", "personnel", "aircraft", "sheep",
    "cattle",
])  # fmt: skip
_NOT_PLURAL = frozenset([
    "is", "was", "has", "this", "its", "us", "as", "yes", "thus", "less", "unless", "always",
])  # fmt: skip
# "the two leaders", "both three": a reference to known things, not a count.
_DEFINITE_BEFORE = re.compile(r"(?:the|these|those|its|their|his|her|our|all|both)\s{1,3}\Z")


def _counts_things(t: str, m: re.Match[str], value: int | float) -> bool:
    """An English number word from two up that counts nouns after it ("twelve charity
    staff", "Thirteen kilometers", "three aircraft"), not after "the"/"their"."""
    word = m.group("w")
    if (
        value < 2
        or not word.isascii()
        or _DEFINITE_BEFORE.search(t, max(0, m.start() - 8), m.start("w"))
    ):
        return False
    found = _NEXT_TWO_RE.match(t, m.end("w"))
    if found is None:
        return False
    return any(
        w is not None
        and (w in _COLLECTIVES or (w.endswith("s") and len(w) > 3 and w not in _NOT_PLURAL))
        for w in found.groups()
    )


def _counted_noun_after(t: str, end: int) -> bool:
    """The word right after the number is a counted noun ("2012 قتيلا", "2012 dead")."""
    from claimtrack.pipeline.values_ordinals import COUNT_CLASS

    found = _NEXT_WORD_RE.match(t, end)
    return found is not None and found.group(1) in COUNT_CLASS


def _cand(kind: str, value: Any, unit: str | None, start: int, end: int) -> Candidate:
    return {"kind": kind, "value": value, "unit": unit, "fs": start, "fe": end}


def find_quantities(t: str, vocab: frozenset[str] | None = None) -> list[Candidate]:
    """Quantities in folded text ``t``; spans ``fs``/``fe`` are folded offsets.

    ``vocab`` is ``vocabulary(t)`` when the caller has it already.
    """
    if vocab is None:
        vocab = vocabulary(t)
    out: list[Candidate] = []
    for m in DIGITS_RE.finditer(t):
        num_start, num_end = m.span()
        if num_start >= 2 and t[num_start - 1] in ".," and t[num_start - 2].isdigit():
            continue  # the tail of "1,2345" or "1.2.3": not a number of its own
        cur_m = _CUR_BEFORE_RE.search(t, max(0, num_start - 4), num_start)
        cur = cur_m.group().strip() if cur_m else None
        if _is_name_part(t, num_start, num_end, cur is not None):
            continue
        if _ORDINAL_SUFFIX_RE.match(t, num_end):
            continue  # "4th": ordinals are not quantities
        raw = m.group()
        if _CLOCK_AFTER_RE.match(t, num_end) and float(raw.replace(",", "")) < 25:
            continue
        start = cur_m.start() if cur_m else num_start
        cand = _classify(t, start, num_end, _number(raw), cur, len(raw) == 4 and raw.isdigit())
        if cand is not None:
            if cand["kind"] != "money":
                cand["fs"] = num_start
            out.append(cand)
    anchors = _HUNDRED_ANCHORS if "hundred" in vocab else _NUMBER_ANCHORS
    for m in windowed_matches(t, WORDS_RE, anchors, vocab, 2, 40):
        value = 0
        for tok in re.findall(r"\w+", m.group("w")):
            if tok not in NUMBER_WORDS and tok.startswith("و"):
                tok = tok[1:]
            word_value = NUMBER_WORDS.get(tok, 0)
            value = value * 100 if word_value == 100 and value else value + word_value
        cand = _classify(t, m.start("w"), m.end("w"), value, None, False)
        if cand is not None and (cand["kind"] != "number" or _counts_things(t, m, value)):
            out.append(cand)  # a bare "one"/"ست" is too often not a quantity
    for m in windowed_matches(t, DUAL_RE, DUAL_UNITS, vocab, 2, 12):
        out.append(_cand("duration", 2, DUAL_UNITS[m.group("w")], *m.span("w")))
    return out
