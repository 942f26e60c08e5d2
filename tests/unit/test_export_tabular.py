"""CSV / Parquet / JSON / JSONL export of the claims frame."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from export_data import AR_TEXT, HOSTILE_TEXT, LINE_SEP_TEXT, claims_frame, history_frame

from claimtrack.errors import InvalidInputError
from claimtrack.export.frames import CLAIMS_SCHEMA
from claimtrack.export.tabular import write_tabular


def test_parquet_round_trip_keeps_types_and_values(tmp_path: Path) -> None:
    path = tmp_path / "claims.parquet"
    assert write_tabular(claims_frame(), path, "parquet") == 5
    back = pl.read_parquet(path)
    assert back.schema == pl.Schema(CLAIMS_SCHEMA)
    assert back.equals(claims_frame())


def test_parquet_with_history_nests_events(tmp_path: Path) -> None:
    path = tmp_path / "claims.parquet"
    write_tabular(claims_frame(), path, "parquet", history=history_frame())
    back = pl.read_parquet(path)
    assert isinstance(back.schema["history"], pl.List)
    events = {r["claim_id"]: r["history"] for r in back.select("claim_id", "history").to_dicts()}
    assert [e["event_id"] for e in events["a1"]] == ["h1", "h2", "h3"]  # oldest first
    assert isinstance(events["a1"][0]["at"], datetime)
    assert events["a2"] == []  # no events -> empty list, not null
    assert back["claim_id"].to_list() == claims_frame()["claim_id"].to_list()  # order kept


def test_parquet_to_stream_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"parquet.*output file"):
        write_tabular(claims_frame(), io.StringIO(), "parquet")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="unknown export format 'xlsx'"):
        write_tabular(claims_frame(), tmp_path / "x", "xlsx")  # type: ignore[arg-type]


def test_json_is_utf8_array_not_escaped(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    write_tabular(claims_frame(), path, "json")
    raw = path.read_bytes().decode("utf-8")
    assert AR_TEXT in raw  # Arabic written as is, not \u0642...
    assert "\\u06" not in raw
    rows = json.loads(raw)
    assert isinstance(rows, list) and len(rows) == 5
    a1 = rows[0]
    assert a1["text"] == AR_TEXT
    assert a1["status_at"] == "2023-09-14T09:30:00+00:00"
    assert a1["published"] == "2023-09-13"
    assert a1["evidence"] == [{"url": "https://tass.com/politics/1", "title": "TASS: 2011 visit"}]
    assert rows[1]["text"] == HOSTILE_TEXT
    assert rows[2]["speaker"] is None and rows[2]["notes"] == []


def test_jsonl_to_stream_with_history() -> None:
    out = io.StringIO()
    assert write_tabular(claims_frame(), out, "jsonl", history=history_frame()) == 5
    lines = out.getvalue().splitlines()  # splits on U+2028 too: must still be 5 records
    assert len(lines) == 5
    rows = [json.loads(line) for line in lines]
    assert rows[1]["history"][0]["note"] == "</script><!--"
    assert rows[3]["history"][0]["to_status"] == "true"
    assert rows[2]["history"] == []
    assert rows[3]["text"] == LINE_SEP_TEXT


def test_csv_serialises_nested_columns_as_json(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    assert write_tabular(claims_frame(), path, "csv", history=history_frame()) == 5
    back = pl.read_csv(path, infer_schema=False)
    assert back.columns == [*CLAIMS_SCHEMA, "history"]
    a1 = back.row(0, named=True)
    assert a1["text"] == AR_TEXT
    assert json.loads(a1["secondary_types"]) == ["quote"]
    assert json.loads(a1["notes"]) == ["<script>alert(1)</script>"]
    assert json.loads(a1["evidence"])[0]["url"] == "https://tass.com/politics/1"
    assert [e["action"] for e in json.loads(a1["history"])] == ["assign", "verdict", "evidence"]
    assert a1["status_at"] == "2023-09-14T09:30:00.000000+00:00"
    assert back.row(1, named=True)["text"] == HOSTILE_TEXT  # quotes/commas survive
    assert back.row(2, named=True)["speaker"] is None


def test_csv_to_stream() -> None:
    out = io.StringIO()
    write_tabular(claims_frame(), out, "csv")
    assert out.getvalue().splitlines()[0].startswith("claim_id,text,language,")


def test_empty_frame_writes_header_or_empty_array(tmp_path: Path) -> None:
    empty = claims_frame().clear()
    assert write_tabular(empty, tmp_path / "e.json", "json") == 0
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8")) == []
    assert write_tabular(empty, tmp_path / "e.parquet", "parquet") == 0
    assert pl.read_parquet(tmp_path / "e.parquet").schema == pl.Schema(CLAIMS_SCHEMA)
    out = io.StringIO()
    write_tabular(empty, out, "jsonl")
    assert out.getvalue() == ""


def test_published_date_type_kept(tmp_path: Path) -> None:
    write_tabular(claims_frame(), tmp_path / "c.parquet", "parquet")
    assert pl.read_parquet(tmp_path / "c.parquet")["published"][0] == date(2023, 9, 13)
