"""Display-only bidi: reordering, shaping, the terminal decision; docs list every key."""

from __future__ import annotations

from pathlib import Path

import arabic_reshaper
from bidi.algorithm import get_display
from rich.console import Console
from rich.text import Text

from claimtrack.tui import bindings
from claimtrack.tui.bidi import BidiText, resolve_bidi, terminal_does_bidi, visual_cell, visual_line

REPO = Path(__file__).resolve().parents[2]
ARABIC = "قال الوزير إن النمو بلغ 5 في المئة (2019) وفق Reuters."


def test_visual_line_matches_the_reference_algorithm() -> None:
    assert visual_line(Text(ARABIC)).plain == get_display(arabic_reshaper.reshape(ARABIC))


def test_styles_stay_on_their_characters() -> None:
    line = Text(ARABIC)
    start = ARABIC.index("2019")
    line.stylize("bold", start, start + 4)
    shown = visual_line(line)
    bold = "".join(shown.plain[s.start : s.end] for s in shown.spans if s.style == "bold")
    assert bold == "2019"  # numbers keep their left-to-right order inside RTL text


def test_latin_text_is_left_alone() -> None:
    line = Text("Putin met Kim [@click=app.quit]x[/]")
    assert visual_line(line) is line


def test_cells_are_cut_in_logical_order_before_reordering() -> None:
    cell = visual_cell(Text(ARABIC), 12, True)
    assert cell.cell_len <= 12
    assert cell.plain.endswith(get_display(arabic_reshaper.reshape("قال")))  # start on the right


def test_bidi_text_wraps_then_right_aligns() -> None:
    console = Console(width=30, record=True, color_system=None)
    console.print(BidiText(Text(ARABIC), enabled=True))
    lines = [line for line in console.export_text().splitlines() if line.strip()]
    assert len(lines) == 2 and all(len(line) == 30 for line in lines)
    first = get_display(arabic_reshaper.reshape("قال"))
    assert lines[0].endswith(first)  # the paragraph starts at the right of its first line


def test_terminal_decision() -> None:
    assert resolve_bidi("on", {}) and not resolve_bidi("off", {"TERM": "xterm"})
    assert resolve_bidi("auto", {"TERM": "xterm-256color"})
    assert terminal_does_bidi({"TERM": "mlterm"}) == "mlterm"
    assert terminal_does_bidi({"KONSOLE_VERSION": "230804"}) == "konsole"
    assert terminal_does_bidi({"VTE_VERSION": "7600"}) == "vte"
    assert terminal_does_bidi({"VTE_VERSION": "5200"}) is None  # VTE before 0.58: no bidi
    assert not resolve_bidi("auto", {"VTE_VERSION": "7600"})


def test_docs_list_every_key() -> None:
    docs = (REPO / "docs" / "TUI.md").read_text(encoding="utf-8").lower()
    for _, items in bindings.SECTIONS:
        for binding in items:
            key = {"escape": "esc", "enter": "enter", "question_mark": "?"}.get(
                binding.key, bindings.key_label(binding)
            )
            assert f"`{key.lower()}`" in docs, f"docs/TUI.md does not mention {binding}"
    assert "`1` unreviewed" in docs


def test_review_command_on_a_missing_database_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimtrack.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "review"])
    assert result.exit_code == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
