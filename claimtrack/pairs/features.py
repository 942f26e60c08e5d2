"""Pair features for the learned relation step: two :class:`ClaimFacts` + their cosine.

Each feature is a number computed from what the rules already look at (values, places,
speaker, negation) plus what they ignore (which stems the two texts share, which content
words only one side has, which entities differ). :data:`FEATURE_NAMES` fixes the order;
:func:`pair_features` gives one row, :func:`feature_matrix` a batch (numpy).

Lexical features use the BM25 index's analysis (:mod:`claimtrack.embedding.lexical`:
Arabic normalisation + light10, English Snowball), so "ارتفعت" and "وارتفع" share a stem.
Across languages surface words cannot be compared, so lexical features are 0 there and
``cross_lingual`` lets the model lean on the cosine instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from claimtrack.embedding.claim_memo import derived
from claimtrack.embedding.relation import ClaimFacts, differences, value_conflicts
from claimtrack.pairs.polarity import antonym_mismatch, polar_one_side

#: Value kinds compared one by one; "percent" counts as "number" (as in the rules).
VALUE_KINDS = ("number", "year", "date", "duration", "ordinal", "weekday", "money")
ENTITY_KINDS = ("person", "place", "org")

FEATURE_NAMES: tuple[str, ...] = (
    "cosine",
    "cosine_sq",
    "cross_lingual",
    "cosine_x_cross",
    "stem_jaccard",
    "stem_overlap_min",
    "stem_containment_max",
    "idf_overlap",
    "only_a_share",
    "only_b_share",
    "only_one_side_log",
    "number_tokens_shared",
    "number_tokens_conflict",
    *(f"{k}_{s}" for k in VALUE_KINDS for s in ("agree", "conflict", "one_side")),
    *(f"{k}_{s}" for k in ENTITY_KINDS for s in ("shared", "mismatch", "one_side")),
    "negation_mismatch",
    "antonym_mismatch",
    "polar_one_side",
    "negator_one_side",
    "speaker_conflict",
    "n_differences",
    "any_conflict_x_cosine",
    "len_log_mean",
    "len_ratio",
)
N_FEATURES = len(FEATURE_NAMES)
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
#: Features of the pair (b, a) from those of (a, b): ``row[SWAPPED]``. Only the one-sided
#: shares change places; every other feature is the same both ways.
SWAPPED: tuple[int, ...] = tuple(
    _INDEX[{"only_a_share": "only_b_share", "only_b_share": "only_a_share"}.get(name, name)]
    for name in FEATURE_NAMES
)


@lru_cache(maxsize=1)
def _analyser() -> Any:
    from claimtrack.embedding.lexical import default_analyser

    return default_analyser()


@lru_cache(maxsize=65536)
def stems(text: str, language: str) -> tuple[str, ...]:
    """Index terms of ``text`` (stop words dropped), cached: a claim meets many others."""
    return tuple(_analyser().terms(text, language))


def _lang(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


# Negation words, which the lexical analysis drops as stop words.
_NEGATORS = frozenset(
    [
        "لا",
        "لم",
        "لن",
        "ليس",
        "ليست",
        "غير",
        "عدم",
        "بدون",
        "not",
        "no",
        "never",
        "without",
        "cannot",
        "n't",
        "nor",
    ]
)


@lru_cache(maxsize=65536)
def _negators(text: str) -> frozenset[str]:
    words = text.lower().replace("n't", " n't").split()
    return frozenset(w.strip(".,;:!?\"'()") for w in words) & _NEGATORS


def _idf(term: str) -> float:
    # No corpus statistics at run time: numbers and long stems carry more information
    # than short ones (a cheap stand-in for IDF that needs no index).
    if term[:1].isdigit():
        return 2.0
    return min(2.0, 0.5 + len(term) / 5)


def _group(v: Mapping[str, Any]) -> str:
    kind = str(v.get("kind") or "number")
    return "number" if kind == "percent" else kind


def _values_by_kind(facts: ClaimFacts) -> dict[str, list[Mapping[str, Any]]]:
    return {kind: [v for v in facts.values if _group(v) == kind] for kind in VALUE_KINDS}


def _stem_set(facts: ClaimFacts) -> frozenset[str]:
    return frozenset(stems(facts.text, facts.language))


def _number_stems(facts: ClaimFacts) -> frozenset[str]:
    return frozenset(t for t in derived(facts, "stem_set", _stem_set) if t[:1].isdigit())


def _value_features(a: ClaimFacts, b: ClaimFacts, row: np.ndarray) -> None:
    by_kind_a = derived(a, "values_by_kind", _values_by_kind)
    by_kind_b = derived(b, "values_by_kind", _values_by_kind)
    for kind in VALUE_KINDS:
        va, vb = by_kind_a[kind], by_kind_b[kind]
        if va and vb:
            conflict = bool(value_conflicts(va, vb))
            row[_INDEX[f"{kind}_conflict" if conflict else f"{kind}_agree"]] = 1.0
        elif va or vb:
            row[_INDEX[f"{kind}_one_side"]] = 1.0


def _entity_keys(facts: ClaimFacts, kind: str, cross: bool) -> frozenset[str]:
    return derived(
        facts, f"entity_keys:{kind}:{cross}", lambda f: _find_entity_keys(f, kind, cross)
    )


def _find_entity_keys(facts: ClaimFacts, kind: str, cross: bool) -> frozenset[str]:
    from claimtrack.pipeline.normalize import match_key

    keys = set()
    for e in facts.entities:
        if e.get("kind") != kind:
            continue
        name = e.get("canonical") or (None if cross else e.get("text"))
        if name:
            keys.add(match_key(str(name)))
    return frozenset(keys)


def _entity_features(a: ClaimFacts, b: ClaimFacts, cross: bool, row: np.ndarray) -> None:
    for kind in ENTITY_KINDS:
        ka, kb = _entity_keys(a, kind, cross), _entity_keys(b, kind, cross)
        if ka and kb:
            shared = any(x == y or x in y or y in x for x in ka for y in kb)
            row[_INDEX[f"{kind}_shared" if shared else f"{kind}_mismatch"]] = 1.0
        elif ka or kb:
            row[_INDEX[f"{kind}_one_side"]] = 1.0


def same_wording(a: ClaimFacts, b: ClaimFacts) -> bool:
    """The two claims say the same words in the same order (one language; stop words,
    punctuation, case and Arabic spelling variants aside) with the same negation words: a
    copy or a light edit, which no model should call a conflict."""
    if _lang(a.language) != _lang(b.language):
        return False
    sa, sb = stems(a.text, a.language), stems(b.text, b.language)
    return bool(sa) and sa == sb and _negators(a.text) == _negators(b.text)


def pair_features(
    a: ClaimFacts, b: ClaimFacts, cosine: float, *, reasons: list[str] | None = None
) -> np.ndarray:
    """One feature row (``float64``, order of :data:`FEATURE_NAMES`). ``reasons``: the
    pair's :func:`~claimtrack.embedding.relation.differences` when the caller has them."""
    row = np.zeros(N_FEATURES, dtype=np.float64)
    cross = _lang(a.language) != _lang(b.language)
    row[_INDEX["cosine"]] = cosine
    row[_INDEX["cosine_sq"]] = cosine * cosine
    row[_INDEX["cross_lingual"]] = float(cross)
    row[_INDEX["cosine_x_cross"]] = cosine * cross
    sa, sb = derived(a, "stem_set", _stem_set), derived(b, "stem_set", _stem_set)
    if sa and sb and not cross:
        shared, union = sa & sb, sa | sb
        row[_INDEX["stem_jaccard"]] = len(shared) / len(union)
        row[_INDEX["stem_overlap_min"]] = len(shared) / min(len(sa), len(sb))
        row[_INDEX["stem_containment_max"]] = len(shared) / max(len(sa), len(sb))
        # fsum: exact, so the same whatever order the sets iterate in
        row[_INDEX["idf_overlap"]] = math.fsum(map(_idf, shared)) / math.fsum(map(_idf, union))
        only_a, only_b = sa - sb, sb - sa
        row[_INDEX["only_a_share"]] = len(only_a) / len(sa)
        row[_INDEX["only_b_share"]] = len(only_b) / len(sb)
        row[_INDEX["only_one_side_log"]] = math.log1p(len(only_a) + len(only_b))
    na, nb = derived(a, "number_stems", _number_stems), derived(b, "number_stems", _number_stems)
    if na and nb:
        row[_INDEX["number_tokens_shared"]] = float(bool(na & nb))
        row[_INDEX["number_tokens_conflict"]] = float(not (na & nb))
    _value_features(a, b, row)
    _entity_features(a, b, cross, row)
    row[_INDEX["negation_mismatch"]] = float(a.negated != b.negated)
    row[_INDEX["antonym_mismatch"]] = float(antonym_mismatch(sa, sb))
    row[_INDEX["polar_one_side"]] = min(polar_one_side(sa, sb), 3)
    row[_INDEX["negator_one_side"]] = float(_negators(a.text) != _negators(b.text))
    if reasons is None:
        reasons = differences(a, b)
    row[_INDEX["speaker_conflict"]] = float(any(r.startswith("speaker:") for r in reasons))
    row[_INDEX["n_differences"]] = min(len(reasons), 3)
    row[_INDEX["any_conflict_x_cosine"]] = cosine * bool(reasons)
    la, lb = len(a.text), len(b.text)
    row[_INDEX["len_log_mean"]] = (math.log1p(la) + math.log1p(lb)) / 2
    row[_INDEX["len_ratio"]] = min(la, lb) / max(la, lb, 1)
    return row


def feature_matrix(
    pairs: Sequence[tuple[ClaimFacts, ClaimFacts]], cosines: Sequence[float]
) -> np.ndarray:
    """Feature rows of many pairs, shape ``(len(pairs), N_FEATURES)``."""
    out = np.zeros((len(pairs), N_FEATURES), dtype=np.float64)
    for i, ((a, b), cosine) in enumerate(zip(pairs, cosines, strict=True)):
        out[i] = pair_features(a, b, float(cosine))
    return out
