"""Comparing the values two claims give: which kinds conflict, and how a value reads.

Numbers agree within a tolerance (:func:`claimtrack.embedding.value_anchor.tolerance`),
years, dates, ordinals and weekdays exactly (a year range or a decade holds its years),
durations in days, figures with units of measure in one unit ("44 miles" and "71 km"
agree; a length is not compared with a mass, nor with a count), clock times within two
minutes (an hour alone, "11 pm", within its hour); numbers that count different things,
years or dates in different roles ("since 2002" vs "in 1970"), and clock times in
different zones (GMT vs local), are not compared.
Pure functions over the value dicts of the extractor.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimtrack.embedding.value_anchor import (
    MAGNITUDES,
    NUMBER_TOLERANCE,
    figures_agree,
    on_one_scale,
)
from claimtrack.pipeline.values_times import minutes
from claimtrack.pipeline.values_units import dimension

__all__ = ["EXACT_KINDS", "value_conflicts"]

#: Value kinds compared exactly (a year or a date is right or wrong, never "close").
EXACT_KINDS = frozenset({"year", "date", "ordinal", "weekday"})
# Durations are compared in days so that "2 years" and "24 months" agree.
_DAYS_PER_UNIT = {
    "century": 36525.0, "decade": 3652.5, "year": 365.25, "month": 30.44, "week": 7.0,
    "day": 1.0, "hour": 1 / 24, "minute": 1 / 1440, "second": 1 / 86400,
}  # fmt: skip
#: Clock times this many minutes apart are one reading ("11:11" and "about 11:12").
TIME_SLACK_MINUTES = 2


#: The top of a magnitude scale.
MAX_MAGNITUDE = 10


def value_conflicts(
    values_a: Sequence[Mapping[str, Any]],
    values_b: Sequence[Mapping[str, Any]],
    *,
    only: frozenset[str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """One reason per value kind present in both claims whose values cannot be matched.

    A kind found in only one claim is not a conflict: a paraphrase may leave a detail out.
    Numbers that count different things ("11,300 dead" vs "10,000 missing") are different
    quantities, not compared.
    """
    reasons: list[str] = []
    for kind in _kinds(values_a):
        if kind in skip or (only is not None and kind not in only):
            continue
        va = [v for v in values_a if _group(v) == kind]
        vb = [v for v in values_b if _group(v) == kind]
        if not vb:
            continue
        unmatched_a = [x for x in va if _unmatched(x, vb)]
        unmatched_b = [y for y in vb if _unmatched(y, va)]
        shown = next(((x, y) for x in unmatched_a for y in unmatched_b if _comparable(x, y)), None)
        if shown is not None:
            reasons.append(f"{kind}: {_show(shown[0])} vs {_show(shown[1])}")
    return reasons


def _comparable(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    """Not two numbers counting different things (both say what they count), nor two years
    or dates in different roles ("not maintained since 2002" vs "built in the 1970s")."""
    cx, cy = x.get("counts"), y.get("counts")
    if cx and cy and cx != cy:
        return False
    mx, my = dimension(x), dimension(y)
    if mx and my and mx != my:
        return False  # "72 km" and "414 mm of rain" may compare; "72 km" and "3 tonnes" not
    if (mx and not my and cy and not cx) or (my and not mx and cx and not cy):
        return False  # "a 7-metre wave" is no magnitude 7, "72 km" no death toll
    if _off_scale(x, y) or _off_scale(y, x):
        return False  # "including 1,404 gravely (injured)" is no magnitude 7
    if (x.get("fraction") and y.get("kind") != "percent") or (
        y.get("fraction") and x.get("kind") != "percent"
    ):
        return False  # "more than half of them" is a share, not a count
    if x.get("kind") == "time" and y.get("kind") == "time":
        zones = {x.get("zone"), y.get("zone")} - {None}
        if zones == {"GMT"} and x.get("zone") != y.get("zone"):
            return False  # "22:11 GMT" and an "11:11 pm" that may be local time
        return len(zones) < 2
    return _role(x) == _role(y)


def _off_scale(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    """``x`` is a magnitude and ``y`` a bare figure (nothing counted, no unit) no magnitude
    scale reaches: "It measured 5.9" may be the magnitude, "1,404" is not."""
    if x.get("counts") not in MAGNITUDES or y.get("counts") or dimension(y):
        return False
    value = y.get("value")
    return isinstance(value, (int, float)) and not 0 <= value < MAX_MAGNITUDE


def _role(v: Mapping[str, Any]) -> str | None:
    """A year's or date's relation; "the first visit since 2019" and "no visit since 2019"
    date the same start."""
    relation = v.get("relation")
    return "since" if relation == "first_since" else relation


def _unmatched(x: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> bool:
    """``x`` has something to be compared with in ``others`` and agrees with none of it."""
    peers = [y for y in others if _comparable(x, y)]
    return bool(peers) and not any(_compatible(x, y) for y in peers)


def _group(v: Mapping[str, Any]) -> str:
    # Percent and plain number are one group: "38%" and "38 percent" may be extracted
    # either way, and comparing them within one group is what a reader would do.
    kind = str(v.get("kind") or "number")
    return "number" if kind == "percent" else kind


def _kinds(values: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: list[str] = []
    for v in values:
        g = _group(v)
        if g not in seen:
            seen.append(g)
    return seen


def _compatible(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    kind = _group(x)
    vx, vy = x.get("value"), y.get("value")
    if kind == "date":
        named = _weekdays_agree(x, y)
        return _dates_agree(str(vx), str(vy)) if named is None else named
    if kind == "time":
        return _times_agree(x, y)
    if kind == "duration":
        dx, dy = _days(x), _days(y)
        if dx is not None and dy is not None:
            return _close(dx, dy)
    if kind == "money" and x.get("unit") and y.get("unit") and x.get("unit") != y.get("unit"):
        return False
    if kind == "year" and (x.get("range") or y.get("range")):
        return figures_agree(x, y, 0.0)  # a year of the range or decade, or ranges that meet
    if kind in EXACT_KINDS:
        return _as_number(vx) == _as_number(vy) if _as_number(vx) is not None else vx == vy
    x, y, tol = on_one_scale(x, y)  # "44 miles" and "71 km"
    nx, ny = _as_number(x.get("value")), _as_number(y.get("value"))
    if nx is None or ny is None:
        return str(vx) == str(vy)
    if x.get("range") or y.get("range") or x.get("at_least") or y.get("at_least"):
        return figures_agree(x, y, tol)
    return _close(nx, ny, tol)


def _times_agree(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    mx, my = minutes(str(x.get("value"))), minutes(str(y.get("value")))
    if mx is None or my is None:
        return str(x.get("value")) == str(y.get("value"))
    if x.get("hour_only") or y.get("hour_only"):
        return mx // 60 == my // 60  # "11 pm" holds 23:00-23:59
    gap = abs(mx - my)
    return min(gap, 1440 - gap) <= TIME_SLACK_MINUTES


def _close(p: float, q: float, tol: float = NUMBER_TOLERANCE) -> bool:
    return abs(p - q) <= tol * max(abs(p), abs(q))


def _days(v: Mapping[str, Any]) -> float | None:
    number = _as_number(v.get("value"))
    factor = _DAYS_PER_UNIT.get(str(v.get("unit") or "").rstrip("s"))
    return None if number is None or factor is None else number * factor


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _weekdays_agree(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool | None:
    """For a date worked out from a weekday name ("on Saturday", "أمس الأحد"): do the two
    dates fall on the same weekday? None when neither date was worked out that way, or a
    weekday is unknown.

    The name is what the text says; the calendar date is inferred from the publication
    date, which is often approximate (a reprint, an aggregator, a missing date line): a
    "Saturday" resolved a week too early is still the Saturday the other report dates.
    """
    if not (_from_weekday_name(x) or _from_weekday_name(y)):
        return None
    wx, wy = _weekday(x), _weekday(y)
    return None if wx is None or wy is None else wx == wy


def _from_weekday_name(v: Mapping[str, Any]) -> bool:
    return v.get("resolved_from") in ("weekday", "relative") and v.get("weekday") is not None


def _weekday(v: Mapping[str, Any]) -> int | None:
    """The weekday a date names: its weekday name when inferred from one, else its own."""
    if _from_weekday_name(v):
        named = v.get("weekday")
        return named if isinstance(named, int) else None
    try:
        return datetime.date.fromisoformat(str(v.get("value"))).weekday()
    except ValueError:  # a partial date ("--09-04") has no weekday
        return None


def _dates_agree(x: str, y: str) -> bool:
    """ISO dates agree on every part both give ("2023-09-04" vs "--09-04" agree)."""
    px, py = x.split("-"), y.split("-")
    if len(px) != len(py):  # compare the common tail: month and day
        n = min(len(px), len(py))
        px, py = px[-n:], py[-n:]
    return all(p == q or not p or not q for p, q in zip(px, py, strict=False))


_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth", "eleventh", "twelfth")  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _show(v: Mapping[str, Any]) -> str:
    value = v.get("value")
    if v.get("kind") == "ordinal" and isinstance(value, int) and 0 < value < len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[value]
    if v.get("kind") == "weekday" and isinstance(value, int) and 0 <= value < 7:
        return _WEEKDAY_NAMES[value]
    if v.get("counts"):
        return f"{_show({**v, 'counts': None})} ({v['counts']})"
    if v.get("kind") == "time":
        return f"{value} {v['zone']}" if v.get("zone") else f"{value}"
    if v.get("decade") and isinstance(value, int):
        return f"{value}s"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    unit = v.get("unit")
    if v.get("kind") in ("date", "year", "ordinal"):  # "partial" etc. are not units
        unit = None
    return f"{value} {unit}" if unit else f"{value}"
