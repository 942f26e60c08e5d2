"""URLs as people read them (decoded IRI, short form) and which matches panels hide."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from claimtrack.display import (
    display_url,
    factcheck_matches,
    hidden_note,
    short_url,
    split_hidden,
)

MISBAR = (
    "https://www.misbar.com/factcheck/2024/10/01/"
    "%D8%A7%D9%84%D8%B5%D9%88%D8%B1%D8%A9-%D9%85%D9%81%D8%A8%D8%B1%D9%83%D8%A9?utm=x"
)


def test_percent_encoded_arabic_path_is_decoded() -> None:
    assert display_url(MISBAR) == (
        "https://www.misbar.com/factcheck/2024/10/01/الصورة-مفبركة?utm=x"
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # reserved ASCII stays encoded: decoding must not change where the URL points
        ("https://x.org/a%2Fb%3Fc%23d%25", "https://x.org/a%2Fb%3Fc%23d%25"),
        # controls, spaces, bidi overrides and zero-width characters stay encoded
        ("https://x.org/%20%0A%E2%80%AE%E2%80%8B", "https://x.org/%20%0A%E2%80%AE%E2%80%8B"),
        # invalid UTF-8 stays as it is; the valid character after it is decoded
        ("https://x.org/%D8%C3%A9%FF", "https://x.org/%D8é%FF"),
        # punycode host labels in Unicode
        ("https://xn--mgbh0fb.xn--kgbechtv/", "https://مثال.إختبار/"),
        ("", ""),
    ],
)
def test_only_safe_characters_are_decoded(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_display_url_of_nothing_is_empty() -> None:
    assert display_url(None) == "" and short_url(None) == ""


def test_short_url_is_host_and_path_start() -> None:
    assert short_url(MISBAR) == "misbar.com/factcheck/2024/10/01/الصورة-مفبركة?…"
    assert short_url(MISBAR, width=24) == "misbar.com/factcheck/20…"
    assert len(short_url(MISBAR, width=24)) == 24
    assert short_url("https://example.org/") == "example.org"
    assert short_url("https://example.org/a#top") == "example.org/a#…"
    assert short_url("not a url") == "not a url"


def test_unrelated_hits_are_hidden_and_counted() -> None:
    hits = [SimpleNamespace(relation=r) for r in ("same", "unrelated", "related", "unrelated")]
    shown, hidden = split_hidden(hits)
    assert [h.relation for h in shown] == ["same", "related"]
    assert len(hidden) == 2
    assert hidden_note(len(hidden)) == "2 weaker matches hidden"
    assert hidden_note(1, "w") == "1 weaker match hidden — w shows it"
    assert hidden_note(3, "w") == "3 weaker matches hidden — w shows them"


def test_only_same_or_conflicting_factchecks_are_matches() -> None:
    hits = [SimpleNamespace(relation=r) for r in ("related", "same", "unrelated", "conflicting")]
    matches, weaker = factcheck_matches(hits)
    assert [h.relation for h in matches] == ["same", "conflicting"]
    assert [h.relation for h in weaker] == ["related", "unrelated"]
