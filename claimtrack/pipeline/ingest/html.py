"""HTML input: main-text extraction with trafilatura (a kept library), metadata from meta tags."""

from __future__ import annotations

from claimtrack.errors import IngestError
from claimtrack.models import ArticleInput
from claimtrack.pipeline.ingest.fields import clean_optional, parse_language, parse_published

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
    try:
        root = lxml.html.fromstring(html)
        lang = lang or root.get("lang")
        canonical = root.xpath("//link[@rel='canonical']/@href")
    except (ValueError, lxml.etree.ParserError):
        canonical = []
    try:
        language = parse_language(lang, where, "html lang") if lang else None
    except IngestError:
        language = None  # a malformed lang attribute is not worth losing the page over
    return ArticleInput(
        text=text,
        origin=where,
        title=clean_optional(meta.get("title")),
        url=clean_optional(canonical[0] if canonical else meta.get("url")),
        source=clean_optional(meta.get("sitename")),
        author=clean_optional(meta.get("author")),
        published=parse_published(meta.get("date"), where, "date meta tag"),
        language=language,
    )


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
