"""The Markdown report: same sections, Markdown-escaped untrusted text, RTL wrapping."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import polars as pl
import pytest
from export_data import AR_TEXT, HOSTILE_TEXT, SCRIPT_NOTE, claims_frame, history_frame
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.export.markdown_report import md_escape, md_link, render_markdown_report
from claimtrack.export.summary import GroupBy

GENERATED = datetime(2023, 9, 20, 12, 0, tzinfo=UTC)


GROUP_BYS = [None, "article", "group", "status"]


def _render(group_by: GroupBy | None = None) -> str:
    return render_markdown_report(
        claims_frame(),
        history_frame(),
        title="Desk # report",
        generated_at=GENERATED,
        group_by=group_by,
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


@pytest.mark.parametrize("group_by", GROUP_BYS)
def test_hostile_text_renders_as_text(group_by: GroupBy | None) -> None:
    parsed = _to_html(_render(group_by))
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
    assert 'Title "with" <tags>' in text or group_by != "article"  # the section heading


def _claims_part(md: str) -> list[str]:
    """Section (``###``) and claim (``####``) heading lines after ``## Claims``."""
    lines = md[md.index("\n## Claims") :].splitlines()
    return [line for line in lines if line.startswith(("### ", "#### "))]


def test_sections_by_article() -> None:
    md = _render("article")
    assert _claims_part(md) == [
        '### Title "with" \\<tags\\>',
        "#### 1\\. Unverifiable \\<i\\> · e1",
        "### بوتين وكيم في فوستوتشني",
        "#### 2\\. False · a1",
        "#### 3\\. Unreviewed · a2",
        "### https://example.org/d",
        "#### 4\\. True · e2",
        "#### 5\\. Not a claim · e3",
    ]
    # The RTL title sits in the same div as RTL claims; facts under each heading.
    assert '<div dir="rtl" lang="ar">\n\n### بوتين وكيم في فوستوتشني\n\n</div>' in md
    assert (
        "**Source:** Wire \\& Co · **Published:** 2023-09-14 · **Link:** javascript:alert\\(5\\)"
        in md
    )
    assert "**Link:** [example.org/d](https://example.org/d) · 2 claims" in md
    parsed = _to_html(md)
    links = {a["href"] for tag, a in parsed.elements if tag == "a"}
    assert not any("javascript" in (h or "") for h in links)
    assert sum(1 for tag, _ in parsed.elements if tag == "div") == 3  # 2 claims + 1 title
    assert "##### History" in md and "\n#### History" not in md  # claim parts moved down


def test_sections_by_group() -> None:
    md = _render("group")
    assert _claims_part(md) == [
        "### Group g1",
        "#### 1\\. Conflicting variant · False · a1",
        "#### 2\\. Conflicting variant · Unverifiable \\<i\\> · e1",
        "### Group g2",
        "#### 3\\. True · e2",
        "### Not grouped (2)",
        "#### 4\\. Unreviewed · a2",
        "#### 5\\. Not a claim · e3",
    ]
    g1 = md[md.index("### Group g1") : md.index("#### 1")]
    assert "2 claims · languages: ar (1), en (1)" in g1
    assert "- a1: year: 2019 vs 2011 \\(claim e1\\)" in g1
    assert "- e1: year: 2011 vs 2019 \\(claim a1\\)" in g1


def test_sections_by_status() -> None:
    order = ["unreviewed", "in_review", "true", "false", "unverifiable", "not_a_claim"]
    md = render_markdown_report(
        claims_frame(), None, title="t", generated_at=GENERATED, group_by="status",
        status_order=order,
    )  # fmt: skip
    headings = [line for line in _claims_part(md) if line.startswith("### ")]
    assert headings == [
        "### Unreviewed (1)", "### True (1)", "### False (1)", "### Unverifiable \\<i\\> (1)",
        "### Not a claim (1)",
    ]  # fmt: skip
    frame = claims_frame().with_columns(pl.lit("false").alias("status"))
    md = render_markdown_report(frame, None, title="t", generated_at=GENERATED, group_by="status")
    # One status: one section holding every claim, in the frame's order.
    assert _claims_part(md)[0] == "### False (5)"
    assert [line.rsplit(" ", 1)[1] for line in _claims_part(md)[1:]] == [
        "a1", "e1", "a2", "e2", "e3"]  # fmt: skip


def test_hostile_section_headings_stay_one_line() -> None:
    hostile = "x\n# injected\n- item [l](javascript:1)"
    frame = claims_frame().with_columns(
        pl.lit(hostile).alias("article_title"),
        pl.lit(hostile).alias("group_id"),
        pl.lit(hostile).alias("status_label"),
        pl.lit(hostile).alias("source"),
    )
    group_bys: list[GroupBy] = ["article", "group", "status"]
    for group_by in group_bys:
        md = render_markdown_report(
            frame, None, title="t", generated_at=GENERATED, group_by=group_by
        )
        assert "\n# injected" not in md and "\n- item" not in md, group_by
        parsed = _to_html(md)
        assert not [a for tag, a in parsed.elements if tag == "a" and "javascript" in str(a)]
        assert [tag for tag, _ in parsed.elements].count("h1") == 1  # only the title


def test_rtl_claims_wrapped_in_rtl_div() -> None:  # ungrouped: no RTL section titles
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
