"""Clock times as values (issue 10, point 5): read in both languages, never from a ratio,
a verse or a decimal, and compared within minutes and within their zone.

All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from claimtrack.embedding.relation import ClaimFacts, differences, relate_by_rules
from claimtrack.embedding.value_compare import value_conflicts
from claimtrack.pipeline.values import extract_values

MODEL = "use-multilingual-v3"


def facts(text: str, language: str) -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


def times(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(v["value"], v.get("zone")) for v in extract_values(text, language)
            if v["kind"] == "time"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The quake hit at 11:11 p.m. local time (2211 GMT).", "en",
         [("23:11", "local"), ("22:11", "GMT")]),
        ("It struck at 23:11 local time.", "en", [("23:11", "local")]),
        ("The quake struck at 11.11 pm on Friday.", "en", [("23:11", None)]),
        ("By 6:30 the toll stood at 300.", "en", [("06:30", None)]),
        ("The blast came around 11 pm, killing 12.", "en", [("23:00", None)]),
        ("Talks end at 12 a.m. and resume at 12:30 pm.", "en", [("00:00", None), ("12:30", None)]),
        ("وقع الزلزال الساعة 11:11 مساء بالتوقيت المحلي (22:11 بتوقيت غرينتش)", "ar",
         [("23:11", "local"), ("22:11", "GMT")]),
        ("وقع الزلزال حوالي الساعة 11 ليلاً", "ar", [("23:00", None)]),
        ("انهار السد نحو الساعة 3 فجراً", "ar", [("03:00", None)]),
        # hours in words (issue 10 point 5): the minutes, the seconds, the marker
        ("وقعت الهزة في الساعة الحادية عشرة و11 دقيقة وثانية واحدة مساء الجمعة", "ar",
         [("23:11", None)]),
        ("بدأ الاجتماع حوالي الساعة الثامنة والنصف صباحا", "ar", [("08:30", None)]),
        ("انطلقت القافلة الساعة التاسعة إلا ربعا", "ar", [("08:45", None)]),
        ("أمضى الفريق الساعة الأولى في الاستماع إلى الشهود", "ar", []),  # the first hour
        ("سقط المطر حتى الساعة 2 ليلا", "ar", [("02:00", None)]),
        # not times: a score, a verse, a decimal, a toll, a time with no cue or marker
        ("The vote was 2:1 and John 3:16 is a verse.", "en", []),
        ("The rate rose to 11.11 percent.", "en", []),
        ("حصيلة 2012 قتيلا و2059 جريحا", "ar", []),
        ("Ratio 3:45 of the samples.", "en", []),
        ("It was 15:00 pm.", "en", []),
    ],
)  # fmt: skip
def test_clock_times_are_read(
    text: str, language: str, expected: list[tuple[str, str | None]]
) -> None:
    assert times(text, language) == expected


def test_a_time_keeps_its_raw_span() -> None:
    text = "The dam broke at 2:45 a.m. local time on Monday."
    (value,) = [v for v in extract_values(text, "en") if v["kind"] == "time"]
    assert text[value["start"] : value["end"]] == value["text"] == "2:45 a.m. local time"
    # the zone's words end the span: no closing bracket or comma after them
    text = "وقع الساعة 11:11 مساء بالتوقيت المحلي (22:11 بتوقيت غرينتش)، مع هزة"
    spans = [v["text"] for v in extract_values(text, "ar") if v["kind"] == "time"]
    assert spans == ["11:11 مساء بالتوقيت المحلي", "22:11 بتوقيت غرينتش"]


@pytest.mark.parametrize(
    ("a", "la", "b", "lb", "conflict"),
    [
        ("The quake hit at 11:11 pm local time", "en",
         "The quake hit at 10:11 pm local time", "en", True),
        ("The quake hit at 11:11 pm", "en", "وقع الزلزال الساعة 11:11 مساء", "ar", False),
        ("The quake hit at 11:11 pm", "en", "The quake hit at 11:12 pm", "en", False),
        ("The quake hit at 23:59", "en", "The quake hit at 00:01", "en", False),  # midnight
        # an hour alone holds its minutes; another hour does not
        ("The quake hit around 11 pm", "en", "The quake hit at 11:40 pm", "en", False),
        ("The quake hit around 11 pm", "en", "The quake hit at 10:40 pm", "en", True),
        # GMT and a time that may be local are not compared; two GMT times are
        ("The quake hit at 11:11 pm", "en", "The quake hit at 22:11 GMT", "en", False),
        ("The quake hit at 2211 GMT", "en", "The quake hit at 21:11 GMT", "en", True),
    ],
)  # fmt: skip
def test_times_are_compared_within_minutes_and_zone(
    a: str, la: str, b: str, lb: str, conflict: bool
) -> None:
    found = value_conflicts(extract_values(a, la), extract_values(b, lb))
    assert bool(found) == conflict
    if conflict:
        assert found[0].startswith("time: ")


def test_a_different_time_is_a_conflict_by_the_rules() -> None:
    a = facts("The earthquake struck the valley at 11:11 pm local time", "en")
    b = facts("The earthquake struck the valley at 10:11 pm local time", "en")
    assert differences(a, b) == ["time: 23:11 local vs 22:11 local"]
    assert relate_by_rules(a, b, 0.9, model_id=MODEL).relation == "conflicting"
