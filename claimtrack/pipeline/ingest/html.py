"""HTML input: main-text extraction with trafilatura (a kept library), metadata from meta tags."""

from __future__ import annotations

from typing import Any

from claimtrack.errors import IngestError
from claimtrack.models import ArticleInput
from claimtrack.pipeline.ingest.fields import clean_optional, parse_language, parse_published
from claimtrack.untrusted import safe_http_url

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


def read_html_article(html: str, where: str) -> ArticleInput:
    """Extract the main text plus title/author/date/canonical URL/language of one page."""
    import lxml.html
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    meta = (
        document.as_dict()
        if document is not None and hasattr(document, "as_dict")
        else (document or {})
    )
    text = meta.get("text") or ""
    if not text.strip():
        raise IngestError(where, "no main text found in the HTML page")
    lang = meta.get("language")
    canonical: list[str] = []
    declared: tuple[str, str] | None = None
    try:
        root = lxml.html.fromstring(html)
        lang = lang or root.get("lang")
        canonical = [str(href) for href in root.xpath("//link[@rel='canonical']/@href")]
        declared = _declared_date(root)
    except (ValueError, lxml.etree.ParserError):
        pass
    try:
        language = parse_language(lang, where, "html lang") if lang else None
    except IngestError:
        language = None  # a malformed lang attribute is not worth losing the page over
    notes: list[str] = []
    url = None
    for candidate in dict.fromkeys([*canonical, meta.get("url")]):
        raw = clean_optional(candidate)
        if raw is None:
            continue
        url = safe_http_url(raw)
        if url is not None:
            break
        notes.append(f"ignored the page's URL {raw[:60]!r}: not an http(s) URL")
    published = _published(meta.get("date"), declared, where, notes)
    return ArticleInput(
        text=text,
        origin=where,
        title=clean_optional(meta.get("title")),
        url=url,
        source=clean_optional(meta.get("sitename")),
        author=clean_optional(meta.get("author")),
        published=published,
        language=language,
        notes=tuple(notes),
    )


# Meta tags that state the publication date (property, name or itemprop, lower-cased).
_DATE_TAGS = ("article:published_time", "og:published_time", "datepublished",
              "date", "dc.date", "dc.date.issued", "pubdate", "publishdate")  # fmt: skip


def _declared_date(root: Any) -> tuple[str, str] | None:
    """The first publication-date meta tag of the page: (tag name, content as written)."""
    for element in root.iter("meta"):
        name = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        if name.strip().lower() in _DATE_TAGS and content and content.strip():
            return name.strip(), content.strip()
    return None


def _published(found: Any, declared: tuple[str, str] | None, where: str, notes: list[str]) -> Any:
    """The page's publication date. trafilatura (htmldate) repairs impossible dates --
    ``2023-02-30`` becomes ``2023-02-01`` -- so the date the page declares in its meta tags
    wins, and when that one is not a real date the page gets no date (and a note)."""
    if declared is None:
        return parse_published(found, where, "date meta tag")
    tag, content = declared
    try:
        return parse_published(content, where, tag)
    except IngestError:
        notes.append(f"ignored the page's date {content[:40]!r} ({tag}): not a valid date")
        return None


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries), keeping paragraph breaks."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in root.iter():
        if element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
