"""Pair features of the learned relation step (claimtrack.pairs.features)."""

from __future__ import annotations

from typing import Any

import numpy as np

from claimtrack.embedding.relation import ClaimFacts
from claimtrack.pairs.features import FEATURE_NAMES, N_FEATURES, feature_matrix, pair_features
from claimtrack.pairs.polarity import antonym_mismatch, polar_one_side


def facts(text: str, lang: str = "en", **kw: Any) -> ClaimFacts:
    values, entities = kw.pop("values", []), kw.pop("entities", [])
    return ClaimFacts(
        text, lang, values=values, entities=entities, negated=kw.pop("negated", False)
    )


def number(v: float) -> dict[str, Any]:
    return {"kind": "number", "value": v, "unit": None, "text": str(v)}


def feats(a: ClaimFacts, b: ClaimFacts, cosine: float = 0.8) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, pair_features(a, b, cosine).tolist(), strict=True))


def test_names_are_unique_and_rows_have_that_length() -> None:
    assert len(set(FEATURE_NAMES)) == N_FEATURES >= 40
    assert pair_features(facts("a b"), facts("c d"), 0.5).shape == (N_FEATURES,)


def test_value_agree_conflict_and_one_side() -> None:
    base = facts("the toll rose to 11,300", values=[number(11300)])
    assert feats(base, facts("the toll is 11,300", values=[number(11300)]))["number_agree"] == 1
    changed = feats(base, facts("the toll rose to 5,300", values=[number(5300)]))
    assert changed["number_conflict"] == 1 and changed["number_agree"] == 0
    assert changed["n_differences"] == 1
    assert feats(base, facts("the toll rose"))["number_one_side"] == 1


def test_lexical_overlap_in_arabic_uses_light_stems() -> None:
    f = feats(facts("ارتفعت أسعار النفط في الأسواق", "ar"), facts("وارتفعت اسعار النفط", "ar"))
    assert f["stem_jaccard"] > 0.5 and f["cross_lingual"] == 0


def test_cross_lingual_pairs_have_no_lexical_overlap_and_carry_the_cosine() -> None:
    f = feats(facts("oil prices rose", "en"), facts("ارتفعت أسعار النفط", "ar"), 0.7)
    assert f["cross_lingual"] == 1 and f["cosine_x_cross"] == 0.7 and f["stem_jaccard"] == 0


def test_antonyms_in_both_languages() -> None:
    assert antonym_mismatch({"price", "rose"}, {"price", "fell"})
    assert antonym_mismatch({"ارتفاع", "ذهب"}, {"انخفاض", "ذهب"})
    assert antonym_mismatch({"talk", "reach", "consensus"}, {"talk", "fail", "consensus"})
    assert not antonym_mismatch({"price", "rose"}, {"price", "rose"})
    assert polar_one_side({"رفض"}, {"خطه"}) == 1
    f = feats(facts("Unemployment rose to 7 percent"), facts("Unemployment fell to 7 percent"))
    assert f["antonym_mismatch"] == 1


def test_negation_words_on_one_side() -> None:
    f = feats(facts("لم توافق الحكومة على الخطة", "ar"), facts("توافق الحكومة على الخطة", "ar"))
    assert f["negator_one_side"] == 1


def test_entity_mismatch_uses_canonical_names_across_languages() -> None:
    place = lambda t, c: {"text": t, "kind": "place", "canonical": c}  # noqa: E731
    a = facts("x", "en", entities=[place("Derna", "Derna")])
    assert feats(a, facts("y", "ar", entities=[place("درنة", "Derna")]))["place_shared"] == 1
    assert feats(a, facts("y", "ar", entities=[place("بنغازي", "Benghazi")]))["place_mismatch"] == 1


def test_batch_equals_rows() -> None:
    pairs = [(facts("a rose 5", values=[number(5)]), facts("a fell 6", values=[number(6)])),
             (facts("ب", "ar"), facts("c", "en"))]  # fmt: skip
    x = feature_matrix(pairs, [0.3, 0.9])
    assert np.array_equal(x[0], pair_features(*pairs[0], 0.3))
    assert np.array_equal(x[1], pair_features(*pairs[1], 0.9))
