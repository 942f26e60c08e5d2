"""Issue 12's reliability features on a DuckLake catalog (team mode): ``check`` works,
interrupted runs are failed, re-extraction flags dropped claims stale (no ``UPDATE ...
RETURNING`` on DuckLake), undo reaches a link from either claim; ``backup``/``restore``,
which copy a DuckDB file, refuse with one line."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from postgres_support import seed_lake

from claimtrack.cli import cli
from claimtrack.store import Store


def _cli(db: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert "Traceback" not in result.output
    return result


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_check_finds_problems_and_dead_runs_on_a_lake(
    lake_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    db, data = lake_db
    store, (claim,) = seed_lake(db, data, claims=1)
    ok = _cli(db, "check")
    assert ok.exit_code == 0, ok.output
    assert "ducklake:postgres:" in ok.output and ": OK;" in ok.output
    with store.session() as session:
        session.run(
            "INSERT INTO claim_events (event_id, claim_id, event_at, analyst, action) "
            "VALUES ('e-orphan', 'no-such-claim', now(), 'x', 'note')"
        )
        session.run("UPDATE claims SET char_start = char_start + 1 WHERE claim_id = $c",
                    {"c": claim})  # fmt: skip
        session.run(
            "INSERT INTO pipeline_runs (run_id, stage, component, component_version, params, "
            "started_at, status, pid, host) VALUES ('r-killed', 'ingest', 'x', '0', '{}', $at, "
            "'running', $pid, $host)",
            {"at": datetime.now(UTC), "pid": _dead_pid(), "host": socket.gethostname()},
        )
    result = _cli(db, "check", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["check"], p["item"]) for p in json.loads(result.stdout)["problems"]}
    assert ("references", "claim_events e-orphan") in problems
    assert ("claim spans", claim) in problems
    assert any(check == "runs" and "r-killed" in item for check, item in problems)

    from claimtrack.store.runs import start_run

    with store.session() as session:
        start_run(session, "extract", "x", "1")
        status = session.scalar("SELECT status FROM pipeline_runs WHERE run_id = 'r-killed'")
    assert status == "failed"


def test_backup_and_restore_refuse_a_lake_in_one_line(
    lake_db: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    db, data = lake_db
    secret = db + " password=s3cret"
    Store(db, data_path=data).migrate()
    target = tmp_path / "copy.duckdb"
    backup = _cli(secret, "backup", str(target))
    assert backup.exit_code == 2
    assert backup.stderr.count("\n") == 1 and "DuckLake catalog" in backup.stderr
    assert "s3cret" not in backup.output and not target.exists()
    target.write_bytes(b"")
    restore = _cli(secret, "restore", str(target), "--force")
    assert restore.exit_code == 2
    assert restore.stderr.count("\n") == 1 and "DuckLake catalog" in restore.stderr
    assert "s3cret" not in restore.output


def test_reextraction_flags_dropped_claims_stale_on_a_lake(
    lake_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimtrack.pipeline.extract as extract_module
    from claimtrack.api.claims import extract, list_claims
    from claimtrack.api.workflow import claim_state, set_verdict

    db, data = lake_db
    store, (worked,) = seed_lake(db, data, claims=1)
    set_verdict(store, worked, "false", analyst="rana")
    before = set(list_claims(store)["claim_id"].to_list())
    original = extract_module.extract_claims

    def newer(article):  # type: ignore[no-untyped-def]
        kept = [c for c in original(article) if c.claim_id != worked]
        return [dataclasses.replace(c, extractor_version="test-2") for c in kept]

    monkeypatch.setattr(extract_module, "extract_claims", newer)
    monkeypatch.setattr(
        extract_module, "extract_claims_many", lambda arts: [newer(a) for a in arts]
    )
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "test-2")
    report = extract(store)
    assert report.newly_stale == 1 and not report.failed
    assert set(list_claims(store)["claim_id"].to_list()) == before - {worked}
    assert worked in set(list_claims(store, include_stale=True)["claim_id"].to_list())
    assert claim_state(store, worked).status == "false"
    with store.session() as session:
        rows, keys, articles = session.sql(
            "SELECT count(*), count(DISTINCT (article_id, extractor_version)), "
            "(SELECT count(*) FROM articles) FROM article_extractions"
        ).row(0)
    assert rows == keys == 2 * articles  # one record per article and version, no duplicate


def test_undo_of_a_link_from_the_other_claim_on_a_lake(lake_db: tuple[str, Path]) -> None:
    from claimtrack.api.links import link
    from claimtrack.api.workflow import undo

    db, data = lake_db
    store, (a, b) = seed_lake(db, data, claims=2)
    first = link(store, a, b, "same", analyst="rana")
    assert first.recorded and first.group_id is not None
    assert not link(store, a, b, "same", analyst="rana").recorded  # a repeat records nothing
    (undone,) = undo(store, b, analyst="sami")
    assert undone.action == "clear" and undone.undoes_event_id == first.event_id
    with store.session() as session:
        groups = dict(session.sql("SELECT claim_id, group_id FROM group_members").rows())
    assert groups.get(b) is None or groups.get(b) != groups.get(a)  # no longer together
