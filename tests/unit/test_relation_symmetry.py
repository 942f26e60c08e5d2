"""The relation of two claims does not depend on which comes first (issue 10, point 6).

``compare a b`` and ``compare b a`` must agree, and so must ``cluster`` whatever order it
meets a pair in: it caches one direction per pair, so an order-dependent relation made the
groups depend on Python's string hashing (``PYTHONHASHSEED``). Two causes, both fixed:
the learned model read "which side has more words of its own" with opposite signs
(``only_a_share`` / ``only_b_share``), and a counted figure was judged one claim's figure
at a time, so "11,300 dead" against "11,300 dead, up from 5,300" conflicted one way only.

All sentences are written for these tests.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from claimtrack.embedding.relation import ClaimFacts, relate
from claimtrack.embedding.value_anchor import conflicting_anchor
from claimtrack.pairs.features import FEATURE_NAMES, SWAPPED, pair_features
from claimtrack.pairs.model import load_relation_model
from claimtrack.pipeline.values import extract_values

USE = "use-multilingual-v3"

TEXTS = [
    ("The floods killed 11,300 people in Derna, the Red Crescent said.", "en"),
    ("The toll rose to 11,300 dead, up from 5,300 on Tuesday.", "en"),
    ("At least 5,300 people died in the floods in Derna.", "en"),
    ("The government did not confirm the toll of 11,300 dead.", "en"),
    ("The earthquake had a magnitude of 6.8 and struck at 11:11 pm.", "en"),
    ("ارتفعت حصيلة قتلى الفيضانات في درنة إلى 11300 قتيل", "ar"),
    ("بلغت قوة الزلزال 7 درجات على مقياس ريشتر", "ar"),
    ("قال الهلال الأحمر إن عدد القتلى لم يتجاوز 5300 شخص", "ar"),
]


def facts(text: str, language: str) -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


def test_swapped_features_are_the_features_of_the_swapped_pair() -> None:
    for (ta, la), (tb, lb) in itertools.combinations(TEXTS, 2):
        a, b = facts(ta, la), facts(tb, lb)
        forth, back = pair_features(a, b, 0.5), pair_features(b, a, 0.5)
        np.testing.assert_array_equal(forth[list(SWAPPED)], back)
    assert FEATURE_NAMES[SWAPPED[FEATURE_NAMES.index("only_a_share")]] == "only_b_share"


@pytest.mark.parametrize("cosine", [0.3, 0.5, 0.7, 0.9])
def test_relate_is_symmetric(cosine: float) -> None:
    for (ta, la), (tb, lb) in itertools.combinations(TEXTS, 2):
        a, b = facts(ta, la), facts(tb, lb)
        forth, back = relate(a, b, cosine, model_id=USE), relate(b, a, cosine, model_id=USE)
        assert (forth.relation, forth.p_same, forth.p_conflicting) == (
            back.relation,
            back.p_same,
            back.p_conflicting,
        ), (ta, tb)


def test_the_learned_stages_are_symmetric() -> None:
    model = load_relation_model(USE)
    if model is None:
        pytest.skip("learned relation step switched off")
    rows = np.stack(
        [
            pair_features(facts(ta, la), facts(tb, lb), 0.6)
            for (ta, la), (tb, lb) in itertools.permutations(TEXTS, 2)
        ]
    )
    probs, labels = model.predict(rows)
    turned, turned_labels = model.predict(rows[:, list(SWAPPED)])
    np.testing.assert_allclose(probs, turned, rtol=0, atol=1e-12)
    assert labels == turned_labels


def test_a_shared_figure_is_no_conflict_either_way() -> None:
    one = facts(*TEXTS[0])
    both = facts(*TEXTS[1])  # 11,300 and the earlier 5,300
    other = facts(*TEXTS[2])  # 5,300 only
    assert conflicting_anchor(one, both) is None
    assert conflicting_anchor(both, one) is None
    assert conflicting_anchor(one, other) is not None
    assert conflicting_anchor(other, one) is not None
