"""Claim features of the check-worthiness model: what the extractor knows, as a vector."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from claimtrack.errors import InvalidInputError
from claimtrack.models import Article, Claim
from claimtrack.pipeline import checkworthiness as cw
from claimtrack.pipeline import claim_features as cf
from claimtrack.pipeline.extract import extract_claims

SPEC = cw.FeatureSpec()


def _col(name: str) -> int:
    return cf.FEATURE_NAMES.index(name)


def test_structural_features_of_a_draft() -> None:
    draft = {
        "types": ["quantity", "temporal", "unknown-type"],
        "values": [{"kind": "number"}, {"kind": "number"}, {"kind": "number"},
                   {"kind": "year", "relation": "first_since"}],
        "entities": [{"kind": "person"}, {"kind": "place"}],
        "speaker": "بوتين",
        "quote_mode": "indirect",
        "negated": True,
    }  # fmt: skip
    row = cw.dense_features(["x"], [draft], SPEC)[0]
    assert row[_col("claim")] == 1.0
    assert row[_col("type:quantity")] == row[_col("type:temporal")] == 1.0
    assert row[_col("type:quote")] == 0.0
    assert row[_col("value:number")] == 1.0  # three numbers, capped at two
    assert row[_col("value:year")] == 0.5
    assert row[_col("value:since")] == 1.0
    assert row[_col("entity:person")] == pytest.approx(1 / 3)
    assert row[_col("speaker")] == row[_col("quote:indirect")] == row[_col("negated")] == 1.0
    assert row[_col("quote:direct")] == 0.0


def test_no_record_is_no_claim() -> None:
    rows = cw.dense_features(["Unemployment fell 3 percent.", ""], [None, None], SPEC)
    structural = [i for i, n in enumerate(cf.FEATURE_NAMES) if not n.startswith("marker:")]
    structural = [i for i in structural if cf.FEATURE_NAMES[i] not in ("question", "exclamation",
                                                                         "length")]  # fmt: skip
    assert not rows[:, structural].any()
    assert rows[0, _col("length")] > 0 and rows[1, _col("length")] == 0


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("وربما تصل الأسعار إلى مستوى جديد", "hedge"),
        ("The minister reportedly resigned", "hedge"),
        ("أعتقد أن القرار خاطئ", "opinion"),
        ("سوف ترتفع الأسعار", "prediction"),
        ("هذه أكبر زيادة", "superlative"),
        ("It is the largest increase", "superlative"),
        ("نحن ندعم القرار", "first_person"),
        ("اللهم احفظ بلادنا", "expressive"),
    ],
)
def test_marker_words(text: str, marker: str) -> None:
    row = cw.dense_features([text], [None], SPEC)[0]
    assert row[_col(f"marker:{marker}")] == 1.0
    others = [f"marker:{m}" for m in cf.MARKERS if m != marker]
    assert row[[_col(n) for n in others]].sum() <= 1.0  # at most an incidental second one


def test_markers_are_whole_words() -> None:
    # "mayor" is not "may", "only" inside "commonly" is no superlative
    row = cw.dense_features(["The mayor commonly visits"], [None], SPEC)[0]
    assert row[_col("marker:hedge")] == row[_col("marker:superlative")] == 0.0


def test_question_and_exclamation() -> None:
    rows = cw.dense_features(["هل هذا صحيح؟", "Wow!", "Plain."], [None] * 3, SPEC)
    assert rows[:, _col("question")].tolist() == [1.0, 0.0, 0.0]
    assert rows[:, _col("exclamation")].tolist() == [0.0, 1.0, 0.0]


def test_merge_claims_pools_a_text() -> None:
    text = "Putin said on Tuesday that 300 soldiers had died, while Kim denied it."
    claims = extract_claims(Article("a", text, "en", published=date(2023, 9, 13)))
    assert len(claims) >= 2

    def record(c: Claim) -> dict:
        return {"types": [c.claim_type, *c.secondary_types], "values": c.values,
                "entities": c.entities, "speaker": c.speaker, "quote_mode": c.quote_mode,
                "negated": c.negated}  # fmt: skip

    merged = cf.merge_claims(claims, record)
    assert sum(len(c.values) for c in claims) == len(merged["values"])
    assert len(set(merged["types"])) == len(merged["types"])
    assert merged["speaker"] is not None


def test_batch_matches_one_by_one_and_chunks() -> None:
    texts = [f"قال الرئيس إن {i} أشخاص ربما قتلوا" for i in range(2100)]  # > one chunk
    infos = [{"types": ["quantity"], "values": [{"kind": "number"}]} if i % 2 else None
             for i in range(len(texts))]  # fmt: skip
    together = cw.dense_features(texts, infos, SPEC)
    assert np.array_equal(together[2099], cw.dense_features([texts[2099]], [infos[2099]], SPEC)[0])
    assert together[:, _col("marker:hedge")].all()


def test_score_takes_claim_records() -> None:
    text = ["ويزور الرئيس روسيا للمرة الأولى منذ عام 2019."]
    record = [{"types": ["temporal"], "values": [{"kind": "year", "relation": "first_since"}],
               "entities": [{"kind": "place"}], "speaker": None, "quote_mode": "none",
               "negated": False}]  # fmt: skip
    plain = cw.score(text, ["ar"])
    assert cw.score(text, ["ar"], [None])[0] == plain[0]
    assert cw.score(text, ["ar"], record)[0] != plain[0]  # the model reads the record
    with pytest.raises(InvalidInputError):
        cw.score(text, ["ar"], [])
    with pytest.raises(InvalidInputError):
        cw.dense_features(text, [], SPEC)
