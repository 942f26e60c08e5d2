"""Units of measure on numbers (issue 10, point 5: values "with their unit and what they
count"): read in both languages, converted before comparing, and never compared across
dimensions or with a count.

All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from claimtrack.embedding.relation import ClaimFacts, relate_by_rules
from claimtrack.embedding.value_anchor import conflicting_anchor, counts_differ
from claimtrack.embedding.value_compare import value_conflicts
from claimtrack.pipeline.values import extract_values
from claimtrack.pipeline.values_units import in_base

MODEL = "use-multilingual-v3"


def facts(text: str, language: str) -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


def numbers(text: str, language: str) -> list[tuple[float, str | None, str | None]]:
    return [(v["value"], v.get("unit"), v.get("counts")) for v in extract_values(text, language)
            if v["kind"] == "number"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The quake struck 44 miles southwest of the city.", "en", [(44, "mi", None)]),
        ("ضرب الزلزال على بعد 72 كلم جنوب غرب المدينة", "ar", [(72, "km", None)]),
        ("A 7-metre wave destroyed homes.", "en", [(7, "m", None)]),
        # the homes named next to the wave's height are not what the figure counts
        ("ودمرت منازل بعد أن ضربت موجة ارتفاعها 7 أمتار المدينة", "ar", [(7, "m", None)]),
        ("The dam held 1.5 million cubic metres of water.", "en", [(1_500_000, "m3", None)]),
        ("بسعة تخزينية تصل إلى 1.5 مليون متر مكعب", "ar", [(1_500_000, "m3", None)]),
        ("Some 414 mm of rain fell in a day.", "en", [(414, "mm", None)]),
        # glued to the figure: "10km" is a length (a depth here); "G7", "5G", "3D" are names
        ("The quake struck at a depth of 10km.", "en", [(10, "km", "depth")]),
        ("Some 414mm of rain fell on a 250km stretch.", "en",
         [(414, "mm", None), (250, "km", None)]),
        ("The G7 met about 5G and 3D printing.", "en", []),
        ("It held 22.5 million cubic metres (nearly 800 million cubic feet) of water.", "en",
         [(22_500_000, "m3", None), (800_000_000, "ft3", None)]),
        ("تجاوزت الأمطار 400 ملليمتر", "ar", [(400, "mm", None)]),
        ("The storm brought winds of 80 km/h.", "en", [(80, "km/h", None)]),
        ("It burned 3,000 hectares of forest.", "en", [(3000, "ha", None)]),
        ("وصلت الحرارة إلى 45 درجة مئوية", "ar", [(45, "C", None)]),
        # a depth keeps what it measures, with its unit
        ("The quake hit at a depth of 18.5 kilometers.", "en", [(18.5, "km", "depth")]),
        ("على عمق 8 كيلومترات", "ar", [(8, "km", "depth")]),
        # no unit: a magnitude in degrees, a count, "5m" (money or millions), "5 m"
        ("هزة أرضية بقوة 7 درجات", "ar", [(7, None, "magnitude")]),
        ("The storm killed 5 people.", "en", [(5, None, "deaths")]),
        ("هزة بقوة 7 درجات شمال المغرب", "ar", [(7, None, "magnitude")]),
        # a coordinate in degrees is no magnitude
        ("يقع المركز عند خط عرض 30.961 درجة شمالا وخط طول 8.413 درجة غربا", "ar",
         [(30.961, None, None), (8.413, None, None)]),
        ("A 5 m budget.", "en", [(5, None, None)]),
    ],
)  # fmt: skip
def test_units_are_read(
    text: str, language: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert numbers(text, language) == expected


def test_in_base_converts_value_and_range() -> None:
    assert in_base({"kind": "number", "value": 44, "unit": "mi"})["value"] == pytest.approx(
        70811.136
    )
    ranged = in_base({"kind": "number", "value": 2, "unit": "km", "range": [2, 3]})
    assert ranged["range"] == [2000.0, 3000.0]
    bare = {"kind": "number", "value": 44, "unit": None}
    assert in_base(bare) is bare


@pytest.mark.parametrize(
    ("a", "la", "b", "lb", "expected"),
    [
        # one distance in miles and in kilometres (70.8 km): the same figure
        ("The quake struck 44 miles southwest of the city.", "en",
         "ضرب الزلزال على بعد 71 كلم جنوب غرب المدينة", "ar", []),
        ("The quake struck 44 miles southwest of the city.", "en",
         "ضرب الزلزال على بعد 72 كلم جنوب غرب المدينة", "ar", []),
        # another distance: a conflict, shown with both units
        ("The quake struck 44 miles southwest of the city.", "en",
         "ضرب الزلزال على بعد 75 كلم جنوب غرب المدينة", "ar", ["number: 44 mi vs 75 km"]),
        ("It held 22.5 million cubic metres of water.", "en",
         "It held nearly 800 million cubic feet of water.", "en", []),
        ("The dam is 45 metres high.", "en", "The dam is 75 metres high.", "en",
         ["number: 45 m vs 75 m"]),
        ("The quake hit at a depth of 18.5 kilometers.", "en",
         "The quake hit at a depth of 11.5 miles.", "en", []),
        # different dimensions, or a measure and a count: not compared
        ("The town lies 72 km from the coast.", "en", "The fire burned 72 tonnes of grain.", "en",
         []),
        ("A 7-metre wave hit the town.", "en", "A magnitude 6 quake hit the town.", "en", []),
        ("The town lies 72 km from the coast.", "en", "The storm killed 70 people.", "en", []),
    ],
)  # fmt: skip
def test_values_with_units_are_compared_in_one_unit(
    a: str, la: str, b: str, lb: str, expected: list[str]
) -> None:
    assert value_conflicts(facts(a, la).values, facts(b, lb).values) == expected


def test_a_depth_in_miles_is_no_anchor_conflict_with_the_same_depth_in_km() -> None:
    a = facts("The quake hit at a depth of 18.5 kilometers.", "en")
    b = facts("The quake hit at a depth of 11.5 miles.", "en")
    c = facts("The quake hit at a depth of 8 kilometers.", "en")
    assert conflicting_anchor(a, b) is None
    assert conflicting_anchor(a, c) == "anchor: depth 18.5 vs 8"


def test_a_measure_and_a_count_are_different_things() -> None:
    wave = facts("A 7-metre wave hit the town.", "en")
    toll = facts("The storm killed 7 people.", "en")
    assert counts_differ(wave, toll) == "figures count different things: length vs deaths"


def test_same_distance_in_two_units_is_not_a_conflict_by_rules() -> None:
    a = facts("The quake struck 44 miles southwest of the city.", "en")
    b = facts("ضرب الزلزال على بعد 71 كلم جنوب غرب المدينة", "ar")
    c = facts("ضرب الزلزال على بعد 75 كلم جنوب غرب المدينة", "ar")
    assert relate_by_rules(a, b, 0.9, model_id=MODEL).relation == "same"
    conflict = relate_by_rules(a, c, 0.9, model_id=MODEL)
    assert conflict.relation == "conflicting"
    assert conflict.reasons == ["number: 44 mi vs 75 km"]
