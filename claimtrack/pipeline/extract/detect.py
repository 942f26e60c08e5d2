"""Claim detection and typing, on clauses.

``clauses.split_clauses`` cuts a sentence into one-fact clauses; one clause = at most one
claim, so "…75 عاماً…”، مذكراً نظيره بأنّ “بلادنا أول من اعترف ببلادكم”" gives two claims a
fact-checker can verify separately (a duration and a "first"). The claim span is the whole
clause, not just the quote content: the speaker and the reporting verb are part of what is
checked ("X said Y").

Types: quantity, temporal, comparison, commitment, quote, attribution, event (primary in
that order of precedence, the rest secondary). A clause with none of them -- opinion,
scene description, a source line -- is not a claim; nor is one that ``is_opinion`` calls an
evaluation (vague group + opinion verb, an expressed feeling) unless it carries a value.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from claimtrack.pipeline.extract.clauses import Clause
from claimtrack.pipeline.extract.lexicon import Lexicon, is_future_verb
from claimtrack.pipeline.segment import quote_regions

PRIMARY_ORDER = (
    "quantity",
    "temporal",
    "comparison",
    "commitment",
    "quote",
    "attribution",
    "location",
    "event",
)
# Claim types that only come from something a desk can look up in records: a value
# (quantity, temporal), an ordinal, superlative or "first since" (comparison), a named
# place said to be somewhere (location).
CHECKABLE_TYPES = frozenset(["quantity", "temporal", "comparison", "location"])
_QUANTITY_KINDS = frozenset(["number", "percent", "money", "duration"])
_TEMPORAL_KINDS = frozenset(["date", "year", "time"])
_EN_SPEECH_LEADS = frozenset(["that", "said", "told", "says"])
MIN_SPEECH_WORDS = 4
_QUOTE_MARK = re.compile('[“”«»„"]')  # the marks segment.quote_regions pairs
_NEEDS_TO = frozenset(
    ["plan", "plans", "planned", "aims", "intends", "intend", "going", "expected"]
)


def speech_quotes(text: str, clause: Clause, lex: Lexicon, cue_index: int) -> list[tuple[int, int]]:
    """Quotations in the clause that are speech, not quoted names (“فوستوشني”, “Soyuz-2”).

    A quotation is speech when it has at least four words, or when it follows a reporting
    cue (verb, participle, أن/إن, colon) within three words.
    """
    if _QUOTE_MARK.search(text, clause.start, clause.end) is None:
        return []  # most clauses quote nothing: skip the slicing and region scan
    out: list[tuple[int, int]] = []
    tokens = clause.tokens
    starts = [t.start for t in tokens]  # bisect keeps this linear-ish on many quotes
    for a, b in quote_regions(text[clause.start : clause.end]):
        qa, qb = a + clause.start, b + clause.start
        first = bisect_right(starts, qa)
        n_inner = bisect_left(starts, qb) - first
        prev = first - 1  # last token before the quotation
        near = text[max(clause.start, qa - 3) : qa]
        cue_near = ":" in near or (
            prev >= 0
            and (
                (cue_index >= 0 and 0 <= prev - cue_index <= 3)
                or tokens[prev].key.lstrip("بو") in ("ان", "انه", "انها", "ن", "نه")
                or tokens[prev].key in _EN_SPEECH_LEADS
            )
        )
        if n_inner > 0 and (n_inner >= MIN_SPEECH_WORDS or cue_near):
            out.append((qa, qb + 1))
    return out


def is_checkable(types: Sequence[str], values: Sequence[dict[str, Any]]) -> bool:
    """Whether a claim states something checkable: a value the extractor found in it
    (number, percent, money, duration, date, year, ordinal, "first since"), or a type that
    only such content gives (``CHECKABLE_TYPES``). These are the claim features
    (``pipeline.claim_features``: ``type:*``, ``value:*``) a desk can verify against
    records. The review queue lists checkable claims first (the ``checkable`` tier), then
    by check-worthiness: the model, trained on tweets and debate sentences, scores "the
    first to recognise" or "the first visit since 2019" low, and a desk checks them first.
    Kept in step with the SQL backfill of migration 0011_claim_checkable.
    """
    return bool(values) or not CHECKABLE_TYPES.isdisjoint(types)


def classify(
    clause: Clause,
    values: list[dict[str, Any]],
    lex: Lexicon,
    language: str,
    has_speech: bool,
    has_cue: bool,
    has_entity: bool,
    future_verbs: frozenset[str] | None = None,
) -> list[str]:
    """Claim types of a clause in precedence order ([] = not a claim).

    ``future_verbs``, when given, holds every key of the clause (or more: the article's)
    that ``is_future_verb`` accepts, found once per article (``future_verbs_of``).
    """
    types: set[str] = set()
    first_since = False
    for v in values:
        kind = v.get("kind")
        if kind in _QUANTITY_KINDS:
            types.add("quantity")
        elif kind in _TEMPORAL_KINDS or v.get("relation") in ("first_since", "since"):
            types.add("temporal")
        elif kind == "ordinal":
            types.add("comparison")
        first_since = first_since or v.get("relation") == "first_since"
    keys = clause.keys
    kset = set(keys)
    # Set tests first (in C); the word loop runs only on clauses that hold a typing word.
    if not first_since and not kset.isdisjoint(lex.comparison):
        for k, key in enumerate(keys):
            if key not in lex.comparison:
                continue
            if (
                language != "ar"
                and key in ("most", "least", "only")
                and k + 1 < len(keys)
                and keys[k + 1] in ("of", "than")
            ):
                continue
            types.add("comparison")
            break
    if language == "ar":
        if not kset.isdisjoint(lex.commitment) or (
            not kset.isdisjoint(future_verbs)
            if future_verbs is not None
            else any(is_future_verb(key, lex) for key in kset if "س" in key[:2])
        ):
            types.add("commitment")
        if (has_entity or not kset.isdisjoint(lex.group_refs)) and not kset.isdisjoint(lex.event):
            types.add("event")
    elif not (kset.isdisjoint(lex.commitment) and kset.isdisjoint(lex.event)):
        for k, key in enumerate(keys):
            if key in _NEEDS_TO and (k + 1 >= len(keys) or keys[k + 1] != "to"):
                continue  # "the plan", not "plans to"
            if key in lex.commitment:
                types.add("commitment")
            if key in lex.event and has_entity:
                types.add("event")
    if has_speech:
        types.add("quote")
    elif has_cue:
        types.add("attribution")
    return [t for t in PRIMARY_ORDER if t in types]


# A word (of words joined by "\n", one in front) with "س" as its first or second letter:
# the only ones ``is_future_verb`` can accept. A literal "\n" leads, so ``re`` jumps from
# word to word.
_SEEN_WORD = re.compile("\n([^\n]?س[^\n]*)")


def future_verbs_of(keys: Iterable[str], lex: Lexicon) -> frozenset[str]:
    """The distinct ``keys`` that ``is_future_verb`` accepts (for ``classify``).

    ``keys`` may be a set already (the article's distinct keys, shared with the value
    vocabulary); keys hold no "\n" (they are words).
    """
    distinct = keys if isinstance(keys, (set, frozenset)) else set(keys)
    candidates = _SEEN_WORD.findall("\n" + "\n".join(distinct))
    return frozenset(key for key in candidates if is_future_verb(key, lex))


def is_opinion(keys: Sequence[str], lex: Lexicon, language: str) -> bool:
    """An evaluation rather than a checkable statement (the caller keeps it if it has values).

    - an opinion verb with a vague group as subject: "ويرى مراقبون أن", "Observers believe
      that", "some analysts think";
    - a feeling expressed: "عبّر قبلها بوتين عن افتخاره", "معرباً عن رغبتها", "expressed
      his gratitude", "إنّه “ممتنّ لهذه الدعوة”", "said he was proud";
    - a characterising participle opening the clause: "واصفةً إياها بـ”الجارة المهمة”".
    """
    if not keys:
        return False
    if keys[0] in lex.characterising or not lex.feeling_adjectives.isdisjoint(keys):
        return True
    n = len(keys)
    for k, key in enumerate(keys[:12]):  # the verb sits near the clause start
        if key in lex.opinion_verbs:
            # Arabic: verb-subject ("ويرى مراقبون"); English: subject-verb ("analysts think").
            near = keys[k + 1 : k + 3] if language == "ar" else keys[max(0, k - 3) : k]
            if any(w in lex.vague_groups for w in near):
                return True
        if key in lex.expressive and (k < 4 or lex.event.isdisjoint(keys[:k])):
            # "عقد الطرفان مفاوضات ... عبّر قبلها بوتين عن افتخاره": an event told first is
            # the claim; only a clause that opens with the feeling is an evaluation.
            for m in range(k + 1, min(n, k + 6)):
                if keys[m] in ("عن", "his", "her", "their", "its"):
                    noun = keys[m + 1] if m + 1 < n else ""
                    if _is_feeling(noun, lex) or _is_feeling(keys[m], lex):
                        return True
                elif _is_feeling(keys[m], lex) and language != "ar":
                    return True  # "expressed gratitude"
    return False


def _is_feeling(key: str, lex: Lexicon) -> bool:
    bare = key[2:] if key.startswith("ال") else key
    return any(bare.startswith(stem) for stem in lex.feeling_stems)


def rule_checkworthiness(types: list[str], n_values: int, has_speaker: bool) -> float:
    """Fallback score in [0, 1] when the trained model is unavailable."""
    base = {
        "quantity": 0.7, "temporal": 0.6, "comparison": 0.7, "commitment": 0.5,
        "quote": 0.5, "attribution": 0.45, "location": 0.45, "event": 0.4,
    }  # fmt: skip
    score = base.get(types[0], 0.0) if types else 0.0
    score += 0.05 * min(len(types) - 1, 3) if types else 0.0
    score += 0.1 if n_values else 0.0
    score += 0.05 if has_speaker else 0.0
    return round(min(score, 1.0), 3)
