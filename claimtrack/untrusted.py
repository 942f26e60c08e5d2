"""Untrusted text (articles, claims, notes, names, fact-checks) made safe where it is shown.

Two rules, shared by the CLI, the TUI and the exports, applied to copies of the text on its
way out -- stored data is never changed:

* :func:`visible` -- for a terminal. Control characters become their visible Unicode
  pictures one for one (``\\x1b[2J`` shows as ``␛[2J``, an OSC title sequence as
  ``␛]0;…␇``), C1 controls (``\\x9b`` is a one-byte CSI) and the bidi embedding, override and
  isolate controls (U+202A..U+202E, U+2066..U+2069) become ``�``: in a fact-checking tool a
  stray RLO must not make "2019" read "9102". The length never changes, so claim offsets
  still line up.
* :func:`spreadsheet_cell` -- for CSV. A text cell that starts with ``= + - @``, a tab or a
  carriage return is a formula to Excel, LibreOffice and Google Sheets
  (``=HYPERLINK("http://x","y")``); it gets a leading ``'``, which spreadsheets show as
  text and do not display. Numbers are not text cells and are never touched.

And :func:`safe_http_url`: the one test of "a URL that may be stored as an article's URL or
written as a link" (ingest, reports, ClaimReview).
"""

from __future__ import annotations

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(32)}
_CONTROL_PICTURES[127] = "\u2421"  # ␡
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_REPLACED = {
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
    **{code: "\ufffd" for code in BIDI_CONTROLS},
}
_PARAGRAPH = str.maketrans(
    {**_CONTROL_PICTURES, 10: "\n", 9: " ", 0x2028: "\n", 0x2029: "\n", **_REPLACED}
)
_SINGLE_LINE = str.maketrans(
    {**_CONTROL_PICTURES, 10: " ", 9: " ", 13: " ", 0x2028: " ", 0x2029: " ", **_REPLACED}
)
#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def visible(value: object, *, single_line: bool = False) -> str:
    """``value`` as text with every control character replaced by a visible one.

    Newlines stay (as ``\\n``) unless ``single_line``, which turns line breaks and tabs
    into spaces. The result has exactly as many characters as the input.
    """
    text = "" if value is None else str(value)
    return text.translate(_SINGLE_LINE if single_line else _PARAGRAPH)


def spreadsheet_cell(text: str) -> str:
    """``text`` neutralised for a CSV cell: a leading ``'`` when it would start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_http_url(url: object) -> str | None:
    """``url`` stripped, if it is an absolute http(s) URL that is safe to link; else None.

    Anything else (``javascript:``, ``data:``, relative paths, URLs with whitespace or
    control characters that browsers would silently drop) is shown as text, never linked.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        return None
    host = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return url if host and not host.startswith("@") else None
