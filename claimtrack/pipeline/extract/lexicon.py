"""Folded, ready-to-match forms of the Arabic and English word lists, plus tokenisation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Any, NamedTuple

from claimtrack.pipeline.extract import lexicon_ar as ar
from claimtrack.pipeline.extract import lexicon_clauses as cl
from claimtrack.pipeline.extract import lexicon_en as en
from claimtrack.pipeline.extract import lexicon_roles as roles
from claimtrack.pipeline.extract._deps import fold, fold_expands, fold_word

# Possessive quantifiers: a run of letters is never given back (the next character is no
# letter, so backtracking could not match more), which spares ``re`` its backtracking marks.
_WORD = re.compile(r"[^\W_]++(?:[-.'’][^\W_]++)*+")
# The same words as one capturing group: ``split`` yields [gap, word, gap, word, ..., gap]
# in C, and the word offsets are running sums of the piece lengths (no per-match objects).
_WORD_SPLIT = re.compile("(" + _WORD.pattern + ")")
PREFIXES = "وفبلك"
# Words (besides reporting verbs and participles) after which a comma may open a clause.
CLAUSE_OPENERS = frozenset(["كما", "and", "فيما", "بينما", "while", "whereas"])


class Token(NamedTuple):
    """A word: ``key`` is folded+lower-cased, ``start``/``end`` are raw offsets in the text.

    A named tuple, not a dataclass: an article has ~100k tokens per MB and a frozen
    dataclass costs several times more to build.
    """

    key: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with folded keys and raw offsets (one fold, one regex pass)."""
    return tokenize_folded(text)[0]


def tokenize_folded(text: str) -> tuple[list[Token], Any]:
    """``tokenize`` plus the fold of ``text`` (``.text``, ``.offsets``), for reuse downstream.

    One ``fold`` and one ``lower`` over the whole text; offsets are mapped inline with the
    same rule as ``Folded.to_raw`` (trailing deleted marks such as a final shadda belong
    to the word).
    """
    folded = fold(text)
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    low = str.lower(folded.text)
    off = folded.offsets
    new = tuple.__new__  # skips the named tuple's Python-level __new__: ~100k calls per MB
    if len(low) != len(folded.text):  # a rare expanding lower-case ("İ"): per token
        pairs = [(str.lower(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(folded.text)]
        return [new(Token, (k, off[a], max(off[b], off[b - 1] + 1))) for k, a, b in pairs], folded
    pieces = _WORD_SPLIT.split(low)
    bounds = list(accumulate(map(len, pieces), initial=0))
    keys, starts, ends = pieces[1::2], bounds[1:-1:2], bounds[2::2]
    if not folded.identity:  # map folded offsets to raw ones, as ``Folded.to_raw`` does
        get = off.__getitem__
        starts = list(map(get, starts))
        if fold_expands(text):
            last = map((1).__add__, map(get, map((-1).__add__, ends)))  # off[b - 1] + 1, in C
            ends = list(map(max, map(get, ends), last))
        else:  # offsets rise strictly: off[b] >= off[b - 1] + 1 already
            ends = list(map(get, ends))
    return list(map(new, repeat(Token), zip(keys, starts, ends, strict=True))), folded


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
    # Speaker roles (see lexicon_roles).
    relay: frozenset[str] = frozenset()  # نقل: "X عن Y" makes Y the source
    expressive: frozenset[str] = frozenset()  # عبّر/أعرب: the noun after عن is no speaker
    feeling_stems: tuple[str, ...] = ()
    feeling_adjectives: frozenset[str] = frozenset()
    vague_groups: frozenset[str] = frozenset()
    opinion_verbs: frozenset[str] = frozenset()
    characterising: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    document_links: frozenset[str] = frozenset()
    # Clause splitting (lexicon_clauses): words that show a new clause after a comma.
    clause_verbs: frozenset[str] = frozenset()  # verbs and verb-like openers, all forms
    time_links: frozenset[str] = frozenset()  # "وبعد ذلك أجرى"
    content_links: frozenset[str] = frozenset()  # "، وأنهما" / "and that"
    but_words: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()  # الذي / who, which
    where_words: frozenset[str] = frozenset()  # حيث / where
    temporal_words: frozenset[str] = frozenset()  # عندما / after, before
    group_refs: frozenset[str] = frozenset()  # الرئيسان: a subject that names no one
    site_heads: frozenset[str] = frozenset()  # قاعدة، مدينة / city, cosmodrome
    place_links: frozenset[str] = frozenset()  # في / in
    directions: frozenset[str] = frozenset()  # شرقي / eastern
    # Unions built once, so the per-token loops ask one set instead of five.
    clause_cues: frozenset[str] = field(init=False)  # words that may open a new clause
    mention_heads: frozenset[str] = field(init=False)  # words that may start an entity
    # First word of a place name -> the word counts of the names it starts (longest first).
    place_widths: dict[str, tuple[int, ...]] = field(init=False)
    descriptor_widths: dict[str, tuple[int, ...]] = field(init=False)
    # Every token key that may start a place name: a ``place_widths`` key, bare or with one
    # clitic prefix as ``strip_prefix`` removes it (one set test rejects all other tokens).
    place_starts: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        cues = self.participles | self.reporting | CLAUSE_OPENERS
        object.__setattr__(self, "clause_cues", cues)
        heads = self.titles | self.org_heads | self.place_heads | frozenset(self.descriptors)
        # A clitic-prefixed place head (وروسيا) is looked up through strip_prefix.
        heads |= frozenset(p + w for w in self.place_heads for p in PREFIXES if len(w) >= 3)
        object.__setattr__(self, "mention_heads", heads)
        object.__setattr__(self, "place_widths", _widths(self.places))
        object.__setattr__(self, "descriptor_widths", _widths(self.descriptors))
        firsts = frozenset(self.place_widths)
        clitic = frozenset(p + w for w in firsts for p in PREFIXES if len(w) + 1 > 3)
        object.__setattr__(self, "place_starts", firsts | clitic)


@lru_cache(maxsize=2)
def lexicon(language: str) -> Lexicon:
    """The folded lexicon for ``language`` ("ar" or anything else -> English)."""
    if language == "ar":
        return _arabic()
    return _english()


#: CLDR "territories" that are organisations or groupings, not places: "الأمم المتحدة"
#: (UN) read as a place made "Libya vs United Nations" a place conflict.
_NOT_PLACES = frozenset({"UN", "EU", "EZ", "QO", "ZZ", "XA", "XB"})


def _territories(locale: str) -> dict[str, str]:
    """CLDR territory names (folded) -> English name, e.g. روسيا -> Russia."""
    from babel import Locale

    english = Locale("en").territories
    names = Locale(locale).territories
    out: dict[str, str] = {}
    for code, name in names.items():
        if code.isalpha() and code in english and code not in _NOT_PLACES:  # no numeric
            out[fold_word(name)] = english[code]
    return out


def _arabic() -> Lexicon:
    places = _territories("ar")
    places.update({fold_word(k): v for k, v in ar.PLACES.items()})
    reporting = (
        _verb_forms(ar.REPORTING_VERBS + roles.AR_PLEDGE_VERBS + cl.AR_REPORTING_EXTRA)
        | _prefixed(_fold_set(ar.REPORTING_PRESENT + ar.REPORTING_NOUNS + roles.AR_PLEDGE_PRESENT))
        | _prefixed(_fold_set(["أبدى", "أبدت", "أبدوا"]))
    )
    event_forms = _verb_forms(ar.EVENT_VERBS + cl.AR_EVENT_EXTRA)
    event = (
        event_forms
        # "ابتكرها المدون": a past verb with an object pronoun.
        | frozenset(f + suffix for f in event_forms for suffix in ("ها", "ه", "هم", "هما"))
        | _prefixed(_fold_set(ar.EVENT_PRESENT + cl.AR_EVENT_WORDS_EXTRA))
    )
    commitment = _prefixed(_fold_set(ar.COMMITMENT_WORDS)) | _verb_forms(
        ["تعهد", "وعد", "قرر", "توقع"]
    )
    return Lexicon(
        reporting=reporting,
        participles=_prefixed(_fold_set(ar.PARTICIPLES)),
        speaker_stops=_fold_set(ar.SPEAKER_STOPS + roles.AR_SPEECH_NOUNS),
        attribution=_prefixed(_fold_set(ar.ATTRIBUTION_MARKERS)),
        commitment=commitment,
        future_false_friends=_prefixed(_fold_set(ar.FUTURE_FALSE_FRIENDS)),
        event=event,
        comparison=_prefixed(_fold_set(ar.COMPARISON_WORDS)),
        titles=_prefixed(_fold_set(ar.TITLES + cl.AR_TITLES_EXTRA)),
        title_links=_fold_set(ar.TITLE_LINKS),
        descriptors={fold_word(k): v for k, v in ar.DESCRIPTORS.items()},
        places=places,
        place_heads=_heads(places),
        org_heads=_prefixed(_fold_set(ar.ORG_HEADS)),
        function_words=_fold_set(ar.FUNCTION_WORDS),
        relay=_verb_forms(roles.AR_RELAY_VERBS),
        expressive=_verb_forms(["عبر", "أعرب"]) | _prefixed(_fold_set(roles.AR_EXPRESSIVE)),
        feeling_stems=tuple(fold_word(w) for w in roles.AR_FEELING_STEMS),
        feeling_adjectives=_prefixed(_fold_set(roles.AR_FEELING_ADJECTIVES)),
        vague_groups=_prefixed(_fold_set(roles.AR_VAGUE_GROUPS)),
        opinion_verbs=_prefixed(_fold_set(roles.AR_OPINION_VERBS)),
        characterising=_prefixed(_fold_set(roles.AR_CHARACTERISING)),
        documents=_prefixed(_fold_set(roles.AR_DOCUMENTS)),
        document_links=_fold_set(roles.AR_DOCUMENT_LINKS),
        clause_verbs=reporting
        | event
        | commitment
        | _verb_forms(cl.AR_CLAUSE_VERBS)
        | _fold_set(cl.AR_CLAUSE_WORDS),
        time_links=_fold_set(cl.AR_TIME_LINKS),
        content_links=_fold_set(cl.AR_CONTENT_LINKS),
        but_words=_fold_set(cl.AR_BUT),
        relatives=_fold_set(cl.AR_RELATIVES),
        where_words=_prefixed(_fold_set(cl.AR_WHERE)),
        temporal_words=_prefixed(_fold_set(cl.AR_TEMPORAL)),
        group_refs=_prefixed(_fold_set(cl.AR_GROUP_REFS)),
        site_heads=_fold_set(cl.AR_PLACE_HEADS),
        place_links=_fold_set(cl.AR_PLACE_LINKS),
        directions=_fold_set(cl.AR_DIRECTIONS),
    )


def _english() -> Lexicon:
    places = _territories("en")
    places.update({fold_word(k): v for k, v in en.PLACES.items()})
    reporting = _fold_set(en.REPORTING_VERBS + roles.EN_PLEDGE_VERBS + cl.EN_REPORTING_EXTRA)
    event = _fold_set(en.EVENT_VERBS + cl.EN_EVENT_EXTRA)
    commitment = _fold_set(en.COMMITMENT_WORDS)
    return Lexicon(
        reporting=reporting,
        participles=_fold_set(["adding", "saying", "noting", "stressing", "warning", "insisting"]),
        speaker_stops=_fold_set(en.NON_NAMES),
        attribution=frozenset(),
        commitment=commitment,
        future_false_friends=frozenset(),
        event=event,
        comparison=_fold_set(en.COMPARISON_WORDS),
        titles=_fold_set(en.TITLES),
        title_links=frozenset(["of"]),
        descriptors={fold_word(k): v for k, v in en.DESCRIPTORS.items()},
        places=places,
        place_heads=_heads(places),
        org_heads=_fold_set(en.ORG_HEADS),
        function_words=_fold_set(en.NON_NAMES),
        expressive=_fold_set(roles.EN_EXPRESSIVE),
        feeling_stems=tuple(roles.EN_FEELING_STEMS),
        feeling_adjectives=_fold_set(roles.EN_FEELING_ADJECTIVES),
        vague_groups=_fold_set(roles.EN_VAGUE_GROUPS),
        opinion_verbs=_fold_set(roles.EN_OPINION_VERBS),
        characterising=_fold_set(roles.EN_CHARACTERISING),
        documents=_fold_set(roles.EN_DOCUMENTS),
        document_links=_fold_set(roles.EN_DOCUMENT_LINKS),
        clause_verbs=reporting | event | commitment | _fold_set(cl.EN_FINITE),
        but_words=frozenset(["but"]),
        relatives=_fold_set(cl.EN_RELATIVES),
        where_words=_fold_set(cl.EN_WHERE),
        temporal_words=_fold_set(cl.EN_TEMPORAL),
        site_heads=_fold_set(cl.EN_PLACE_HEADS),
        place_links=frozenset(["in", "near", "outside"]),
        directions=_fold_set(cl.EN_DIRECTIONS),
    )


def _widths(names: dict[str, str]) -> dict[str, tuple[int, ...]]:
    """First word -> word counts (longest first, at most 3) of the multi-word ``names``.

    Lookups then try only lengths that exist instead of joining 3, 2 and 1 words.
    """
    widths: dict[str, set[int]] = {}
    for name in names:
        words = name.split(" ")
        if len(words) <= 3:  # callers look at most three words ahead
            widths.setdefault(words[0], set()).add(len(words))
    return {head: tuple(sorted(ns, reverse=True)) for head, ns in widths.items()}


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
