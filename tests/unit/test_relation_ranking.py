"""A claim that ranks the event is not the claim that says what happened (issue 10).

"It was the strongest earthquake to hit the country in a century" and "a magnitude-6.4
earthquake struck the country" are about one quake; the learned step called such pairs
``same`` (nothing named differs), and on the morocco-earthquake-2023 dev event the ranking
claims pulled magnitude, depth and epicentre claims into one group. A superlative ranks
only with a frame ("since", "in a century", "منذ"); one that describes ("the worst-hit
town", "المدينة الأكثر تضررا") is left alone. All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from claimtrack.embedding.relation import ClaimFacts, relate
from claimtrack.pipeline.superlatives import ranking
from claimtrack.pipeline.values import extract_values

USE = "use-multilingual-v3"


def facts(text: str, language: str = "en") -> ClaimFacts:
    return ClaimFacts(text=text, language=language, values=extract_values(text, language))


STRONGEST = facts("The quake was the strongest to hit the northern province in a century.")
STRONGEST_AR = facts("وقال رئيس المعهد إن الزلزال هو الأعنف منذ قرن في الإقليم الشمالي.", "ar")
MAGNITUDE = facts("A magnitude-6.4 earthquake struck the northern province late on Tuesday.")
STRUCK_AR = facts("ضرب زلزال قوي الإقليم الشمالي مساء الثلاثاء", "ar")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The quake was the strongest to hit the province in a century.", "strongest"),
        ("It is the deadliest earthquake in the country since 1960.", "deadliest"),
        ("the worst flood disaster on record", "worst"),
        ("وهذا الزلزال هو الأكبر من حيث عدد الضحايا منذ 1960", "الاكبر"),
        ("وقال إن الزلزال هو الأعنف منذ قرن.", "الاعنف"),
        # describing, not ranking: no frame after the superlative
        ("The storm also hit the country's second-largest city.", None),
        ("But the worst-hit town was on the coast.", None),
        ("وأغلقت السلطات المدينة الأكثر تضررا حتى تتمكن فرق الإنقاذ من العمل", None),
        ("More than 2,000 people were killed.", None),
        ("قتل أكثر من 2000 شخص منذ الجمعة", None),  # "more than", not "the most"
    ],
)
def test_which_superlatives_rank(text: str, word: str | None) -> None:
    found = ranking(text)
    assert (found[0] if found else None) == word


@pytest.mark.parametrize("cosine", [0.45, 0.6, 0.8])
def test_a_ranking_is_not_the_claim_of_what_happened(cosine: float) -> None:
    for a, b in ((STRONGEST, MAGNITUDE), (MAGNITUDE, STRONGEST), (STRONGEST_AR, MAGNITUDE),
                 (STRONGEST, STRUCK_AR)):  # fmt: skip
        found = relate(a, b, cosine, model_id=USE)
        assert found.relation != "same", (a.text, b.text, found)
    assert relate(STRONGEST, MAGNITUDE, 0.8, model_id=USE).reasons[0] == (
        "only one claim ranks it: strongest"
    )


def test_two_rankings_are_still_compared() -> None:
    # both rank the quake: the rule says nothing, the relation step decides as before
    found = relate(STRONGEST, STRONGEST_AR, 0.6, model_id=USE)
    assert not any(str(r).startswith("only one claim ranks") for r in found.reasons)
    assert found.relation == "same", found


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("The quake was the strongest to hit the province in a century.", "strength"),
        ("It was the largest earthquake to hit the country since 2004.", "strength"),
        ("وقال إن الزلزال هو الأعنف منذ قرن.", "strength"),
        ("It is the deadliest earthquake in the country since 1960.", "toll"),
        ("وهذا الزلزال هو الأكبر من حيث عدد الضحايا منذ 1960", "toll"),
        ("الزلزال الأكثر دموية منذ عقود", "toll"),
        ("the worst flood disaster in the country since 1959", "other"),
    ],
)
def test_what_a_superlative_ranks_by(text: str, by: str) -> None:
    found = ranking(text)
    assert found is not None and found[1] == by


def test_rankings_by_different_things_are_not_the_same_claim() -> None:
    """ "the strongest in a century" and "the deadliest since 1960" rank one quake by two
    different measures: two facts, whatever the cosine."""
    deadliest = facts("It was the deadliest earthquake in the country since 1960.")
    deadliest_ar = facts("وهذا الزلزال هو الأكبر من حيث عدد الضحايا في الإقليم منذ 1960", "ar")
    for a, b in ((STRONGEST, deadliest), (deadliest_ar, STRONGEST_AR)):
        found = relate(a, b, 0.8, model_id=USE)
        assert found.relation != "same", (a.text, b.text, found)
        assert str(found.reasons[0]).startswith("ranked by "), found
    # ranked by the same thing, in two languages: compared as before
    same = relate(deadliest, deadliest_ar, 0.6, model_id=USE)
    assert not any(str(r).startswith(("ranked by", "only one claim ranks")) for r in same.reasons)
