"""The self-contained HTML report: escaping, links, RTL, no network, headless Chromium."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from export_data import (
    AR_TEXT,
    AR_UNREVIEWED,
    HOSTILE_TEXT,
    SCRIPT_NOTE,
    claims_frame,
    history_frame,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.errors import InvalidInputError
from claimtrack.export.html_report import render_html_report
from claimtrack.export.summary import GroupBy
from tests.conftest import chromium

GENERATED = datetime(2023, 9, 20, 12, 0, tzinfo=UTC)


class _Collector(HTMLParser):
    """Every element with its attributes, and the text inside each element by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


GROUP_BYS = [None, "article", "group", "status"]


def _render(title: str = "Desk report <b>", group_by: GroupBy | None = None) -> str:
    return render_html_report(
        claims_frame(), history_frame(), title=title, generated_at=GENERATED, group_by=group_by
    )


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("group_by", GROUP_BYS)
def test_no_script_no_event_handlers_only_http_links(group_by: GroupBy | None) -> None:
    page = _render(group_by=group_by)
    parsed = _parse(page)
    tags = [tag for tag, _ in parsed.elements]
    assert "script" not in tags
    for forbidden in ("iframe", "object", "embed", "img", "link", "base", "form", "svg"):
        assert forbidden not in tags
    for tag, attrs in parsed.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if "href" in attrs:
            href = attrs["href"] or ""
            assert href.startswith(("https://", "http://", "#claim-")), href
        assert "src" not in attrs
    # the hostile strings are present as text (escaped in the source)
    text = "".join(parsed.text)
    for hostile in (HOSTILE_TEXT, SCRIPT_NOTE, "Kim <b>Jong</b> Un", "<script>evil()</script>"):
        assert hostile in text
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("group_by", GROUP_BYS)
def test_lxml_finds_no_script_either(group_by: GroupBy | None) -> None:
    lxml_html = pytest.importorskip("lxml.html")
    tree = lxml_html.document_fromstring(_render(group_by=group_by))
    assert tree.xpath("//script") == []
    assert tree.xpath("//@*[starts-with(name(), 'on')]") == []
    assert tree.xpath("//a[starts-with(normalize-space(@href), 'javascript')]") == []


@pytest.mark.parametrize("group_by", GROUP_BYS)
def test_javascript_urls_are_text_not_links(group_by: GroupBy | None) -> None:
    page = _render(group_by=group_by)
    parsed = _parse(page)
    hrefs = [attrs.get("href") for tag, attrs in parsed.elements if tag == "a"]
    assert "https://www.almayadeen.net/news/politics/1" in hrefs
    assert "https://example.org/e?a=1&b=(2)" in hrefs  # & escaped in source, decoded here
    assert not any("javascript" in (h or "") for h in hrefs)
    assert "javascript:alert(5)" in "".join(parsed.text)  # shown, not linked


@pytest.mark.parametrize("group_by", GROUP_BYS)
def test_claim_text_has_lang_and_dir(group_by: GroupBy | None) -> None:
    parsed = _parse(_render(group_by=group_by))
    quotes = [attrs for tag, attrs in parsed.elements if tag == "blockquote"]
    assert len(quotes) == 5
    by_lang = [(q.get("lang"), q.get("dir")) for q in quotes]
    if group_by is None:
        assert by_lang == [
            ("ar", "rtl"),
            ("en", "ltr"),
            ("ar", "rtl"),
            ("en", "ltr"),
            ("en", "ltr"),
        ]
    else:  # sections reorder the claims but keep their attributes
        assert sorted(by_lang) == [("ar", "rtl")] * 2 + [("en", "ltr")] * 3
    text = "".join(parsed.text)
    assert AR_TEXT in text and AR_UNREVIEWED in text


def test_self_contained_and_printable() -> None:
    page = _render()
    assert "@media print" in page
    assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
    # no remote resources: no url(...) or @import in the CSS, no src attributes at all
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style and "url(" not in style.group(1) and "@import" not in style.group(1)


def test_summary_sections_and_chart() -> None:
    parsed = _parse(_render())
    captions = {c.strip() for c in parsed.text}
    for name in ("By status", "By claim type", "By language", "By source", "By analyst",
                 "Claims by status", "Conflicting variants", "Verdicts per day (UTC)"):  # fmt: skip
        assert name in captions, name
    bars = [a for tag, a in parsed.elements if tag == "div" and a.get("class") == "bar"]
    assert len(bars) == 5  # one per status
    assert all(re.fullmatch(r"width:\d+\.\d%", a["style"] or "") for a in bars)
    assert "year: 2019 vs 2011 (claim e1)" in "".join(parsed.text)


def test_history_notes_evidence_rendered() -> None:
    text = "".join(_parse(_render()).text)
    assert "unreviewed → false" in text
    assert "TASS: 2011 visit" in text
    assert "</script><!--" in text  # hostile history note, as text


def test_title_escaped_and_empty_frame() -> None:
    page = render_html_report(claims_frame().clear(), None, title="<x>", generated_at=GENERATED)
    assert "<title>&lt;x&gt;</title>" in page
    assert "No claims." in page


def _sections(page: str) -> list[tuple[str, dict[str, str], list[str]]]:
    """(heading text, heading attributes, claim ids) of each report section, in order."""
    tree = pytest.importorskip("lxml.html").document_fromstring(page)
    sections = tree.xpath("//section[contains(@class, 'part')]")
    return [
        (
            s.xpath("./h3")[0].text_content(),
            dict(s.xpath("./h3")[0].attrib),
            [a.get("id").removeprefix("claim-") for a in s.xpath("./article")],
        )
        for s in sections
    ]


def test_no_sections_without_group_by() -> None:
    assert _sections(_render()) == []
    assert "part-" not in _render()


def test_sections_by_article_newest_first_with_rtl_title() -> None:
    page = _render(group_by="article")
    sections = _sections(page)
    assert [(h, ids) for h, _, ids in sections] == [
        ('Title "with" <tags>', ["e1"]),  # published 2023-09-14
        ("بوتين وكيم في فوستوتشني", ["a1", "a2"]),  # 2023-09-13
        ("https://example.org/d", ["e2", "e3"]),  # undated: last; no title: the URL
    ]
    assert sections[1][1] == {"lang": "ar", "dir": "rtl"}
    assert sections[0][1] == {"lang": "en", "dir": "ltr"}
    assert '<h3 lang="en" dir="ltr">Title &quot;with&quot; &lt;tags&gt;</h3>' in page
    tree = pytest.importorskip("lxml.html").document_fromstring(page)
    facts = [p.text_content() for p in tree.xpath("//section[contains(@class,'part')]/p[1]")]
    assert facts[0] == "Wire & Co · 2023-09-14 · javascript:alert(5) · 1 claim"  # text, no link
    assert facts[1].startswith("Al Mayadeen · 2023-09-13 · almayadeen.net/news/")  # short URL
    links = tree.xpath("//section[contains(@class,'part')]/p[1]/a/@href")
    assert links == ["https://www.almayadeen.net/news/politics/1", "https://example.org/d"]


def test_sections_by_group_conflicts_first_and_not_grouped_last() -> None:
    frame = claims_frame().with_columns(  # a2 joins g1 as a plain member, listed first
        pl.when(pl.col("claim_id") == "a2")
        .then(pl.lit("g1"))
        .otherwise("group_id")
        .alias("group_id")
    )
    frame = pl.concat(
        [frame.filter(pl.col("claim_id") == "a2"), frame.filter(pl.col("claim_id") != "a2")]
    )
    page = render_html_report(frame, None, title="t", generated_at=GENERATED, group_by="group")
    sections = _sections(page)
    assert [(h, ids) for h, _, ids in sections] == [
        ("Group g1", ["a1", "e1", "a2"]),  # largest first; conflicting variants before a2
        ("Group g2", ["e2"]),
        ("Not grouped (1)", ["e3"]),
    ]
    tree = pytest.importorskip("lxml.html").document_fromstring(page)
    g1 = tree.xpath("//section[contains(@class,'part')]")[0]
    assert "3 claims · languages: ar (2), en (1)" in g1.text_content()
    listed = g1.xpath("./ul/li/a/@href")
    assert listed == ["#claim-a1", "#claim-e1"]
    marked = tree.xpath("//article[p[contains(@class,'variant')]]/@id")
    assert marked == ["claim-a1", "claim-e1"]


def test_sections_by_status_vocabulary_order_else_count() -> None:
    order = ["unreviewed", "true", "false", "unverifiable", "not_a_claim"]
    page = render_html_report(
        claims_frame(), None, title="t", generated_at=GENERATED, group_by="status",
        status_order=order,
    )  # fmt: skip
    assert [(h, ids) for h, _, ids in _sections(page)] == [
        ("Unreviewed (1)", ["a2"]),
        ("True (1)", ["e2"]),
        ("False (1)", ["a1"]),
        ("Unverifiable <i> (1)", ["e1"]),
        ("Not a claim (1)", ["e3"]),
    ]
    frame = claims_frame().with_columns(  # two "true" claims: without an order, first
        pl.when(pl.col("claim_id") == "e3")
        .then(pl.lit("true"))
        .otherwise("status")
        .alias("status"),
        pl.when(pl.col("claim_id") == "e3")
        .then(pl.lit("True"))
        .otherwise("status_label")
        .alias("status_label"),
    )
    page = render_html_report(frame, None, title="t", generated_at=GENERATED, group_by="status")
    assert [(h, ids) for h, _, ids in _sections(page)] == [
        ("True (2)", ["e2", "e3"]),
        ("False (1)", ["a1"]),
        ("Unreviewed (1)", ["a2"]),
        ("Unverifiable <i> (1)", ["e1"]),
    ]


def test_unknown_group_by_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="group_by"):
        render_html_report(claims_frame(), None, title="t", generated_at=GENERATED, group_by="x")  # type: ignore[arg-type]


def test_sectioned_empty_frame() -> None:
    page = render_html_report(
        claims_frame().clear(), None, title="t", generated_at=GENERATED, group_by="group"
    )
    assert "No claims." in page and "Claims (0)" in page


def test_headless_chromium_renders_rtl(tmp_path: Path) -> None:
    browser = chromium()
    report = tmp_path / "report.html"
    report.write_text(_render(), encoding="utf-8")
    base = [
        browser, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    dom = subprocess.run(
        [*base, "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    tree = pytest.importorskip("lxml.html").document_fromstring(dom)
    arabic = tree.xpath("//blockquote[@lang='ar']")
    assert len(arabic) == 2 and all(q.get("dir") == "rtl" for q in arabic)
    assert tree.xpath("//script") == []
    shot = tmp_path / "report.png"
    subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1000,1400", report.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 1000


_HOSTILE_ALPHABET = st.sampled_from(list("<>&\"'`=/!-:; \n\tjavscriptonerorlhf()x1ب\u2028"))


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=_HOSTILE_ALPHABET, min_size=1, max_size=60),
    url=st.text(alphabet=_HOSTILE_ALPHABET, max_size=30),
    group_by=st.sampled_from(GROUP_BYS),
)
def test_html_property_untrusted_text_stays_text(
    text: str, url: str, group_by: GroupBy | None
) -> None:
    df = claims_frame().with_columns(
        pl.lit(text).alias("text"),
        pl.lit(text).alias("speaker"),
        pl.lit([text], dtype=pl.List(pl.String)).alias("notes"),
        pl.lit(url).alias("article_url"),
        pl.lit(text).alias("language"),
        pl.lit(text).alias("article_title"),
        pl.lit(text).alias("group_id"),
        pl.lit(text).alias("status_label"),
        pl.lit(text).alias("source"),
        pl.lit([text], dtype=pl.List(pl.String)).alias("conflicts"),
    )
    page = render_html_report(df, None, title=text, generated_at=GENERATED, group_by=group_by)
    parsed = _parse(page)
    for tag, attrs in parsed.elements:
        assert tag not in ("script", "iframe", "img", "object", "embed", "base")
        assert not [a for a in attrs if a.startswith("on")]
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "#claim-")), href
    assert text in "".join(parsed.text)
