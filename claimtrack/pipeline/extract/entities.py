"""Rule- and gazetteer-based entity mentions (no offline Arabic NER exists).

Persons: a title chain (الرئيس الروسي / Russian President) followed by name tokens, or a
short mention of a person already seen in the article. Places: CLDR territory names
(Babel) plus a hand list of cities, canonical = English name. Organisations: a head
keyword (وزارة، وكالة، Ministry, Agency...) and its modifiers.

``PersonRegistry`` resolves short mentions within one article: a later "بوتين" resolves to
the longest earlier full mention "فلاديمير بوتين"; a title-only mention ("الرئيس الكوري
الشمالي") resolves through its nationality to the last leader of that country mentioned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import heappop, heappush
from operator import itemgetter
from typing import Any

from claimtrack.pipeline.extract.lexicon import (
    PREFIXES,
    Lexicon,
    Token,
    is_future_verb,
    strip_prefix,
)

_KEY = itemgetter(0)  # Token.key, fetched in C by map()
_PUNCT_BREAK = frozenset('،,:;؛.!?؟()[]“”«»"')
MAX_NAME_TOKENS = 3
LEADER_TITLES = frozenset(
    ["الرييس", "رييس", "زعيم", "الزعيم", "نظيره", "نظيرته", "president", "leader", "الرئيس", "رئيس"]
)


def has_break(text: str, a: int, b: int) -> bool:
    """True when the raw gap ``text[a:b]`` between two tokens holds punctuation."""
    return not _PUNCT_BREAK.isdisjoint(text[a:b])  # one C call; usually a single space


@dataclass
class PersonRegistry:
    """Names seen so far in one article, for canonical resolution."""

    aliases: dict[str, str] = field(default_factory=dict)  # folded token -> canonical
    by_country: dict[str, str] = field(default_factory=dict)  # ISO code -> canonical
    full_keys: dict[str, list[str]] = field(default_factory=dict)  # canonical -> its words
    # Every alias key plus its clitic-prefixed forms (لبوتين): one set test per token
    # instead of a strip_prefix and two dict lookups.
    alias_forms: set[str] = field(default_factory=set)
    new_forms: list[str] = field(default_factory=list)  # alias_forms in the order added
    # Organisation head word (folded, no clitic, no ال) -> last full name with that head,
    # so a later "وأشارت المنظمة" resolves to "منظمة إنقاذ الطفولة".
    orgs: dict[str, str] = field(default_factory=dict)

    def register(
        self, name_keys: list[str], raw_name: str, country: str | None, leader: bool = True
    ) -> str:
        """Record a full mention; return its canonical (an earlier longer one if known)."""
        canonical = raw_name
        for key in (name_keys[-1], name_keys[0]):
            known = self.aliases.get(key)
            if known is not None and len(known) >= len(raw_name):
                canonical = known
                break
        if canonical == raw_name:
            # Only the first and last words become aliases: a middle word (جونغ) is shared
            # by many Korean names.
            for key in (name_keys[0], name_keys[-1]):
                self.aliases[key] = canonical
                forms = [key, *(p + key for p in PREFIXES)] if len(key) >= 3 else [key]
                for form in forms:
                    if form not in self.alias_forms:
                        self.alias_forms.add(form)
                        self.new_forms.append(form)
            self.full_keys[canonical] = name_keys
        if country and leader:
            self.by_country[country] = canonical
        return canonical

    def span_at(self, keys: list[str]) -> tuple[str | None, int]:
        """Canonical and width of a known name starting at ``keys[0]`` (full or short)."""
        canonical = self.lookup(keys[0])
        if canonical is None:
            return None, 0
        full = self.full_keys.get(canonical, [])
        if (
            full
            and len(keys) >= len(full)
            and [strip_prefix(keys[0]), *keys[1 : len(full)]]
            in (
                full,
                [strip_prefix(full[0]), *full[1:]],
            )
        ):
            return canonical, len(full)
        return canonical, 1

    def lookup(self, key: str) -> str | None:
        """Canonical for a one-token mention (with or without a clitic prefix)."""
        return self.aliases.get(key) or self.aliases.get(strip_prefix(key))


def _descriptor_at(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str | None, int]:
    """Longest nationality descriptor (or country name) starting at token i."""
    for n in lex.descriptor_widths.get(tokens[i].key, ()):
        if i + n <= len(tokens):
            code = lex.descriptors.get(" ".join([t.key for t in tokens[i : i + n]]))
            if code is not None:
                return code, n
    return None, 0


def _place_at(tokens: list[Token], i: int, lex: Lexicon, text: str) -> tuple[str | None, int]:
    key = tokens[i].key
    if key not in lex.place_starts:
        return None, 0  # no place name starts with this word, with or without a clitic
    bare = strip_prefix(key)
    widths = lex.place_widths.get(key, ())
    if bare != key:
        widths = tuple(sorted({*widths, *lex.place_widths.get(bare, ())}, reverse=True))
    for n in widths:  # only the lengths of names that start with this word
        if i + n > len(tokens) or (
            n > 1 and has_break(text, tokens[i].end, tokens[i + n - 1].start)
        ):
            continue
        keys = [t.key for t in tokens[i : i + n]]
        name = lex.places.get(" ".join(keys))
        if name is None:
            keys[0] = strip_prefix(keys[0])
            name = lex.places.get(" ".join(keys))
        if name is not None:
            return name, n
    return None, 0


def _is_name_token(tok: Token, text: str, lex: Lexicon, language: str) -> bool:
    key = tok.key
    if key in lex.function_words or key in lex.speaker_stops or key in lex.titles:
        return False
    if key in lex.reporting or key in lex.event or key in lex.participles or key.isdigit():
        return False
    if language == "ar":
        if key.startswith("ال") or len(key) < 2 or key[0].isascii() or is_future_verb(key, lex):
            return False
        bare = strip_prefix(key)
        return not (key[0] == "و" and (bare.startswith("ال") or bare in lex.function_words))
    return text[tok.start].isupper()


def _candidates(
    text: str,
    tokens: list[Token],
    keys: Sequence[str],
    lex: Lexicon,
    language: str,
    registry: PersonRegistry,
) -> list[int]:
    """Indices of tokens that may start a mention (one comprehension, set tests)."""
    heads = lex.mention_heads
    forms = registry.alias_forms
    if language == "ar":
        if heads.isdisjoint(keys) and forms.isdisjoint(keys):
            return []  # the usual clause: no word that can start a mention (two C calls)
        return [k for k, key in enumerate(keys) if key in heads or key in forms]
    return [
        k
        for k, key in enumerate(keys)
        if key in heads or key in forms or text[tokens[k].start].isupper()
    ]


def find_entities(
    text: str,
    tokens: list[Token],
    lex: Lexicon,
    language: str,
    registry: PersonRegistry,
    keys: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Entity mentions in ``tokens`` (offsets into ``text``), registering persons.

    ``keys`` are the tokens' keys when the caller has them already (a clause's ``keys``).
    """
    out: list[dict[str, Any]] = []
    n = len(tokens)
    if keys is None:
        keys = list(map(_KEY, tokens))
    heap = _candidates(text, tokens, keys, lex, language, registry)  # sorted: a valid heap
    seen_forms = len(registry.new_forms)
    positions: dict[str, list[int]] | None = None
    i = 0
    while True:
        if len(registry.new_forms) != seen_forms:
            # A person registered in this clause: its later short mentions are candidates
            # too. Each position is pushed at most once (per new form), so a long clause
            # full of names stays linear.
            if positions is None:
                positions = {}
                for k, t in enumerate(tokens):
                    positions.setdefault(t.key, []).append(k)
            for form in registry.new_forms[seen_forms:]:
                for k in positions.get(form, ()):
                    if k >= i:
                        heappush(heap, k)
            seen_forms = len(registry.new_forms)
        if not heap:
            break
        k = heappop(heap)
        if k < i:
            continue  # already consumed by a longer mention, or pushed twice
        i = k
        tok = tokens[i]
        place, width = _place_at(tokens, i, lex, text)
        if place is not None:
            end = tokens[i + width - 1].end
            out.append(_mention(text, tok.start, end, "place", place))
            i += width
            continue
        if tok.key in lex.titles or (language != "ar" and _descriptor_at(tokens, i, lex)[0]):
            i = _person_after_title(text, tokens, i, lex, language, registry, out)
            continue
        if tok.key in lex.org_heads:
            j = i + 1
            while j < n and j - i < 3 and not has_break(text, tokens[j - 1].end, tokens[j].start):
                key = tokens[j].key
                if key in lex.function_words or key in lex.reporting or key in lex.speaker_stops:
                    break
                if language != "ar" and not text[tokens[j].start].isupper():
                    break
                j += 1
            out.append(_mention(text, tok.start, tokens[j - 1].end, "org", None))
            head = strip_prefix(tok.key)
            if j - i > 1 and not head.startswith("ال"):  # a named one, not "the ministry"
                registry.orgs[head] = text[tok.start : tokens[j - 1].end]
            i = j
            continue
        # alias_forms holds every key that ``lookup`` resolves: skip building the window
        known, width = (
            registry.span_at([t.key for t in tokens[i : i + 4]])
            if tok.key in registry.alias_forms
            else (None, 0)
        )
        if known is not None and _is_name_token(tok, text, lex, language):
            out.append(_mention(text, tok.start, tokens[i + width - 1].end, "person", known))
            i += width
            continue
        elif language != "ar" and _is_name_token(tok, text, lex, language) and i + 1 < n:
            i = _capitalised_run(text, tokens, i, lex, language, registry, out)
            continue
        i += 1
    return out


def _person_after_title(
    text: str, tokens: list[Token], i: int, lex: Lexicon, language: str,
    registry: PersonRegistry, out: list[dict[str, Any]],
) -> int:  # fmt: skip
    """Consume a title chain and the name after it; return the next token index."""
    n = len(tokens)
    start = i
    country: str | None = None
    saw_title = False
    leader_only = True  # only a head-of-state title may stand for the country's leader
    j = i
    while j < n:
        if j > start and has_break(text, tokens[j - 1].end, tokens[j].start):
            break
        key = tokens[j].key
        code, width = _descriptor_at(tokens, j, lex)
        if code is not None:
            country = code
            j += width
        elif key in lex.titles:
            saw_title = True
            leader_only = leader_only and strip_prefix(key) in LEADER_TITLES
            j += 1
        elif key in lex.title_links and j + 1 < n and saw_title:
            j += 2
        elif language == "ar" and key.startswith("ال") and j == start + 1:
            j += 1  # وزير الدفاع
        else:
            break
    name_start = j
    if (
        leader_only
        and country in registry.by_country
        and j < n
        and registry.lookup(tokens[j].key) is None
    ):
        # "رئيس كوريا الديمقراطية" after Kim was named: a role, not a new name.
        n = j
    while (
        j < n
        and j - name_start < MAX_NAME_TOKENS
        and not has_break(text, tokens[j - 1].end, tokens[j].start)
        and _is_name_token(tokens[j], text, lex, language)
        and _place_at(tokens, j, lex, text)[0] is None
    ):
        j += 1
    if j > name_start:
        keys = [t.key for t in tokens[name_start:j]]
        raw = text[tokens[name_start].start : tokens[j - 1].end]
        if len(keys) == 1 and registry.lookup(keys[0]):
            canonical = registry.lookup(keys[0]) or raw
            if country and leader_only:
                registry.by_country[country] = canonical
        else:
            canonical = registry.register(keys, raw, country, leader_only)
        out.append(_mention(text, tokens[start].start, tokens[j - 1].end, "person", canonical))
        return j
    if saw_title:
        role = registry.by_country.get(country) if country and leader_only else None
        out.append(_mention(text, tokens[start].start, tokens[j - 1].end, "person", role))
        return j
    return i + 1


def _capitalised_run(
    text: str, tokens: list[Token], i: int, lex: Lexicon, language: str,
    registry: PersonRegistry, out: list[dict[str, Any]],
) -> int:  # fmt: skip
    """English: two or more capitalised words -> person (or org with a head word)."""
    j = i
    while (
        j < len(tokens)
        and j - i < 4
        and (j == i or not has_break(text, tokens[j - 1].end, tokens[j].start))
        and _is_name_token(tokens[j], text, lex, language)
    ):
        j += 1
    if j - i < 2:
        return i + 1
    keys = [t.key for t in tokens[i:j]]
    raw = text[tokens[i].start : tokens[j - 1].end]
    if not lex.org_heads.isdisjoint(keys):
        out.append(_mention(text, tokens[i].start, tokens[j - 1].end, "org", None))
    else:
        canonical = registry.register(keys, raw, None)
        out.append(_mention(text, tokens[i].start, tokens[j - 1].end, "person", canonical))
    return j


def _mention(text: str, start: int, end: int, kind: str, canonical: str | None) -> dict[str, Any]:
    return {
        "text": text[start:end],
        "kind": kind,
        "canonical": canonical,
        "start": start,
        "end": end,
    }
