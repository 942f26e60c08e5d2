"""Untrusted text made safe and readable for the terminal -- for DISPLAY only.

Two jobs, both applied to copies of the text shown on screen, never to stored data:

* :func:`clean` turns control characters into visible symbols, one for one (so claim
  offsets still line up): ``\\x1b[2J`` shows as ``␛[2J`` and never reaches the terminal.
  Bidi embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069) become
  ``�``: in a fact-checking tool a stray RLO must not make "2019" read "9102".
* With bidi on, :class:`BidiText` wraps each paragraph at the widget's width first and
  then reorders every line to visual order (Unicode bidi algorithm) and shapes Arabic
  letters into their joined presentation forms, keeping the styles (claim highlights) on
  the right characters. Terminals that do bidi themselves must get the logical text
  instead (``--bidi off``), or they would reverse it twice; ``auto`` decides from the
  environment (see :func:`terminal_does_bidi` and docs/TUI.md).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from claimtrack.untrusted import visible

BIDI_MODES = ("auto", "on", "off")


def clean(value: object, *, single_line: bool = False) -> str:
    """``value`` as text with every control character replaced by a visible one.

    The rule is :func:`claimtrack.untrusted.visible`, shared with the CLI's tables. The
    result has exactly as many characters as the input, so spans (claim offsets)
    computed on the stored text apply unchanged.
    """
    return visible(value, single_line=single_line)


def safe_text(value: object, style: str = "", *, single_line: bool = False) -> Text:
    """A Rich ``Text`` of untrusted ``value``: never parsed as markup, controls made visible."""
    return Text(clean(value, single_line=single_line), style=style)


# ------------------------------------------------------------------- terminal decision
def terminal_does_bidi(env: Mapping[str, str] | None = None) -> str | None:
    """The name of the terminal when the environment says it reorders RTL text itself."""
    env = os.environ if env is None else env
    if env.get("MLTERM") or "mlterm" in env.get("TERM", ""):
        return "mlterm"
    if env.get("KONSOLE_VERSION") or env.get("KONSOLE_DBUS_SESSION"):
        return "konsole"
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5800:  # VTE 0.58 (GNOME Terminal 3.34) added BiDi
        return "vte"
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return "Apple Terminal"
    return None


def resolve_bidi(mode: str, env: Mapping[str, str] | None = None) -> bool:
    """Whether claimtrack itself should reorder and shape RTL text for display."""
    if mode not in BIDI_MODES:
        raise ValueError(f"bidi must be one of {', '.join(BIDI_MODES)}, got {mode!r}")
    if mode == "auto":
        return terminal_does_bidi(env) is None
    return mode == "on"


# ------------------------------------------------------------------------ reordering
def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def base_level(text: str) -> int:
    """0 (left-to-right) or 1 (right-to-left): the first strong character decides."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return 1
        if kind == "L":
            return 0
    return 0


def _visual_order(text: str, level: int) -> list[tuple[int, str]]:
    """(logical index, displayed character) in visual order, by the Unicode bidi algorithm.

    python-bidi's pure-Python steps are used because they expose the per-character
    storage, which lets each character keep its style through the reordering.
    """
    from bidi import algorithm as uba

    storage: dict[str, Any] = uba.get_empty_storage()
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return [(char["index"], char["ch"]) for char in storage["chars"]]


def _style_runs(line: Text) -> list[Text]:
    """``line`` cut wherever a style starts or ends: each piece has one style throughout."""
    cuts = sorted({edge for span in line.spans for edge in (span.start, span.end)
                   if 0 < edge < len(line)})  # fmt: skip
    return list(line.divide(cuts)) if cuts else [line]


def _shaped(piece: Text) -> Text:
    import arabic_reshaper

    shaped = arabic_reshaper.reshape(piece.plain) if has_rtl(piece.plain) else piece.plain
    out = Text(shaped, style=piece.style, end="")
    for span in piece.spans:  # each span covers the whole piece (see _style_runs)
        out.stylize(span.style, 0, len(shaped))
    return out


def visual_line(line: Text, level: int | None = None) -> Text:
    """One display line in visual order, Arabic shaped; styles stay on their characters."""
    if not has_rtl(line.plain):
        return line
    logical = Text("", end="", style=line.style).join(_shaped(p) for p in _style_runs(line))
    if level is None:
        level = base_level(logical.plain)
    singles = logical.divide(range(1, len(logical)))
    parts = []
    for index, char in _visual_order(logical.plain, level):
        part = singles[index]
        if char != part.plain:  # a mirrored bracket
            part = Text(char, style=part.style, spans=[s._replace(end=1) for s in part.spans])
        parts.append(part)
    return Text("", end="", style=line.style).join(parts)


def visual_cell(text: Text, width: int, enabled: bool) -> Text:
    """A one-line table cell: cut to ``width`` in logical order, then reordered."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    return visual_line(text) if enabled else text


class BidiText:
    """A Rich renderable of a paragraph text: wrapped at the available width, then each line
    reordered (when ``enabled``) and right-aligned when the paragraph is right-to-left."""

    def __init__(self, text: Text, *, enabled: bool) -> None:
        self.text = text
        self.enabled = enabled

    def _lines(self, console: Console, width: int) -> Iterable[Text]:
        for paragraph in self.text.split("\n", allow_blank=True):
            if not self.enabled or not has_rtl(paragraph.plain):
                yield from paragraph.wrap(console, width) or [Text("")]
                continue
            level = base_level(paragraph.plain)
            for line in paragraph.wrap(console, width) or [Text("")]:
                line.rstrip()
                shown = visual_line(line, level)
                if level == 1 and shown.cell_len < width:
                    shown = Text(" " * (width - shown.cell_len)) + shown
                yield shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self._lines(console, options.max_width):
            line.end = "\n"
            line.no_wrap = True
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
