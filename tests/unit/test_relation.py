"""The relation step: same / conflicting / related / unrelated, with readable reasons.

The unit tests with made-up cosines pin the threshold rules (``relate_by_rules``, the
fallback when the learned model is off); the end-to-end ones go through ``relate``.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimtrack.embedding.relation import (
    ClaimFacts,
    Relation,
    differences,
    relate,
    relate_by_rules,
)
from claimtrack.embedding.thresholds import UNCALIBRATED, thresholds_for

USE = "use-multilingual-v3"


def year(v: int) -> dict[str, Any]:
    return {"kind": "year", "value": v, "unit": None, "relation": "first_since", "text": str(v)}


def duration(v: float, unit: str = "year") -> dict[str, Any]:
    return {"kind": "duration", "value": v, "unit": unit, "relation": None, "text": f"{v}"}


def number(v: float, kind: str = "number", unit: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "value": v, "unit": unit, "relation": None, "text": f"{v}"}


def place(text: str, canonical: str | None = None) -> dict[str, Any]:
    return {"text": text, "kind": "place", "canonical": canonical, "start": 0, "end": len(text)}


def facts(text: str = "t", lang: str = "en", **kw: Any) -> ClaimFacts:
    return ClaimFacts(
        text=text,
        language=lang,
        values=kw.pop("values", []),
        entities=kw.pop("entities", []),
        speaker=kw.pop("speaker", None),
        negated=kw.pop("negated", False),
    )


def test_year_changed_is_conflicting() -> None:
    rel = relate_by_rules(facts(values=[year(2019)]), facts(values=[year(2011)]), 0.9, model_id=USE)
    assert rel == Relation("conflicting", 0.9, ["year: 2019 vs 2011"])


def test_duration_changed_is_conflicting() -> None:
    a = facts("75 عاماً", "ar", values=[duration(75)])
    b = facts("70 عاماً", "ar", values=[duration(70)])
    assert relate_by_rules(a, b, 0.95, model_id=USE).reasons == ["duration: 75 year vs 70 year"]


def test_durations_in_other_units_agree() -> None:
    a, b = facts(values=[duration(2)]), facts(values=[duration(24, "month")])
    assert relate_by_rules(a, b, 0.9, model_id=USE).relation == "same"


def test_numbers_within_tolerance_agree_beyond_it_conflict() -> None:
    assert differences(facts(values=[number(1000)]), facts(values=[number(1004)])) == []
    assert differences(facts(values=[number(42)]), facts(values=[number(24)])) == [
        "number: 42 vs 24"
    ]
    # percent and number are compared as one group
    assert differences(facts(values=[number(38, "percent")]), facts(values=[number(33)])) == [
        "number: 38 vs 33"
    ]
    money = [number(5e8, "money", "USD")], [number(3e8, "money", "USD")]
    assert differences(facts(values=money[0]), facts(values=money[1])) == [
        "money: 500000000 USD vs 300000000 USD"
    ]


def test_dates_compare_on_the_parts_both_give() -> None:
    d = {"kind": "date", "unit": None}
    assert (
        differences(
            facts(values=[{**d, "value": "2023-09-04"}]), facts(values=[{**d, "value": "09-04"}])
        )
        == []
    )
    assert differences(
        facts(values=[{**d, "value": "2023-09-04"}]), facts(values=[{**d, "value": "2023-09-14"}])
    ) == ["date: 2023-09-04 vs 2023-09-14"]


def test_a_value_missing_on_one_side_is_not_a_conflict() -> None:
    rel = relate_by_rules(facts(values=[year(2019)]), facts(values=[]), 0.8, model_id=USE)
    assert rel.relation == "same"


def test_place_conflict_in_arabic() -> None:
    a = facts("في فلاديفستوك", "ar", entities=[place("فلاديفستوك")])
    b = facts("في أمور", "ar", entities=[place("أمور")])
    assert relate_by_rules(a, b, 0.9, model_id=USE).reasons == ["place: فلاديفستوك vs أمور"]


def test_extra_place_or_capital_is_not_a_conflict() -> None:
    a = facts(entities=[place("Vostochny"), place("Amur")])
    b = facts(entities=[place("Vostochny"), place("Amur"), place("Russia")])
    assert differences(a, b) == []
    capital = facts(entities=[place("موسكو", "Moscow")], lang="ar")
    country = facts(entities=[place("Russia", "Russia")])
    assert differences(capital, country) == []


def test_places_across_languages_need_canonical_names() -> None:
    a = facts(lang="ar", entities=[place("روسيا")])
    b = facts(lang="en", entities=[place("Russia")])
    assert differences(a, b) == []  # surface forms in two scripts are not compared
    a = facts(lang="ar", entities=[place("فلاديفستوك", "Vladivostok")])
    b = facts(lang="en", entities=[place("Amur", "Amur")])
    assert differences(a, b) == ["place: فلاديفستوك vs Amur"]


def test_negation_and_speaker() -> None:
    rel = relate_by_rules(facts(negated=True), facts(), 0.9, model_id=USE)
    assert rel.relation == "conflicting"
    assert rel.reasons == ["negation: a is negated, b is not"]
    assert differences(facts(), facts(negated=True)) == ["negation: b is negated, a is not"]

    def person(name: str) -> list[dict]:
        return [{"text": name, "kind": "person", "canonical": name, "start": 0, "end": 1}]

    putin = facts(speaker="Putin", entities=person("Putin"))
    lavrov = facts(speaker="Lavrov", entities=person("Lavrov"))
    assert differences(putin, lavrov) == ["speaker: Putin vs Lavrov"]
    assert differences(facts(speaker="Vladimir Putin", entities=person("Vladimir Putin")),
                       putin) == []  # fmt: skip
    # Generic sources are not people: "the report" vs "agencies" is no conflict.
    assert differences(facts(speaker="the report"), facts(speaker="agencies")) == []


def test_thresholds_decide_unrelated_related_same() -> None:
    th = thresholds_for(USE)
    a, b = facts(values=[year(2019)]), facts(values=[year(2019)])
    assert relate_by_rules(a, b, th.related - 0.01, model_id=USE).relation == "unrelated"
    assert relate_by_rules(a, b, th.same - 0.01, model_id=USE).relation == "related"
    assert relate_by_rules(a, b, th.same, model_id=USE).relation == "same"
    # a conflict below the frame threshold is only "related"
    c = facts(values=[year(2011)])
    assert relate_by_rules(a, c, th.frame - 0.01, model_id=USE).relation == "related"
    # cross-lingual pairs use the lower same_cross bar
    ar = facts(lang="ar", values=[year(2019)])
    assert relate_by_rules(ar, b, th.same_cross, model_id=USE).relation == "same"


def test_unknown_model_uses_conservative_defaults() -> None:
    assert thresholds_for("some/unknown-model") is UNCALIBRATED
    assert not UNCALIBRATED.calibrated
    assert UNCALIBRATED.same >= thresholds_for(USE).same


def test_from_claim() -> None:
    from claimtrack.models import Claim

    claim = Claim(
        claim_id="c", article_id="a", sentence_index=0, char_start=0, char_end=4, text="t",
        claim_type="temporal", language="ar", extractor_version="1", speaker="بوتين",
        speaker_canonical="Vladimir Putin", values=(year(2019),), negated=True,
    )  # fmt: skip
    f = ClaimFacts.from_claim(claim)
    assert f.values == [year(2019)] and f.speaker == "Vladimir Putin" and f.negated


def test_from_analysis() -> None:
    f = ClaimFacts.from_analysis("t", "en", {"values": [year(2019)], "negated": True})
    assert f.values == [year(2019)] and f.negated and f.entities == [] and f.speaker is None


# ------------------------------------------------------------------ end to end
@pytest.fixture(scope="module")
def compare():  # type: ignore[no-untyped-def]
    import claimtrack.pipeline.values as values_mod
    from claimtrack.embedding.model import load_model

    embedder = load_model()

    def run(a: str, la: str, b: str, lb: str) -> Relation:
        va, vb = embedder.encode([a, b])
        fa = facts(a, la, values=values_mod.extract_values(a, la))
        fb = facts(b, lb, values=values_mod.extract_values(b, lb))
        return relate(fa, fb, float(va @ vb), model_id=embedder.model_id)

    return run


def test_end_to_end_since_year(compare) -> None:  # type: ignore[no-untyped-def]
    a = "Kim's first visit to Russia since 2019"
    rel = compare(a, "en", "Kim's first visit to Russia since 2011", "en")
    assert rel.relation == "conflicting"
    assert any("2019" in r and "2011" in r for r in rel.reasons)
    assert (
        compare(a, "en", "Kim Jong Un's first trip to Russia since 2019", "en").relation == "same"
    )


def test_end_to_end_arabic_english(compare) -> None:  # type: ignore[no-untyped-def]
    ar = "ويزور زعيم كوريا الشمالية كيم جونغ أون روسيا للمرة الأولى منذ عام 2019"
    same = "North Korean leader Kim Jong Un is visiting Russia for the first time since 2019"
    other = "North Korean leader Kim Jong Un is visiting Russia for the first time since 2011"
    assert compare(ar, "ar", same, "en").relation == "same"
    rel = compare(ar, "ar", other, "en")
    assert rel.relation == "conflicting" and rel.reasons == ["year: 2019 vs 2011"]
    seed = "75 عاماً من إقامة العلاقات الدبلوماسية بين روسيا وكوريا الشعبية الديمقراطية"
    changed = "70 عاماً من إقامة العلاقات الدبلوماسية بين روسيا وكوريا الشعبية الديمقراطية"
    assert compare(seed, "ar", changed, "ar").reasons == ["duration: 75 year vs 70 year"]
