"""The sibling stages this one calls: normalize, values, negation, checkworthiness.

They are imported directly (all pure and light); only check-worthiness has a fallback:
when the packaged model cannot be loaded, the rule-based score in ``detect`` is used and
a warning says so, so a broken model file degrades the ranking instead of the whole stage.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from claimtrack.errors import ClaimtrackError
from claimtrack.pipeline.negation import is_negated as _is_negated
from claimtrack.pipeline.negation import is_negated_folded as _is_negated_folded
from claimtrack.pipeline.normalize import Folded
from claimtrack.pipeline.normalize import expands as _expands
from claimtrack.pipeline.normalize import fold as _fold
from claimtrack.pipeline.values import extract_values as _extract_values
from claimtrack.pipeline.values_numbers import vocabulary_of_words

log = logging.getLogger(__name__)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: an object with ``.text`` and ``.to_raw``."""
    return _fold(text)


def fold_expands(text: str) -> bool:
    """Whether ``fold(text)`` turns some character into several (``normalize.expands``)."""
    return _expands(text)


def fold_word(word: str) -> str:
    """Folded, lower-cased form of a lexicon entry (same folding as the text)."""
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    return str.lower(str(fold(word).text))


def extract_values(
    text: str,
    language: str,
    published: date | None,
    folded_text: str | None = None,
    words: Iterable[str] | None = None,
    offsets: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Values found in ``text`` (offsets into ``text``); ``folded_text`` is ``fold(text).text``,
    ``offsets`` its ``fold(text).offsets`` and ``words`` its token keys, when the caller has
    them."""
    vocab = vocabulary_of_words(words) if words is not None else None
    return list(
        _extract_values(
            text, language, published, folded_text=folded_text, vocab=vocab, offsets=offsets
        )
    )


def is_negated(text: str, language: str) -> bool:
    """Whether the claim text is negated."""
    return bool(_is_negated(text, language))


def is_negated_folded(folded: str, language: str) -> bool:
    """``is_negated`` of a text given folded (``fold(text).text``)."""
    return bool(_is_negated_folded(folded, language))


# A negator of ``negation.is_negated`` is a whole word (optionally و/ف-prefixed) from these
# lists, checked on folded text; that module only adds exceptions ("لا سيما", "not only")
# that remove matches, so "no hit" here proves "not negated" without folding the clause
# again. Keep these lists a superset of that module's words (tests/unit/
# test_extract_shared.py checks it on generated text).
_AR_NEGATORS = [
    "لا", "لم", "لن", "ليس", "ليست", "ليسوا", "ليسا", "ليستا", "لست", "لسنا", "لستم", "غير",
    "نفي", "نفت", "ينفي", "تنفي", "نفوا", "ينفون",
]  # fmt: skip
_EN_NEGATORS = [
    "not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "cannot", "denied",
    "denies", "deny", "denying", "refuted", "refutes",
]  # fmt: skip


def _whole_word(words: list[str], extra: tuple[str, ...] = ()) -> str:
    """Regex of any of ``words`` as a whole word (no word character on either side), or of
    any of the ``extra`` patterns (each must open with a literal character).

    Same matches as ``(?<!\\w)(?:w1|w2|...)(?!\\w)|extra``, written so that every branch
    opens with a literal (its word's first letter, the left boundary checked after it): re
    then skips to those letters in C, where a leading look-behind was tried at every
    position of the clause.
    """
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):  # longest first
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    branches = [
        rf"{re.escape(first)}(?<!\w.)(?:{'|'.join(rests)})(?!\w)"
        for first, rests in sorted(by_first.items())
    ]
    return "|".join([*branches, *extra])


_NEGATION_HINT = {
    "ar": re.compile(_whole_word([p + w for w in _AR_NEGATORS for p in ("", "و", "ف")])),
    "en": re.compile(_whole_word(_EN_NEGATORS, (r"n't(?!\w)",))),
}


def negation_hint(folded: str, start: int, end: int, language: str) -> bool:
    """False only when ``folded[start:end]`` cannot contain a negator of ``language``."""
    pattern = _NEGATION_HINT.get(language)
    # Sliced, not searched with pos/endpos, so the look-behind sees the span's own start.
    return pattern is None or pattern.search(folded[start:end]) is not None


def checkworthiness(
    drafts: Sequence[dict[str, Any]], languages: Sequence[str]
) -> list[float] | None:
    """Trained check-worthiness scores of claim drafts (their text and what the extractor
    found in it), or None when the model/module is unavailable."""
    if not drafts:
        return []
    from claimtrack.pipeline.checkworthiness import score

    try:
        # float32 -> Python floats
        return score([d["text"] for d in drafts], list(languages), drafts).tolist()
    except (OSError, ClaimtrackError) as exc:
        log.warning("check-worthiness model unavailable, using the rule score: %s", exc)
        return None
