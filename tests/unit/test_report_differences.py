"""Ranges, what a figure counts, and differences that only concern how a fact was reported
(issue 10: same-fact pairs from real news were split by a report date or a relaying source)."""

from __future__ import annotations

from claimtrack.api.matching import text_facts
from claimtrack.embedding.relation import relate, report_differences, value_conflicts
from claimtrack.embedding.value_anchor import conflicting_anchor
from claimtrack.pipeline.values import extract_values

MODEL = "use-multilingual-v3"


def test_ranges_in_both_languages() -> None:
    en = extract_values("a final tally could reach 18,000-20,000 dead", "en")
    ar = extract_values("قد يصل عدد القتلى إلى ما بين 18 ألفا و20 ألفا", "ar")
    between = extract_values("between 2,000 and 3,000 people were killed", "en")
    for values, low, high in ((en, 18000, 20000), (ar, 18000, 20000), (between, 2000, 3000)):
        assert [v["range"] for v in values] == [[low, high], [low, high]]
        assert {v.get("counts") for v in values} == {"deaths"}  # the noun reaches both ends
    # "and" without "between" joins two facts, not a range
    two = extract_values("killed 500 and injured 700 people", "en")
    assert all("range" not in v for v in two)


def test_a_figure_inside_a_range_agrees() -> None:
    a = text_facts("The mayor said the toll could reach 20,000 deaths", "en")
    b = text_facts("The mayor said the toll could reach 18,000-20,000 deaths", "en")
    assert value_conflicts(a.values, b.values) == []
    assert conflicting_anchor(a, b) is None and conflicting_anchor(b, a) is None
    c = text_facts("The mayor said the toll could reach 25,000 deaths", "en")
    assert conflicting_anchor(b, c) is not None


def test_words_between_a_figure_and_its_noun() -> None:
    for text, lang in (
        ("another 10,100 people are reported missing in the city", "en"),
        ("OCHA added that another 10,100 were still missing in Derna", "en"),
        ("مواصلة البحث عن 10100 شخص ما زالوا في عداد المفقودين", "ar"),
    ):
        assert [v.get("counts") for v in extract_values(text, lang)] == ["missing"], text


def test_the_united_nations_is_not_a_place() -> None:
    facts = text_facts("ارتفعت حصيلة القتلى إلى 11300 وفق ما أعلنت الأمم المتحدة", "ar")
    assert not [e for e in facts.entities if e["kind"] == "place"]


def test_a_figure_given_without_its_noun_is_no_conflict() -> None:
    a = text_facts("The floods have displaced at least 30,000 people in Derna", "en")
    b = text_facts("The agency counted 40,000 displaced in the east, 30,000 of them in Derna", "en")
    assert conflicting_anchor(a, b) is None and conflicting_anchor(b, a) is None


def test_another_day_of_reporting_keeps_one_fact() -> None:
    a = text_facts("On 14 September 2023 the Red Crescent said the death toll rose to 11,300", "en")
    b = text_facts("On 15 September 2023 OCHA said 11,300 people were killed in Derna", "en")
    assert report_differences(a, b)  # the two report dates differ ...
    found = relate(a, b, 0.6, model_id=MODEL)
    assert found.relation == "same"  # ... but the fact, 11,300 deaths, is one
    assert any(r.startswith("reported differently: date") for r in found.reasons)
    c = text_facts("On 15 September 2023 OCHA said 5,300 people were killed in Derna", "en")
    assert relate(a, c, 0.6, model_id=MODEL).relation == "conflicting"


def test_figures_of_different_things_are_not_the_same_fact() -> None:
    a = text_facts("The number of casualties in Derna has risen to 11,300 dead", "en")
    b = text_facts("Another 10,100 people are reported missing in Derna", "en")
    assert relate(a, b, 0.6, model_id=MODEL).relation != "same"
