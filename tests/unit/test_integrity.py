"""claimtrack check / backup / restore and the recovery of interrupted runs (issue 12
row 15 and Deliver 6). The kill -9 runs are in tests/integration/test_recovery.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.store import Store
from tests.conftest import SEED_ARTICLE

Run = Callable[..., Result]


@pytest.fixture
def seeded_cli(run_cli: Run) -> Run:
    assert run_cli("ingest", str(SEED_ARTICLE)).exit_code == 0
    assert run_cli("extract").exit_code == 0
    return run_cli


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _plant_running_run(store: Store, pid: int | None, host: str | None = None) -> str:
    import socket

    with store.session() as session:
        session.run(
            "INSERT INTO pipeline_runs (run_id, stage, component, component_version, params, "
            "started_at, status, pid, host) VALUES ('r-killed', 'ingest', 'claimtrack-ingest', "
            "'0', '{}', $at, 'running', $pid, $host)",
            {"at": datetime.now(UTC), "pid": pid, "host": host or socket.gethostname()},
        )
    return "r-killed"


def _status(store: Store, run_id: str) -> str:
    with store.session() as session:
        return str(session.scalar("SELECT status FROM pipeline_runs WHERE run_id = $r",
                                  {"r": run_id}))  # fmt: skip


def test_process_running() -> None:
    from claimtrack.store.runs import process_running

    assert process_running(_dead_pid()) is False
    import os

    assert process_running(os.getpid()) is True
    # PID 1 exists, but started long before a run that begins now: a reused PID.
    assert process_running(1, datetime.now(UTC)) in (True, False)


def test_a_run_left_running_by_a_dead_process_fails_on_the_next_start(
    seeded_cli: Run, store: Store
) -> None:
    from claimtrack.store.runs import start_run

    run_id = _plant_running_run(store, _dead_pid())
    check = seeded_cli("check")
    assert check.exit_code == 1 and "left running" in check.output  # main: no check command
    with store.session() as session:
        start_run(session, "extract", "x", "1")
    assert _status(store, run_id) == "failed"  # main: 'running' forever
    assert seeded_cli("check").exit_code == 0


def test_runs_of_a_live_process_or_another_host_are_left_alone(
    seeded_cli: Run, store: Store
) -> None:
    import os

    from claimtrack.store.runs import abandoned_runs

    live = _plant_running_run(store, os.getpid())
    with store.session() as session:
        assert abandoned_runs(session) == []
        session.run("UPDATE pipeline_runs SET run_id = 'r-live' WHERE run_id = $r", {"r": live})
    _plant_running_run(store, _dead_pid(), host="another-host")
    with store.session() as session:
        assert abandoned_runs(session) == []
    check = json.loads(seeded_cli("check", "--format", "json").stdout)
    assert check["ok"] and {f["detail"][:11] for f in check["findings"]} == {"in progress"}


def test_a_stage_that_fails_marks_its_run_failed(seeded_cli: Run, store: Store) -> None:
    result = seeded_cli("extract", "--article", "no-such-article")
    assert result.exit_code == 1 and "no article" in result.stderr
    with store.session() as session:
        statuses = session.sql("SELECT status FROM pipeline_runs")["status"].to_list()
    assert "running" not in statuses


def test_check_finds_broken_rows(seeded_cli: Run, store: Store) -> None:
    assert seeded_cli("check").exit_code == 0
    with store.session() as session:
        claim = session.scalar("SELECT claim_id FROM claims LIMIT 1")
        session.run("UPDATE claims SET char_start = char_start + 1 WHERE claim_id = $c",
                    {"c": claim})  # fmt: skip
        session.run(
            "INSERT INTO claim_events (event_id, claim_id, event_at, analyst, action) "
            "VALUES ('e-orphan', 'no-such-claim', now(), 'x', 'note')"
        )
        session.run(
            "INSERT INTO claim_links (event_id, claim_a, claim_b, action, analyst, event_at) "
            "VALUES ('l-orphan', $c, 'zzz-missing', 'link', 'x', now())",
            {"c": claim},
        )
        session.run("INSERT INTO text_vectors VALUES ('k-bad', 'm', 3, [0.1, 0.2], 'r', now())")
    result = seeded_cli("check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    problems = {(p["check"], p["item"]) for p in report["problems"]}
    assert ("claim spans", claim) in problems
    assert ("references", "claim_events e-orphan") in problems
    assert ("references", "claim_links l-orphan") in problems
    assert ("vectors", "text_vectors k-bad (m)") in problems


def test_check_reports_a_damaged_index_file(seeded_cli: Run, store: Store, db_path: Path) -> None:
    from claimtrack.api.vectors import index_path

    with store.session() as session:
        session.run("INSERT INTO text_vectors SELECT text_key, 'm', 2, [1.0, 0.0], 'r', now() "
                    "FROM claims")  # fmt: skip
    path = index_path(store, "claims", "m")
    path.parent.mkdir()
    path.write_text("not a zip")
    result = seeded_cli("check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["check"] == "indexes" and "not a claimtrack vector index" in problem["detail"]


def test_check_of_a_missing_database(run_cli: Run) -> None:
    result = run_cli("check")
    assert result.exit_code == 1 and "no database" in result.stderr


def test_backup_then_restore_gives_the_same_claims_and_history(
    seeded_cli: Run, db_path: Path, tmp_path: Path
) -> None:
    claims = json.loads(seeded_cli("claims", "--format", "json").stdout)
    a, b = claims[0]["claim_id"], claims[1]["claim_id"]
    for args in (("verdict", a, "false", "--note", "=1+1 no"), ("link", a, b, "--relation",
                 "same"), ("assign", b, "--to", "sami"), ("note", b, "نص عربي")):  # fmt: skip
        assert seeded_cli(*args).exit_code == 0
    before = {c: seeded_cli("history", c, "--format", "json").stdout for c in (a, b)}
    listed = seeded_cli("claims", "--format", "json").stdout
    backup = tmp_path / "backups" / "desk.duckdb"
    backup.parent.mkdir()
    result = seeded_cli("backup", str(backup))
    assert result.exit_code == 0 and "verified" in result.stdout
    assert seeded_cli("backup", str(backup)).exit_code == 2  # exists: --force needed
    # The desk keeps working, then restores the backup over the database.
    assert seeded_cli("verdict", a, "true").exit_code == 0
    refused = seeded_cli("restore", str(backup))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert seeded_cli("restore", str(backup), "--force").exit_code == 0
    assert seeded_cli("claims", "--format", "json").stdout == listed
    assert {c: seeded_cli("history", c, "--format", "json").stdout for c in (a, b)} == before
    assert seeded_cli("check").exit_code == 0
    # Restoring into a new database file needs no --force.
    fresh = tmp_path / "fresh.duckdb"
    from click.testing import CliRunner

    from claimtrack.cli import cli

    runner = CliRunner()
    restored = runner.invoke(cli, ["--db", str(fresh), "restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    again = runner.invoke(cli, ["--db", str(fresh), "claims", "--format", "json"])
    assert again.stdout == listed


def test_restore_refuses_what_is_not_a_claimtrack_backup(run_cli: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    result = run_cli("restore", str(junk))
    assert result.exit_code == 1 and "not a DuckDB database" in result.stderr
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    result = run_cli("restore", str(other))
    assert result.exit_code == 1 and "not a claimtrack one" in result.stderr


def test_check_passes_after_a_hostile_batch(run_cli: Run, tmp_path: Path) -> None:
    """Escape sequences, formulas, javascript: URLs, impossible dates, binary garbage, a
    huge CSV field, broken JSON: the batch is ingested and extracted around the bad files,
    and the database is consistent afterwards."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    text = ("=HYPERLINK(\"http://x\",\"y\") The minister said 40 percent \x1b[2J\x1b]0;t\x07 "
            "of the budget was spent on roads in 2023.\n\u202eThe ministry reported 3,000 "
            "evacuations on Monday.")  # fmt: skip
    (folder / "escapes.txt").write_text(text)
    (folder / "bad url.jsonl").write_text(
        json.dumps({"text": "The council said 12 schools closed.", "url": "javascript:x"}) + "\n"
        + json.dumps({"text": "The council said 14 roads closed.", "url": "https://ok.example/1"})
        + "\n{broken\n"
    )  # fmt: skip
    (folder / "page.html").write_text(
        '<html><head><meta property="article:published_time" content="2023-02-30">'
        '<link rel="canonical" href="javascript:alert(1)"></head><body><article><p>'
        + "The agency said 500 homes were damaged by the storm on Friday. " * 5
        + "</p></article></body></html>"
    )
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "huge.csv").write_text('text\n"' + "The port handled 9 ships. " * 6_000 + '"\n')
    (folder / "name\x1b[31m.txt").write_text("The mayor said 7 bridges were repaired.")
    assert run_cli("ingest", str(folder)).exit_code == 1  # some files failed, named
    assert run_cli("extract").exit_code == 0
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["counts"]["articles"] >= 5
