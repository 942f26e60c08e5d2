"""Ordinals, bare weekdays, counted nouns, seconds, antonym polarity and datelines
(issue 10, point 5), and the reasons ``differences()``/``relate()`` give for them.

All sentences are written for these tests.
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
from claimtrack.pipeline.dateline import metadata_end
from claimtrack.pipeline.negation import is_negated
from claimtrack.pipeline.polarity import polarity, polarity_differences
from claimtrack.pipeline.values import extract_values

MODEL = "use-multilingual-v3"


def kinds(text: str, language: str, kind: str) -> list[Any]:
    return [v["value"] for v in extract_values(text, language) if v["kind"] == kind]


def facts(text: str, language: str) -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The ministry held the talks for the third time since 2019", "en", [3]),
        ("Chile became the second country to recognise the state", "en", [2]),
        ("It was the first launch and the 4th test this year", "en", [1, 4]),
        ("تعقد المحادثات للمرة الثانية منذ 2019", "ar", [2]),
        ("وصلت المساعدات لأول مرة إلى المدينة", "ar", [1]),
        ("وهي الدولة الثالثة التي تعترف بالاتفاق", "ar", [3]),
        ("انتهت الجولة الأولى من المفاوضات", "ar", [1]),
    ],
)
def test_ordinals(text: str, language: str, expected: list[int]) -> None:
    assert kinds(text, language, "ordinal") == expected


@pytest.mark.parametrize(
    "text",
    ["وصل الوفد في كانون الأول", "ارتفعت نسبة ثاني أكسيد الكربون", "وصل أول أمس إلى المدينة"],
)
def test_words_built_on_ordinals_are_not_ordinals(text: str) -> None:
    assert kinds(text, "ar", "ordinal") == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The bridge collapsed on Tuesday", "en", [1]),
        ("انهار الجسر يوم الأربعاء", "ar", [2]),
        ("وقع الانهيار الثلاثاء", "ar", [1]),
    ],
)
def test_bare_weekdays_without_a_publication_date(
    text: str, language: str, expected: list[int]
) -> None:
    assert kinds(text, language, "weekday") == expected


def test_counted_nouns() -> None:
    values = extract_values("The storm left 2,100 dead and 900 missing", "en")
    assert [(v["value"], v.get("counts")) for v in values] == [(2100, "deaths"), (900, "missing")]
    quake = extract_values("ضرب زلزال بقوة 6.2 درجات المنطقة", "ar")
    assert [(v["value"], v.get("counts")) for v in quake] == [(6.2, "magnitude")]
    toll = extract_values("The death toll rose to 4,200", "en")
    assert toll[0].get("counts") == "deaths"
    killing = extract_values("The storm hit the coast, killing 11,300 people", "en")
    assert [(v["value"], v.get("counts")) for v in killing] == [(11300, "deaths")]
    ar_killing = extract_values("أسفر الزلزال عن مقتل 2000 شخص", "ar")
    assert [(v["value"], v.get("counts")) for v in ar_killing] == [(2000, "deaths")]


def test_seconds_are_a_duration() -> None:
    [en] = extract_values("The shaking lasted 40 seconds", "en")
    [ar] = extract_values("استمرت الهزة 40 ثانية", "ar")
    assert (en["kind"], en["unit"]) == ("duration", "second")
    assert (ar["kind"], ar["unit"]) == ("duration", "second")


@pytest.mark.parametrize(
    ("a", "b", "language", "reason"),
    [
        ("The talks reached a consensus on aid", "The talks failed to reach a consensus on aid",
         "en", "polarity: reached vs failed"),
        ("Parliament accepted the budget plan", "Parliament rejected the budget plan", "en",
         "polarity: accepted vs rejected"),
        ("ارتفع عدد السياح هذا العام", "انخفض عدد السياح هذا العام", "ar",
         "polarity: ارتفع vs انخفض"),
        ("توصل الطرفان إلى اتفاق بشأن الهدنة", "فشل الطرفان في التوصل إلى اتفاق بشأن الهدنة",
         "ar", "polarity: توصل vs فشل"),
        ("وافق البرلمان على الميزانية", "رفض البرلمان الميزانية", "ar",
         "polarity: وافق vs رفض"),
    ],
)  # fmt: skip
def test_polarity_by_antonym(a: str, b: str, language: str, reason: str) -> None:
    assert polarity_differences(a, b) == [reason]
    assert reason in differences(facts(a, language), facts(b, language))
    assert relate(facts(a, language), facts(b, language), 0.9, model_id=MODEL).relation == (
        "conflicting"
    )


def test_polarity_needs_opposite_poles() -> None:
    assert polarity_differences("Prices rose in May", "Prices rose again in June") == []
    assert polarity("Prices rose, then fell") == {}  # both poles: none taken


@pytest.mark.parametrize(
    ("a", "b", "language", "reason"),
    [
        ("It is the first visit since 2019", "It is the third visit since 2019", "en",
         "ordinal: first vs third"),
        ("زار الوزير المدينة للمرة الأولى", "زار الوزير المدينة للمرة الثانية", "ar",
         "ordinal: first vs second"),
        ("The vote took place on Tuesday", "The vote took place on Monday", "en",
         "weekday: Tuesday vs Monday"),
        ("جرى التصويت يوم الأربعاء", "جرى التصويت يوم الخميس", "ar",
         "weekday: Wednesday vs Thursday"),
        ("A quake of magnitude 7 hit the region", "A quake of magnitude 6.8 hit the region",
         "en", "number: 7 (magnitude) vs 6.8 (magnitude)"),
    ],
)  # fmt: skip
def test_differences_name_the_new_value_kinds(a: str, b: str, language: str, reason: str) -> None:
    fa, fb = facts(a, language), facts(b, language)
    assert reason in differences(fa, fb)
    assert relate(fa, fb, 0.9, model_id=MODEL).relation == "conflicting"


@pytest.mark.parametrize(
    ("a", "b", "language"),
    [
        ("The floods left 2,100 dead", "The floods left 900 missing", "en"),
        ("خلفت الفيضانات 2100 قتيل", "خلفت الفيضانات 900 مفقود", "ar"),
    ],
)
def test_numbers_counting_different_things_do_not_conflict(a: str, b: str, language: str) -> None:
    fa, fb = facts(a, language), facts(b, language)
    assert not any(r.startswith("number") for r in differences(fa, fb))
    assert relate(fa, fb, 0.9, model_id=MODEL).relation != "conflicting"


def test_same_count_of_the_same_thing_still_conflicts_in_arabic() -> None:
    fa, fb = facts("خلفت الفيضانات 2100 قتيل", "ar"), facts("خلفت الفيضانات 5300 قتيل", "ar")
    assert "number: 2100 (deaths) vs 5300 (deaths)" in differences(fa, fb)


def test_non_final_toll_is_not_a_negation() -> None:
    assert not is_negated("أعلنت السلطات حصيلة غير نهائية بلغت 800 قتيل", "ar")
    assert is_negated("الخبر غير صحيح", "ar")


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("SEOUL, Sept. 14 (Yonhap) -- The ministry said", "The ministry said"),
        ("موسكو (وكالات) - قال المتحدث", "قال المتحدث"),
        ("VOSTOCHNY SPACEPORT /Amur Region/, September 13. /TASS/. The visit began",
         "The visit began"),
        ("(AP) — Rescuers searched the rubble", "Rescuers searched the rubble"),
        ("طرابلس - قال مسؤول إن السد انهار", "قال مسؤول إن السد انهار"),
        ("طرابلس (ليبيا) - أعلنت الحكومة الحداد", "أعلنت الحكومة الحداد"),
    ],
)  # fmt: skip
def test_datelines_are_not_claim_text(text: str, story: str) -> None:
    assert text[metadata_end(text, 0) :] == story


def test_a_sentence_with_a_dash_is_not_a_dateline() -> None:
    text = "قال مسؤول إن السد - الذي بني قبل عقود - انهار"
    assert metadata_end(text, 0) == 0


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("The flood death toll reached 4,200", "en", "ارتفعت حصيلة القتلى إلى 4200 قتيل", "ar"),
        ("Officials counted 4,200 dead in the city", "en", "The death toll hit 4,200", "en"),
    ],
)
def test_same_figure_for_the_same_thing_is_same_below_the_same_bar(
    a: str, la: str, b: str, lb: str
) -> None:
    rel = relate(facts(a, la), facts(b, lb), 0.45, model_id=MODEL)
    assert rel.relation == "same"
    assert any("anchor: 4200 (deaths)" in r for r in rel.reasons)


def test_different_figure_for_the_same_thing_is_conflicting_below_the_frame() -> None:
    rel = relate(
        facts("The flood death toll reached 4,200", "en"),
        facts("ارتفعت حصيلة القتلى إلى 1500 قتيل", "ar"),
        0.45,
        model_id=MODEL,
    )
    assert rel.relation == "conflicting"


def test_small_or_uncounted_figures_are_not_anchors() -> None:
    low = relate_by_rules(facts("5 dead", "en"), facts("Five people dead, 5 dead", "en"), 0.45,
                          model_id=MODEL)  # fmt: skip
    assert low.relation == "related"
    plain = relate_by_rules(facts("It cost 4,200", "en"), facts("They paid 4,200", "en"), 0.45,
                            model_id=MODEL)  # fmt: skip
    assert plain.relation == "related"


@pytest.mark.parametrize(
    ("a", "b"),
    [("5 dead", "Five people dead, 5 dead"), ("It cost 4,200", "They paid 4,200"),
     ("The floods left 2,100 dead", "The floods left 900 missing")],
)  # fmt: skip
def test_learned_step_shows_no_conflict_the_values_deny(a: str, b: str) -> None:
    # The shipped model called these "conflicting" with nothing different: a figure both
    # give, or figures of different things, overrule it (relation._with_value_evidence).
    rel = relate(facts(a, "en"), facts(b, "en"), 0.45, model_id=MODEL)
    assert rel.relation != "conflicting"
    assert rel.p_same is not None  # the learned step answered
    assert any(r.startswith("model said conflicting") for r in rel.reasons)


def test_a_shared_value_alone_does_not_make_a_learned_conflict_same() -> None:
    # The model called this pair "conflicting" (the place differs, and no extracted value
    # names it); a weekday both give removes the conflict label but proves no single fact.
    rel = relate(facts("The president visited Paris on Monday", "en"),
                 facts("The president visited Berlin on Monday", "en"), 0.80,
                 model_id=MODEL)  # fmt: skip
    assert rel.relation == "related"
    assert "weekday: Monday in both" in rel.reasons


def test_a_named_difference_is_never_shown_as_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # A model that answers "same" (stand-in below) is overruled by a named difference:
    # the rules decide, and the reasons say what the model said.
    import claimtrack.pairs.learned as learned

    def says_same(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        return Relation("same", score, ["stand-in"], p_same=0.9, p_conflicting=0.05,
                        p_related=0.05)  # fmt: skip

    monkeypatch.setattr(learned, "relate_learned", says_same)
    rel = relate(facts("Kim arrived in Vladivostok on Tuesday", "en"),
                 facts("Kim arrived in Vladivostok on Wednesday", "en"), 0.85,
                 model_id=MODEL)  # fmt: skip
    assert rel.relation == "conflicting"
    assert "weekday: Tuesday vs Wednesday" in rel.reasons
    assert rel.reasons[-1] == "model said same" and rel.p_same == 0.9


@pytest.mark.parametrize(
    ("text", "language"),
    [("Putin praised the Russian army", "en"), ("أشاد بوتين بالجيش الروسي", "ar"),
     ("Kim arrived in Vladivostok on Tuesday", "en")],
)  # fmt: skip
def test_a_copy_is_the_same_claim(text: str, language: str) -> None:
    # The shipped model called identical claims "conflicting" (p 0.83-0.97).
    rel = relate(facts(text, language), facts(f"{text}.", language), 0.97, model_id=MODEL)
    assert rel.relation == "same"
    assert "same wording" in rel.reasons


@pytest.mark.parametrize(
    ("a", "b", "language"),
    [("Putin praised the Russian army", "Putin praised the army of Russia", "en"),
     ("The storm killed thousands in Derna", "Thousands were killed by the storm in Derna", "en"),
     ("أشاد بوتين بالجيش الروسي", "أشاد الرئيس بوتين بالجيش الروسي", "ar")],
)  # fmt: skip
def test_no_conflict_without_a_named_difference(a: str, b: str, language: str) -> None:
    # A conflicting variant is the same claim with a value, place, speaker, negation or
    # polarity changed; the model alone called these paraphrases "conflicting".
    rel = relate(facts(a, language), facts(b, language), 0.9, model_id=MODEL)
    assert rel.relation == "related"
    assert "nothing named differs" in rel.reasons and rel.p_conflicting is not None


def test_far_pairs_are_unrelated_whatever_the_model_says() -> None:
    rel = relate(facts("The storm hit Derna", "en"), facts("Markets fell on Monday", "en"), 0.1,
                 model_id=MODEL)  # fmt: skip
    assert rel.relation == "unrelated" and rel.p_same is None


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("A 6.8-magnitude earthquake struck the region", "en", [(6.8, "magnitude")]),
        # written like a model name ("Su-57"), still a reading; the names stay no figures
        ("The magnitude-6.2 quake hit the valley", "en", [(6.2, "magnitude")]),
        ("A Su-57 and a Soyuz-2 flew over the magnitude-5 zone", "en", [(5, "magnitude")]),
        ("ضربت هزة أرضية بقوة 7 درجات على مقياس ريشتر", "ar", [(7, "magnitude")]),
        ("The quake was about 8 km deep", "en", [(8, "depth")]),
        ("at a depth of 18.5 kilometres", "en", [(18.5, "depth")]),
        ("وكان مركزه على عمق 8 كيلومترات", "ar", [(8, "depth")]),
        # a length "below the surface" is a depth, the converted figure in brackets or not
        ("It occurred about 18 kilometers (11 miles) below the surface", "en",
         [(18, "depth"), (11, None)]),
        ("كان مركز الزلزال على بعد 18 كيلومترا تحت سطح الأرض", "ar", [(18, "depth")]),
        ("The road runs 18 kilometres along the coast", "en", [(18, None)]),
        ("A magnitude 4.9 aftershock hit the area", "en", [(4.9, "aftershock magnitude")]),
        ("ووقعت الهزة الارتدادية بقوة 4.5 درجات", "ar", [(4.5, "aftershock magnitude")]),
        # an aftershock's depth is another quantity than the main shock's depth
        ("The aftershock had a depth of 10 kilometers (6.2 miles)", "en",
         [(10, "aftershock depth"), (6.2, None)]),
        ("وكانت الهزة الارتدادية على عمق 10 كيلومترات", "ar", [(10, "aftershock depth")]),
        # the noun right after an earlier figure is that figure's; a clock time is no figure
        ("A 7-magnitude quake rocked the south at 11.11 pm, and 120 were killed", "en",
         [(7, "magnitude"), (120, "deaths")]),
        ("وقع الزلزال نحو الساعة 11.10 مساء", "ar", []),
        ("Derna, a city of 100,000 inhabitants located 250 kilometres east of Benghazi", "en",
         [(100000, "population"), (250, None)]),
        ("أكثر من 100 ألف عامل يعيشون في المدينة", "ar", [(100000, "workers")]),
    ],
)  # fmt: skip
def test_measurements_and_clock_times(
    text: str, language: str, expected: list[tuple[float, str]]
) -> None:
    found = [(v["value"], v.get("counts")) for v in extract_values(text, language)
             if v["kind"] == "number"]  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("A 7-magnitude earthquake struck the province", "en",
         "The survey said the quake had a magnitude of 6.8", "en"),
        ("ضربت هزة أرضية بقوة 7 درجات إقليم الحوز", "ar",
         "A strong 6.8-magnitude earthquake rattled the province", "en"),
        ("The quake was about 8 km deep", "en", "وكان مركزه على عمق 18 كيلومترا", "ar"),
    ],
)  # fmt: skip
def test_a_different_measurement_of_one_quake_is_a_conflict_at_any_size(
    a: str, la: str, b: str, lb: str
) -> None:
    rel = relate(facts(a, la), facts(b, lb), 0.45, model_id=MODEL)
    assert rel.relation == "conflicting"


@pytest.mark.parametrize("score", [0.26, 0.3, 0.34])
def test_a_different_measurement_conflicts_down_to_the_retrieval_bar(score: float) -> None:
    """Two readings of one quake's magnitude across languages sit at cosine 0.24-0.35; a
    measurement has one true value, so they conflict there too (learned and rules path),
    while two different death tolls there stay "related" (a toll grows: other facts)."""
    a = facts("ضربت هزة أرضية بقوة 7 درجات إقليم الحوز", "ar")
    b = facts("A strong 6.8-magnitude earthquake rattled the province", "en")
    assert relate(a, b, score, model_id=MODEL).relation == "conflicting"
    assert relate_by_rules(a, b, score, model_id=MODEL).relation == "conflicting"
    tolls = relate_by_rules(facts("ارتفعت حصيلة القتلى إلى 2012 قتيلا", "ar"),
                            facts("The death toll rose to 2,122", "en"), score,
                            model_id=MODEL)  # fmt: skip
    assert tolls.relation == "related"


def test_a_different_population_conflicts_down_to_the_retrieval_bar() -> None:
    """A place's population does not grow within an event's coverage the way a toll does:
    two figures for it conflict where two tolls stay "related"."""
    a = facts("وكان عدد سكان المدينة حوالي 100 ألف نسمة قبل الكارثة", "ar")
    b = facts("the city, a community of around 125,000 people", "en")
    for score in (0.26, 0.32):
        assert relate(a, b, score, model_id=MODEL).relation == "conflicting"
        assert relate_by_rules(a, b, score, model_id=MODEL).relation == "conflicting"
    assert relate_by_rules(a, b, 0.2, model_id=MODEL).relation == "unrelated"


@pytest.mark.parametrize(
    ("text", "language", "bound"),
    [
        ("no earthquakes M6 [magnitude 6] and larger since 1900", "en", True),
        ("لم تكن هناك زلازل من مستوى M6 (بقوة 6) وأكبر", "ar", True),
        ("زلازل بقوة 6 درجات فأكثر", "ar", True),
        ("1,000 people or more died", "en", True),
        ("300 dead and more injured", "en", False),  # "and more" of another thing
        ("A 6.8 magnitude quake and 300 dead", "en", False),
    ],
)  # fmt: skip
def test_a_lower_bound_is_marked(text: str, language: str, bound: bool) -> None:
    first = next(v for v in extract_values(text, language) if v["kind"] == "number")
    assert bool(first.get("at_least")) == bound


def test_a_lower_bound_agrees_with_any_reading_above_it() -> None:
    quake = facts("A 7-magnitude earthquake struck the province", "en")
    for text, language in (("no earthquakes M6 [magnitude 6] and larger since 1900", "en"),
                           ("لم تكن هناك زلازل من مستوى M6 (بقوة 6) وأكبر", "ar")):  # fmt: skip
        assert differences(quake, facts(text, language)) == []
    assert differences(quake, facts("no quake of magnitude 8 or more", "en")) == [
        "number: 7 (magnitude) vs 8 (magnitude)"
    ]


def test_below_the_retrieval_bar_a_measurement_is_unrelated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = facts("ضربت هزة أرضية بقوة 7 درجات إقليم الحوز", "ar")
    b = facts("A strong 6.8-magnitude earthquake rattled the province", "en")
    assert relate(a, b, 0.2, model_id=MODEL).relation == "unrelated"
    from claimtrack.embedding import value_anchor

    monkeypatch.setattr(value_anchor, "MEASURE_FRAME_IS_RELATED_BAR", False)
    assert relate(a, b, 0.3, model_id=MODEL).relation != "conflicting"


def test_a_shared_small_measurement_is_an_anchor_but_an_aftershock_is_another_quantity() -> None:
    same = relate(facts("A 6.8-magnitude earthquake struck Morocco late Friday", "en"),
                  facts("ضرب زلزال بقوة 6.8 درجات المغرب", "ar"), 0.45, model_id=MODEL)  # fmt: skip
    assert same.relation == "same"
    assert any("anchor: 6.8 (magnitude)" in r for r in same.reasons)
    other = relate(facts("A 6.8-magnitude earthquake struck Morocco late Friday", "en"),
                   facts("A magnitude 4.9 aftershock hit the region on Saturday", "en"), 0.45,
                   model_id=MODEL)  # fmt: skip
    assert other.relation == "related"
    assert any("aftershock magnitude" in r for r in other.reasons)


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("WHO said nearly 4,000 people died", "en", "At least 3,958 people have died", "en"),
        ("more than 9000 people are still missing", "en",
         "لا يزال أكثر من 9000 شخص في عداد المفقودين", "ar"),
        ("قرابة 4000 قتيل في المدينة", "ar", "The death toll reached 3,958", "en"),
    ],
)  # fmt: skip
def test_a_rounded_figure_agrees_with_the_exact_one(a: str, la: str, b: str, lb: str) -> None:
    """ "nearly 4,000" and "3,958" are one report, rounded: no conflict, and an anchor."""
    rel = relate(facts(a, la), facts(b, lb), 0.45, model_id=MODEL)
    assert rel.relation == "same"
    assert not any("vs" in r for r in rel.reasons)


def test_a_round_figure_in_another_unit_keeps_its_rounding() -> None:
    """ "nearly 400 mm" against "414 mm" agrees within the rounding of 400, also when the
    two are compared in metres (0.4 against 0.414 looked exact before)."""
    from claimtrack.embedding.relation import differences

    exact = facts("The station recorded 414 mm of rainfall in one day", "en")
    assert differences(exact, facts("Nearly 400 mm of rain fell in some areas", "en")) == []
    assert differences(exact, facts("Nearly 0.4 m of rain fell in some areas", "en")) != []
    assert differences(exact, facts("Exactly 400 mm of rain fell in some areas", "en")) != []


def test_exact_figures_still_differ_at_one_percent() -> None:
    rel = relate(facts("The death toll reached 4,000", "en"),
                 facts("At least 3,700 people have died", "en"), 0.45, model_id=MODEL)  # fmt: skip
    assert rel.relation == "conflicting"  # 7.5% apart: beyond the rounded tolerance
    plain = relate(facts("The death toll reached 4,000", "en"),
                   facts("The death toll reached 3,958", "en"), 0.45, model_id=MODEL)  # fmt: skip
    assert plain.relation == "conflicting"


def test_about_a_figure_that_is_not_round_is_still_that_figure() -> None:
    # "about 72" is rounded to the unit: 75 is another figure (half a rounding unit, at most 5%)
    rel = relate(facts("The epicentre was about 72 kilometres from Marrakesh", "en"),
                 facts("The epicentre was 75 kilometres from Marrakesh", "en"), 0.85,
                 model_id=MODEL)  # fmt: skip
    assert rel.relation == "conflicting"
    assert any("72" in r and "75" in r for r in rel.reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aid partners are requesting 71.4 million dollars for the flood response",
         "The aid is enough to reach nearly 250,000 people in the flood zone"),
        ("More than 100,000 migrant workers live in the city",
         "The city has a population of 100,000"),
    ],
)  # fmt: skip
def test_a_learned_same_needs_a_figure_in_common(
    a: str, b: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two claims that both give distinctive figures, none shared (or shared figures of
    different things), are not one statement, however close the wording."""
    import claimtrack.pairs.learned as learned

    said = Relation("same", 0.6, ["p_same 0.90"], p_same=0.9, p_conflicting=0.05, p_related=0.05)
    monkeypatch.setattr(learned, "relate_learned", lambda *args, **kwargs: said)
    rel = relate(facts(a, "en"), facts(b, "en"), 0.6, model_id=MODEL)
    assert rel.relation == "related"
    assert "model said same" in rel.reasons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لقي أكثر من 2000 شخص حتفهم", [("number", 2000, "deaths")]),  # not the year 2000
        ("الزلزال الذي أودى بحياة أكثر من 2100 شخص", [("number", 2100, "deaths")]),
        ("وأصيب 2000 شخص في المدينة", [("number", 2000, "injured")]),
        ("ما لا يقل عن 30 ألف شخص نزحوا من درنة", [("number", 30000, "displaced")]),
        ("وقع ذلك في 2000", [("year", 2000, None)]),
    ],
)
def test_arabic_counted_verbs_and_compared_counts(text: str, expected: list[Any]) -> None:
    found = [(v["kind"], v["value"], v.get("counts")) for v in extract_values(text, "ar")]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The dams were built in the 1970s.", "en", [(1970, [1970, 1979])]),
        ("Its population doubled in the mid-1990s.", "en", [(1990, [1990, 1999])]),
        ("The law dates from the seventies.", "en", [(1970, [1970, 1979])]),
        ("بنتهما شركة يوغوسلافية في سبعينيات القرن الماضي", "ar", [(1970, [1970, 1979])]),
        ("شهدت المدينة فيضانا في الخمسينات", "ar", [(1950, [1950, 1959])]),
        ("ستكتمل المحطة في ثلاثينيات القرن الحالي", "ar", [(2030, [2030, 2039])]),
        # A range of years: both ends carry it.
        ("The dams were built between 1973 and 1977.", "en", [(1973, [1973, 1977]),
                                                             (1977, [1973, 1977])]),
        ("جرى بناؤهما بين عامي 1973 و1977", "ar", [(1973, [1973, 1977]),
                                                  (1977, [1973, 1977])]),
        # "1900s"/"2000s" may name a century; ages are not decades.
        ("in the 1900s", "en", []),
        ("A man in his seventies was rescued.", "en", []),
        ("أنقذ رجل في السبعينيات من عمره", "ar", []),
    ],
)  # fmt: skip
def test_decades_and_year_ranges(text: str, language: str, expected: list[Any]) -> None:
    found = [(v["value"], v.get("range")) for v in extract_values(text, language)
             if v["kind"] == "year"]  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    ("a", "la", "b", "lb", "differs"),
    [
        ("The dams were built in the 1970s.", "en", "The dams were built between 1973 and 1977.",
         "en", False),
        ("بنيا في سبعينيات القرن الماضي", "ar", "The dams were built in 1975.", "en", False),
        ("The dams were built in the 1970s.", "en", "The dam was built in 1961.", "en", True),
        ("جرى بناؤهما بين عامي 1973 و1977", "ar", "The dam was built in 1961.", "en", True),
        # Years in different roles are not compared; "first ... since" is a "since".
        ("The dams were built in the 1970s.", "en", "The dams were not maintained since 2002.",
         "en", False),
        ("Kim's first visit since 2019", "en", "Kim has not visited since 2011", "en", True),
    ],
)  # fmt: skip
def test_a_year_inside_a_decade_or_range_agrees(
    a: str, la: str, b: str, lb: str, differs: bool
) -> None:
    reasons = [r for r in differences(facts(a, la), facts(b, lb)) if r.startswith("year")]
    assert bool(reasons) is differs


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("أن ما لا يقل عن 2300 شخص فقدوا حياتهم في المدينة", "ar", "deaths"),
        ("The fatality count in the city rose to over 2,000", "en", "deaths"),
        ("floods washed away large areas of the city of around 100,000 people", "en",
         "population"),
        ("Derna, a community of around 125,000, was left with damaged homes", "en", "population"),
        # "a town of 5,000 square metres" is no population; "in the region of" is "about".
        ("the town of 5,000 square metres", "en", None),
        ("the mayor said the tally could reach the region of 20,000", "en", None),
    ],
)  # fmt: skip
def test_more_counted_nouns(text: str, language: str, expected: str | None) -> None:
    numbers = [v for v in extract_values(text, language) if v["kind"] == "number"]
    assert [v.get("counts") for v in numbers] == [expected]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("destroyed up to a fifth of the coastal city", "en", [20]),
        ("about one-fifth of the town's population", "en", [20]),
        ("two thirds of the voters stayed home", "en", [66.7]),
        ("half of the city was flooded", "en", [50]),
        ("البحر يبتلع ربع المدينة", "ar", [25]),
        ("فإن ثلث مدينة درنة سوي بالأرض", "ar", [33.3]),
        # Spans of time, counts and dates are no fractions of a whole.
        ("half an hour later", "en", []),
        ("in the first half of 2023", "en", []),
        ("the second half of the match", "en", []),
        ("a quarter of a century ago", "en", []),
        ("on the fifth of September", "en", []),
        ("قبل نحو نصف قرن", "ar", []),
        ("نصف مليون شخص", "ar", []),
        ("خمس دول", "ar", []),
    ],
)  # fmt: skip
def test_fractions_are_percents(text: str, language: str, expected: list[Any]) -> None:
    found = [v for v in extract_values(text, language) if v.get("fraction")]
    assert [v["value"] for v in found] == expected
    assert all(v["kind"] == "percent" for v in found)


def test_a_fraction_is_compared_with_percents_only() -> None:
    share = facts("The number of injured rose to 2,059, more than half of them women", "en")
    assert not [r for r in differences(share, facts("The toll rose to 2,012 dead", "en"))
                if r.startswith("number")]  # fmt: skip
    quarter = facts("The sea swallowed a quarter of the city", "en")
    assert not differences(quarter, facts("The sea swallowed 25% of the city", "en"))
    assert differences(quarter, facts("The sea swallowed a fifth of the city", "en"))


def test_a_four_digit_count_before_its_noun_is_no_year() -> None:
    assert kinds("أن عدد ضحايا الزلزال ارتفع إلى 2012 قتيلا", "ar", "number") == [2012]
    assert kinds("The toll rose to 2012 dead", "en", "number") == [2012]
    assert kinds("The dam was last repaired in 2012.", "en", "year") == [2012]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thirteen kilometers further south is the dam", [13]),
        ("Three new dams will be built", [3]),
        ("Turkey sent three aircraft", [3]),
        ("twelve charity staff were arrested", [12]),
        # "one", a definite reference and "two of" are no counts.
        ("One teacher was killed", []),
        ("The two leaders discussed trade", []),
        ("two of the victims were children", []),
    ],
)  # fmt: skip
def test_english_number_words_that_count_things(text: str, expected: list[int]) -> None:
    assert kinds(text, "en", "number") == expected
