"""Map fact-checkers' free-text ratings ("مضلل", "Pants on Fire", "half-true") to status keys.

Fact-checkers publish their verdict as free text in ``reviewRating.alternateName`` /
``textualRating``; the wording varies by outlet and language. :func:`map_rating` folds the
text (Arabic diacritics, tatweel, alef/ta-marbuta/alef-maqsura variants, case) and matches it
against a phrase table, longest phrase first, so that "غير صحيح" is *false* and never *true*,
and "mostly false" is never plain *false*. The original text is kept by the caller; this
module only decides the status and says which rule decided it.

Matching, in order (the first that succeeds wins):

1. ``vocabulary:<key>`` -- the whole text is a label of the desk's vocabulary.
2. ``exact:<phrase>`` -- the whole text is a known phrase.
3. ``contains:<phrase>`` -- a short text (at most 6 words) contains a known phrase
   (leftmost, then longest: "فيديو معدّل", "عنوان مضلل").
4. ``prefix:<phrase>`` -- a long text starts with a short verdict and a separator
   ("خبر كاذب - حتى وقت كتابة ...").
5. ``cue:<cue> <phrase>`` -- a long text states its verdict after a cue word
   ("... تبين أنه مضلل", "... أن هذا الادعاء زائف").
6. ``unknown`` -- nothing matched: ``unverifiable``.

Decisions worth knowing: satire ("ساخر", "satire", "sarcastic") maps to ``not_a_claim`` --
satire is not a factual claim, and the original rating text is kept for the analyst.
Misbar's "excitement"/"إثارة" (sensationalism), missing context and old footage reused as new
map to ``misleading``; altered or AI-generated media to ``false``; "partly false" and
"partly true" both to ``mixed``; PolitiFact's "barely true" to ``mostly_false``; "unproven"
and "no evidence" to ``unverifiable``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from claimtrack.review.rating_phrases import CUES, PHRASES
from claimtrack.review.statuses import Vocabulary

UNKNOWN_RULE = "unknown"
UNKNOWN_STATUS = "unverifiable"
# Texts longer than this are explanations, not ratings: only prefixes and cue words count.
_SHORT_TEXT_WORDS = 6

# When a desk's vocabulary lacks a status, fall back along this chain before "unknown".
_FALLBACK: dict[str, str] = {
    "mostly_true": "true",
    "mostly_false": "false",
    "misleading": "mostly_false",
    "mixed": "unverifiable",
    "not_a_claim": "unverifiable",
    "unverifiable": "unreviewed",
}
# A hyphen inside "half-true" is not a separator; one with a space around it is.
_SEPARATOR = re.compile(r"[:،,.;؛(|\n]|\s[-–—/]|[-–—/]\s")

# Arabic harakat, Quranic marks and superscript alef carry no meaning for matching.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_INVISIBLE = re.compile("[\u0640\u200b-\u200f\u061c\u2066-\u2069\ufeff]")  # tatweel, bidi
_LETTER_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
    }
)
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Fold text for matching: NFKC, no diacritics/tatweel, one alef, ه for ة, ي for ى, casefold."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", _DIACRITICS.sub("", text))
    return text.translate(_LETTER_FOLD).casefold()


def _words(folded: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(folded))


def _key(text: str) -> tuple[str, ...]:
    return tuple(match.group() for match in _words(fold(text)))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for status, phrases in PHRASES.items():
        for phrase in phrases:
            key = _key(phrase)
            if key in table and table[key][0] != status:  # a table bug, caught by the tests
                raise ValueError(f"rating phrase {phrase!r} listed for two statuses")
            table[key] = (status, phrase)
    return table, max(len(key) for key in table)


_CUE_KEYS = frozenset(_key(cue)[0] for cue in CUES)


def _longest_at(
    words: list[str], start: int, table: dict[tuple[str, ...], tuple[str, str]], longest: int
) -> tuple[int, tuple[str, str]] | None:
    for length in range(min(longest, len(words) - start), 0, -1):
        hit = table.get(tuple(words[start : start + length]))
        if hit is not None:
            return length, hit
    return None


def _leftmost(
    words: list[str], table: dict[tuple[str, ...], tuple[str, str]], longest: int
) -> tuple[str, str] | None:
    for start in range(len(words)):
        hit = _longest_at(words, start, table, longest)
        if hit is not None:
            return hit[1]
    return None


def _match(text: str, vocabulary: Vocabulary | None) -> tuple[str, str] | None:
    folded = fold(text)
    words = [match.group() for match in _words(folded)]
    if not words:
        return None
    if vocabulary is not None:
        for status in vocabulary.statuses:
            names = (
                status.key.replace("_", " "),
                status.label,
                status.label_ar,
                status.alternate_name,
            )
            if any(name and _key(name) == tuple(words) for name in names):
                return status.key, f"vocabulary:{status.key}"
    table, longest = _table()
    exact = table.get(tuple(words))
    if exact is not None:
        return exact[0], f"exact:{exact[1]}"
    if len(words) <= _SHORT_TEXT_WORDS:
        hit = _leftmost(words, table, longest)
        return None if hit is None else (hit[0], f"contains:{hit[1]}")
    # "خبر كاذب - حتى وقت كتابة ...": a short verdict, a separator, then the explanation.
    lead = _SEPARATOR.split(folded, maxsplit=1)[0]
    lead_words = [match.group() for match in _words(lead)]
    if len(lead_words) < len(words) and len(lead_words) <= _SHORT_TEXT_WORDS:
        hit = _leftmost(lead_words, table, longest)
        if hit is not None:
            return hit[0], f"prefix:{hit[1]}"
    for index, word in enumerate(words[:-1]):
        if word in _CUE_KEYS:
            after = _longest_at(words, index + 1, table, longest)
            if after is not None:
                return after[1][0], f"cue:{word} {after[1][1]}"
    return None


def _in_vocabulary(key: str, rule: str, vocabulary: Vocabulary | None) -> tuple[str, str]:
    if vocabulary is None:
        return key, rule
    original = key
    while key not in vocabulary:
        key = _FALLBACK.get(key, "unreviewed")
    return key, rule if key == original else f"{rule} (fallback from {original})"


def map_rating(text: str, vocabulary: Vocabulary | None = None) -> tuple[str, str]:
    """Map a free-text rating to ``(status_key, matched_rule)``.

    Unknown text maps to ``("unverifiable", "unknown")``. With a ``vocabulary``, its own
    labels match first, and a status the vocabulary lacks falls back to a close one
    (``mostly_false`` -> ``false`` ...; the rule then says "fallback from ...").
    """
    found = _match(text, vocabulary)
    if found is None:
        return _in_vocabulary(UNKNOWN_STATUS, UNKNOWN_RULE, vocabulary)
    return _in_vocabulary(found[0], found[1], vocabulary)


def map_rating_value(
    value: float,
    best: float = 5,
    worst: float = 1,
    vocabulary: Vocabulary | None = None,
) -> tuple[str, str]:
    """Map a numeric ClaimReview ``ratingValue`` on a ``worst..best`` scale to a status.

    The value is rescaled to the vocabulary's scale and the first status (in vocabulary
    order) with that ``rating_value`` wins -- so in the default vocabulary 2 is
    ``misleading``, not ``mostly_false``: a bare number cannot tell them apart.
    """
    from claimtrack.review.statuses import load_vocabulary  # the default is read lazily

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    if best == worst or not min(best, worst) <= value <= max(best, worst):
        return _in_vocabulary(UNKNOWN_STATUS, UNKNOWN_RULE, vocab)
    fraction = (value - worst) / (best - worst)
    scaled = round(vocab.worst_rating + fraction * (vocab.best_rating - vocab.worst_rating))
    for status in vocab.statuses:
        if status.rating_value == scaled:
            return status.key, f"rating_value:{scaled}"
    return _in_vocabulary(UNKNOWN_STATUS, UNKNOWN_RULE, vocab)
