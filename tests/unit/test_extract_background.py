"""A phrase about the event a clause follows, with a figure of its own, is a claim of its
own (docs/ANNOTATION.md, section 5): "Following a 6.1-magnitude earthquake, Ilmar accepted
aid" states a magnitude and an acceptance.

All sentences are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.models import Article
from claimtrack.pipeline.extract import extract_claims


def claims(text: str, language: str) -> list[str]:
    found = extract_claims(Article("a", text, language, published=date(2024, 3, 6)))
    for c in found:
        assert text[c.char_start : c.char_end] == c.text
    return [c.text for c in found]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Following a 6.1-magnitude earthquake late Monday, Ilmar has accepted aid offers "
            "from Norway, Chile and Japan.",
            "en",
            ["Ilmar has accepted aid offers from Norway, Chile and Japan.",
             "Following a 6.1-magnitude earthquake late Monday"],
        ),
        (
            "In the wake of a storm that killed more than 1,200 people, Ilmar announced five "
            "days of mourning.",
            "en",
            ["Ilmar announced five days of mourning.",
             "In the wake of a storm that killed more than 1,200 people"],
        ),
        (
            "The government of Ilmar declared a state of emergency in the province of Sarel "
            "following a flood that killed 4,200 people.",
            "en",
            ["The government of Ilmar declared a state of emergency in the province of Sarel",
             "following a flood that killed 4,200 people"],
        ),
        (
            "At least 4,200 people died in the floods in Sarel, with another 9,100 reported as "
            "still missing.",
            "en",
            ["At least 4,200 people died in the floods in Sarel",
             "with another 9,100 reported as still missing"],
        ),
        (
            # where the event happened, closing its clause: a claim without a figure
            "The magnitude-6.1 earthquake struck Ilmar at dawn, with an epicenter in the "
            "mountain district of Sarel (Nord province).",
            "en",
            ["The magnitude-6.1 earthquake struck Ilmar at dawn",
             "with an epicenter in the mountain district of Sarel (Nord province)"],
        ),
        (
            "وبدأت فرق الإنقاذ بالوصول إلى مدينة بنغازي، إثر الفيضان الذي أودى بحياة أكثر من "
            "4200 شخص.",
            "ar",
            ["وبدأت فرق الإنقاذ بالوصول إلى مدينة بنغازي",
             "إثر الفيضان الذي أودى بحياة أكثر من 4200 شخص"],
        ),
    ],
)  # fmt: skip
def test_the_phrase_and_the_clause_are_two_claims(
    text: str, language: str, expected: list[str]
) -> None:
    assert claims(text, language) == expected


def test_the_phrase_carries_the_figure_and_the_clause_does_not() -> None:
    text = "Following a storm that killed 1,200 people, Ilmar closed its port for 3 days."
    found = extract_claims(Article("a", text, "en", published=date(2024, 3, 6)))
    by_text = {c.text: [v["value"] for v in c.values] for c in found}
    assert by_text["Following a storm that killed 1,200 people"] == [1200]
    assert 1200 not in by_text["Ilmar closed its port for 3 days."]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The quake struck Ilmar shortly after 11 p.m. local time.", "en"),  # a time
        ("After six years of work, the museum in Ilmar opened to visitors.", "en"),  # duration
        ("The toll in Sarel rose after 300 more bodies were found.", "en"),  # "after", no comma
        ("The quake killed 40 people in Ilmar, with residents fleeing.", "en"),  # no place
        ("وبعد ست سنوات من العمل، افتتح المتحف في مدينة سارل.", "ar"),
        ('"Following a storm that killed 1,200 people, we closed the port," the mayor of Ilmar '
         "said.", "en"),  # a direct quotation is never cut
    ],
)  # fmt: skip
def test_no_cut(text: str, language: str) -> None:
    assert len(claims(text, language)) == 1, claims(text, language)


def test_unicode_spaces_stay_outside_both_claims() -> None:
    text = (
        "The government of Ilmar declared a state of emergency in the province of Sarel"
        "\u00a0following a flood that killed 4,200 people."
    )
    found = claims(text, "en")
    assert found[1] == "following a flood that killed 4,200 people"
    assert not found[0].endswith("\u00a0")
