"""Speaker attribution: who said it, as written and resolved within the article.

Arabic: the noun phrase after a reporting verb (قال، أكد، أعلنوا...) up to a stop word or
punctuation; a ل/إلى phrase after the verb is the addressee, not the speaker ("وقال
لبوتين"); participles (مؤكداً، مشيراً) and elided subjects ("وأضاف أن") carry the previous
speaker; "وكان X قد ذكر" puts the subject before the verb. Multi-hop sourcing ("قال X،
بحسب وكالات روسية") keeps X as speaker and records the chain. Only a relay verb (نقل) makes
the noun after عن the source ("نقلت وكالة X عن مصدر Y"); after عبّر / أعرب that noun is
what was expressed. Pledge verbs (تعهد، وعد / pledged) take their subject as speaker, and a
document before its author ("بحسب تقرير لمنظمة الصحة العالمية") gives the author.
English: "X said", "said X", "..., X said", "X told Y", "according to X".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claimtrack.pipeline.extract.entities import PersonRegistry, has_break
from claimtrack.pipeline.extract.lexicon import Lexicon, Token, strip_prefix

MAX_SPEAKER_TOKENS = 7
_EN_PRONOUNS = frozenset(["he", "she", "they", "it", "we"])
_EN_AUXILIARIES = frozenset(["has", "have", "had", "is", "was", "were", "are", "will", "also"])
# Adverbs that may sit between an Arabic verb and its subject ("عبّر قبلها بوتين").
_SKIP_AFTER_VERB = frozenset(["قبلها", "بعدها", "ايضا", "كذلك", "بدوره", "بدورها", "بدورهم"])


@dataclass
class Attribution:
    """The speaker of one clause and how the speech is reported."""

    speaker: str | None = None
    canonical: str | None = None
    cue: bool = False  # a reporting verb, participle or "according to" was found
    source_chain: list[str] = field(default_factory=list)
    cue_index: int = -1  # token index of the reporting cue within the clause


def _tanween_adverb(text: str, tok: Token) -> bool:
    """Arabic accusative adverbs (موجهاً، علناً) end the speaker phrase."""
    raw = text[tok.start : tok.end]
    return raw.endswith("اً") or raw.endswith("ًا")


def _noun_phrase(
    text: str,
    tokens: list[Token],
    i: int,
    lex: Lexicon,
    language: str,
    known: set[str] | None = None,
) -> tuple[int, int]:
    """Token range [i, j) of the speaker noun phrase starting at i.

    With ``known`` (the registry's name forms) the phrase also ends before a ب-prefixed
    verbal noun ("وتعهّدت روسيا بتطوير", "الحكومة السودانية بإعادة"): the complement
    of a pledge verb. Known names that happen to start with ب (بوتين، بايدن) do not end it.
    """
    j = i
    while j < len(tokens) and j - i < MAX_SPEAKER_TOKENS:
        tok = tokens[j]
        if j > i and has_break(text, tokens[j - 1].end, tok.start):
            break
        key = tok.key
        if (
            known is not None
            and j > i
            and key[:1] == "ب"
            and (key[1:2] in ("ت", "ا") or key.startswith("بال"))
            and key not in known
        ):
            break
        if key in lex.speaker_stops or key in lex.participles or key in lex.reporting:
            break
        if language == "ar" and _tanween_adverb(text, tok):
            break
        if language != "ar" and not (text[tok.start].isupper() or key in lex.titles):
            break
        j += 1
    return i, j


def resolve(
    text: str, tokens: list[Token], lex: Lexicon, registry: PersonRegistry, language: str
) -> str | None:
    """Canonical name for a speaker phrase: titles stripped, short mentions resolved."""
    if not tokens:
        return None
    country: str | None = None
    names: list[Token] = []
    titled = False
    k = 0
    while k < len(tokens):
        key = tokens[k].key
        code = None
        n = 1
        for n in lex.descriptor_widths.get(key, ()):
            code = lex.descriptors.get(" ".join([t.key for t in tokens[k : k + n]]))
            if code is not None:
                break
        if code is not None:
            country = code
            k += n
            continue
        if (
            key in lex.titles
            or key in lex.title_links
            or (names == [] and key.startswith("ال") and k > 0 and tokens[k - 1].key in lex.titles)
        ):
            titled = titled or key in lex.titles
            k += 1
            continue
        names.append(tokens[k])
        k += 1
    if not names:
        if country and not titled:
            # A country acting as speaker ("وتعهّدت روسيا") is itself, not its leader.
            return text[tokens[0].start : tokens[-1].end]
        return registry.by_country.get(country) if country else None
    if len(names) == 1:
        known = registry.lookup(names[0].key)
        if known is not None:
            return known
    raw = text[names[0].start : names[-1].end]
    if len(names) == 1 and names[0].key.startswith("ال"):
        # "المنظمة" after "منظمة إنقاذ الطفولة" is that organisation; otherwise an
        # institution such as الكرملين stands for itself.
        return registry.orgs.get(names[0].key[2:], raw)
    return registry.lookup(names[-1].key) or raw


def find_attribution(
    text: str,
    tokens: list[Token],
    lex: Lexicon,
    language: str,
    registry: PersonRegistry,
    previous: Attribution | None,
    opening: str,
    keys: Sequence[str] | None = None,
) -> Attribution:
    """Attribute one clause. ``opening`` is how the clause began (see detect.split_clauses).

    ``keys`` are the tokens' keys when the caller has them already.
    """
    result = Attribution()
    if keys is None:
        keys = [t.key for t in tokens]
    # A participle carries the speaker; so does a second content clause of a report ("بأنّ A،
    # وأنهما B", "said A, but B") that has no reporting verb of its own.
    carries = opening == "participle" or (
        opening in ("content", "but")
        and previous is not None
        and previous.cue
        and lex.reporting.isdisjoint(keys)
    )
    if carries and previous is not None and previous.speaker:
        result = Attribution(
            previous.speaker, previous.canonical, True, list(previous.source_chain)
        )
        result.cue_index = 0
    elif not lex.reporting.isdisjoint(keys):  # set test in C before the word loop
        for i, key in enumerate(keys):
            if key in lex.reporting:
                result.cue, result.cue_index = True, i
                _speaker_around(text, tokens, i, lex, language, registry, previous, result)
                break
    if (language == "ar" and not lex.attribution.isdisjoint(keys)) or (
        language != "ar" and "according" in keys
    ):
        _attribution_markers(text, tokens, lex, language, registry, result)
    return result


def _speaker_around(
    text: str, tokens: list[Token], v: int, lex: Lexicon, language: str,
    registry: PersonRegistry, previous: Attribution | None, result: Attribution,
) -> None:  # fmt: skip
    """Find the subject of the reporting verb at token v."""
    after = v + 1
    if after < len(tokens) and language == "ar":
        key = tokens[after].key
        # "وقال لبوتين" / "قال موجهاً حديثه إلى كيم": the person after ل/إلى is the addressee.
        if key[0] == "ل" and key not in lex.speaker_stops and registry.lookup(strip_prefix(key)):
            after += 1
    while after < len(tokens) and tokens[after].key in _SKIP_AFTER_VERB:
        after += 1
    if language == "ar" and after < len(tokens) and tokens[after].key.startswith(("بال", "لل")):
        # "كما أشاد بالجيش الروسي": a prepositional object, so the subject is elided.
        after = len(tokens)
    if language != "ar" and after < len(tokens) and tokens[after].key in ("to",):
        after = len(tokens)
    # A pledge verb's complement is a ب-verbal noun that must not join the subject.
    known = registry.alias_forms if language == "ar" and tokens[v].key in lex.commitment else None
    i, j = (
        _noun_phrase(text, tokens, after, lex, language, known) if after < len(tokens) else (0, 0)
    )
    if language != "ar" and j > i and (v == 0 or tokens[v - 1].key not in _EN_PRONOUNS):
        # "said Putin" only counts when nothing names the subject before the verb.
        before = _subject_before(text, tokens, v, lex, language)
        if before is not None:
            i, j = before
    elif language != "ar":
        i, j = _subject_before(text, tokens, v, lex, language) or (0, 0)
    if language != "ar" and j <= i and v > 0 and tokens[v - 1].key not in _EN_PRONOUNS:
        i, j = _appositive_subject(text, tokens, v) or _clause_subject(text, tokens, v)
    if (
        language == "ar"
        and j < len(tokens)
        and j > i
        and tokens[j].key == "عن"
        and tokens[v].key in lex.relay
    ):
        # Only a relay verb (نقل) hands the speech on; after عبّر/أعرب the noun after عن
        # is what was expressed ("أعربت واشنطن عن قلقها"), not a speaker.
        # "نقلت وكالة X عن مصدر Y": Y is the speaker, X the relay.
        k, m = _noun_phrase(text, tokens, j + 1, lex, language)
        if m > k:
            result.source_chain.append(text[tokens[i].start : tokens[j - 1].end])
            i, j = k, m
    if j > i:
        phrase = tokens[i:j]
        result.speaker = text[phrase[0].start : phrase[-1].end]
        result.canonical = resolve(text, phrase, lex, registry, language)
        return
    if language == "ar" and v >= 2 and tokens[v - 1].key == "قد":
        # "وكان المتحدث ... دميتري بيسكوف قد ذكر": subject between كان and قد.
        start = 1 if tokens[0].key in ("وكان", "كان", "وكانت", "كانت") else 0
        phrase = tokens[start : v - 1]
        if phrase:
            result.speaker = text[phrase[0].start : phrase[-1].end]
            result.canonical = resolve(text, phrase, lex, registry, language)
            return
    if previous is not None and previous.speaker:  # elided subject: "وأضاف أن ..."
        result.speaker, result.canonical = previous.speaker, previous.canonical


def _clause_subject(text: str, tokens: list[Token], v: int) -> tuple[int, int]:
    """English: a short lower-case subject right before the verb, back to the last comma
    ("..., the regional governor's office announced"); auxiliaries before the verb are not
    part of it ("The Taliban has vowed")."""
    end = v
    while end > 0 and tokens[end - 1].key in _EN_AUXILIARIES:
        end -= 1
    i = end
    while i > 0 and end - i < 5 and not has_break(text, tokens[i - 1].end, tokens[i].start):
        i -= 1
    if i == end:
        return (0, 0)
    return (i, end) if i == 0 or has_break(text, tokens[i - 1].end, tokens[i].start) else (0, 0)


def _appositive_subject(text: str, tokens: list[Token], v: int) -> tuple[int, int] | None:
    """English apposition before the verb: "A Taliban spokesman, Qari Yousuf Ahmadi,
    confirmed" (the name between the commas) and "Deen Mohammad Darwesh, spokesman for the
    provincial governor, said" (the name before them)."""
    if v < 2 or "," not in text[tokens[v - 1].end : tokens[v].start]:
        return None
    bounds = [0] + [k for k in range(1, v) if "," in text[tokens[k - 1].end : tokens[k].start]]
    runs = list(zip(bounds, [*bounds[1:], v], strict=True))
    if len(runs) < 2:
        return None
    for a, b in (runs[-1], runs[-2]):
        if b - a <= 4 and all(text[tokens[k].start].isupper() for k in range(a, b)):
            return a, b
    return None


def _subject_before(
    text: str, tokens: list[Token], v: int, lex: Lexicon, language: str
) -> tuple[int, int] | None:
    """English: the capitalised/title run ending right before the verb ("Putin said")."""
    j = v
    i = v
    while i > 0 and v - i < MAX_SPEAKER_TOKENS:
        tok = tokens[i - 1]
        if has_break(text, tok.end, tokens[i].start):
            break
        if not (text[tok.start].isupper() or tok.key in lex.titles) or tok.key in lex.speaker_stops:
            break
        i -= 1
    return (i, j) if j > i else None


def _attribution_markers(
    text: str, tokens: list[Token], lex: Lexicon, language: str,
    registry: PersonRegistry, result: Attribution,
) -> None:  # fmt: skip
    """ "بحسب X" / "according to X": X is the source (or the speaker, if none)."""
    for i, tok in enumerate(tokens):
        start = -1
        if language == "ar" and tok.key in lex.attribution:
            start = i + 1
            if tok.key.endswith("نقلا") and start < len(tokens) and tokens[start].key == "عن":
                start += 1
        elif language != "ar" and tok.key == "according" and i + 1 < len(tokens):
            start = i + 2 if tokens[i + 1].key == "to" else -1
        if start < 0 or start >= len(tokens):
            continue
        phrase = _document_author(text, tokens, start, lex, language)
        start = 0
        j = start
        while j < len(phrase) and j - start < MAX_SPEAKER_TOKENS:
            if j > start and has_break(text, phrase[j - 1].end, phrase[j].start):
                break
            j += 1
        tokens_source = phrase[start:j]
        source = text[tokens_source[0].start : tokens_source[-1].end]
        result.cue = True
        if result.speaker is None:
            result.speaker = source
            result.canonical = resolve(text, tokens_source, lex, registry, language)
            result.cue_index = i
        else:
            result.source_chain.append(source)


def _document_author(
    text: str, tokens: list[Token], start: int, lex: Lexicon, language: str
) -> list[Token]:
    """Tokens of a source phrase from ``start``, with a leading document dropped.

    "بحسب تقرير لمنظمة الصحة العالمية" -> منظمة الصحة العالمية (the ل of the author is cut
    off the raw span too); "according to a report by the WHO" -> the WHO. A document with
    no author after it ("بحسب التقرير،") is kept as the source.
    """
    # A bounded window: the caller reads at most MAX_SPEAKER_TOKENS, and a clause full of
    # markers ("بحسب بحسب ...") must not cost a full slice per marker.
    tokens = tokens[start : start + MAX_SPEAKER_TOKENS + 6]
    start = 0
    k = start
    n = len(tokens)
    while k < n and tokens[k].key in ("a", "an", "the"):
        k += 1
    if k >= n or tokens[k].key not in lex.documents:
        return tokens[start:]
    m = k + 1
    while m < n and not has_break(text, tokens[m - 1].end, tokens[m].start):
        key = tokens[m].key
        if key in lex.document_links:
            m += 1
            continue
        if language == "ar" and key[:1] == "ل" and len(key) > 3 and text[tokens[m].start] == "ل":
            # "لمنظمة": the author with the genitive ل; cut it from the key and the span.
            tok = tokens[m]
            return [Token(key[1:], tok.start + 1, tok.end), *tokens[m + 1 :]]
        if language != "ar":
            # "a report by the WHO": a capitalised author after the links.
            return tokens[m:] if m > k + 1 and text[tokens[m].start].isupper() else tokens[start:]
        if m > k + 1:  # after a link word ("صادر عن") comes the author
            return tokens[m:]
        return tokens[start:]  # "بحسب تقرير حكومي": no author named
    return tokens[start:]
