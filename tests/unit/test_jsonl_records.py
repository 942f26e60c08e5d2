"""The JSONL reader shared by `compare --pairs` and `eval relation`: bad lines are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.errors import InvalidInputError
from claimtrack.jsonl_records import read_records


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, '{"a": "x", "b": "y"}\n\n{"a": "z", "b": "w", "n": 1}\n')
    assert read_records(path, ("a", "b")) == [{"a": "x", "b": "y"}, {"a": "z", "b": "w", "n": 1}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": "x", "b": "y"}\n{"a": "x"\n', "#line 2: invalid JSON"),
        ('{"a": "x", "b": "y"}\n\n["a", "b"]\n', "#line 3: expected an object"),
        ('{"a": "x", "b": "  "}\n', "#line 1: field 'b' is missing or not a non-empty string"),
        ('{"a": "x", "b": "y", "label": "maybe"}\n', "#line 1: label maybe"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInputError, match=message):
        read_records(path, ("a", "b"), lambda r: f"label {r['label']}" if "label" in r else None)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="cannot read"):
        read_records(tmp_path / "missing.jsonl", ("a",))
