"""``claimtrack review --web`` in headless Chromium: the queue renders, Arabic is shaped
and right-to-left, a verdict typed in the browser is in ``claimtrack history``; and the
token and analyst rules of a network service."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_support import Browser

from claimtrack.api.auth import check_binding, client_analyst, is_loopback, token_matches
from claimtrack.errors import InvalidInputError
from tests.conftest import chromium

TOKEN = "a-desk-token-of-sufficient-length"


def _claimtrack() -> str:
    return str(Path(sys.executable).parent / "claimtrack")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, response.read().decode(), " ".join(cookies)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), ""


@contextmanager
def _server(db: Path, *extra: str) -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    log = (db.parent / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        [_claimtrack(), "--db", str(db), "review", "--web", "--port", str(port), *extra],
        stdout=log, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, Path(log.name).read_text()
                time.sleep(0.2)
        try:
            yield base
        except AssertionError as error:
            raise AssertionError(f"{error}\nserver log:\n{Path(log.name).read_text()}") from None
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _first_queue_claim(db: Path) -> str:
    from claimtrack.api.review_view import QueueFilters, QueueSort, queue_page
    from claimtrack.api.workflow import vocabulary
    from claimtrack.store import Store

    frame = queue_page(Store(db), QueueFilters(), QueueSort(), vocab=vocabulary(), limit=1)
    return str(frame["claim_id"][0])


def test_review_in_a_browser_sets_a_verdict(review_db: Path, tmp_path: Path) -> None:
    import arabic_reshaper

    browser_path = chromium()  # skips, or fails where CI installed it, when it is missing
    claim_id = _first_queue_claim(review_db)
    with _server(review_db, "--analyst", "server-user") as base:
        browser = Browser(browser_path, tmp_path / "profile")
        try:
            browser.open(base + "?analyst=web-rana")
            screen = browser.wait_for_screen("analyst web-rana")
            # Arabic arrives shaped (joined presentation forms) in right-to-left order:
            # xterm.js draws cells left to right and neither reorders nor joins letters.
            screen = browser.wait_for_screen(arabic_reshaper.reshape("بوتين")[::-1], timeout=180)
            assert "Status" in screen and "Claim" in screen  # the queue's header row
            assert "unreviewed " in screen
            browser.screenshot(tmp_path / "web-review.png")
            browser.type("8")  # the 8th status of the default vocabulary: false
            browser.wait_for_screen("false 1")  # the status counts line
        finally:
            browser.close()
    history = subprocess.run(
        [_claimtrack(), "--db", str(review_db), "history", claim_id, "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    events = json.loads(history.stdout)
    assert [(e["analyst"], e["change"]) for e in events] == [("web-rana", "unreviewed -> false")]


def test_token_rule_and_analyst_cookie(review_db: Path) -> None:
    with _server(review_db, "--token", TOKEN) as base:
        assert _get(base)[0] == 401
        assert _get(base + "?token=wrong-token-wrong-token")[0] == 401
        status, page, cookies = _get(base + f"?token={TOKEN}&analyst=sami")
        assert status == 200 and "/ws" in page
        assert "claimtrack_token=" in cookies and "HttpOnly" in cookies
        assert "claimtrack_analyst=sami" in cookies
        assert _get(base + f"static/css/xterm.css?token={TOKEN}")[0] == 200


def test_off_loopback_needs_a_token(review_db: Path) -> None:
    done = subprocess.run(
        [_claimtrack(), "--db", str(review_db), "review", "--web", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "CLAIMTRACK_TOKEN"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "needs a token" in done.stderr and "Traceback" not in done.stderr


def test_auth_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
    assert check_binding("127.0.0.1", None) is None
    with pytest.raises(InvalidInputError, match="needs a token"):
        check_binding("0.0.0.0", None)
    with pytest.raises(InvalidInputError, match="at least 16"):
        check_binding("0.0.0.0", "short")
    assert check_binding("0.0.0.0", TOKEN) == TOKEN
    assert token_matches(TOKEN, TOKEN) and not token_matches(TOKEN, TOKEN[:-1])
    assert not token_matches(TOKEN, None) and token_matches(None, None)
    assert client_analyst("", default="rana", loopback=True) == "rana"
    with pytest.raises(InvalidInputError, match="analyst="):
        client_analyst("", default="rana", loopback=False)
    with pytest.raises(InvalidInputError, match="printable"):
        client_analyst("ra\x1bna", default=None, loopback=False)
    assert client_analyst(" سامي ", default=None, loopback=False) == "سامي"
