"""A toll told beside the event's measurement is not the measurement's claim (issue 10).

"2,122 killed when a magnitude-7 quake hit" shares the magnitude with "a magnitude-7 quake
struck on Friday", a distinctive figure for the same thing, and the learned step called
such pairs ``same`` (P 0.83-0.93 on the morocco-earthquake-2023 dev event), so ``cluster``
grouped death tolls with the magnitude. The toll is the first claim's statement; the
magnitude only names the quake. All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from claimtrack.embedding.relation import ClaimFacts, relate
from claimtrack.embedding.value_anchor import count_beside_measure
from claimtrack.pipeline.values import extract_values

USE = "use-multilingual-v3"


def facts(text: str, language: str = "en") -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


MAGNITUDE = facts("A magnitude-6.4 earthquake struck the northern province late on Tuesday.")
TOLL = facts("At least 1,450 people were killed when a magnitude-6.4 earthquake hit the province.")
TOLL_AGAIN = facts("The magnitude 6.4 earthquake left 1,450 dead across the northern province.")
MAGNITUDE_AR = facts("ضرب زلزال بقوة 6.4 درجات على مقياس ريشتر الإقليم الشمالي مساء الثلاثاء", "ar")
TOLL_AR = facts("لقي 1450 شخصا حتفهم في الزلزال الذي بلغت قوته 6.4 درجات", "ar")


@pytest.mark.parametrize("cosine", [0.45, 0.6, 0.8])
def test_a_toll_beside_the_magnitude_is_not_the_magnitude_claim(cosine: float) -> None:
    for a, b in ((TOLL, MAGNITUDE), (MAGNITUDE, TOLL), (TOLL_AR, MAGNITUDE), (MAGNITUDE_AR, TOLL)):
        found = relate(a, b, cosine, model_id=USE)
        assert found.relation != "same", (a.text, b.text, found)
    reason = relate(TOLL, MAGNITUDE, 0.8, model_id=USE).reasons[0]
    assert reason == "only one claim counts deaths beside the measurement"


def test_what_the_rule_leaves_alone() -> None:
    # both count the toll beside the magnitude: the rule has nothing to say
    assert count_beside_measure(TOLL, TOLL_AGAIN) is None
    # two readings of the magnitude alone, in two languages
    assert count_beside_measure(MAGNITUDE, MAGNITUDE_AR) is None
    # no shared measurement: a toll against another toll
    assert count_beside_measure(TOLL, facts("The floods killed 1,450 people in the city.")) is None
    assert relate(MAGNITUDE, MAGNITUDE_AR, 0.6, model_id=USE).relation == "same"


def test_the_rule_judges_the_pair_both_ways_round() -> None:
    assert count_beside_measure(TOLL, MAGNITUDE) == count_beside_measure(MAGNITUDE, TOLL)
    assert count_beside_measure(TOLL_AR, MAGNITUDE_AR) is not None


def test_a_bare_figure_is_not_read_against_a_measurement() -> None:
    """ "including 1,404 gravely" says nothing about the magnitude: no "number: 1404 vs 7
    (magnitude)" difference between two reports of one toll."""
    from claimtrack.embedding.relation import differences

    toll = facts("So far the quake claimed 1,450 deaths and 1,900 injured, including 400 gravely.")
    named = facts("The magnitude 6.4 earthquake has left a toll of 1,450 dead and 1,900 injured.")
    assert differences(toll, named) == []
    assert differences(facts("The quake had a magnitude of 6.4."), facts("It measured 5.9.")) != []


def test_the_same_time_of_day_outweighs_a_conflict_with_nothing_named() -> None:
    """The learned step calls "at 11:11 p.m. local time" and "at 11:11 pm (2211 GMT)" a
    conflict (one side gives a second time); nothing named differs and the time of day
    agrees, so they are the same statement."""
    local = facts("at 11:11 p.m. local time")
    both = facts("at 11:11 pm (2211 GMT)")
    found = relate(local, both, 0.7, model_id=USE)
    assert found.relation == "same", found
    assert relate(both, local, 0.7, model_id=USE).relation == "same"
    assert relate(local, facts("at 6:35 a.m. local time"), 0.7, model_id=USE).relation != "same"
