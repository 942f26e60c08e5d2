"""The claims/history frame contract: validation, normalisation, row helpers."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from export_data import claims_frame, history_frame

from claimtrack.errors import InvalidInputError
from claimtrack.export.frames import (
    CLAIMS_SCHEMA,
    HISTORY_SCHEMA,
    safe_http_url,
    text_direction,
    validate_claims_frame,
    validate_history_frame,
)


def test_example_frames_validate_unchanged() -> None:
    claims = validate_claims_frame(claims_frame())
    assert claims.schema == pl.Schema(CLAIMS_SCHEMA)
    assert claims.height == 5
    history = validate_history_frame(history_frame())
    assert history.schema == pl.Schema(HISTORY_SCHEMA)


def test_missing_column_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"missing column.*status_label"):
        validate_claims_frame(claims_frame().drop("status_label"))


def test_mistyped_column_is_named() -> None:
    bad = claims_frame().with_columns(pl.col("rating_value").cast(pl.String))
    with pytest.raises(InvalidInputError, match="'rating_value' has type String"):
        validate_claims_frame(bad)


def test_null_in_required_column_is_refused() -> None:
    bad = claims_frame().with_columns(pl.lit(None, dtype=pl.String).alias("text"))
    with pytest.raises(InvalidInputError, match="'text' has 5 null"):
        validate_claims_frame(bad)


def test_not_a_frame_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="expected a polars DataFrame"):
        validate_claims_frame([{"claim_id": "x"}])  # type: ignore[arg-type]


def test_null_typed_naive_and_null_lists_are_normalised() -> None:
    df = claims_frame().with_columns(
        pl.lit(None).alias("speaker"),  # dtype Null, as an all-null column may arrive
        pl.col("status_at").dt.replace_time_zone(None).dt.cast_time_unit("ms"),
        pl.lit(None, dtype=pl.List(pl.String)).alias("notes"),
        pl.lit("extra").alias("store_extra"),
    )
    out = validate_claims_frame(df)
    assert out.schema["speaker"] == pl.String
    assert out.schema["status_at"] == pl.Datetime("us", "UTC")
    assert out["status_at"][0] == datetime.fromisoformat("2023-09-14T09:30:00+00:00")
    assert out["notes"].to_list() == [[]] * 5
    assert out.columns[-1] == "store_extra"  # extra columns kept after the contract's


def test_other_timezone_is_refused() -> None:
    df = claims_frame().with_columns(pl.col("status_at").dt.convert_time_zone("Asia/Beirut"))
    with pytest.raises(InvalidInputError, match="status_at"):
        validate_claims_frame(df)


def test_history_validation_names_column() -> None:
    with pytest.raises(InvalidInputError, match=r"history frame: missing column.*action"):
        validate_history_frame(history_frame().drop("action"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org ", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org", None),
        ("/relative/path", None),
        ("https://", None),
        ("https:example.org", None),
        ("https://exa mple.org", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_http_url(url: object, expected: str | None) -> None:
    assert safe_http_url(url) == expected


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ar-EG", "rtl"), ("en", "ltr"),
     ("fr", "ltr"), ("", "ltr"), ('ar" onload="x', "ltr"), (None, "ltr")],
)  # fmt: skip
def test_text_direction(language: object, direction: str) -> None:
    assert text_direction(language) == direction
