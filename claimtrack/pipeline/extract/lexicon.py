"""Folded, ready-to-match forms of the Arabic and English word lists, plus tokenisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimtrack.pipeline.extract import lexicon_ar as ar
from claimtrack.pipeline.extract import lexicon_en as en
from claimtrack.pipeline.extract._deps import fold, fold_word

_WORD = re.compile(r"[^\W_]+(?:[-.'’][^\W_]+)*")
PREFIXES = "وفبلك"


@dataclass(frozen=True, slots=True)
class Token:
    """A word: ``key`` is folded+lower-cased, ``start``/``end`` are raw offsets in the text."""

    key: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with folded keys and raw offsets (one fold, one regex pass)."""
    folded = fold(text)
    out: list[Token] = []
    for m in _WORD.finditer(folded.text):
        start, end = folded.to_raw(m.start(), m.end())
        out.append(Token(m.group(0).lower(), start, end))
    return out


def _fold_set(words: list[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_word(w.replace("_", " ")) for w in words)


def _verb_forms(stems: list[str]) -> frozenset[str]:
    forms: set[str] = set()
    for stem in stems:
        s = fold_word(stem)
        for base in (s, s + "ت", s + "وا", s + "ا", s + "تا"):
            forms.update((base, "و" + base, "ف" + base))
    return frozenset(forms)


def _prefixed(words: frozenset[str]) -> frozenset[str]:
    return words | frozenset(p + w for w in words for p in "وف")


@dataclass(frozen=True)
class Lexicon:
    """All word sets of one language, folded."""

    reporting: frozenset[str]
    participles: frozenset[str]
    speaker_stops: frozenset[str]
    attribution: frozenset[str]
    commitment: frozenset[str]
    future_false_friends: frozenset[str]
    event: frozenset[str]
    comparison: frozenset[str]
    titles: frozenset[str]
    title_links: frozenset[str]
    descriptors: dict[str, str]
    places: dict[str, str]
    place_heads: frozenset[str]  # first words of place names, to skip lookups quickly
    org_heads: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=2)
def lexicon(language: str) -> Lexicon:
    """The folded lexicon for ``language`` ("ar" or anything else -> English)."""
    if language == "ar":
        return _arabic()
    return _english()


def _territories(locale: str) -> dict[str, str]:
    """CLDR territory names (folded) -> English name, e.g. روسيا -> Russia."""
    from babel import Locale

    english = Locale("en").territories
    names = Locale(locale).territories
    out: dict[str, str] = {}
    for code, name in names.items():
        if code.isalpha() and code in english:  # skip numeric regions except below
            out[fold_word(name)] = english[code]
    return out


def _arabic() -> Lexicon:
    places = _territories("ar")
    places.update({fold_word(k): v for k, v in ar.PLACES.items()})
    return Lexicon(
        reporting=_verb_forms(ar.REPORTING_VERBS)
        | _prefixed(_fold_set(ar.REPORTING_PRESENT + ar.REPORTING_NOUNS)),
        participles=_prefixed(_fold_set(ar.PARTICIPLES)),
        speaker_stops=_fold_set(ar.SPEAKER_STOPS),
        attribution=_prefixed(_fold_set(ar.ATTRIBUTION_MARKERS)),
        commitment=_prefixed(_fold_set(ar.COMMITMENT_WORDS))
        | _verb_forms(["تعهد", "وعد", "قرر", "توقع"]),
        future_false_friends=_prefixed(_fold_set(ar.FUTURE_FALSE_FRIENDS)),
        event=_verb_forms(ar.EVENT_VERBS) | _prefixed(_fold_set(ar.EVENT_PRESENT)),
        comparison=_prefixed(_fold_set(ar.COMPARISON_WORDS)),
        titles=_prefixed(_fold_set(ar.TITLES)),
        title_links=_fold_set(ar.TITLE_LINKS),
        descriptors={fold_word(k): v for k, v in ar.DESCRIPTORS.items()},
        places=places,
        place_heads=_heads(places),
        org_heads=_prefixed(_fold_set(ar.ORG_HEADS)),
        function_words=_fold_set(ar.FUNCTION_WORDS),
    )


def _english() -> Lexicon:
    places = _territories("en")
    places.update({fold_word(k): v for k, v in en.PLACES.items()})
    return Lexicon(
        reporting=_fold_set(en.REPORTING_VERBS),
        participles=_fold_set(["adding", "saying", "noting", "stressing", "warning", "insisting"]),
        speaker_stops=_fold_set(en.NON_NAMES),
        attribution=frozenset(),
        commitment=_fold_set(en.COMMITMENT_WORDS),
        future_false_friends=frozenset(),
        event=_fold_set(en.EVENT_VERBS),
        comparison=_fold_set(en.COMPARISON_WORDS),
        titles=_fold_set(en.TITLES),
        title_links=frozenset(["of"]),
        descriptors={fold_word(k): v for k, v in en.DESCRIPTORS.items()},
        places=places,
        place_heads=_heads(places),
        org_heads=_fold_set(en.ORG_HEADS),
        function_words=_fold_set(en.NON_NAMES),
    )


def _heads(places: dict[str, str]) -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in places)


def is_future_verb(key: str, lex: Lexicon) -> bool:
    """Arabic س + present prefix (ستدعم، سيرفع، وسنعمل) that is not an ordinary word."""
    word = key[1:] if key[:1] in "وف" and len(key) > 5 else key
    return (
        len(word) >= 5
        and word[0] == "س"
        and word[1] in "يتنا"
        and key not in lex.future_false_friends
        and word not in lex.future_false_friends
    )


def strip_prefix(key: str) -> str:
    """Drop one clitic prefix letter (و ف ب ل ك) from an Arabic token key."""
    return key[1:] if len(key) > 3 and key[0] in PREFIXES else key
