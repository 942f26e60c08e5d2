"""Claim detection and typing, on clauses.

A sentence is split into clauses where a new report begins: before a participle
("، مؤكداً أن"), a و/ف-prefixed reporting verb ("، وأضاف"), "، كما", or a contrasting
"، فيما / بينما" (English: ", adding", ", while"). One clause = at most one claim, so
"…75 عاماً…”، مذكراً نظيره بأنّ “بلادنا أول من اعترف ببلادكم”" gives two claims a
fact-checker can verify separately (a duration and a "first"). The claim span is the whole
clause, not just the quote content: the speaker and the reporting verb are part of what is
checked ("X said Y").

Types: quantity, temporal, comparison, commitment, quote, attribution, event (primary in
that order of precedence, the rest secondary). A clause with none of them -- opinion,
scene description, a source line -- is not a claim.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from claimtrack.pipeline.extract.lexicon import Lexicon, Token, is_future_verb
from claimtrack.pipeline.segment import quote_regions

PRIMARY_ORDER = (
    "quantity",
    "temporal",
    "comparison",
    "commitment",
    "quote",
    "attribution",
    "event",
)
_QUANTITY_KINDS = frozenset(["number", "percent", "money", "duration"])
_TEMPORAL_KINDS = frozenset(["date", "year"])
_EN_SPLITTERS = frozenset(["while", "whereas"])
_AR_CONTRAST = frozenset(["فيما", "بينما", "في حين"])
_EN_SPEECH_LEADS = frozenset(["that", "said", "told", "says"])
MIN_SPEECH_WORDS = 4
_CLAUSE_WORDS = frozenset(["كما", "and"])
_NEEDS_TO = frozenset(
    ["plan", "plans", "planned", "aims", "intends", "intend", "going", "expected"]
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A claim candidate: raw span, its tokens, and how it opened."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    opening: str  # "start" | "participle" | "continuation" | "contrast"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "،,;؛"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,;؛"):
        end -= 1
    return start, end


def split_clauses(
    text: str, start: int, end: int, tokens: list[Token], lex: Lexicon, language: str
) -> list[Clause]:
    """Split the sentence ``text[start:end]`` (tokens in article offsets) into clauses."""
    regions = [(a + start, b + start) for a, b in quote_regions(text[start:end])]
    cuts: list[tuple[int, str]] = []
    r = 0
    for k in range(1, len(tokens)):
        tok = tokens[k]
        key = tok.key
        if not (
            key in lex.participles
            or key in lex.reporting
            or key in _CLAUSE_WORDS
            or key in _AR_CONTRAST
            or key in _EN_SPLITTERS
        ):
            continue  # cheap test first: most words cannot start a clause
        gap = text[tokens[k - 1].end : tok.start]
        comma = max(gap.rfind("،"), gap.rfind(","))
        if comma < 0:
            continue
        cut_at = tokens[k - 1].end + comma
        while r < len(regions) and regions[r][1] < cut_at:
            r += 1
        if r < len(regions) and regions[r][0] < cut_at:
            continue  # inside a quotation
        if key in lex.participles:
            cuts.append((cut_at, "participle"))
        elif (language == "ar" and key[:1] in "وف" and key in lex.reporting) or (
            key in ("كما", "and")
            and k + 1 < len(tokens)
            and (tokens[k + 1].key in lex.reporting or tokens[k + 1].key in lex.event)
        ):
            cuts.append((cut_at, "continuation"))
        elif key in _AR_CONTRAST or key in _EN_SPLITTERS:
            cuts.append((cut_at, "contrast"))
    clauses: list[Clause] = []
    bounds = [(start, "start"), *cuts, (end, "")]
    t = 0
    for (a, opening), (b, _) in pairwise(bounds):
        a, b = _trim(text, a, b)
        if b <= a:
            continue
        chunk: list[Token] = []
        while t < len(tokens) and tokens[t].start < b:
            if tokens[t].start >= a:
                chunk.append(tokens[t])
            t += 1
        if chunk:
            clauses.append(Clause(a, b, tuple(chunk), opening))
    return clauses


def speech_quotes(text: str, clause: Clause, lex: Lexicon, cue_index: int) -> list[tuple[int, int]]:
    """Quotations in the clause that are speech, not quoted names (“فوستوشني”, “Soyuz-2”).

    A quotation is speech when it has at least four words, or when it follows a reporting
    cue (verb, participle, أن/إن, colon) within three words.
    """
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


def classify(
    clause: Clause,
    values: list[dict[str, Any]],
    lex: Lexicon,
    language: str,
    has_speech: bool,
    has_cue: bool,
    has_entity: bool,
) -> list[str]:
    """Claim types of a clause in precedence order ([] = not a claim)."""
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
    keys = [t.key for t in clause.tokens]
    for k, key in enumerate(keys):
        if key in lex.comparison and not first_since:
            if (
                language != "ar"
                and key in ("most", "least", "only")
                and k + 1 < len(keys)
                and keys[k + 1] in ("of", "than")
            ):
                continue
            types.add("comparison")
        if language != "ar" and key in _NEEDS_TO and (k + 1 >= len(keys) or keys[k + 1] != "to"):
            continue  # "the plan", not "plans to"
        if key in lex.commitment or (language == "ar" and is_future_verb(key, lex)):
            types.add("commitment")
        if key in lex.event and has_entity:
            types.add("event")
    if has_speech:
        types.add("quote")
    elif has_cue:
        types.add("attribution")
    return [t for t in PRIMARY_ORDER if t in types]


def rule_checkworthiness(types: list[str], n_values: int, has_speaker: bool) -> float:
    """Fallback score in [0, 1] when the trained model is unavailable."""
    base = {
        "quantity": 0.7, "temporal": 0.6, "comparison": 0.7, "commitment": 0.5,
        "quote": 0.5, "attribution": 0.45, "event": 0.4,
    }  # fmt: skip
    score = base.get(types[0], 0.0) if types else 0.0
    score += 0.05 * min(len(types) - 1, 3) if types else 0.0
    score += 0.1 if n_values else 0.0
    score += 0.05 if has_speaker else 0.0
    return round(min(score, 1.0), 3)
