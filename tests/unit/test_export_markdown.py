"""The Markdown report: same sections, Markdown-escaped untrusted text, RTL wrapping."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from export_data import AR_TEXT, HOSTILE_TEXT, SCRIPT_NOTE, claims_frame, history_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.export.markdown_report import md_escape, md_link, render_markdown_report

GENERATED = datetime(2023, 9, 20, 12, 0, tzinfo=UTC)


def _render() -> str:
    return render_markdown_report(
        claims_frame(), history_frame(), title="Desk # report", generated_at=GENERATED
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _to_html(markdown: str) -> _Elements:
    """Render as CommonMark + GFM tables with raw HTML ON (the most permissive renderer)."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    parsed = _Elements()
    parsed.feed(html)
    parsed.close()
    return parsed


def test_hostile_text_renders_as_text() -> None:
    parsed = _to_html(_render())
    tags = {tag for tag, _ in parsed.elements}
    assert not tags & {"script", "img", "iframe", "b", "i"}
    for tag, attrs in parsed.elements:
        assert not [a for a in attrs if a.startswith("on")]
        if tag == "a":
            assert (attrs["href"] or "").startswith("https://"), attrs
    text = "".join(parsed.text)
    for hostile in (HOSTILE_TEXT, SCRIPT_NOTE, "[x](javascript:alert(6))", "Kim <b>Jong</b> Un"):
        assert hostile in text
    assert "Desk # report" in text


def test_rtl_claims_wrapped_in_rtl_div() -> None:
    parsed = _to_html(_render())
    divs = [attrs for tag, attrs in parsed.elements if tag == "div"]
    assert divs == [{"dir": "rtl", "lang": "ar"}] * 2
    assert AR_TEXT in "".join(parsed.text)
    assert f'<div dir="rtl" lang="ar">\n\n{AR_TEXT}\n\n</div>' in _render()


def test_sections_present() -> None:
    md = _render()
    for heading in ("## Summary", "### By status", "### By claim type", "### By language",
                    "### By source", "### By analyst", "### Conflicting variants",
                    "### Verdicts per day (UTC)", "## Claims (5)", "#### History",
                    "#### Evidence", "#### Notes"):  # fmt: skip
        assert f"\n{heading}\n" in md, heading
    assert "| Wire \\& Co | 1 |" in md
    assert "<svg" not in md  # no chart in Markdown


@pytest.mark.parametrize(
    "text",
    ["- item", "+ item", "1. item", "12) item", "# head", "> quote", "=== ", "`code`", "*em* _em_",
     "a | b", "&amp; &#60;", "line\n# two\n- three", "<!-- c -->", "~~del~~", "\\*"],
)  # fmt: skip
def test_md_escape_renders_literally(text: str) -> None:
    parsed = _to_html(f"> {md_escape(text)}\n\nx {md_escape(text)}\n")
    tags = [tag for tag, _ in parsed.elements]
    assert tags == ["blockquote", "p", "p"], (text, tags)  # no heading/list/code/em/table
    expected = " ".join(text.split())
    assert "".join(parsed.text).count(expected) == 2


def test_md_link_only_links_http() -> None:
    assert md_link("javascript:alert(1)", "x") == "x"
    assert md_link("https://e.org/a (b)<c>", "t") == "t"  # whitespace: not a safe URL
    assert md_link("https://e.org/a(b)<c>", "t]") == "[t\\]](https://e.org/a%28b%29%3Cc%3E)"
    parsed = _to_html(md_link("https://e.org/a(b)", "[evil](javascript:x)") + "\n")
    links = [a for tag, a in parsed.elements if tag == "a"]
    assert links == [{"href": "https://e.org/a%28b%29"}]


def test_empty_frame() -> None:
    md = render_markdown_report(claims_frame().clear(), None, title="t", generated_at=GENERATED)
    assert "## Claims (0)" in md and "None." in md


_MD_ALPHABET = st.sampled_from(list("<>&\"'`*_[]()!#|\\-+.=:;/~{}$%^ \n\taZ1ب\u00a0\u2028"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_MD_ALPHABET, max_size=40))
def test_md_escape_property_plain_paragraph(text: str) -> None:
    escaped = md_escape(text)
    assert "\n" not in escaped
    expected = " ".join(text.split())
    if not expected:
        return
    parsed = _to_html(f"x {escaped}\n")
    assert [tag for tag, _ in parsed.elements] == ["p"], (text, escaped)
    assert "".join(parsed.text).strip() == f"x {expected}".strip()
