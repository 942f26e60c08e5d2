"""The demo's HTML report in a real browser (headless Debian chromium): a screenshot, and
the DOM after the page ran: every Arabic claim is ``dir="rtl"``, and a hostile article's
markup stays text — no script element, no handler ran. ``.ci/run`` installs chromium and
fonts-noto-core; the test skips only where they could not be installed, saying why."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

from claimtrack.api.claims import extract, list_claims
from claimtrack.api.exports import write_report
from claimtrack.api.ingest import ingest_paths
from claimtrack.pipeline.ingest import IngestDefaults
from claimtrack.store import Store
from tests.conftest import DemoRun, chromium

HOSTILE = (
    "قال الوزير إن الميزانية ارتفعت 12 في المئة منذ عام 2019 "
    "<script>document.body.setAttribute('data-pwned','script')</script> "
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> وفق التقرير.\n"
)


def _run(browser: str, profile: Path, *args: str) -> str:
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          check=True).stdout  # fmt: skip


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_demo_report_in_chromium(demo_run: DemoRun, tmp_path: Path) -> None:
    import lxml.html

    browser = chromium()
    shot = tmp_path / "report.png"
    _run(browser, tmp_path / "p1", f"--screenshot={shot}", "--window-size=1000,1400",
         demo_run.report.as_uri())  # fmt: skip
    assert _png_size(shot) == (1000, 1400) and shot.stat().st_size > 20_000

    tree = lxml.html.document_fromstring(
        _run(browser, tmp_path / "p2", "--dump-dom", demo_run.report.as_uri())
    )
    claims = list_claims(Store(demo_run.db)).to_dicts()
    arabic = tree.xpath("//blockquote[@lang='ar']")
    assert len(arabic) == sum(1 for c in claims if c["language"] == "ar") > 0
    assert all(q.get("dir") == "rtl" for q in arabic)
    english = tree.xpath("//blockquote[@lang='en']")
    assert len(english) == sum(1 for c in claims if c["language"] == "en") > 0
    assert all(q.get("dir") == "ltr" for q in english)
    assert tree.xpath("//section[@class='factchecks']/h2/text()") == ["Earlier fact-checks"]
    assert tree.xpath("//script") == []


def test_hostile_article_in_the_demo_report_runs_no_script(
    demo_run: DemoRun, tmp_path: Path
) -> None:
    import lxml.html

    browser = chromium()
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_run.db, db)
    store = Store(db)
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    ingest_paths(store, [hostile], defaults=IngestDefaults(language="ar", source="<b>x</b>"))
    extract(store)
    report = write_report(store, tmp_path / "report.html", group_by="group",
                          title="claimtrack demo report")  # fmt: skip
    tree = lxml.html.document_fromstring(
        _run(browser, tmp_path / "p3", "--dump-dom", report.as_uri())
    )
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert tree.body.get("data-pwned") is None  # neither the script nor the handler ran
    assert "document.body.setAttribute('data-pwned','script')" in tree.text_content()
    assert "<b>x</b>" in tree.text_content()  # the hostile source name, as text
    hostile_claims = [q for q in tree.xpath("//blockquote[@lang='ar']")
                      if "data-pwned" in q.text_content()]  # fmt: skip
    assert hostile_claims and all(q.get("dir") == "rtl" for q in hostile_claims)
