"""Units of measure written after a number: "44 miles", "72 كلم", "a 7-metre wave",
"1.5 million cubic metres", "414 mm of rain", "بسعة 1.5 مليون متر مكعب".

A number with a unit measures something (a length, an area, a volume, a mass, a speed, a
temperature); it is compared only with figures of the same dimension, in one scale, so
"44 miles" and "71 km" agree and "72 km" and "75 km" do not (see
``claimtrack.embedding.value_compare``). The unit is kept as written, in a canonical
abbreviation ("mi", "km", "m3"); :func:`in_base` converts.

Single letters ("5 m", "10 t") and "m" glued to a figure ("5m", money) are not read as
units: they are as often "million" or a tonnage mark as metres.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimtrack.pipeline.values_numbers import alternation, folded

__all__ = [
    "BELOW_SURFACE_RE",
    "CONVERSION_TOLERANCE",
    "UNITS",
    "dimension",
    "in_base",
    "unit_after",
]

#: Canonical unit -> (dimension, factor to the dimension's base unit).
UNITS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0), "m": ("length", 1.0), "cm": ("length", 0.01),
    "mm": ("length", 0.001), "mi": ("length", 1609.344), "ft": ("length", 0.3048),
    "km2": ("area", 1e6), "m2": ("area", 1.0), "ha": ("area", 1e4), "acre": ("area", 4046.8564),
    "feddan": ("area", 4200.83),
    "mi2": ("area", 2589988.11), "ft2": ("area", 0.09290304),
    "m3": ("volume", 1.0), "l": ("volume", 0.001), "ft3": ("volume", 0.0283168466),
    "t": ("mass", 1000.0), "kg": ("mass", 1.0),
    "km/h": ("speed", 1.0), "mph": ("speed", 1.609344),
    "C": ("temperature", 1.0),
}  # fmt: skip
#: A figure converted from another unit is rounded by whoever converted it ("44 miles
#: (71 km)" is 70.8 km): two figures in different units agree within this share.
CONVERSION_TOLERANCE = 0.03

_WORDS: dict[str, str] = {
    "km": "km kms kilometer kilometers kilometre kilometres كيلومتر كيلومترا كيلومترات "
    "كيلو_متر كيلو_مترا كيلو_مترات كلم كم",
    "m": "meter meters metre metres متر مترا امتار مترات",
    "cm": "cm centimeter centimeters centimetre centimetres سنتيمتر سنتيمترا سنتيمترات سم",
    "mm": "mm millimeter millimeters millimetre millimetres ملليمتر ملليمترا ملليمترات مليمتر "
    "مليمترا مليمترات ملم مم",
    "mi": "mile miles ميل ميلا اميال",
    "ft": "ft foot feet قدما اقدام",
    "km2": "km2 km² sq_km square_kilometer square_kilometers square_kilometre "
    "square_kilometres كيلومتر_مربع كيلومترا_مربعا كيلومترات_مربعه كلم_مربع كم_مربع كم2",
    "m2": "m2 m² square_meter square_meters square_metre square_metres متر_مربع مترا_مربعا "
    "امتار_مربعه",
    "ha": "hectare hectares هكتار هكتارا هكتارات",
    "acre": "acre acres",
    "mi2": "sq_mi square_mile square_miles ميل_مربع ميلا_مربعا اميال_مربعه",
    "ft2": "sq_ft square_foot square_feet قدم_مربع قدما_مربعا اقدام_مربعه",
    "ft3": "cubic_foot cubic_feet قدم_مكعب قدما_مكعبا اقدام_مكعبه",
    "feddan": "feddan feddans فدان فدانا افدنه",
    "m3": "m3 m³ cubic_meter cubic_meters cubic_metre cubic_metres متر_مكعب مترا_مكعبا "
    "امتار_مكعبه مترات_مكعبه",
    "l": "liter liters litre litres لتر لترا لترات",
    "t": "tonne tonnes ton tons طن طنا اطنان",
    "kg": "kg kilogram kilograms kilogramme kilogrammes كيلوغرام كيلوغراما كيلوغرامات "
    "كيلوجرام كيلوجراما كيلوجرامات كغ كلغ",
    "km/h": "km/h kph kmh kilometers_per_hour kilometres_per_hour كم/ساعه كلم/ساعه "
    "كيلومترا_في_الساعه كيلومتر_في_الساعه كيلومترات_في_الساعه",
    "mph": "mph miles_per_hour ميلا_في_الساعه ميل_في_الساعه",
    "C": "°c degrees_celsius degree_celsius celsius درجه_مئويه درجات_مئويه درجه_مئوية",
}
_CANONICAL = {folded(w.replace("_", " ")): unit for unit, ws in _WORDS.items() for w in ws.split()}
# Right after the figure (or its scale word): spaces or a hyphen ("a 7-metre wave").
_UNIT_RE = re.compile(rf"(?:\s{{0,3}}|-)(?P<u>{alternation(_CANONICAL)})(?![\w²³])")


#: After a length (and a converted figure in brackets), in folded text: the length is a
#: depth ("18 km (11 miles) below the surface", "8 km deep", "تحت سطح الأرض").
BELOW_SURFACE_RE = re.compile(
    r"\s{1,3}(?:(?:below|beneath|under)\s{1,3}(?:the\s{1,3})?"
    r"(?:surface|ground|earth(?:'s\s{1,3}surface)?)|underground|deep"
    r"|تحت\s{1,3}(?:سطح\s{1,3})?(?:الارض|سطح))(?!\w)"
)


def unit_after(t: str, end: int) -> tuple[str, int] | None:
    """(canonical unit, end of the unit in ``t``) for a unit right after folded offset
    ``end``, else None."""
    m = _UNIT_RE.match(t, end)
    if m is None:
        return None
    unit = _CANONICAL.get(re.sub(r"\s{1,3}", " ", m.group("u")))
    return None if unit is None else (unit, m.end("u"))


def dimension(v: Mapping[str, Any]) -> str | None:
    """What a number with a unit measures ("length", "area", ...), else None."""
    unit = v.get("unit")
    if v.get("kind") != "number" or not isinstance(unit, str) or unit not in UNITS:
        return None
    return UNITS[unit][0]


def in_base(v: Mapping[str, Any]) -> Mapping[str, Any]:
    """``v`` with its value (and range) in the base unit of its dimension; ``v`` itself
    when it has no unit of measure."""
    found = UNITS.get(str(v.get("unit"))) if dimension(v) else None
    if found is None:
        return v
    factor = found[1]
    out = dict(v)
    if isinstance(v.get("value"), (int, float)):
        out["value"] = float(v["value"]) * factor
    span = v.get("range")
    if isinstance(span, (list, tuple)) and len(span) == 2:
        out["range"] = [float(span[0]) * factor, float(span[1]) * factor]
    return out
