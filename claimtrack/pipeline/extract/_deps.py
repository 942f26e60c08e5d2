"""Adapters to the sibling stages this one calls: normalize, values, negation, checkworthiness.

Each is imported lazily. ``fold`` has a small local fallback (so lexicon matching works
while ``claimtrack.pipeline.normalize`` is absent); values and negation degrade to
"nothing found"; check-worthiness falls back to a rule-based score (see ``detect``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640", "\u200e", "\u200f", "\u061c"]
)
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "’": "'", "‘": "'",
}  # fmt: skip
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})


class LocalFolded(NamedTuple):
    """Same shape as ``normalize.Folded``: folded text plus a map back to raw offsets."""

    text: str
    offsets: list[int]  # offsets[i] = raw index of folded char i; offsets[len] = len(raw)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span back to a raw span."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], max(self.offsets[end], self.offsets[end - 1] + 1)


def _local_fold(text: str) -> LocalFolded:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        out.append(_MAP.get(ch, ch).lower())
        offsets.append(i)
    offsets.append(len(text))
    return LocalFolded("".join(out), offsets)


@lru_cache(maxsize=1)
def _fold_impl() -> Callable[[str], Any]:
    try:
        from claimtrack.pipeline.normalize import fold
    except ImportError:
        return _local_fold
    return fold


def fold(text: str) -> Any:
    """Fold ``text`` (normalize.fold when present) -> object with ``.text`` and ``.to_raw``."""
    return _fold_impl()(text)


def fold_word(word: str) -> str:
    """Folded, lower-cased form of a lexicon entry (same folding as the text)."""
    return str(fold(word).text).lower()


@lru_cache(maxsize=4)
def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """Import once; a failed import is remembered instead of retried per clause."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def extract_values(text: str, language: str, published: date | None) -> list[dict[str, Any]]:
    """Values found in ``text`` (offsets into ``text``); [] while the values stage is absent."""
    impl = _optional("claimtrack.pipeline.values", "extract_values")
    return [] if impl is None else list(impl(text, language, published))


def is_negated(text: str, language: str) -> bool:
    """Whether the claim text is negated; False while the negation stage is absent."""
    impl = _optional("claimtrack.pipeline.negation", "is_negated")
    return False if impl is None else bool(impl(text, language))


# A negator of ``negation.is_negated`` is a whole word (optionally و/ف-prefixed) from these
# lists, checked on folded text; that module only adds exceptions ("لا سيما", "not only")
# that remove matches, so "no hit" here proves "not negated" without folding the clause
# again. Keep these lists a superset of that module's words (tests/unit/
# test_extract_shared.py checks it on generated text).
_NEGATION_HINT = {
    "ar": re.compile(r"(?<!\w)[وف]?(?:لا|لم|لن|ليس|ليست|ليسوا|ليسا|ليستا|لست|لسنا|لستم|غير)(?!\w)"),
    "en": re.compile(
        r"(?<!\w)(?:not|never|no|none|nobody|nothing|neither|nor|cannot)(?!\w)|n't(?!\w)"
    ),
}


def negation_hint(folded: str, start: int, end: int, language: str) -> bool:
    """False only when ``folded[start:end]`` cannot contain a negator of ``language``."""
    pattern = _NEGATION_HINT.get(language)
    # Sliced, not searched with pos/endpos, so the look-behind sees the span's own start.
    return pattern is None or pattern.search(folded[start:end]) is not None


def checkworthiness(texts: Sequence[str], languages: Sequence[str]) -> list[float] | None:
    """Trained check-worthiness scores, or None when the model/module is unavailable."""
    if not texts:
        return []
    try:
        from claimtrack.errors import ClaimtrackError
    except ImportError:  # pragma: no cover - errors.py is part of the core
        ClaimtrackError = RuntimeError  # type: ignore[misc,assignment]
    try:
        from claimtrack.pipeline.checkworthiness import score

        return score(list(texts), list(languages)).tolist()  # float32 -> Python floats
    except (ImportError, OSError, ClaimtrackError) as exc:
        log.debug("check-worthiness model unavailable, using rule score: %s", exc)
        return None
