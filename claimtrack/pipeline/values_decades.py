"""Decades as year ranges: "the 1970s", "the seventies", "سبعينيات القرن الماضي".

A decade is a ``year`` value whose ``range`` is its ten years (``value`` is the first), with
``"decade": True``: "built in the 1970s" then agrees with "built between 1973 and 1977"
and conflicts with "built in 1961" (:mod:`claimtrack.embedding.value_compare`).

Spelled-out decades need "the" in English ("in their seventies" is an age); an Arabic one
followed by "من العمر"/"من عمره" is an age too and is skipped. An Arabic decade is of the
twentieth century unless "القرن الحالي"/"الحادي والعشرين" follows.
"""

from __future__ import annotations

import functools
import re

from claimtrack.pipeline.values_numbers import Candidate, alternation, folded

_EN_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
_AR_STEMS = {
    "عشرين": 2, "ثلاثين": 3, "أربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8,
    "تسعين": 9,
}  # fmt: skip
# "1970s", "2010s"; not "1900s"/"2000s"/"1800s", which may name a century as well.
_DIGITS_RE = re.compile(r"(?<![\w'’])(?P<c>1[89]|20)(?P<d>[1-9])0s(?![a-z0-9])")
_CENTURY_NOW = ("الحالي", "الجاري", "الحادي والعشرين", "21")
_AGE_RE = re.compile(r"\s{1,3}من\s{1,3}(?:ال)?عمر")


_EN_WORD_SET = frozenset(_EN_WORDS)


@functools.cache
def _word_tables() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    words: dict[str, int] = {}
    for stem, digit in _AR_STEMS.items():
        for tail in ("يات", "ات"):
            words[folded(stem + tail)] = digit
    # The vocabulary forms that show an Arabic decade may be present (bare or with ال).
    forms = frozenset([*words, *("ال" + w for w in words)])
    en = re.compile(rf"(?<!\w)the\s{{1,3}}(?P<w>{alternation(_EN_WORDS)})(?!\w)")
    ar = re.compile(
        rf"(?<!\w)(?:[وفبل]{{0,2}}ال|[وفبل])?(?P<w>{alternation(words)})(?!\w)"
        rf"(?:\s{{1,3}}(?:من\s{{1,3}})?القرن\s{{1,3}}(?P<century>[^\s.,،]+(?:\s{{1,3}}والعشرين)?))?"
    )
    return words, en, ar, forms


def find_decades(t: str, vocab: frozenset[str]) -> list[Candidate]:
    """Decade candidates in folded text ``t`` (``vocab``: its words, see ``vocabulary``)."""
    out: list[Candidate] = []
    if "0s" in t:
        for m in _DIGITS_RE.finditer(t):
            first = int(m.group("c")) * 100 + int(m.group("d")) * 10
            out.append(_decade(first, m.start(), m.end()))
    words, en, ar, forms = _word_tables()
    if not _EN_WORD_SET.isdisjoint(vocab):
        for m in en.finditer(t):
            out.append(_decade(1900 + _EN_WORDS[m.group("w")] * 10, m.start("w"), m.end("w")))
    if not forms.isdisjoint(vocab):
        for m in ar.finditer(t):
            if _AGE_RE.match(t, m.end("w")):
                continue
            century = m.group("century") or ""
            base = 2000 if century.startswith(_CENTURY_NOW) else 1900
            out.append(_decade(base + words[m.group("w")] * 10, m.start("w"), m.end()))
    return out


def _decade(first: int, start: int, end: int) -> Candidate:
    return {"kind": "year", "value": first, "unit": None, "fs": start, "fe": end,
            "range": [first, first + 9], "decade": True}  # fmt: skip
