"""Records of a small JSONL input file (pairs to compare, labelled pairs to score).

A bad line raises :class:`~claimtrack.errors.InvalidInputError` naming the file, the line
and the field; callers turn it into their own kind of error (the CLI: a usage error).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimtrack.errors import InvalidInputError

__all__ = ["read_records"]


def read_records(
    path: Path,
    required: tuple[str, ...],
    check: Callable[[dict[str, Any]], str | None] | None = None,
) -> list[dict[str, Any]]:
    """The objects of ``path``, one a line (blank lines skipped), each with every field of
    ``required`` a non-empty string; ``check`` returns what else is wrong with a record."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {path}: {error}") from error
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInputError(f"{path}#line {number}: invalid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InvalidInputError(f"{path}#line {number}: expected an object")
        for key in required:
            if not isinstance(record.get(key), str) or not record[key].strip():
                raise InvalidInputError(
                    f"{path}#line {number}: field {key!r} is missing or not a non-empty string"
                )
        problem = check(record) if check else None
        if problem:
            raise InvalidInputError(f"{path}#line {number}: {problem}")
        records.append(record)
    return records
