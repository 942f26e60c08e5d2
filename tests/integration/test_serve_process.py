"""One real ``claimtrack serve`` (uvicorn) on loopback, started as the README says on a copy
of the demo database: the README's curl lines work against it, and the CLI writes to the
same database file while it runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DemoRun

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
START_SECONDS = 180  # the model and indexes load before the port opens (a loaded machine)


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"### {title}")
    end = text.find("\n#", start + 4)
    return text[start : end if end != -1 else None]


def _commands() -> tuple[str, list[str]]:
    """The README's start command and its curl lines (``ID=...`` lines included)."""
    lines = [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", _section("HTTP service"), re.S)
        for line in block.splitlines()
    ]
    (start,) = [line for line in lines if re.match(r"claimtrack .*\bserve\b", line)]
    calls = [line for line in lines if line.startswith(("curl ", "ID="))]
    return start.split("#")[0].strip(), calls


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimtrack", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture(scope="module")
def server(
    demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The README's start command on a copy of the demo database, on a free port."""
    db = tmp_path_factory.mktemp("serve-demo") / "claimtrack-demo.duckdb"
    shutil.copy(demo_run.db, db)
    start, _ = _commands()
    argv = shlex.split(start.replace("demo/claimtrack-demo.duckdb", str(db)))
    assert argv[0] == "claimtrack" and "serve" in argv
    port = _free_port()
    argv = [sys.executable, "-m", "claimtrack", *argv[1:], "--port", str(port)]
    env = {**os.environ, "CLAIMTRACK_ANALYST": "serve-test"}
    env.pop("CLAIMTRACK_TOKEN", None)
    log = (db.parent / "serve.log").open("w")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, (db.parent / "serve.log").read_text()
            try:
                if _get(f"{base}/healthz")["status"] == "ok":
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve did not answer /healthz in time"
            time.sleep(0.5)
        yield base, db
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: uvicorn shuts down cleanly
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert process.returncode == 0, (db.parent / "serve.log").read_text()[-2000:]


def test_real_server_answers_and_the_cli_writes_beside_it(server: tuple[str, Path]) -> None:
    base, db = server
    found = _post(f"{base}/similar", {"text": "Kim's first visit to Russia since 2019"})
    assert found and {"claim_id", "score", "relation"} <= set(found[0])
    claim_id = found[0]["claim_id"]
    # The service holds no connection between requests: another process can write.
    done = _cli(db, "verdict", claim_id, "mostly_true", "--analyst", "cli-analyst")
    assert done.returncode == 0, done.stderr
    detail = _get(f"{base}/claims/{claim_id}")
    assert detail["status"] == "mostly_true" and detail["analyst"] == "cli-analyst"
    again = _post(f"{base}/similar", {"text": "Kim's first visit to Russia since 2019"})
    assert [r["claim_id"] for r in again] == [r["claim_id"] for r in found]


def _curl() -> str:
    found = shutil.which("curl")
    if found:
        return found
    if os.environ.get("CLAIMTRACK_REQUIRE_CURL") == "1":
        pytest.fail("CLAIMTRACK_REQUIRE_CURL=1 but curl is not on PATH")
    pytest.skip("curl is not installed (.ci/run installs it)")


def test_readme_curl_examples_work(server: tuple[str, Path]) -> None:
    _curl()
    base, _ = server
    _, calls = _commands()
    assert len(calls) >= 10
    script = ["set -euo pipefail"]
    for line in calls:
        # -f: an HTTP error fails the script; the output of each call ends with a newline.
        line = line.replace("http://127.0.0.1:8000", base).replace("curl -s ", "curl -sSf ")
        script.append(line if line.startswith("ID=") else f"{line}; echo")
    result = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True,
                            timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(outputs) == sum(1 for c in calls if c.startswith("curl"))
    health, similar, compare, factchecks, claims, verdict, evidence, claim, ingest, stats = outputs
    assert health["status"] == "ok" and similar and compare["relation"] == "conflicting"
    assert isinstance(factchecks, list) and all(c["language"] == "en" for c in claims)
    assert [e["analyst"] for e in verdict["events"]] == ["rana"]
    assert evidence["evidence_url"] == "https://example.org/source"
    assert claim["status"] == "in_review" and claim["history"][-1]["action"] == "evidence"
    assert ingest["status"] == "added" and ingest["claims"]
    assert stats["total"] > 0
