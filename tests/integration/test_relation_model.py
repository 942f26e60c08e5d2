"""The learned relation step end to end: shipped model, probabilities, rules switch."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimtrack.embedding.relation import ClaimFacts, relate, relate_by_rules
from claimtrack.pairs.features import FEATURE_NAMES
from claimtrack.pairs.model import _shipped, load_relation_model

USE = "use-multilingual-v3"


def test_shipped_model_matches_the_features_and_embedding() -> None:
    model = _shipped()
    assert model is not None and model.embedding_model == USE
    for stage in (model.same_fact, model.conflicting):
        assert set(stage.features) <= set(FEATURE_NAMES)
        if stage.trees is None:
            assert len(stage.coef) == len(stage.mean) == len(stage.features)
        else:  # every split reads a column of the stage's own features
            feature = stage.trees["feature"][~stage.trees["is_leaf"]]
            assert 0 <= feature.min() <= feature.max() < len(stage.features)
        assert 0 < stage.threshold < 1


def test_probabilities_sum_to_one_and_reasons_name_values() -> None:
    number = lambda v: {"kind": "number", "value": v, "unit": None, "text": str(v)}  # noqa: E731
    a = ClaimFacts("The death toll rose to 11,300", "en", values=[number(11300)])
    b = ClaimFacts("The death toll rose to 5,300", "en", values=[number(5300)])
    rel = relate(a, b, 0.9, model_id=USE)
    assert rel.p_same is not None and rel.p_conflicting is not None and rel.p_related is not None
    assert abs(rel.p_same + rel.p_conflicting + rel.p_related - 1) < 1e-3
    assert rel.relation == "conflicting" and rel.reasons == ["number: 11300 vs 5300"]


def test_env_switch_and_unknown_embedding_fall_back_to_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = ClaimFacts("t", "en"), ClaimFacts("t", "en")
    assert relate(a, b, 0.9, model_id="some-other-model").p_same is None
    assert relate(a, b, 0.9, model_id=USE, learned=False) == relate_by_rules(
        a, b, 0.9, model_id=USE
    )
    monkeypatch.setenv("CLAIMTRACK_RELATION_MODEL", "off")
    assert load_relation_model(USE) is None
    assert relate(a, b, 0.9, model_id=USE).p_same is None


def test_compare_json_has_probabilities() -> None:
    from claimtrack.cli import cli

    result = CliRunner().invoke(
        cli,
        ["compare", "Unemployment rose to 7 percent in March",
         "Unemployment fell to 7 percent in March", "--format", "json"],
        catch_exceptions=False,
    )  # fmt: skip
    out = json.loads(result.output)
    assert out["relation"] == "conflicting"
    assert out["p_conflicting"] > out["p_same"] and out["p_related"] is not None


def test_learned_never_drops_cross_lingual_candidates_as_unrelated() -> None:
    from claimtrack.api.matching import compare
    from claimtrack.api.vectors import load_embedder

    result = compare("ارتفعت حصيلة ضحايا الفيضانات إلى 300 قتيل",
                     "The flood death toll has risen to 300", lang_a="ar", lang_b="en",
                     embedder=load_embedder(None))  # fmt: skip
    assert result.relation != "unrelated" and result.p_same is not None
