"""Claim extraction: sentences -> clauses -> claim typing -> speakers -> entities -> values.

Pure functions, no database. ``extract_claims`` is the stage entry point, and
``extract_claims_many`` the same for a batch of articles (one check-worthiness call);
``analyse_text`` gives the same analysis for one free text (for comparing two claims).
Rule-based for Arabic and English, one checkable fact per claim (docs/ANNOTATION.md):
``clauses`` cuts each sentence into one-fact clauses (the first one keeping its reporting
verb and speaker), ``locations`` adds "X in Y" location claims, ``facets`` the time and depth
phrases of a clause that states more than that, ``adverbials`` the phrase about the event a
clause follows when it gives a figure of its own, and each claim records its
sentence as context. Datelines, bylines and stamps (``pipeline.dateline``) are skipped; the
dateline's date stands in for a missing publication date when relative dates are resolved.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from operator import itemgetter
from typing import Any

from claimtrack.models import Article, Claim, claim_id_for
from claimtrack.pipeline.dateline import metadata_date, metadata_end
from claimtrack.pipeline.extract import _deps
from claimtrack.pipeline.extract.adverbials import background_span
from claimtrack.pipeline.extract.clauses import FRESH, Clause, split_clauses
from claimtrack.pipeline.extract.detect import (
    classify,
    future_verbs_of,
    is_checkable,
    is_opinion,
    rule_checkworthiness,
    speech_quotes,
)
from claimtrack.pipeline.extract.entities import PersonRegistry, find_entities
from claimtrack.pipeline.extract.facets import facet_spans, trimmed_end
from claimtrack.pipeline.extract.lexicon import Token, lexicon, tokenize, tokenize_folded
from claimtrack.pipeline.extract.locations import find_locations
from claimtrack.pipeline.extract.speakers import Attribution, find_attribution
from claimtrack.pipeline.segment import segment_text

EXTRACTOR_VERSION = "rules-ar-en-16"
_KEY = itemgetter(0)  # Token.key, fetched in C by map()
_START = itemgetter(1)

__all__ = ["EXTRACTOR_VERSION", "analyse_text", "extract_claims", "extract_claims_many"]


def _language(code: str | None) -> str:
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    return "ar" if str.lower(code or "").startswith("ar") else "en"


def _relative(items: list[dict[str, Any]], offset: int) -> tuple[dict[str, Any], ...]:
    """``items`` with offsets relative to ``offset``, shifted in place: the callers pass
    the fresh entity dicts of ``find_entities``, which nothing else holds."""
    for item in items:
        item["start"] -= offset
        item["end"] -= offset
    return tuple(items)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a stage call runs.

    Extraction allocates ~100k tokens and a few thousand drafts per MB, and frees them
    by reference counting (they hold no cycles); the collector's passes over them were
    6-8% of the stage's time, and more in a process holding many live objects (the CLI,
    the review app). Re-enabled on exit only if it was on, so a concurrent call in
    another thread never leaves it off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def extract_claims(article: Article) -> list[Claim]:
    """Claims of one article; every ``article.text[c.char_start:c.char_end] == c.text``.

    The article is folded and tokenised once, and values are extracted once for the
    whole article; clauses take their share by offset (per-clause calls cost more in
    call overhead than in matching).
    """
    with _collector_paused():
        language, drafts = _drafts(article)
        return _finish(article, language, drafts, _scores(drafts, language))


def extract_claims_many(articles: Sequence[Article]) -> list[list[Claim]]:
    """``[extract_claims(a) for a in articles]``, with one check-worthiness call for all.

    The output is identical to the one-by-one calls (each text's score does not depend on
    its batch); only the scorer's fixed per-call cost (~0.1 ms, a few dozen numpy calls)
    is paid once instead of per article. An exception in any article propagates: a caller
    that must isolate failures can retry the batch one article at a time.
    """
    with _collector_paused():
        prepared = [_drafts(article) for article in articles]
        every = [d for _, drafts in prepared for d in drafts]
        languages = [language for language, drafts in prepared for _ in drafts]
        scores = _deps.checkworthiness(every, languages)
        out: list[list[Claim]] = []
        at = 0
        for article, (language, drafts) in zip(articles, prepared, strict=True):
            mine = _rule_scores(drafts) if scores is None else scores[at : at + len(drafts)]
            at += len(drafts)
            out.append(_finish(article, language, drafts, mine))
        return out


def _drafts(article: Article) -> tuple[str, list[dict[str, Any]]]:
    """The article's language and its claim drafts (everything but the score).

    One pass over the sentences; each sentence is cut into clauses, each clause analysed in
    order (the speaker state runs through them), then the sentence's embedded clauses and
    location claims are added.
    """
    text = article.text
    language = _language(article.language)
    lex = lexicon(language)
    registry = PersonRegistry()
    tokens, folded = tokenize_folded(text)
    starts = list(map(_START, tokens))
    published = article.published or metadata_date(text)
    all_keys = list(map(_KEY, tokens))
    shared = _ArticleState(text, language, published, folded, all_keys)
    previous: Attribution | None = None
    drafts: list[dict[str, Any]] = []
    paragraph, meta_stop = -1, -1
    for sentence in segment_text(text, language):
        start = sentence.start
        if sentence.paragraph_index != paragraph:  # datelines and stamps open a paragraph
            paragraph = sentence.paragraph_index
            meta_stop = metadata_end(text, start)
        if meta_stop > start:
            if meta_stop >= sentence.end:
                continue
            start = meta_stop
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, sentence.end)
        sentence_tokens = tokens[lo:hi]
        keys = all_keys[lo:hi]
        context = (start, sentence.end)
        first = len(drafts)
        named = False  # whether an earlier clause of the sentence named someone or somewhere
        clauses = split_clauses(
            text,
            start,
            sentence.end,
            sentence_tokens,
            lex,
            language,
            registry.alias_forms,
            keys,
            starts[lo:hi],
        )
        for clause in clauses:
            draft, state, has_entity = _analyse_clause(
                text, clause, shared, registry, previous, named
            )
            named = named or has_entity
            if clause.opening != "embedded":
                previous = state
            if draft is not None:  # clauses never repeat a span: no check needed
                draft["sentence_index"] = sentence.index
                draft["context"] = context
                drafts.append(draft)
        # Parts of the sentence's clauses that are claims of their own, never repeating a span.
        cut = []
        for d in drafts[first:]:
            spans = facet_spans(text, d, language)
            if spans:
                cut += [(span, d) for span in spans]
                stop = trimmed_end(text, d, spans)
                if stop is not None:
                    _trim(text, d, stop)
            background = background_span(text, d, language)
            if background is not None:
                a, b, rest = background
                cut.append(((a, b), d))
                if rest > b:  # the phrase opened the clause
                    _trim_start(text, d, rest)
                else:
                    _trim(text, d, rest)
        places = find_locations(text, sentence_tokens, keys, lex, language)
        if cut or places:
            taken = {(d["start"], d["end"]) for d in drafts[first:]}
            for (a, b), owner in cut:
                if (a, b) not in taken:
                    taken.add((a, b))
                    drafts.append(_facet_draft(text, a, b, owner, shared))
            for a, b in places:
                if (a, b) not in taken:
                    taken.add((a, b))
                    place_tokens = tokens[
                        bisect_left(starts, a, lo, hi) : bisect_left(starts, b, lo, hi)
                    ]
                    drafts.append(
                        _location_draft(
                            text, place_tokens, a, b, shared, registry, sentence.index, context
                        )
                    )
    return language, drafts


def _trim(text: str, draft: dict[str, Any], end: int) -> None:
    """``draft`` now ends at ``end`` (facets that closed it are claims of their own)."""
    length = end - draft["start"]
    draft["end"] = end
    draft["text"] = text[draft["start"] : end]
    draft["values"] = tuple(v for v in draft["values"] if int(v["end"]) <= length)
    draft["entities"] = tuple(e for e in draft["entities"] if int(e["end"]) <= length)


def _trim_start(text: str, draft: dict[str, Any], start: int) -> None:
    """``draft`` now starts at ``start`` (the phrase that opened it is a claim of its own)."""
    shift = start - draft["start"]
    draft["start"] = start
    draft["text"] = text[start : draft["end"]]
    for key in ("values", "entities"):
        draft[key] = tuple(
            {**item, "start": int(item["start"]) - shift, "end": int(item["end"]) - shift}
            for item in draft[key]
            if int(item["start"]) >= shift
        )
    spans = draft["extra"].get("quote_spans")
    if spans:
        draft["extra"]["quote_spans"] = [[a - shift, b - shift] for a, b in spans if a >= shift]


def _facet_draft(
    text: str, start: int, end: int, clause: dict[str, Any], shared: _ArticleState
) -> dict[str, Any]:
    """A time or depth claim cut out of ``clause`` (``facets``): the clause's speaker."""
    values = tuple(shared.values_in(start, end))
    timed = any(v["kind"] == "time" for v in values)
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "types": ["temporal"] if timed else ["quantity"],
        "speaker": clause["speaker"],
        "speaker_canonical": clause["speaker_canonical"],
        "quote_mode": clause["quote_mode"],
        "entities": (),
        "values": values,
        "negated": clause["negated"],
        "extra": {},
        "sentence_index": clause["sentence_index"],
        "context": clause["context"],
    }


def _location_draft(
    text: str,
    place_tokens: list[Token],
    start: int,
    end: int,
    shared: _ArticleState,
    registry: PersonRegistry,
    sentence_index: int,
    context: tuple[int, int],
) -> dict[str, Any]:
    """A location claim ("X in Y"): no speaker, the places as entities."""
    lex = lexicon(shared.language)
    entities = find_entities(text, place_tokens, lex, shared.language, registry)
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "types": ["location"],
        "speaker": None,
        "speaker_canonical": None,
        "quote_mode": "none",
        "entities": _relative(entities, start),
        "values": tuple(shared.values_in(start, end)),
        "negated": False,
        "extra": {},
        "sentence_index": sentence_index,
        "context": context,
    }


class _ArticleState:
    """What every clause of one article shares: its values, its folded text and its
    Arabic future verbs (``detect.future_verbs_of``, found once for all its clauses)."""

    __slots__ = ("folded", "future_verbs", "language", "published", "value_starts", "values")

    def __init__(
        self,
        text: str,
        language: str,
        published: date | None,
        folded: Any,
        words: Sequence[str] | None = None,
    ) -> None:
        self.language = language
        self.published = published
        self.folded = folded
        distinct = set(words) if words is not None else None  # for both scans below
        self.future_verbs = (
            future_verbs_of(distinct, lexicon(language)) if language == "ar" and distinct else None
        )
        # Paragraphs (lines) never share a claim; a same-length stand-in that is neither a
        # word nor a space keeps a value from reading across the line break, and makes a
        # line end look like the clause end it is ("... 2020" alone at a line end is a
        # year, as when the clause is analysed alone).
        # Folding maps characters one by one and never touches or produces "\n" or "\x00",
        # so the article's fold (text and offsets) with the same stand-in is the stand-in
        # text's fold.
        found = _deps.extract_values(
            text.replace("\n", "\x00"),
            language,
            published,
            folded.text.replace("\n", "\x00"),
            distinct,
            folded.offsets,
        )
        for value in found:
            value["text"] = text[value["start"] : value["end"]]
        # A reference mark ("[2]" closing an encyclopedia sentence) is not a number.
        found = [
            v
            for v in found
            if text[v["start"] - 1 : v["start"]] != "[" or text[v["end"] : v["end"] + 1] != "]"
        ]
        self.values = sorted(found, key=lambda v: v["start"])
        self.value_starts = [v["start"] for v in self.values]

    def values_in(self, start: int, end: int) -> list[dict[str, Any]]:
        """Values lying wholly inside the raw span, with offsets relative to ``start``."""
        out = []
        for k in range(bisect_left(self.value_starts, start), len(self.values)):
            value = self.values[k]
            if value["start"] >= end:
                break
            if value["end"] <= end:
                moved = dict(value)
                moved["start"] -= start
                moved["end"] -= start
                out.append(moved)
        return out

    def negated(self, start: int, end: int) -> bool:
        """``is_negated`` of the raw span, read on its part of the article's folded text
        (folding is per character: that part is the span's fold), after the cheap
        ``negation_hint`` pre-test."""
        offsets = self.folded.offsets
        span = self.folded.text[bisect_left(offsets, start) : bisect_left(offsets, end)]
        return _deps.negation_hint(span, 0, len(span), self.language) and (
            _deps.is_negated_folded(span, self.language)
        )


def _analyse_clause(
    text: str,
    clause: Clause,
    shared: _ArticleState,
    registry: PersonRegistry,
    previous: Attribution | None,
    named: bool = False,
) -> tuple[dict[str, Any] | None, Attribution | None, bool]:
    """Type, attribute and annotate one clause: (draft or None, speaker state, whether the
    clause names an entity). ``named``: an earlier clause of the sentence named one, which a
    relative or time clause refers back to ("الرئيس الكوري الشمالي الذي وصل ...")."""
    language = shared.language
    lex = lexicon(language)
    tokens = list(clause.tokens)
    entities = find_entities(text, tokens, lex, language, registry, clause.keys)
    # A contrasting, relative or time clause ("، فيما أعربت واشنطن", "، حيث أقيم") has its
    # own subject or none: it never inherits the speaker.
    carried = None if clause.opening in FRESH else previous
    attribution = find_attribution(
        text, tokens, lex, language, registry, carried, clause.opening, clause.keys
    )

    speech = speech_quotes(text, clause, lex, attribution.cue_index)
    claim_text = text[clause.start : clause.end]
    values = shared.values_in(clause.start, clause.end)
    has_entity = bool(entities) or (named and clause.opening != "start")
    types = classify(
        clause,
        values,
        lex,
        language,
        bool(speech),
        attribution.cue,
        has_entity,
        shared.future_verbs,
    )
    if types and not values and is_opinion(clause.keys, lex, language):
        types = []  # opinion or feeling with nothing checkable in it
    # An elided-subject sentence keeps the last speaker; a sentence without any report
    # resets it, so a later bare "وأضاف" does not reach across unrelated narration.
    state = attribution if attribution.speaker else (previous if not types else None)
    if not types:
        return None, state, bool(entities)
    quote_mode = "direct" if speech else ("indirect" if attribution.cue else "none")
    extra: dict[str, Any] = {}
    if attribution.source_chain:
        extra["source_chain"] = [attribution.speaker, *attribution.source_chain]
    if speech:
        extra["quote_spans"] = [[a - clause.start, b - clause.start] for a, b in speech]
    negated = shared.negated(clause.start, clause.end)
    draft = {
        "start": clause.start,
        "end": clause.end,
        "text": claim_text,
        "types": types,
        "speaker": attribution.speaker if attribution.cue else None,
        "speaker_canonical": attribution.canonical if attribution.cue else None,
        "quote_mode": quote_mode,
        "entities": _relative(entities, clause.start),
        "values": tuple(values),
        "negated": negated,
        "extra": extra,
    }
    return draft, state, bool(entities)


def _rule_scores(drafts: list[dict[str, Any]]) -> list[float]:
    return [
        rule_checkworthiness(d["types"], len(d["values"]), d["speaker"] is not None) for d in drafts
    ]


def _scores(drafts: list[dict[str, Any]], language: str) -> Sequence[float]:
    """Trained scores of the drafts' texts, or the rule score when the model is unavailable."""
    scores = _deps.checkworthiness(drafts, [language] * len(drafts))
    return _rule_scores(drafts) if scores is None else scores


# ``_finish`` passes Claim's fields by position (keyword matching of 21 arguments was a
# fifth of building a claim); this fails at import if the model's field order changes.
_CLAIM_FIELDS = (
    "claim_id", "article_id", "sentence_index", "char_start", "char_end", "text",
    "claim_type", "language", "extractor_version", "secondary_types", "speaker",
    "speaker_canonical", "quote_mode", "entities", "values", "checkworthiness", "negated",
    "checkable", "extra", "context_start", "context_end",
)  # fmt: skip
if tuple(f.name for f in fields(Claim)) != _CLAIM_FIELDS:
    raise ImportError("claimtrack.models.Claim changed its fields: update extract._finish")


def _finish(
    article: Article, language: str, drafts: list[dict[str, Any]], scores: Sequence[float]
) -> list[Claim]:
    claims: list[Claim] = []
    article_id = article.article_id
    for draft, score in zip(drafts, scores, strict=True):
        start, end, text, types = draft["start"], draft["end"], draft["text"], draft["types"]
        context_start, context_end = draft["context"]
        claims.append(
            Claim(  # by position, in _CLAIM_FIELDS order
                claim_id_for(article_id, start, end, text),
                article_id,
                draft["sentence_index"],
                start,
                end,
                text,
                types[0],
                language,
                EXTRACTOR_VERSION,
                tuple(types[1:]),
                draft["speaker"],
                draft["speaker_canonical"],
                draft["quote_mode"],
                draft["entities"],
                draft["values"],
                float(score),
                draft["negated"],
                is_checkable(types, draft["values"]),
                draft["extra"],
                context_start,
                context_end,
            )
        )
    return claims


def analyse_text(text: str, language: str, published: date | None = None) -> dict[str, Any]:
    """Values, entities, speaker and negation of one free text (for claim comparison)."""
    lang = _language(language)
    lex = lexicon(lang)
    registry = PersonRegistry()
    tokens: list[Token] = tokenize(text)
    entities = find_entities(text, tokens, lex, lang, registry)
    attribution = find_attribution(text, tokens, lex, lang, registry, None, "start")
    return {
        "values": _deps.extract_values(text, lang, published),
        "entities": entities,
        "speaker": attribution.canonical or attribution.speaker,
        "negated": _deps.is_negated(text, lang),
    }
