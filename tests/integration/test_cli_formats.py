"""Every command with a ``--format`` takes ``json`` and prints ONE JSON document; the
listing ones also take ``jsonl`` (one object a line) and ``csv``; tables show timestamps
to the minute in local time (``--utc`` for UTC). The list of commands comes from the CLI
itself, so a new command with ``--format`` fails here until it is added to ``ARGS``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimtrack.cli import cli
from tests.conftest import FIXTURES, SEED_ARTICLE

# The arguments each command runs with (CLAIM is replaced by a claim id of the database).
ARGS: dict[str, list[str]] = {
    "articles": [],
    "claims": [],
    "queue": [],
    "history": ["CLAIM"],
    "groups": ["--min-size", "1"],
    "similar": ["75 years of diplomatic relations", "--top-k", "3"],
    "compare": ["first visit since 2019", "first visit since 2011"],
    "stats": [],
    "check": [],
    "export": ["--out", "-"],
    "factchecks search": ["Kim Jong Un travelled to Russia by armoured train"],
    "eval extract": ["--gold", str(FIXTURES / "gold" / "extract" / "en.jsonl")],
    "eval match": ["--only", "near-miss"],
    "eval factchecks": ["--data", "CHECKTHAT", "--split", "dev"],
    "eval relation": ["--pairs", str(FIXTURES / "relation" / "pairs.jsonl")],
}
#: Commands whose --format names what they read, not what they print.
INPUT_FORMATS = ("ingest", "factchecks import")
#: Commands whose --format is a file format (export) or a report (eval): no jsonl/csv.
LISTINGS = ("articles", "claims", "queue", "history", "groups", "similar", "compare", "stats",
            "factchecks search")  # fmt: skip


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def _formats(command: click.Command) -> list[str]:
    for param in command.params:
        if "--format" in getattr(param, "opts", ()) and isinstance(param.type, click.Choice):
            return list(param.type.choices)
    return []


def _checkthat(folder: Path) -> Path:
    """A three-claim CheckThat!-format data set (written for this test)."""
    folder.mkdir()
    (folder / "verified_claims.docs.tsv").write_text(
        "\tvclaim\ttitle\n0\tKim Jong Un met Putin at the Vostochny cosmodrome.\tt\n"
        "1\tThe Eiffel Tower was sold in 2020.\tt\n2\tA city banned cars on Sundays.\tt\n",
        encoding="utf-8",
    )
    (folder / "dev.tweets.queries.tsv").write_text(
        "\ttweet_content\n10\tPutin and Kim met at a cosmodrome\n11\tcars banned on Sunday\n",
        encoding="utf-8",
    )
    (folder / "dev.tweet-vclaim-pairs.qrels").write_text("10\t0\t0\t1\n11\t0\t2\t1\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """A database with two articles, claims, vectors, groups, a verdict and fact-checks."""
    work = tmp_path_factory.mktemp("formats")
    db = work / "desk.duckdb"
    runner = CliRunner()
    for args in (
        ["ingest", str(SEED_ARTICLE), str(FIXTURES / "articles" / "en_kim_visit.txt")],
        ["extract"],
        ["cluster"],
        ["factchecks", "import", str(FIXTURES / "factchecks" / "factchecks.jsonl")],
    ):
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert result.exit_code in (0, 1), result.output  # factchecks.jsonl has one bad row
    claims = json.loads(runner.invoke(cli, ["--db", str(db), "claims", "--format", "json"]).stdout)
    claim_id = claims[0]["claim_id"]
    verdict = runner.invoke(cli, ["--db", str(db), "verdict", claim_id, "false", "--analyst",
                                  "rana", "--evidence", "https://example.org/%D8%A7"])  # fmt: skip
    assert verdict.exit_code == 0, verdict.output
    return db, claim_id, _checkthat(work / "checkthat")


def _run(desk: tuple[Path, str, Path], name: str, *extra: str) -> str:
    db, claim_id, checkthat = desk
    args = [a.replace("CLAIM", claim_id).replace("CHECKTHAT", str(checkthat)) for a in ARGS[name]]
    result = CliRunner().invoke(cli, ["--db", str(db), *name.split(), *args, *extra])
    assert result.exit_code == 0, f"{name}: {result.output}"
    return result.stdout


def test_every_command_with_a_format_is_covered() -> None:
    with_json = {name for name, command in _commands(cli)
                 if "json" in _formats(command) and name not in INPUT_FORMATS}  # fmt: skip
    assert with_json == set(ARGS), "add the new command's arguments to ARGS"
    for name in LISTINGS:
        command = dict(_commands(cli))[name]
        assert {"table", "json", "jsonl", "csv"} <= set(_formats(command)), name


@pytest.mark.parametrize("name", sorted(ARGS))
def test_format_json_is_one_document(desk: tuple[Path, str, Path], name: str) -> None:
    document = json.loads(_run(desk, name, "--format", "json"))  # one value, or it raises
    assert isinstance(document, list | dict)


@pytest.mark.parametrize("name", LISTINGS)
def test_jsonl_is_one_object_a_line_and_csv_parses(desk: tuple[Path, str, Path], name: str) -> None:
    lines = [json.loads(line) for line in _run(desk, name, "--format", "jsonl").splitlines()]
    assert lines and all(isinstance(line, dict) for line in lines)
    rows = list(csv.DictReader(io.StringIO(_run(desk, name, "--format", "csv"))))
    assert len(rows) == len(lines)


def test_articles_say_where_each_article_came_from(desk: tuple[Path, str, Path]) -> None:
    listed = json.loads(_run(desk, "articles", "--format", "json"))
    assert {a["origin"] for a in listed} == {
        str(SEED_ARTICLE),
        str(FIXTURES / "articles" / "en_kim_visit.txt"),
    }
    assert all("url" in a and "ingested_at" in a for a in listed)


def test_table_timestamps_are_minutes_local_or_utc(
    desk: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Beirut")  # UTC+2/+3: local differs from UTC
    time.tzset()
    try:
        rows = json.loads(_run(desk, "history", "--format", "json"))
        stamp = rows[0]["event_at"]  # ISO with microseconds, in UTC
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", stamp)
        local = _run(desk, "history")
        utc = _run(desk, "history", "--utc")
        from datetime import datetime

        at = datetime.fromisoformat(stamp)
        assert at.astimezone().strftime("%Y-%m-%d %H:%M") in local
        assert at.strftime("%Y-%m-%d %H:%M UTC") in utc
        assert stamp[:19] not in local and "." + stamp[20:26] not in local
        assert "org/ا" in local and "%D8" not in local  # the evidence URL, decoded
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
