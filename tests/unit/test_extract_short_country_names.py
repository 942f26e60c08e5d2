"""Short country names CLDR lacks are places with the full name as canonical: "the UK",
"Britain", "UAE", "بريطانيا", "الإمارات". Read as nothing, a list naming the UK one way and
another list naming it the other made a place conflict ("United Kingdom vs Qatar")."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.embedding.relation import ClaimFacts, differences
from claimtrack.models import Article
from claimtrack.pipeline.extract import extract_claims


def _facts(text: str, language: str) -> ClaimFacts:
    article = Article(article_id="a", text=text, language=language, published=date(2024, 5, 2))
    (claim,) = extract_claims(article)
    return ClaimFacts(text=claim.text, language=language, values=list(claim.values),
                      entities=list(claim.entities))  # fmt: skip


def _places(facts: ClaimFacts) -> set[str]:
    return {e["canonical"] for e in facts.entities if e.get("kind") == "place"}


@pytest.mark.parametrize(
    ("text", "language", "places"),
    [
        ("The port accepted ships from the UK and the UAE on Monday.", "en",
         {"United Kingdom", "United Arab Emirates"}),
        ("Britain and the USA sent 40 engineers to the port on Monday.", "en",
         {"United Kingdom", "United States"}),
        ("أرسلت بريطانيا والإمارات 40 مهندسا إلى الميناء يوم الاثنين.", "ar",
         {"United Kingdom", "United Arab Emirates"}),
    ],
)  # fmt: skip
def test_short_country_names_are_places(text: str, language: str, places: set[str]) -> None:
    assert places <= _places(_facts(text, language))


def test_us_the_pronoun_is_no_place() -> None:
    facts = _facts("The mayor said the flood cost us 40 million dollars last year.", "en")
    assert "United States" not in _places(facts)


def test_a_list_naming_the_uk_two_ways_is_no_place_conflict() -> None:
    a = _facts("The port accepted ships from four countries, including Spain and the "
               "United Kingdom, on Monday.", "en")  # fmt: skip
    b = _facts("The port accepted ships from Spain, the UK, Qatar and the UAE on Monday.", "en")
    assert not [r for r in differences(a, b) if r.startswith("place:")]
