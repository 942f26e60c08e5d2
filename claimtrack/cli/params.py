"""Parameter types shared by commands: counts that never overflow, floats that are numbers.

``click.IntRange(min=1)`` lets ``--limit 99999999999999999999`` through to DuckDB (a raw
conversion error) or Polars (an OverflowError), and ``click.FloatRange(0, 1)`` accepts
``nan`` (every comparison with NaN is false, so the range check passes).
"""

from __future__ import annotations

import math
from typing import Any

import click

from claimtrack.models import MAX_ROWS


class Count(click.ParamType):
    """A whole number of at least ``minimum``; a larger one than :data:`MAX_ROWS` means all."""

    name = "integer"

    def __init__(self, minimum: int = 1) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = click.INT.convert(value, param, ctx)
        if number < self.minimum:
            self.fail(f"{number} is less than {self.minimum}", param, ctx)
        return min(number, MAX_ROWS)


class Number(click.FloatRange):
    """A finite float, optionally within ``[low, high]``; ``nan`` and ``inf`` are refused."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        result: float = super().convert(number, param, ctx)
        return result
