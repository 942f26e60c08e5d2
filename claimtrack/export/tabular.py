"""Tabular export of the claims frame: CSV, Parquet, JSON (array) and JSON Lines.

Formats and what they keep:

- **parquet** keeps every type (UTC timestamps, dates, lists, structs). File paths only.
- **json** is one UTF-8 JSON array of objects (non-ASCII written as is, not ``\\u``-escaped);
  **jsonl** is one such object per line. U+0085/U+2028/U+2029 are written
  ``\\u``-escaped so line-based readers never split a record. Timestamps are ISO 8601 with offset
  (``2023-09-13T10:00:00+00:00``), dates ``YYYY-MM-DD``; lists and structs stay nested.
- **csv** (UTF-8, no BOM, header row) cannot hold lists or structs, so every list/struct
  column (``secondary_types``, ``notes``, ``evidence``, ``conflicts``, ``history``) is
  written as a JSON string in its cell (``["a","b"]``); null stays an empty cell. A text
  cell starting with ``= + - @``, a tab or a carriage return gets a leading ``'`` so that a
  spreadsheet shows it as text instead of running it as a formula
  (:func:`claimtrack.untrusted.spreadsheet_cell`); ``raw_csv=True`` writes cells as stored.

With ``history``, each claim gets a ``history`` column: its audit events, oldest first, as a
list of structs (``event_id, at, analyst, action, from_status, to_status, note,
evidence_url``) -- a JSON string in CSV. A claim without events gets ``[]``.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TextIO

import polars as pl

from claimtrack.errors import InvalidInputError
from claimtrack.export.frames import HISTORY_SCHEMA, validate_claims_frame, validate_history_frame
from claimtrack.output_files import open_output, write_output
from claimtrack.untrusted import FORMULA_STARTS

TabularFormat = Literal["csv", "parquet", "json", "jsonl"]
FORMATS: tuple[str, ...] = ("csv", "parquet", "json", "jsonl")

_EVENT_FIELDS = [c for c in HISTORY_SCHEMA if c != "claim_id"]
_EVENT_DTYPE = pl.List(pl.Struct({c: HISTORY_SCHEMA[c] for c in _EVENT_FIELDS}))


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def _nested_as_json(df: pl.DataFrame) -> pl.DataFrame:
    """Replace each list/struct column by a column of JSON strings (for CSV)."""
    replaced = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List | pl.Struct | pl.Array):
            cells = [
                None
                if v is None
                else json.dumps(v, ensure_ascii=False, separators=(",", ":"), default=_json_default)
                for v in df[name].to_list()
            ]
            replaced.append(pl.Series(name, cells, dtype=pl.String))
    return df.with_columns(replaced) if replaced else df


def with_history(claims: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """``claims`` plus a ``history`` column: each claim's events, oldest first."""
    events = (
        validate_history_frame(history)
        .group_by("claim_id", maintain_order=True)
        .agg(pl.struct(_EVENT_FIELDS).alias("history"))
    )
    joined = claims.join(events, on="claim_id", how="left", maintain_order="left")
    return joined.with_columns(
        pl.col("history").cast(_EVENT_DTYPE).fill_null(pl.lit([], dtype=_EVENT_DTYPE))
    )


def write_tabular(
    claims: pl.DataFrame,
    out: Path | str | TextIO,
    fmt: TabularFormat,
    *,
    history: pl.DataFrame | None = None,
    raw_csv: bool = False,
) -> int:
    """Write ``claims`` to ``out`` (a file path, a text stream such as stdout, or for parquet
    a binary stream) as ``fmt``.

    Returns the number of rows written. Parquet needs a file path or a binary stream:
    asking for parquet on a text stream raises :class:`InvalidInputError`, as does an
    unknown format. CSV cells that would start a formula are neutralised unless ``raw_csv``.
    """
    if fmt not in FORMATS:
        raise InvalidInputError(
            f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )
    df = validate_claims_frame(claims)
    if history is not None:
        df = with_history(df, history)
    to_path = isinstance(out, str | Path)
    if fmt == "parquet":
        if isinstance(out, io.TextIOBase):
            raise InvalidInputError(
                "parquet is a binary format and cannot be written to a text stream; "
                "pass an output file (--out FILE.parquet)"
            )
        if to_path:
            with open_output(out, binary=True) as fh:  # type: ignore[arg-type]
                df.write_parquet(fh)
        else:
            df.write_parquet(out)  # type: ignore[arg-type]
        return df.height
    text = _render_text(df, fmt, raw_csv=raw_csv)
    if to_path:
        write_output(out, text)  # type: ignore[arg-type]
    else:
        out.write(text)  # type: ignore[union-attr]
    return df.height


def neutralise_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Every text cell that a spreadsheet would run as a formula, prefixed with ``'``."""
    pattern = "^[" + "".join(FORMULA_STARTS).replace("-", "\\-") + "]"
    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )


def _render_text(df: pl.DataFrame, fmt: str, *, raw_csv: bool = False) -> str:
    if fmt == "csv":
        flat = _nested_as_json(df)
        return (flat if raw_csv else neutralise_formulas(flat)).write_csv(
            datetime_format="%Y-%m-%dT%H:%M:%S%.6f%:z", date_format="%Y-%m-%d"
        )
    if fmt == "json":
        text = df.write_json() + "\n"
    else:
        buffer = io.StringIO()
        df.write_ndjson(buffer)
        text = buffer.getvalue()
    return escape_line_breaks(text)


def escape_line_breaks(text: str) -> str:
    """JSON text with U+0085, U+2028 and U+2029 written as ``\\u`` escapes.

    They are legal raw in JSON strings, but Python's ``str.splitlines()`` and many
    line-based tools treat them as line breaks and would split a JSONL record in two.
    They can only occur inside strings, so escaping them keeps the JSON identical.
    """
    for char in ("\u0085", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
