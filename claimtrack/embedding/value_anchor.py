"""Value anchors: two claims that give the same distinctive figure for the same thing.

Real reports of one fact are often worded far apart (cosine 0.35-0.65 for a death toll told
in two languages by two outlets), well under the ``same`` bar. What they share is the
figure and what it counts: "11,300 dead" and "ارتفعت حصيلة القتلى إلى 11300". A number that
counts a known thing (``counts``, see :mod:`claimtrack.pipeline.values_ordinals`), is
distinctive (:data:`MIN_ANCHOR`, not a year) and agrees across the two claims is an
*anchor*: with no other difference, the pair is the same claim down to the lower
:data:`ANCHORED_SAME` bar. The same anchor with a different figure ("11,300 dead" vs
"5,300 dead") is a conflict down to :data:`ANCHORED_FRAME`.

The bars were chosen on the derna-floods-2023 development event only (issue 10).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import inf
from typing import TYPE_CHECKING, Any

from claimtrack.embedding.claim_memo import derived
from claimtrack.pipeline.values_units import CONVERSION_TOLERANCE, dimension, in_base

if TYPE_CHECKING:
    from claimtrack.embedding.relation import ClaimFacts

#: Smallest figure that identifies a fact ("3 dead" does not; "2,946 dead" does).
MIN_ANCHOR = 100
#: Relative tolerance for plain numbers, percents and money: 1,000 vs 1,004 is the same
#: figure rounded differently; 42 vs 24 is not.
NUMBER_TOLERANCE = 0.01
#: For a figure given as "nearly", "about", "at least", "أكثر من"...: "nearly 4,000" and
#: "3,958" are one report, rounded (at most this, see :func:`tolerance`).
APPROX_TOLERANCE = 0.05
#: Measurements whose figure identifies a fact at any size: "a 7-magnitude earthquake" and
#: "هزة أرضية بقوة 7 درجات" are one reading, 6.8 another, "8 km deep" a third; "7 dead"
#: is not an identity.
MAGNITUDES = frozenset(["magnitude", "aftershock magnitude"])
MEASURES = MAGNITUDES | {"depth", "aftershock depth"}
#: Cosine at or above which an anchored pair with no difference is "same".
ANCHORED_SAME = 0.40
#: Cosine at or above which an anchored pair with a different figure is "conflicting".
#: Not lower for counts: a death toll grows, and on derna (train) pairs of *different*
#: tolls between 0.24 and 0.35 outnumbered true conflicts 9 to 1.
ANCHORED_FRAME = 0.35
#: A measurement of the event itself (magnitude, depth) has one true value, so two
#: different readings conflict down to the retrieval bar (``thresholds.related``): "7
#: درجات" and "a 6.8-magnitude quake" sit at cosine 0.24-0.35 across languages.
MEASURE_FRAME_IS_RELATED_BAR = True
#: Figures with one true value through an event's coverage: its measurements, and a
#: place's population ("a city of 100,000" vs "a community of around 125,000"), which a
#: later report does not revise the way it revises a toll. Two that differ conflict down
#: to the retrieval bar. Population was added on derna (train): conflicts 62 -> 64 of 86,
#: no other pair of that event's gold mentions (5,273 pairs of different facts) changed.
FIXED_QUANTITIES = MEASURES | {"population"}


def _is_figure(v: Mapping[str, Any]) -> bool:
    value = v.get("value")
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _anchors(facts: ClaimFacts) -> list[Mapping[str, Any]]:
    return derived(facts, "anchors", _find_anchors)


def _find_anchors(facts: ClaimFacts) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for v in facts.values:
        if v.get("kind") not in ("number", "percent") or not v.get("counts"):
            continue
        if not _is_figure(v):
            continue
        value = v["value"]
        if v.get("kind") == "percent" or abs(value) >= MIN_ANCHOR or v["counts"] in MEASURES:
            out.append(v)
    return out


def anchor_keys(facts: ClaimFacts) -> list[tuple[str, str, float]]:
    """(what it counts, kind, figure) of each anchor figure of a claim, to find claims
    giving the same figure for the same thing without comparing every pair (exact figures:
    "nearly 4,000" and "3,958" agree in :func:`shared_anchor` but not here)."""
    keys = {(str(v["counts"]), str(v.get("kind")), float(v["value"])) for v in _anchors(facts)}
    return sorted(keys)


def _agree(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    return figures_agree(*on_one_scale(x, y))


def on_one_scale(
    x: Mapping[str, Any], y: Mapping[str, Any]
) -> tuple[Mapping[str, Any], Mapping[str, Any], float]:
    """``x`` and ``y`` in one unit when both measure one dimension ("44 miles" and "71 km"
    in metres; unchanged otherwise), and the tolerance to compare them with: the
    :func:`tolerance` of the figures as given ("400 mm" is round, "0.4 m" is not), at least
    what the conversion needs (:data:`CONVERSION_TOLERANCE` between different units)."""
    rounded = tolerance(x, y)
    measured = dimension(x)
    if measured is None or measured != dimension(y):
        return x, y, rounded
    floor = CONVERSION_TOLERANCE if x.get("unit") != y.get("unit") else 0.0
    return in_base(x), in_base(y), max(floor, rounded)


def tolerance(x: Mapping[str, Any], y: Mapping[str, Any]) -> float:
    """Relative tolerance for two figures: wider when either is a round figure given as
    approximate ("nearly 4,000" agrees with 3,958), by at most half its rounding unit and
    :data:`APPROX_TOLERANCE` ("about 72 km" still differs from 75 km)."""
    scale = max((abs(float(v["value"])) for v in (x, y) if _is_figure(v)), default=0.0)
    slack = max((_rounding_slack(v) for v in (x, y) if v.get("approx")), default=0.0)
    return max(NUMBER_TOLERANCE, slack / scale) if scale else NUMBER_TOLERANCE


def _rounding_slack(v: Mapping[str, Any]) -> float:
    """Half the unit ``v`` is rounded to (4,000 -> 500; 75 -> 2.5; 72 -> 0.5), at most
    :data:`APPROX_TOLERANCE` of it."""
    if not _is_figure(v) or v["value"] != int(v["value"]) or v["value"] == 0:
        return 0.0
    whole, unit = abs(int(v["value"])), 1
    while whole % (unit * 10) == 0:
        unit *= 10
    if whole % (unit * 5) == 0:
        unit *= 5
    return min(unit / 2, APPROX_TOLERANCE * abs(v["value"]))


def figures_agree(x: Mapping[str, Any], y: Mapping[str, Any], tolerance: float) -> bool:
    """Two figures agree within ``tolerance`` (relative), or one lies in the other's range
    ("could reach 20,000" and "18,000-20,000"; "19,000" and "18,000-20,000"; 7 and "M6 and
    larger")."""
    low_x, high_x = _bounds(x)
    low_y, high_y = _bounds(y)
    finite = [abs(h) for h in (high_x, high_y) if h != inf] or [abs(low_x), abs(low_y)]
    slack = tolerance * max(finite)
    return low_x - slack <= high_y and low_y - slack <= high_x


def _bounds(v: Mapping[str, Any]) -> tuple[float, float]:
    span = v.get("range")
    if isinstance(span, (list, tuple)) and len(span) == 2:
        return float(span[0]), float(span[1])
    if v.get("at_least"):  # "M6 and larger", "1,000 or more"
        return float(v["value"]), float("inf")
    return float(v["value"]), float(v["value"])


def shared_anchor(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """ "anchor: 11300 (deaths)" when both claims give that figure for that thing."""
    for x in _anchors(a):
        for y in _anchors(b):
            if x["counts"] == y["counts"] and x.get("kind") == y.get("kind") and _agree(x, y):
                return f"anchor: {x['value']} ({x['counts']})"
    return None


def conflicting_anchor(a: ClaimFacts, b: ClaimFacts, *, measures_only: bool = False) -> str | None:
    """A thing both claims count, with figures that disagree and none that agree.

    Judged per counted thing, not per figure, so the answer is the same whichever claim
    comes first: "11,300 dead" and "11,300 dead, up from 5,300" share their toll.
    A figure the other claim gives without saying what it counts is an agreeing one:
    "30,000 displaced in Derna" and "40,000 displaced, 30,000 of them in Derna".
    ``measures_only``: only a measurement (:data:`MEASURES`) counts."""
    xs, ys = _anchors(a), _anchors(b)
    seen: set[tuple[Any, Any]] = set()
    for x in xs:
        thing = (x["counts"], x.get("kind"))
        if thing in seen or (measures_only and x["counts"] not in FIXED_QUANTITIES):
            continue
        seen.add(thing)
        mine = [v for v in xs if (v["counts"], v.get("kind")) == thing]
        peers = [y for y in ys if (y["counts"], y.get("kind")) == thing]
        if not peers or any(_agree(p, q) for p in mine for q in peers):
            continue
        if any(_agree(p, y) for p in mine for y in _bare_figures(b, p)) or any(
            _agree(q, y) for q in peers for y in _bare_figures(a, q)
        ):
            continue
        return f"anchor: {x['counts']} {x['value']} vs {peers[0]['value']}"
    return None


def _bare_figures(facts: ClaimFacts, like: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Figures of ``like``'s kind in ``facts`` that do not say what they count."""
    return [
        v
        for v in facts.values
        if v.get("kind") == like.get("kind") and not v.get("counts") and _is_figure(v)
    ]


def counts_differ(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Both claims give counted figures and count different things ("2,100 dead" vs
    "900 missing"): different quantities, so the figures are no conflict."""
    counted_a, counted_b = derived(a, "counted", _counted), derived(b, "counted", _counted)
    if counted_a and counted_b and not counted_a & counted_b:
        return f"figures count different things: {'/'.join(sorted(counted_a))} vs " + "/".join(
            sorted(counted_b)
        )
    return None


def _counted(facts: ClaimFacts) -> set[str]:
    """What the claim's figures count, and what its measured figures measure ("length")."""
    out = {str(v["counts"]) for v in facts.values if v.get("counts")}
    return out | {d for v in facts.values if not v.get("counts") and (d := dimension(v))}


def _distinctive(facts: ClaimFacts) -> list[Mapping[str, Any]]:
    """Figures that identify a report: money, percents, and numbers of 100 or more."""
    return derived(facts, "distinctive", _find_distinctive)


def _find_distinctive(facts: ClaimFacts) -> list[Mapping[str, Any]]:
    return [
        v
        for v in facts.values
        if v.get("kind") in ("number", "percent", "money")
        and _is_figure(v)
        and (v.get("kind") != "number" or abs(v["value"]) >= MIN_ANCHOR)
    ]


def no_common_figure(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Both claims give distinctive figures and none of them agrees: "71.4 million dollars
    requested" and "aid to reach 250,000 people" are two statements, whatever the wording
    shares. (A different figure for the same counted thing is a conflict, decided first.)"""
    xs, ys = _distinctive(a), _distinctive(b)
    if not xs or not ys:
        return None
    for x in xs:
        for y in ys:
            same_kind = (x.get("kind") == "money") == (y.get("kind") == "money")
            if same_kind and _agree(x, y):
                return None
    return f"no figure in common: {xs[0].get('text') or xs[0]['value']} / " + str(
        ys[0].get("text") or ys[0]["value"]
    )


def count_beside_measure(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Both claims give one measurement of the event (a magnitude, a depth) and only one of
    them also counts something ("2,122 killed when a magnitude-7 quake hit" / "a
    magnitude-7 quake struck on Friday"): the measurement names the event in the first,
    whose own statement is the toll, so the two are not the same claim."""
    xs, ys = _anchors(a), _anchors(b)
    measured = {v["counts"] for v in xs if v["counts"] in MEASURES}
    if not measured & {v["counts"] for v in ys if v["counts"] in MEASURES}:
        return None
    counted_a = sorted({str(v["counts"]) for v in xs if v["counts"] not in MEASURES})
    counted_b = sorted({str(v["counts"]) for v in ys if v["counts"] not in MEASURES})
    if bool(counted_a) == bool(counted_b):
        return None
    return f"only one claim counts {'/'.join(counted_a or counted_b)} beside the measurement"
