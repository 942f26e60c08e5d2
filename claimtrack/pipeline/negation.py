"""Claim-level negation: does the claim text contain a grammatical negator?

Used to tell "X visited Y" from "X did not visit Y" when two claims otherwise match.
This is a lexical check, not a parse: it answers "is a negator present", with the
fixed expressions that contain a negator but do not negate the claim left out
("لا سيما" = especially, "لا بد" = must, "لا يزال" = still, "غير أن" = however,
"ليس فقط"/"not only", "لا يقل عن"/"no less than"/"not fewer than" = at least).
Double negation ("لا يستبعد" = does not rule out) still counts
as negated: the comparison stage needs to see that the two wordings differ. "ما" is
not counted: it is far more often "what"/"which" than a negator.

Hedges and bounds on a number are not negation either: "ما لا يقل عن"/"at least", "لا يزيد
عن"/"لا يتجاوز"/"no more than"/"not more than" (an upper bound), and an attributive "غير"
("حصيلة غير نهائية" = a non-final toll, "منظمة غير حكومية", "بشكل غير مباشر"): "غير" only
negates as a predicate ("الخبر غير صحيح", "وهي غير مؤكدة"), that is after a definite noun, a
pronoun or a copula, and before an indefinite word.

Contrastive negation is not a claim's negation either: "built in the 1970s, not to collect
water but to protect the city", "بنيا ليس لجمع المياه بل لحماية المدينة" deny one reading
to assert another, and the claim itself is affirmative. English: a "not" that no auxiliary
precedes and that opens a phrase ("not to", "not by", "not the") answered by "but" in the same
clause. Arabic: "ليس" answered by "بل"/"وإنما" within a few words. A verb's negation stays
negated ("did not attend, but sent a deputy", "لم يزر موسكو بل بكين").

A denial verb counts as a negator: "X denied that A", "نفى X أن ..." state not-A (for X),
so a denial is never the same claim as the statement it denies.

Nor is an exceptive restriction: "ليس فيه سوى سد واحد" (it has only one dam), "لم يقتل إلا
خمسة" (only five were killed), "nothing but", "none other than" assert "only".
"""

from __future__ import annotations

import re

from claimtrack.pipeline.normalize import fold

__all__ = ["is_negated", "is_negated_folded"]

# Patterns run on fold() output: hamza-free alef, no diacritics, ASCII apostrophe, lower case.
_AR_NEGATION_RE = re.compile(
    r"(?<!\w)[وف]?(?:"
    r"لا(?!\s{1,3}(?:سيما|بد|يزال|تزال|يزالون|يزالان|زال|شك\s{1,3}ان|ابالغ|نبالغ"
    r"|[يت](?:قل|زيد|تجاوز|تعدى|تخطى)\s{1,3}(?:عن|على)?))"
    r"|لم|لن|ليس(?:ت|وا|ا|تا)?(?!\s{1,3}(?:فقط|من\s{1,3}المبالغه))|لست|لسنا|لستم"
    r"|(?P<ghayr>غير)(?!\s{1,3}(?:ان|انه|انها|انهم))"
    r")(?!\w)"
)
_BOUND = r"(?:less|fewer|more|later|earlier|longer|sooner)\s{1,3}than"
# "I am not exaggerating when I say ...", "it is no exaggeration to say ...": a hedge that
# asserts what follows (Arabic: "لا أبالغ", "ليس من المبالغة").
_HEDGE = r"(?:an\s{1,3})?exaggerat\w*"
_EN_NEGATION_RE = re.compile(
    rf"(?<!\w)(?:not(?!\s{{1,3}}(?:only|just|least|{_BOUND}|{_HEDGE})\b)"
    rf"|never|no(?!\.?\s?[0-9])(?!\s{{1,3}}(?:doubt|{_BOUND}|{_HEDGE})\b)"
    r"|none|nobody|nothing|neither|nor|cannot)(?!\w)"
    r"|n't(?!\w)"
)
# Words after which "غير" is a predicate (negates): pronouns, demonstratives, copulas.
_AR_PREDICATE_LEADS = frozenset([
    "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "هم", "هن", "انه", "انها", "انهم", "بانه", "بانها",
    "لانه", "لانها", "لكنه", "لكنها", "لكنهم", "وهو", "وهي", "وهم", "فهو", "فهي", "كان", "كانت",
    "كانوا", "يكون", "تكون", "بات", "باتت", "اصبح", "اصبحت", "ظل", "ظلت", "يبدو", "تبدو", "يعد",
    "تعد", "يعتبر", "تعتبر", "ليس", "ليست",
])  # fmt: skip
_AR_WORD = re.compile(r"\w+")
# Contrastive negation (see the module docstring), on folded text.
_EN_CONTRAST_NOT = re.compile(
    r"\s{1,3}(?:to|in|at|on|for|by|from|with|a|an|the|because|as|just)\s[^.;:!?]{0,80}?\bbut\b"
)
_EN_AUXILIARIES = frozenset([
    "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "has", "have", "had",
    "will", "would", "can", "could", "shall", "should", "may", "might", "must",
])  # fmt: skip
_AR_CONTRAST_LAYSA = re.compile(r"(?:\s+\w+){1,6}?\s+(?:بل|وانما|انما)(?!\w)")
# Exceptive restriction ("ليس فيه سوى السد الذي شيد عام 1961", "لم يقتل إلا 5"; "nothing
# but", "none other than"): a negator answered by "سوى"/"إلا"/"but" asserts "only".
_AR_EXCEPTIVE = re.compile(
    r"(?:\s+\w+){0,8}?\s+(?:سوي(?!\w)|الا(?!\w)(?!\s{1,3}ان(?:ه|ها|هم)?(?!\w)))"
)  # "إلا أن" is "however"
_EN_EXCEPTIVE = re.compile(r"\s{1,3}(?:but|except|other\s{1,3}than)(?!\w)")
# A denial states the negation of its content: "X denied that A" says not-A (for X), so it is
# never the same claim as "A" ("نفى الهلال الأحمر أن تكون الحصيلة بلغت 11300" / "the toll
# reached 11,300").
_AR_DENIAL_RE = re.compile(r"(?<!\w)[وف]?(?:نفي|نفت|ينفي|تنفي|نفوا|ينفون)(?!\w)")
_EN_DENIAL_RE = re.compile(r"(?<!\w)(?:denied|denies|deny|denying|refuted|refutes)(?!\w)")
_PATTERNS = {"ar": (_AR_NEGATION_RE, _AR_DENIAL_RE), "en": (_EN_NEGATION_RE, _EN_DENIAL_RE)}
_ALL_PATTERNS = (*_PATTERNS["ar"], *_PATTERNS["en"])


def is_negated(text: str, language: str) -> bool:
    """True when ``text`` contains a negator ("لم", "لن", "ليس", "لا", "غير", "not", "never"...).

    ``language`` picks the word list ("ar" or "en"); any other value checks both, since
    a wrongly detected language should not hide a negation.
    """
    return is_negated_folded(fold(text).text, language)


def is_negated_folded(folded: str, language: str) -> bool:
    """``is_negated`` of a text given as ``fold(text).text`` (folding is per character, so
    a span of a folded article is the fold of the raw span)."""
    patterns = _PATTERNS.get(language, _ALL_PATTERNS)
    for pattern in patterns:
        for found in pattern.finditer(folded):
            arabic = pattern is _AR_NEGATION_RE
            if _contrastive(folded, found.start(), found.end(), arabic):
                continue
            if _exceptive(folded, found.start(), found.end(), arabic):
                continue
            if pattern is not _AR_NEGATION_RE or found.group("ghayr") is None:  # a denial too
                return True
            if not _attributive_ghayr(folded, found.start("ghayr"), found.end("ghayr")):
                return True
    return False


def _contrastive(folded: str, start: int, end: int, arabic: bool) -> bool:
    """The negator opens a "not X but Y" contrast (see the module docstring)."""
    word = folded[start:end]
    if arabic:
        answered = _AR_CONTRAST_LAYSA.match(folded, end) is not None
        return answered and word.lstrip("وف").startswith("ليس")
    if word != "not" or _EN_CONTRAST_NOT.match(folded, end) is None:
        return False
    before = folded[max(0, start - 20) : start].split()
    return not before or before[-1] not in _EN_AUXILIARIES


def _exceptive(folded: str, start: int, end: int, arabic: bool) -> bool:
    """The negator opens an exceptive restriction ("only"), see :data:`_AR_EXCEPTIVE`."""
    if arabic:
        return folded[start:end] != "غير" and _AR_EXCEPTIVE.match(folded, end) is not None
    word = folded[start:end]
    return word in ("nothing", "none", "no") and _EN_EXCEPTIVE.match(folded, end) is not None


def _attributive_ghayr(folded: str, start: int, end: int) -> bool:
    """ "غير" as part of an adjective ("حصيلة غير نهائية", "غير الرسمية"), not a predicate.

    Attributive when the next word is definite, or when the previous word is an
    indefinite noun (no ال, not a pronoun or copula). Sentence-initial "غير" negates.
    """
    after = _AR_WORD.match(folded, end + 1) if end + 1 < len(folded) else None
    if after is not None and after.group(0).startswith("ال"):
        return True
    before = folded[max(0, start - 40) : start].split()
    if not before:
        return False
    previous = before[-1]
    return not previous.startswith(("ال", "وال", "بال", "فال", "لل")) and (
        previous not in _AR_PREDICATE_LEADS
    )
