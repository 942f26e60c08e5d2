"""The demo builds a fresh database from seeds/ and every stage runs on it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claimtrack.cli import cli


def test_demo_then_similar_finds_the_arabic_seed_claim(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 0, result.output
    assert f"Database: {db.resolve()}" in result.stdout
    assert "ingest: 4 article(s)" in result.stdout
    assert "extract:" in result.stdout and "embed:" in result.stdout
    similar = CliRunner().invoke(
        cli, ["--db", str(db), "similar", "75 years of diplomatic relations", "--format", "json"]
    )
    assert similar.exit_code == 0, similar.output
    top = json.loads(similar.stdout)[0]
    assert "75 عاماً" in top["text"] and top["language"] == "ar"
    # Running it again replaces the demo database instead of adding to it.
    again = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert again.exit_code == 0, again.output
    articles = CliRunner().invoke(cli, ["--db", str(db), "articles", "--format", "json"])
    assert len(json.loads(articles.stdout)) == 4


def test_demo_refuses_to_replace_a_non_demo_database(tmp_path: Path) -> None:
    db = tmp_path / "desk.duckdb"
    assert CliRunner().invoke(cli, ["--db", str(db), "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 1
    assert "not a demo database" in result.stderr and "--force" in result.stderr
