"""A date worked out from a weekday name is compared by that name (issue 10, point 5).

"On Saturday" is resolved against the article's publication date, which is often only
approximate (a reprint, an aggregator, an article without a date line). Two reports of one
event that both say "Saturday" must not conflict because one article's date put the
Saturday a week earlier; a Saturday and a Sunday still conflict.

All sentences are written for these tests.
"""

from __future__ import annotations

from datetime import date

from claimtrack.embedding.value_compare import value_conflicts
from claimtrack.pipeline.values import extract_values

FRIDAY = date(2023, 9, 8)
SUNDAY = date(2023, 9, 10)


def dates(text: str, language: str, published: date) -> list[dict[str, object]]:
    return [v for v in extract_values(text, language, published) if v["kind"] == "date"]


def test_one_weekday_resolved_a_week_apart_is_no_conflict() -> None:
    early = dates("The king on Saturday declared three days of mourning.", "en", FRIDAY)
    late = dates("The palace said on Saturday that mourning would last three days.", "en", SUNDAY)
    assert [v["value"] for v in early + late] == ["2023-09-02", "2023-09-09"]
    assert value_conflicts(early, late) == []


def test_a_weekday_name_against_a_calendar_date() -> None:
    named = dates("وصل الفريق إلى المدينة أمس الأحد.", "ar", FRIDAY)  # "yesterday, Sunday"
    assert named[0]["weekday"] == 6
    on_sunday = dates("The team arrived on September 10, 2023.", "en", FRIDAY)  # a Sunday
    on_monday = dates("The team arrived on September 11, 2023.", "en", FRIDAY)
    assert value_conflicts(named, on_sunday) == []
    assert value_conflicts(named, on_monday) != []


def test_different_weekdays_still_conflict() -> None:
    saturday = dates("The king on Saturday declared three days of mourning.", "en", FRIDAY)
    sunday = dates("The king on Sunday declared three days of mourning.", "en", FRIDAY)
    assert value_conflicts(saturday, sunday) != []


def test_calendar_dates_are_still_compared_exactly() -> None:
    a = dates("The dam burst on September 10, 2023.", "en", FRIDAY)
    b = dates("The dam burst on September 17, 2023.", "en", FRIDAY)  # also a Sunday
    assert value_conflicts(a, b) != []
