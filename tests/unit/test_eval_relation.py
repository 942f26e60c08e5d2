"""eval relation: scoring, pair-file validation and the CLI on the fixture pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.errors import InvalidInputError
from claimtrack.evaluation.relation import read_pairs, score

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "relation" / "pairs.jsonl"


def test_score_recall_confusion_and_accuracy() -> None:
    gold = ["same", "same", "conflicting", "conflicting", "related"]
    pred = ["same", "conflicting", "conflicting", "same", "unrelated"]
    result = score(gold, pred)
    assert result["recall"] == {"same->same": 0.5, "conflicting->conflicting": 0.5,
                                "conflicting->not same": 0.5, "related->related": 1.0,
                                "related->not same": 1.0}  # fmt: skip
    assert result["confusion"]["conflicting"] == {"same": 1, "conflicting": 1, "related": 0}
    assert result["accuracy"] == 0.6 and result["pairs"] == 5


def test_fixture_is_valid_and_has_every_label() -> None:
    pairs = read_pairs(FIXTURE)
    assert {p["label"] for p in pairs} == {"same", "conflicting", "related"}
    assert {p["lang_a"] for p in pairs} == {"ar", "en"}


@pytest.mark.parametrize(
    ("line", "message"),
    [('{"a": "x", "b": "y", "label": "maybe"}', "line 2: field 'label' is 'maybe'"),
     ('{"a": "x", "label": "same"}', "line 2: field 'b' is missing"),
     ("{not json", "line 2: invalid JSON")],
)  # fmt: skip
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"a": "x", "b": "y", "label": "same"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_pairs(path)


def test_cli_bad_file_is_an_error_without_traceback(tmp_path: Path) -> None:
    from claimtrack.cli import cli

    path = tmp_path / "p.jsonl"
    path.write_text('{"a": "x", "b": "y", "label": "nope"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "relation", "--pairs", str(path)])
    assert result.exit_code != 0
    assert "line 1: field 'label'" in result.output and "Traceback" not in result.output


def test_cli_scores_the_fixture_with_the_learned_model_and_with_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimtrack.cli import cli

    args = ["eval", "relation", "--pairs", str(FIXTURE), "--format", "json"]
    learned = json.loads(CliRunner().invoke(cli, args, catch_exceptions=False).output)
    assert learned["decided_by"].startswith("learned model") and learned["pairs"] == 15
    assert sum(sum(row.values()) for row in learned["confusion"].values()) == 15
    # The fixture's value changes and antonyms must not read as the same claim.
    assert learned["recall"]["conflicting->not same"] >= 0.8
    monkeypatch.setenv("CLAIMTRACK_RELATION_MODEL", "off")
    rules = json.loads(CliRunner().invoke(cli, args, catch_exceptions=False).output)
    assert rules["decided_by"] == "rules"
