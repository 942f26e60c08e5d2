"""schema.org ClaimReview JSON-LD: structure, grouping, <script> safety, JSON-LD expansion."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from export_data import AR_TEXT, HOSTILE_TEXT, LINE_SEP_TEXT, claims_frame

from claimtrack.errors import ConfigError, InvalidInputError
from claimtrack.export.claimreview import (
    claimreview_documents,
    claimreview_problems,
    claimreview_script_tag,
    write_claimreview,
)

ORG = {"org_name": "Desk <Fact> Check", "org_url": "https://desk.example.org"}


def _docs(**kwargs: Any) -> list[dict[str, Any]]:
    return claimreview_documents(claims_frame(), **ORG, **kwargs)


def test_one_review_per_verdicted_claim() -> None:
    docs = _docs()
    # a1 false, e1 unverifiable, e2 true; a2 unreviewed and e3 not_a_claim are skipped
    assert [d["claimReviewed"] for d in docs] == [AR_TEXT, HOSTILE_TEXT, LINE_SEP_TEXT]
    for doc in docs:
        assert doc["@context"] == "https://schema.org"
        assert doc["@type"] == "ClaimReview"
        assert doc["author"] == {
            "@type": "Organization",
            "name": ORG["org_name"],
            "url": ORG["org_url"],
        }
        assert doc["reviewRating"]["@type"] == "Rating"
        assert isinstance(doc["reviewRating"]["alternateName"], str)
        assert doc["itemReviewed"]["@type"] == "Claim"
        assert isinstance(doc["datePublished"], str) and len(doc["datePublished"]) == 10


def test_numeric_and_textual_ratings() -> None:
    a1, e1, e2 = _docs()
    assert a1["reviewRating"] == {
        "@type": "Rating", "alternateName": "False",
        "ratingValue": 1, "bestRating": 5, "worstRating": 1,
    }  # fmt: skip
    # unverifiable: textual verdict only, no invented number
    assert e1["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert e2["reviewRating"]["ratingValue"] == 5


def test_item_reviewed_fields() -> None:
    a1, e1, e2 = _docs()
    claim = a1["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "فلاديمير بوتين"}
    assert claim["datePublished"] == "2023-09-13"
    assert claim["appearance"] == [
        {"@type": "CreativeWork", "url": "https://www.almayadeen.net/news/politics/1"}
    ]
    assert claim["firstAppearance"]["url"] == "https://www.almayadeen.net/news/politics/1"
    assert a1["inLanguage"] == "ar" and a1["datePublished"] == "2023-09-14"
    # a javascript: article URL is never written, anywhere
    assert "appearance" not in e1["itemReviewed"] and "url" not in e1
    assert "alert(5)" not in json.dumps(e1)  # JS_URL, the article URL
    assert e2["itemReviewed"]["author"]["@type"] == "Organization"  # entity kind org


def test_review_url_template_and_fallback() -> None:
    a1 = _docs(review_url_template="https://desk.example.org/checks/{claim_id}?x={y}")[0]
    assert a1["url"] == "https://desk.example.org/checks/a1?x={y}"
    assert _docs()[0]["url"] == "https://www.almayadeen.net/news/politics/1#claimtrack-a1"


def test_problems_report_missing_url() -> None:
    a1, e1, _ = _docs()
    assert claimreview_problems(a1) == []
    assert claimreview_problems(e1) == ["missing url"]


def test_group_mode_uses_earliest_verdicted_member() -> None:
    docs = _docs(group_by="group")
    # g1 = {a1 (2023-09-13), e1 (2023-09-14)} -> one review from a1; g2 = {e2}; e3 not a claim
    assert len(docs) == 2
    g1 = docs[0]
    assert g1["claimReviewed"] == AR_TEXT
    # all members' http(s) article URLs; e1's javascript: URL is dropped
    assert [a["url"] for a in g1["itemReviewed"]["appearance"]] == [
        "https://www.almayadeen.net/news/politics/1"
    ]


def test_group_mode_lists_every_member_appearance() -> None:
    df = claims_frame().with_columns(
        pl.when(pl.col("claim_id") == "e1")
        .then(pl.lit("https://b.example/x"))
        .otherwise(pl.col("article_url"))
        .alias("article_url")
    )
    g1 = claimreview_documents(df, **ORG, group_by="group")[0]
    urls = [a["url"] for a in g1["itemReviewed"]["appearance"]]
    assert urls == ["https://www.almayadeen.net/news/politics/1", "https://b.example/x"]
    assert g1["itemReviewed"]["firstAppearance"]["url"] == urls[0]


@pytest.mark.parametrize(
    ("name", "url"), [(None, "https://x.org"), ("Desk", None), ("", ""), ("Desk", "javascript:x")]
)
def test_missing_org_is_a_config_error(name: str | None, url: str | None) -> None:
    with pytest.raises(ConfigError, match="org"):
        claimreview_documents(claims_frame(), org_name=name, org_url=url)


def test_unknown_group_by_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="group_by"):
        _docs(group_by="article")


def test_write_claimreview_utf8_array(tmp_path: Path) -> None:
    path = tmp_path / "cr.json"
    write_claimreview(_docs(), path)
    raw = path.read_text(encoding="utf-8")
    assert AR_TEXT in raw
    assert json.loads(raw) == _docs()
    out = io.StringIO()
    write_claimreview([], out)
    assert json.loads(out.getvalue()) == []


class _ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[list[tuple[str, str | None]], str]] = []
        self._attrs: list[tuple[str, str | None]] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._attrs = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data: str) -> None:
        if self._attrs is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._attrs = None


def test_script_tag_cannot_be_broken_out_of() -> None:
    docs = _docs()
    tag = claimreview_script_tag(docs[1])  # the hostile claim text
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in body
    assert "\\u003c/script\\u003e" in body
    page = f"<html><body>{tag}{claimreview_script_tag(docs[2])}<p>after</p></body></html>"
    parser = _ScriptCollector()
    parser.feed(page)
    parser.close()
    assert len(parser.scripts) == 2  # exactly the two JSON-LD elements, nothing injected
    assert all(attrs == [("type", "application/ld+json")] for attrs, _ in parser.scripts)
    assert json.loads(parser.scripts[0][1]) == docs[1]
    assert json.loads(parser.scripts[1][1]) == docs[2]  # U+2028 round-trips
    assert "img" not in parser.tags and parser.tags[-1] == "p"


# The parts of the schema.org JSON-LD context these documents use, inlined so the test
# never touches the network: schema.org's context is "@vocab" plus "@id" coercion of URLs.
_SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": "https://schema.org/",
        "url": {"@id": "https://schema.org/url", "@type": "@id"},
    }
}


def test_documents_expand_as_json_ld() -> None:
    jsonld = pytest.importorskip("pyld.jsonld")

    def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
            raise AssertionError(f"unexpected context fetch: {url}")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": _SCHEMA_CONTEXT}  # fmt: skip

    s = "https://schema.org/"
    for doc in _docs():
        [expanded] = jsonld.expand(doc, {"documentLoader": offline_loader})
        assert expanded["@type"] == [s + "ClaimReview"]
        assert expanded[s + "claimReviewed"][0]["@value"] == doc["claimReviewed"]
        rating = expanded[s + "reviewRating"][0]
        assert rating["@type"] == [s + "Rating"]
        assert rating[s + "alternateName"][0]["@value"] == doc["reviewRating"]["alternateName"]
        assert expanded[s + "author"][0][s + "url"] == [{"@id": ORG["org_url"]}]
        assert expanded[s + "itemReviewed"][0]["@type"] == [s + "Claim"]
        nquads = jsonld.to_rdf(
            doc, {"documentLoader": offline_loader, "format": "application/n-quads"}
        )
        assert f"<{s}ClaimReview>" in nquads
