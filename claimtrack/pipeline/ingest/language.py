"""Offline language identification: a script check, then py3langid restricted to the
desk's configured languages (an unrestricted model confuses short Arabic-script text
with Persian or Urdu, and English with its neighbours)."""

from __future__ import annotations

from functools import cache
from typing import Any

_SCRIPT_RANGES = {
    "ar": (("\u0600", "\u06ff"), ("\u0750", "\u077f"), ("\ufb50", "\ufdff"), ("\ufe70", "\ufeff")),
}


def _script_share(text: str, ranges: tuple[tuple[str, str], ...]) -> float:
    letters = hits = 0
    for ch in text[:20_000]:
        if ch.isalpha():
            letters += 1
            if any(lo <= ch <= hi for lo, hi in ranges):
                hits += 1
    return hits / letters if letters else 0.0


@cache
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # A private identifier: the module-level one is shared process state.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    usable = [lang for lang in languages if lang in known]
    if usable:
        identifier.set_languages(usable)
    return identifier


def detect_language(text: str, languages: tuple[str, ...]) -> tuple[str, str]:
    """Return ``(language, method)`` with method ``script`` or ``langid``.

    Arabic script decides Arabic when Arabic is a configured language; otherwise
    py3langid chooses among the configured languages.
    """
    if "ar" in languages and _script_share(text, _SCRIPT_RANGES["ar"]) > 0.5:
        return "ar", "script"
    language, _ = _identifier(tuple(languages)).classify(text[:20_000])
    return str(language), "langid"
