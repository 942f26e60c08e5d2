"""Text analysis for the lexical (BM25) index: Arabic and English, by script.

A text becomes a list of index terms:

1. Arabic-Indic and Persian digits become ASCII; URLs are dropped; hashtags and
   handles in camel case are split (``#TxTransForum`` -> ``tx trans forum``).
2. Tokens are words (letters) or numbers. Thousands separators are dropped
   (``6,600`` -> ``6600``, ``٦٬٦٠٠`` -> ``6600``); decimals keep their point (``6.8``).
3. Arabic words are normalised (diacritics and tatweel removed; أ إ آ ٱ -> ا; ى -> ي;
   ة -> ه; ؤ ئ -> ء) and light-stemmed (:func:`light_stem_arabic`, Larkey's "light10":
   conjunction و, the article and its prefixed forms, and ten suffixes).
4. Latin words are case-folded, stripped of accents and Snowball-stemmed (English
   unless the document's language has a Snowball stemmer); stop words are dropped.

Each token picks its treatment by script, not by a language label, so a mixed text (an
Arabic claim quoting an English name) is analysed correctly without detection.

Why light10 and not Snowball Arabic (``python bench/bench_lexical.py stemmers``): on ANS
train headline-pair retrieval they are level (MAP@10 0.702 vs 0.701, Recall@10 0.941 vs
0.936; no stemming 0.666 / 0.900), and Snowball over-stems names (فلسطين -> لسط) and leaves
prefixed forms apart (والمسؤولون vs المسؤولون), which light10 does not.

Changing anything here changes every index: bump :data:`ANALYSER_VERSION`, and stored
indexes are rebuilt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: Stored with every lexical index; a different version means the index is rebuilt.
ANALYSER_VERSION = "ar-light10+en-snowball-1"

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Harakat, Quranic marks, superscript alef; tatweel.
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء", "ئ": "ء"}
)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TAGGED = re.compile(r"[#@](\w+)")
# A number with thousands separators or a decimal part, or a run of letters.
_TOKEN = re.compile(r"\d+(?:[.,٫٬]\d+)*|[^\W\d_]+")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,٬]\d{3})+$")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

# Larkey, Ballesteros & Connell (2007), "light10": prefixes tried in this order, each
# removed only if at least two letters remain; then each suffix once, in order.
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


EN_STOP_WORDS = _word_set(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves s t rt amp via"""
)
# Written normalised (ى -> ي, ة -> ه, أ/إ/آ -> ا), as they look after _normalise_arabic.
AR_STOP_WORDS = _word_set(
    """في من علي الي عن مع ان او ثم قد لقد كان كانت يكون تكون هذا هذه ذلك تلك هو هي هم هما
    نحن انت الذي التي الذين اللذان اللتان ما لا لم لن ليس بعد قبل عند حتي اذا كل بين كما
    لكن بل اي اما منذ خلال حيث وقد وكان وهو وهي وفي ومن وعلي وان او فيه فيها منه منها عليه
    عليها به بها له لها الا غير ذات"""
)


def normalise_arabic(text: str) -> str:
    """Arabic orthographic variants folded: digits, marks, tatweel, alef/yeh/teh/hamza forms.

    >>> normalise_arabic("إِنَّ الـمـدرسةَ ٢٠٢٣ مسؤول مسئول على")
    'ان المدرسه 2023 مسءول مسءول علي'
    """
    return _AR_MARKS.sub("", text.translate(_DIGITS)).translate(_AR_LETTERS)


def light_stem_arabic(word: str) -> str:
    """Larkey's light10 stem of a normalised Arabic word (see :func:`normalise_arabic`).

    >>> [light_stem_arabic(w) for w in ("والمسءولون", "المسءولون", "بالمدارس", "كتابها")]
    ['مسءول', 'مسءول', 'مدارس', 'كتاب']
    """
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=64)
def _snowball(language: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(language)


_SNOWBALL_BY_CODE = {
    "en": "english", "fr": "french", "es": "spanish", "pt": "portuguese", "de": "german",
    "it": "italian", "nl": "dutch", "pl": "polish", "ru": "russian", "tr": "turkish",
    "id": "indonesian", "sv": "swedish", "no": "norwegian", "nb": "norwegian", "da": "danish",
    "fi": "finnish", "ro": "romanian", "hu": "hungarian", "cs": "czech", "el": "greek",
    "hi": "hindi", "fa": "persian", "ca": "catalan", "lt": "lithuanian", "ta": "tamil",
}  # fmt: skip


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Analyser:
    """Turn texts into index terms; one instance caches the stems it has seen.

    ``arabic_stemmer`` is ``"light10"`` (default), ``"snowball"`` or ``"none"``; the
    other options exist to measure the choice, not for production use.
    """

    def __init__(self, *, arabic_stemmer: str = "light10", stop_words: bool = True) -> None:
        if arabic_stemmer not in ("light10", "snowball", "none"):
            raise ValueError(f"unknown Arabic stemmer {arabic_stemmer!r}")
        self.arabic_stemmer = arabic_stemmer
        self.stop_words = stop_words
        self._cache: dict[tuple[str, str], str | None] = {}
        self._ar_stem: Callable[[str], str]
        if arabic_stemmer == "light10":
            self._ar_stem = light_stem_arabic
        elif arabic_stemmer == "snowball":
            self._ar_stem = _snowball("arabic").stemWord
        else:
            self._ar_stem = str

    @property
    def version(self) -> str:
        if self.arabic_stemmer == "light10" and self.stop_words:
            return ANALYSER_VERSION
        return f"{ANALYSER_VERSION}:{self.arabic_stemmer}:{int(self.stop_words)}"

    def terms(self, text: str, language: str | None = None) -> list[str]:
        """The index terms of ``text`` in order (repeats kept, for term frequencies).

        ``language`` (an ISO 639-1 code) only picks the Snowball stemmer for Latin-script
        words; Arabic-script words are always treated as Arabic.
        """
        if not text:
            return []
        text = _URL.sub(" ", text.translate(_DIGITS))
        text = _TAGGED.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
        latin = _SNOWBALL_BY_CODE.get((language or "en").split("-")[0].lower(), "english")
        out: list[str] = []
        cache = self._cache
        for match in _TOKEN.finditer(text):
            token = match.group()
            if token[0].isdigit():
                out.append(_number(token))
                continue
            key = (token, latin)
            term = cache.get(key, "")
            if term == "":
                term = self._term(token, latin)
                if len(cache) < 500_000:
                    cache[key] = term
            if term is not None:
                out.append(term)
        return out

    def _term(self, token: str, latin: str) -> str | None:
        if _ARABIC.search(token):
            word = normalise_arabic(token)
            if not word or (self.stop_words and word in AR_STOP_WORDS):
                return None
            return self._ar_stem(word) or word
        word = _strip_accents(token.casefold())
        if self.stop_words and word in EN_STOP_WORDS:
            return None
        return str(_snowball(latin).stemWord(word))


def _number(token: str) -> str:
    """``6,600`` -> ``6600``; ``6.8`` and ``6,8`` -> ``6.8``; ``٦٬٦٠٠`` -> ``6600``."""
    if _THOUSANDS.match(token):
        return token.replace(",", "").replace("٬", "")
    return token.replace(",", ".").replace("٫", ".").replace("٬", ".")


_default: Analyser | None = None


def default_analyser() -> Analyser:
    """The shared analyser every index uses (one stem cache per process)."""
    global _default
    if _default is None:
        _default = Analyser()
    return _default
