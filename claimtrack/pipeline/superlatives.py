"""Superlatives that rank an event: "the strongest earthquake in a century", "the deadliest
since 1960", "هو الأعنف منذ قرن", "الأكثر دموية".

"It was the strongest quake to hit the country in a century" and "a 7-magnitude quake struck
the country" are about one event but state different facts: one ranks it, the other
measures it. Lexical, on ``fold()`` text like :mod:`claimtrack.pipeline.polarity`. Arabic
forms count only with the article ("الأكبر", not "أكبر من": "more than" is in every toll).
A superlative ranks only with a frame after it ("since", "in a century", "ever", "on
record", "منذ", "قرن", "التاريخ"): "Libya's second-largest city", "the worst-hit town",
"المدينة الأكثر تضررا" describe what a claim is about, they rank nothing.
"""

from __future__ import annotations

import functools
import re

from claimtrack.pipeline.normalize import fold

__all__ = ["ranking"]

_WORDS = (
    "strongest", "deadliest", "largest", "biggest", "worst", "greatest", "heaviest",
    "highest", "lowest", "longest", "severest", "fiercest", "costliest", "most powerful",
    "most destructive", "most devastating", "most severe", "most violent",
    "الأعنف", "الأقوى", "الأكبر", "الأشد", "الأسوأ", "الأخطر", "الأعلى", "الأدنى", "الأطول",
    "الأكثر", "الأفدح",
)  # fmt: skip

#: What a superlative ranks by, where the word says it: strength ("the strongest", "the
#: largest quake", "الأعنف") or toll ("the deadliest", "الأكثر دموية", "الأكبر من حيث عدد
#: الضحايا"). "the strongest in a century" and "the deadliest since 1960" are two facts.
_STRENGTH = (
    "strongest", "largest", "biggest", "most powerful", "most violent", "fiercest",
    "الأعنف", "الأقوى", "الأكبر", "الأشد",
)  # fmt: skip
_TOLL_WORDS = ("deadliest",)
_TOLL_AFTER = (
    "دموية", "فتكا", "من حيث عدد الضحايا", "من حيث عدد القتلى", "من حيث عدد الوفيات",
    "من حيث الخسائر البشرية", "in terms of deaths", "in terms of casualties",
)  # fmt: skip
_FRAMES = (
    "since", "century", "decade", "decades", "ever", "in history", "on record", "recorded",
    "منذ", "قرن", "عقود", "التاريخ",
)  # fmt: skip
_REACH = 80  # folded characters from the superlative to its frame


def _alternatives(words: tuple[str, ...]) -> str:
    """The folded ``words`` as a regex alternation, longest first."""
    forms = sorted({fold(w).text for w in words}, key=len, reverse=True)
    return "|".join(map(re.escape, forms))


@functools.cache
def _lexicon() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str]]:
    """(ranking pattern, toll phrase after the word, strength words, toll words), folded;
    built on first use, not at import."""
    ranks = re.compile(
        rf"(?<![\w-])[وفبل]?({_alternatives(_WORDS)})(?![\w-])"
        rf"[^.;!?؟]{{0,{_REACH}}}?(?<!\w)[وفبل]?(?:{_alternatives(_FRAMES)})(?!\w)"
    )
    toll_after = re.compile(rf"\s{{0,3}}(?:{_alternatives(_TOLL_AFTER)})")
    strength = frozenset(fold(w).text for w in _STRENGTH)
    return ranks, toll_after, strength, frozenset(fold(w).text for w in _TOLL_WORDS)


@functools.lru_cache(maxsize=65536)
def ranking(text: str) -> tuple[str, str] | None:
    """``(word, by)`` for the first superlative that ranks something in ``text`` (the word
    folded): ``by`` is "strength", "toll" or "other" (what the words say it ranks by)."""
    ranks, toll_after, strength, toll_words = _lexicon()
    folded = fold(text).text
    found = ranks.search(folded)
    if found is None:
        return None
    word = found.group(1)
    if word in toll_words or toll_after.match(folded, found.end(1)):
        return word, "toll"
    return word, "strength" if word in strength else "other"
