"""Claim-level negation: does the claim text contain a grammatical negator?

Used to tell "X visited Y" from "X did not visit Y" when two claims otherwise match.
This is a lexical check, not a parse: it answers "is a negator present", with the
fixed expressions that contain a negator but do not negate the claim left out
("لا سيما" = especially, "لا بد" = must, "لا يزال" = still, "غير أن" = however,
"ليس فقط"/"not only", "لا يقل عن"/"no less than"/"not fewer than" = at least).
Double negation ("لا يستبعد" = does not rule out) still counts
as negated: the comparison stage needs to see that the two wordings differ. "ما" is
not counted: it is far more often "what"/"which" than a negator.
"""

from __future__ import annotations

import re

from claimtrack.pipeline.normalize import fold

__all__ = ["is_negated"]

# Patterns run on fold() output: hamza-free alef, no diacritics, ASCII apostrophe, lower case.
_AR_NEGATION_RE = re.compile(
    r"(?<!\w)[وف]?(?:"
    r"لا(?!\s{1,3}(?:سيما|بد|يزال|تزال|يزالون|يزالان|زال|شك\s{1,3}ان|[يت]قل\s{1,3}عن))"
    r"|لم|لن|ليس(?:ت|وا|ا|تا)?(?!\s{1,3}فقط)|لست|لسنا|لستم"
    r"|غير(?!\s{1,3}(?:ان|انه|انها|انهم))"
    r")(?!\w)"
)
_EN_NEGATION_RE = re.compile(
    r"(?<!\w)(?:not(?!\s{1,3}(?:only|just|least|less\s{1,3}than|fewer\s{1,3}than)\b)"
    r"|never|no(?!\.?\s?[0-9])(?!\s{1,3}(?:doubt|less\s{1,3}than|fewer\s{1,3}than)\b)"
    r"|none|nobody|nothing|neither|nor|cannot)(?!\w)"
    r"|n't(?!\w)"
)
_PATTERNS = {"ar": (_AR_NEGATION_RE,), "en": (_EN_NEGATION_RE,)}


def is_negated(text: str, language: str) -> bool:
    """True when ``text`` contains a negator ("لم", "لن", "ليس", "لا", "غير", "not", "never"...).

    ``language`` picks the word list ("ar" or "en"); any other value checks both, since
    a wrongly detected language should not hide a negation.
    """
    folded = fold(text).text
    patterns = _PATTERNS.get(language, (_AR_NEGATION_RE, _EN_NEGATION_RE))
    return any(p.search(folded) for p in patterns)
