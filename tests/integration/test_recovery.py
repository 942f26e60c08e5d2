"""kill -9 in the middle of ingest and extract (issue 12 row 15, Acceptance).

Each test starts the real CLI in a child process, waits until it has committed part of its
work, kills it with SIGKILL, and checks that ``claimtrack check`` reports the run it left
``running``, that running the command again completes the work without duplicates and
marks the killed run ``failed``, and that ``check`` then passes. Slow: seconds of real
extraction per test.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimtrack.errors import DatabaseBusyError, NotFoundError, StoreError
from claimtrack.store import Store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimtrack", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)  # fmt: skip


def _start(db: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "claimtrack", "--db", str(db), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)  # fmt: skip


def _count(db: Path, sql: str) -> int | None:
    try:
        with Store(db, busy_timeout=0.2).session() as session:
            return int(session.scalar(sql))
    except (DatabaseBusyError, NotFoundError, StoreError):
        return None


def _kill_when(process: subprocess.Popen[str], db: Path, sql: str, limit: float = 300) -> int:
    """SIGKILL ``process`` once ``sql`` counts something; returns that count."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the command finished before it could be killed: {process.stderr}")
        found = _count(db, sql)
        if found:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return found
        time.sleep(0.05)
    process.kill()
    pytest.fail("the command committed nothing in time")


def _runs(db: Path) -> dict[str, int]:
    with Store(db).session() as session:
        rows = session.sql("SELECT status, count(*) AS n FROM pipeline_runs GROUP BY status")
    return dict(rows.rows())


def _write_articles(path: Path, count: int) -> None:
    texts = [json.loads(line)["text"] for line in
             (ROOT / "fixtures" / "gold" / "extract" / "en.jsonl").read_text().splitlines()
             if line.strip()]  # fmt: skip
    with path.open("w", encoding="utf-8") as fh:
        for number in range(count):
            text = f"(#{number}) {texts[number % len(texts)]}"
            fh.write(json.dumps({"text": text, "lang": "en"}) + "\n")


def test_kill_during_ingest(tmp_path: Path) -> None:
    db, source = tmp_path / "k.duckdb", tmp_path / "many.jsonl"
    _write_articles(source, 3000)
    process = _start(db, "ingest", str(source))
    stored = _kill_when(process, db, "SELECT count(*) FROM articles")
    assert 0 < stored < 3000
    check = _cli(db, "check")
    assert check.returncode == 1 and "left running" in check.stdout + check.stderr
    again = _cli(db, "ingest", str(source))
    assert again.returncode == 0, again.stderr
    with Store(db).session() as session:
        assert session.scalar("SELECT count(*) FROM articles") == 3000  # no duplicates
        assert session.scalar("SELECT count(DISTINCT article_id) FROM article_appearances") == 3000
    assert _runs(db) == {"failed": 1, "ok": 1}
    assert _cli(db, "check").returncode == 0


def test_kill_during_extract_of_a_huge_article(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_big_article import build_article

    db, source = tmp_path / "k.duckdb", tmp_path / "big.txt"
    source.write_text(build_article(2.5), encoding="utf-8")  # ~5 extraction windows
    assert _cli(db, "ingest", str(source), "--lang", "ar").returncode == 0
    process = _start(db, "extract")
    partial = _kill_when(process, db, "SELECT count(*) FROM claims")
    assert partial > 0
    check = json.loads(_cli(db, "check", "--format", "json").stdout)
    assert {p["check"] for p in check["problems"]} == {"runs"}  # spans and references hold
    again = _cli(db, "extract")
    assert again.returncode == 0, again.stderr
    with Store(db).session() as session:
        found = session.scalar("SELECT claims FROM article_extractions")
        stored = session.scalar("SELECT count(*) FROM claims WHERE NOT stale")
        stale = session.scalar("SELECT count(*) FROM claims WHERE stale")
    assert stored == found and stale == 0 and found > partial
    assert _runs(db) == {"failed": 1, "ok": 2}
    assert _cli(db, "check").returncode == 0
