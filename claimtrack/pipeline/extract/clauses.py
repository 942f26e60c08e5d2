"""Sentences -> one-fact clauses (docs/ANNOTATION.md, section 2).

A sentence is cut at a separator (comma, semicolon, dash) outside quotations when the word
after it opens a new clause; how it opens decides whether the clause inherits the speaker:

- ``participle``   "، مؤكداً أن" / ", adding"             -> the previous speaker
- ``content``      "، وأنهما" / ", and that"                -> the previous speaker
- ``but``          "، لكن" / ", but"                        -> the previous speaker, if reported
- ``continuation`` "، وأضاف" / "، كما أشار" / ", and said"    -> a reporting verb of its own
- ``coordinate``   "، وقام" / "، كما أشاد" / "، ثم" / "، وسعتهما تقدر" / ", and the leaders
  spoke" / ";"
- ``contrast``     "، فيما" / "، بينما" / ", while"          -> never the previous speaker
- ``relative``     "، حيث" / "، الذي" / ", where" / ", who"   -> narration
- ``temporal``     "، بعد أن" / "، عندما" / ", just days after X did Y"
- ``main``         the main clause after a fronted time clause ("عندما بدأنا ...، كان لدينا")
- ``embedded``     a relative clause inside the sentence ("كيم، الذي يزور روسيا ...، في
  قاعدة"): an extra clause; the main clause keeps its full span around it.

A comma-less relative after a person ("بالرئيس الكوري الشمالي الذي وصل ...") and a
coordinated relative ("... والذي ما زال في السجن") are cut too. Quotations are never cut; a
comma that closes a quotation (`there,"`) cuts after the closing mark. Most sentences are one
clause, decided by a cheap pass: no separator, or none followed by a word that can open a
clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from claimtrack.pipeline.extract import lexicon_clauses as cl
from claimtrack.pipeline.extract.lexicon import Lexicon, Token
from claimtrack.pipeline.normalize import fold
from claimtrack.pipeline.segment import quote_regions

_KEY = itemgetter(0)
_START = itemgetter(1)
# A hyphen inside a word ("Soyuz-2") lies inside a token and is skipped by the caller.
_SEPARATOR = re.compile("[،,;؛–—-]")
_QUOTE_MARK = re.compile('[“”«»„"]')  # the marks segment.quote_regions pairs
_HARD = frozenset(";؛")
# "، وسعتهما", "، وعددهم", "، وارتفاعها": "and its/their <noun>" opening a statement about what
# the clause before named, when a verb or a figure follows within three words. Prepositions
# and quantifiers with a pronoun ("ومنها", "وفيها", "ومعظمهم") list or qualify instead.
_AR_POSSESSIVE = ("هما", "هم", "ها")  # not "ه": a folded teh marbuta ("ومدينة") reads the same
# Stems of three letters or more only: "منها" and "فيها" are too short to be possessed nouns.
_AR_NOT_POSSESSED = frozenset(
    ["على", "علي", "الي", "بين", "عند", "لدي", "لكن", "بعض", "اغلب", "معظم", "جميع", "غير",
     "مثل", "ذلك", "بعد", "قبل", "امام", "خلف", "انه", "لان", "حيث", "نفس", "عين", "اكثر",
     "اقل", "منه", "عليه"]
)  # fmt: skip

_DASHES = frozenset("–—-")
_AR_CONTRAST = frozenset(["فيما", "بينما"])
_EN_CONTRAST = frozenset(["while", "whereas"])
#: ", and 2,059 (others) injured": an object-list item, not a clause (``_elliptical``).
_EN_TOLL_PARTICIPLES = frozenset(
    ["injured", "wounded", "missing", "displaced", "dead", "hurt", "killed", "arrested",
     "detained", "captured", "rescued", "evacuated", "homeless", "affected"]
)  # fmt: skip
_EN_COUNTED = frozenset(["others", "other", "more", "people", "persons", "residents"])
_EN_SUBJECTLESS = frozenset(["the", "a", "an", "to", "of", "in", "on", "at", "by", "for"])
_EN_RESULT = frozenset(cl.EN_RESULT_PARTICIPLES)
_AR_RESULT = frozenset(fold(w).text for w in cl.AR_RESULT_PARTICIPLES)
_AR_RESULT_VERBS = frozenset(fold(w).text for w in cl.AR_RESULT_VERBS)
_EN_TIME_WORDS = frozenset(cl.EN_TIME_UNITS)
_EN_ING_PREPOSITIONS = frozenset(cl.EN_ING_PREPOSITIONS)
# Openings whose clause is narration with a subject of its own or none.
FRESH = frozenset(["contrast", "relative", "temporal", "main", "embedded"])


@dataclass(frozen=True, slots=True)
class Clause:
    """A claim candidate: raw span, its tokens, and how it opened."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    opening: str  # see the module docstring
    keys: tuple[str, ...]  # the tokens' keys, built once and shared by every rule


_EDGE = frozenset("،,;؛–—-")  # with spaces: never the first or last character of a clause


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
        end -= 1
    return start, end


_TAILS: dict[int, frozenset[str]] = {}


def _person_tails(lex: Lexicon) -> frozenset[str]:
    """Words that can end a person mention: titles and the words of nationality phrases."""
    tails = _TAILS.get(id(lex))  # lexicons are per-language singletons
    if tails is None:
        words = {w for phrase in lex.descriptors for w in phrase.split(" ")}
        tails = _TAILS[id(lex)] = frozenset(words) | lex.titles
    return tails


def split_clauses(
    text: str,
    start: int,
    end: int,
    tokens: list[Token],
    lex: Lexicon,
    language: str,
    known: frozenset[str] | set[str] = frozenset(),
    keys: list[str] | None = None,
    starts: list[int] | None = None,
) -> list[Clause]:
    """Clauses of the sentence ``text[start:end]`` (tokens in article offsets), in order;
    embedded relative clauses come last. ``known`` holds the article's person name forms;
    ``keys`` and ``starts`` the tokens' keys and start offsets when the caller has them."""
    if keys is None:
        keys = list(map(_KEY, tokens))
    arabic = language == "ar"
    bare = arabic and not lex.relatives.isdisjoint(keys)
    if _SEPARATOR.search(text, start, end) is None and not bare:
        return _single(text, start, end, tokens, keys)
    # Cheap pass first: most separators are followed by a word that cannot open a clause
    # ("، الثلاثاء،", ", Mayor Ellen Vance said"); such a sentence is one clause.
    if starts is None:
        starts = list(map(_START, tokens))
    n = len(tokens)
    cues = _CUES.get(id(lex)) or _cue_words(lex)
    opened = bare or (
        bool(keys)
        and (keys[0] in lex.temporal_words or keys[0] in ("بعد", "قبل"))
        and _fronted_start(text, tokens, keys, lex, arabic)
    )
    if not opened and not arabic and keys and keys[0].endswith("ing"):
        opened = _fronted_start(text, tokens, keys, lex, arabic)
    if not opened:
        for found in _SEPARATOR.finditer(text, start, end):
            k = bisect_right(starts, found.start())
            if 0 < k < n and (
                keys[k] in cues or found.group(0) in _HARD or (arabic and _possessed(keys[k]))
            ):
                opened = True
                break
    if not opened:
        return _single(text, start, end, tokens, keys)
    splitter = _Splitter(text, start, end, tokens, keys, lex, arabic, known, starts)
    return splitter.clauses()


_CUES: dict[int, frozenset[str]] = {}


def _cue_words(lex: Lexicon) -> frozenset[str]:
    """Every word that can open a clause after a separator (see ``_Splitter._kind``)."""
    cues = _CUES.get(id(lex))  # lexicons are per-language singletons
    if cues is None:
        cues = _CUES[id(lex)] = (
            lex.participles
            | lex.content_links
            | lex.reporting
            | lex.but_words
            | lex.relatives
            | lex.where_words
            | lex.temporal_words
            | lex.time_links
            | lex.clause_verbs
            | _AR_CONTRAST
            | _EN_CONTRAST
            | _EN_TIME_WORDS
            | _EN_RESULT
            | _AR_RESULT
            | frozenset(["كما", "في", "بعد", "قبل", "ثم", "ما", "and", "but", "then"])
        )
    return cues


def _fronted_start(
    text: str, tokens: list[Token], keys: list[str], lex: Lexicon, arabic: bool
) -> bool:
    """The sentence opens with a time clause or a participle ("عندما ...،", "When ...,",
    "Broadcasting ...,"): its main clause starts after the first comma."""
    first = keys[0] if keys else ""
    if first in lex.temporal_words:
        return True
    if arabic:
        return first in ("بعد", "قبل") and len(keys) > 1 and keys[1] == "ان"
    return (
        first.endswith("ing")
        and first not in _EN_ING_PREPOSITIONS
        and text[tokens[0].start].isupper()
    )


def _single(text: str, start: int, end: int, tokens: list[Token], keys: list[str]) -> list[Clause]:
    a, b = _trim(text, start, end)
    if tokens and tokens[0].start >= a and tokens[-1].start < b:
        chunk, chunk_keys = tuple(tokens), tuple(keys)
    else:
        chunk = tuple(t for t in tokens if a <= t.start < b)
        chunk_keys = tuple([t.key for t in chunk])
    return [Clause(a, b, chunk, "start", chunk_keys)] if b > a and chunk else []


class _Splitter:
    """One sentence's cut points; a class so the rules share the sentence's state."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        tokens: list[Token],
        keys: list[str],
        lex: Lexicon,
        arabic: bool,
        known: frozenset[str] | set[str],
        starts: list[int],
    ) -> None:
        self.text, self.start, self.end = text, start, end
        self.tokens, self.keys, self.lex, self.arabic = tokens, keys, lex, arabic
        self.known = known
        self.starts = starts
        self.regions = (
            [(a + start, b + start) for a, b in quote_regions(text[start:end])]
            if _QUOTE_MARK.search(text, start, end) is not None
            else []
        )
        # Separator boundaries before token k: k -> (cut offset, separator character). One
        # regex pass over the sentence; each separator is placed among the tokens by bisect.
        self.bounds: dict[int, tuple[int, str]] = {}
        r = 0
        for found in _SEPARATOR.finditer(text, start, end):
            cut = found.start()
            k = bisect_right(self.starts, cut)
            if k == 0 or k >= len(tokens) or k in self.bounds or tokens[k - 1].end > cut:
                continue
            if text[cut - 1 : cut].isdigit() and text[cut + 1 : cut + 2].isdigit():
                continue  # a thousands separator ("120,000"), not a clause break
            while r < len(self.regions) and self.regions[r][1] < cut:
                r += 1
            if r < len(self.regions) and self.regions[r][0] < cut:
                close = self.regions[r][1]
                if close >= tokens[k].start:
                    continue  # inside a quotation
                cut = close + 1  # `there,"`: the quotation closes in this gap
            self.bounds[k] = (cut, found.group(0).strip())
        self.bound_list = sorted(self.bounds)

    def clauses(self) -> list[Clause]:
        keys, n = self.keys, len(self.keys)
        cuts: list[tuple[int, str]] = []
        extras: list[tuple[int, int]] = []
        fronted = self._fronted()
        positions = self.bound_list
        if self.arabic and not self.lex.relatives.isdisjoint(keys):
            relatives = self.lex.relatives
            positions = sorted({*positions, *(k for k in range(1, n) if keys[k] in relatives)})
        for k in positions:
            bound = self.bounds.get(k)
            if bound is None:
                kind = self._bare_relative(k)
                if kind:
                    cuts.append((self.tokens[k].start, kind))
                continue
            kind = self._kind(k, bound[1])
            if kind is None and fronted and not cuts and bound[1] in ",،":
                kind = "main"
            fronted = False if bound[1] in ",،" else fronted
            if kind == "relative" and keys[k] not in self.lex.where_words:
                close = self._closing(k, bound[1])
                if close is not None:
                    extras.append((self.tokens[k].start, self.bounds[close][0]))
                    continue
            if kind is not None:
                cuts.append((bound[0], kind))
        out = self._build(cuts)
        for a, b in extras:
            out.extend(self._build_one(a, b, "embedded"))
        return out

    def _fronted(self) -> bool:
        return _fronted_start(self.text, self.tokens, self.keys, self.lex, self.arabic)

    def _closing(self, k: int, separator: str) -> int | None:
        """For a relative clause opened at bound k: the bound that closes it inside the
        sentence (an embedded clause), or None when it runs to the next clause or the end."""
        dash = separator in _DASHES
        at = bisect_right(self.bound_list, k)
        for m in self.bound_list[at : at + 24]:  # bounded: linear on comma floods
            sep = self.bounds[m][1]
            if dash != (sep in _DASHES) or sep in _HARD:
                continue
            return None if self._kind(m, sep) is not None else m
        return None

    def _bare_relative(self, k: int) -> str | None:
        """Arabic comma-less relatives that state a fact of their own."""
        if not self.arabic:
            return None
        key = self.keys[k]
        if key not in self.lex.relatives:
            return None
        if key.startswith("و"):  # "... والذي ما زال في السجن": a second relative clause
            return "relative"
        previous = self.keys[k - 1]
        verb = k + 1 < len(self.keys) and self.keys[k + 1] in self.lex.clause_verbs
        if verb and (previous in _person_tails(self.lex) or previous in self.known):
            return "relative"
        return None

    def _kind(self, k: int, separator: str) -> str | None:
        if separator in _HARD:
            return "coordinate"
        key = self.keys[k]
        if separator in _DASHES:
            return "relative" if key in self.lex.relatives else None
        return self._kind_ar(k, key) if self.arabic else self._kind_en(k, key)

    def _kind_ar(self, k: int, key: str) -> str | None:
        lex, keys = self.lex, self.keys
        nxt = keys[k + 1] if k + 1 < len(keys) else ""
        if key in lex.participles or key in _AR_RESULT or (key == "ما" and nxt in _AR_RESULT_VERBS):
            return "participle"
        if key in lex.content_links:
            return "content"
        if key[:1] in "وف" and key in lex.reporting:
            return "continuation"
        if key == "كما":
            if nxt in lex.reporting:
                return "continuation"
            return None if nxt in ("يلي", "هو", "هي") else "coordinate"
        if key in _AR_CONTRAST or (key == "في" and nxt == "حين"):
            return "contrast"
        if key in lex.but_words:
            return "but"
        if key in lex.relatives or key in lex.where_words:
            return "relative"
        if key in lex.temporal_words or (key in ("بعد", "قبل") and nxt == "ان"):
            return "temporal"
        if key == "ثم":
            return "coordinate"
        if key in lex.time_links:
            window = keys[k + 1 : k + 4]
            return "coordinate" if not lex.clause_verbs.isdisjoint(window) else None
        if key[:1] == "و" and key in lex.clause_verbs:
            return "coordinate"
        if _possessed(key):  # "، وسعتهما تقدر 24 مليون متر مكعب": a statement of its own
            window = keys[k + 1 : k + 4]
            if not lex.clause_verbs.isdisjoint(window) or any(w[:1].isdigit() for w in window):
                return "coordinate"
        return None

    def _kind_en(self, k: int, key: str) -> str | None:
        lex, keys = self.lex, self.keys
        nxt = keys[k + 1] if k + 1 < len(keys) else ""
        if key in lex.participles or key in _EN_RESULT:
            return "participle"
        if key in ("and", "but"):
            if nxt == "that":
                return "content"
            if key == "and" and (nxt in lex.reporting or nxt in lex.event or nxt == "also"):
                return "continuation" if nxt in lex.reporting else "coordinate"
            if self._verb_ahead(k + 1) and not self._elliptical(k + 1):
                return "but" if key == "but" else "coordinate"
            return None
        if key in _EN_CONTRAST:
            return "contrast"
        if key in lex.relatives or key in lex.where_words:
            return "relative"
        if key == "then":
            return "coordinate"
        m = k
        while m < len(keys) and m < k + 4 and keys[m] in _EN_TIME_WORDS:
            m += 1
        if m < len(keys) and keys[m] in lex.temporal_words and self._verb_ahead(m + 1):
            return "temporal"
        return None

    def _elliptical(self, i: int) -> bool:
        """English: ", and 2,059 injured": a figure and a bare participle with no finite verb
        of its own, the next item of one verb's object list ("the quake claimed 2,012
        deaths, and 2,059 injured"), not a clause (docs/ANNOTATION.md section 2); ", and
        2,059 were injured" is one."""
        keys = self.keys
        if i >= len(keys) or not keys[i][:1].isdigit():
            return False
        j = i + 1
        while j < len(keys) and j < i + 4 and (keys[j][:1].isdigit() or keys[j] in _EN_COUNTED):
            j += 1  # "1,059" is two keys; "others", "people"
        return j < len(keys) and j not in self.bounds and keys[j] in _EN_TOLL_PARTICIPLES

    def _verb_ahead(self, i: int) -> bool:
        """English: a finite verb within the next words, before the next separator."""
        keys, lex = self.keys, self.lex
        for j in range(i, min(len(keys), i + 8)):
            if j > i and j in self.bounds:
                return False
            key = keys[j]
            if key in lex.clause_verbs:
                return True
            if key.endswith("ed") and len(key) > 4 and keys[j - 1] not in _EN_SUBJECTLESS:
                return True
        return False

    def _build(self, cuts: list[tuple[int, str]]) -> list[Clause]:
        out: list[Clause] = []
        bounds = [(self.start, "start"), *sorted(cuts), (self.end, "")]
        for (a, opening), (b, _) in pairwise(bounds):
            out.extend(self._build_one(a, b, opening))
        return out

    def _build_one(self, a: int, b: int, opening: str) -> list[Clause]:
        a, b = _trim(self.text, a, b)
        if b <= a:
            return []
        i, j = bisect_left(self.starts, a), bisect_left(self.starts, b)
        if i >= j:
            return []
        return [Clause(a, b, tuple(self.tokens[i:j]), opening, tuple(self.keys[i:j]))]


def _possessed(key: str) -> bool:
    """Arabic "و" + a noun with a possessive pronoun ("وسعتهما", "وعددهم"), not a
    preposition or quantifier with one ("ومنها", "ومعظمهم")."""
    if key[:1] != "و" or len(key) < 5:
        return False
    for suffix in _AR_POSSESSIVE:
        if key.endswith(suffix):
            stem = key[1 : -len(suffix)]
            return len(stem) >= 3 and stem[:2] != "ال" and stem not in _AR_NOT_POSSESSED
    return False
