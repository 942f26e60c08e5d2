"""Untrusted text on its way out (issue 12 rows 3 and 4).

Row 3: an article, claim, source, analyst or note carrying ``ESC [2J`` (clear screen),
colour codes, an OSC title sequence or a bidi override reached the terminal raw through
every table. Row 4: notes, claims or analyst names starting with ``= + - @`` were written
unchanged into CSV, where a spreadsheet runs them as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
CLEAR = "\x1b[2J\x1b[31m"
OSC_TITLE = "\x1b]0;owned\x07"
RLO = "\u202e"
CSI_8BIT = "\x9b31m"
RAW = ("\x1b", "\x07", RLO, "\x9b")
FORMULA = '=HYPERLINK("http://x","y")'
ARTICLE = {
    "text": f"The minister said 40 percent of the budget {CLEAR}was spent on roads in 2023.\n"
    f"The ministry reported that {OSC_TITLE}3,000 people were evacuated on Monday {RLO}2019.\n"
    f"{FORMULA} said 75 percent of the money came from taxes.\n",
    "title": f"Budget {OSC_TITLE}report",
    "source": f"Wire{CLEAR}",
    "lang": "en",
    "url": "https://news.example/budget",
    "published": "2024-03-12",
}


def _raw_free(text: str) -> bool:
    return not any(char in text for char in RAW)


@pytest.fixture
def hostile(run_cli: Run, tmp_path: Path) -> tuple[Run, list[dict]]:
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    assert run_cli("ingest", str(path)).exit_code == 0
    assert run_cli("extract").exit_code == 0
    claims = json.loads(run_cli("claims", "--format", "json").stdout)
    assert any("\x1b[2J" in c["text"] for c in claims)  # stored as written
    return run_cli, claims


def test_visible_keeps_length_and_shows_controls() -> None:
    from claimtrack.untrusted import visible

    text = f"a{CLEAR}b{OSC_TITLE}c{RLO}d{CSI_8BIT}\te\nf"
    shown = visible(text)
    assert len(shown) == len(text) and _raw_free(shown)
    assert "␛[2J" in shown and "␛]0;owned␇" in shown and "\n" in shown
    assert "\n" not in visible(text, single_line=True)


def test_spreadsheet_cell() -> None:
    from claimtrack.untrusted import spreadsheet_cell

    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_cell(cell) == "'" + cell
    for cell in ("plain", "", "1=1", "'=already"):
        assert spreadsheet_cell(cell) == cell


@pytest.mark.parametrize(
    "args",
    [("articles",), ("claims",), ("queue",), ("stats",)],
    ids=["articles", "claims", "queue", "stats"],
)
def test_tables_show_escapes_visibly(hostile: tuple[Run, list[dict]], args: tuple[str]) -> None:
    run_cli, _ = hostile
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert _raw_free(result.stdout)  # main: ESC, BEL and the RLO reached the terminal
    assert "␛" in result.stdout or "�" in result.stdout


def test_history_table_shows_analyst_and_note_visibly(hostile: tuple[Run, list[dict]]) -> None:
    run_cli, claims = hostile
    claim = claims[0]["claim_id"]
    assert run_cli("note", claim, f"see {OSC_TITLE}", "--analyst", f"rana{CLEAR}").exit_code == 0
    result = run_cli("history", claim)
    # The table may wrap the note; the escape and the bell are shown, never sent.
    assert _raw_free(result.stdout) and "␛" in result.stdout and "␇" in result.stdout


def test_messages_show_escapes_visibly(hostile: tuple[Run, list[dict]], tmp_path: Path) -> None:
    run_cli, claims = hostile
    bad = tmp_path / f"bad{CLEAR}.jsonl"
    bad.write_text("{not json\n")
    result = run_cli("ingest", str(bad))
    assert result.exit_code == 1 and _raw_free(result.stderr) and "bad␛[2J" in result.stderr
    result = run_cli("assign", claims[0]["claim_id"], "--to", f"x{OSC_TITLE}")
    assert result.exit_code == 0 and _raw_free(result.stdout)


def test_factcheck_search_table_shows_escapes_visibly(run_cli: Run, tmp_path: Path) -> None:
    from claimtrack.api.vectors import load_embedder

    load_embedder("use-multilingual-v3")  # cached per process: the CLI reuses it
    path = tmp_path / "fc.jsonl"
    record = {"id": "fc1", "claim": f"The budget {CLEAR}rose 40 percent in 2023",
              "rating": f"False{OSC_TITLE}", "url": "https://fc.example/1",
              "publisher": "Desk", "language": "en"}  # fmt: skip
    path.write_text(json.dumps(record) + "\n")
    assert run_cli("factchecks", "import", str(path)).exit_code == 0
    result = run_cli("factchecks", "search", "the budget rose 40 percent in 2023")
    assert result.exit_code == 0, result.output
    assert _raw_free(result.stdout) and "fc1" in result.stdout


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_csv_neutralises_formulas(hostile: tuple[Run, list[dict]]) -> None:
    run_cli, claims = hostile
    formula_claim = next(c["claim_id"] for c in claims if c["text"].startswith("="))
    assert (
        run_cli("note", formula_claim, "+1 call the ministry", "--analyst", "@rana").exit_code == 0
    )
    assert run_cli("verdict", formula_claim, "false", "--analyst", "-sami").exit_code == 0
    rows = _csv(run_cli("export", "--format", "csv", "--out", "-").stdout)
    row = next(r for r in rows if r["claim_id"] == formula_claim)
    assert row["text"] == "'" + claims[[c["claim_id"] for c in claims].index(formula_claim)]["text"]
    assert row["analyst"] == "'-sami"  # main: -sami (a formula in a spreadsheet)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    # --raw-csv writes the cells as stored.
    raw = _csv(run_cli("export", "--format", "csv", "--out", "-", "--raw-csv").stdout)
    assert next(r for r in raw if r["claim_id"] == formula_claim)["analyst"] == "-sami"
    # JSON is not a spreadsheet format: unchanged.
    exported = json.loads(run_cli("export", "--format", "json", "--out", "-").stdout)
    assert next(r for r in exported if r["claim_id"] == formula_claim)["analyst"] == "-sami"


def test_listing_csv_neutralises_formulas(hostile: tuple[Run, list[dict]]) -> None:
    run_cli, claims = hostile
    claim = claims[0]["claim_id"]
    assert run_cli("note", claim, FORMULA, "--analyst", "=cmd").exit_code == 0
    history = _csv(run_cli("history", claim, "--format", "csv").stdout)
    assert {r["analyst"] for r in history} == {"'=cmd"} and history[0]["note"] == "'" + FORMULA
    raw = _csv(run_cli("history", claim, "--format", "csv", "--raw-csv").stdout)
    assert raw[0]["note"] == FORMULA
    listed = _csv(run_cli("claims", "--format", "csv").stdout)
    assert any(r["text"] == "'" + FORMULA + " said 75 percent of the money came from taxes."
               for r in listed)  # fmt: skip
    scores = [r["checkworthiness"] for r in listed]
    assert all(not s.startswith("'") for s in scores)  # numbers are not text cells
