"""Huge articles are extracted window by window (issue 12 row 7): same claims, bounded work.

The figures (time per MB and peak memory from 1 to 50 MB) are in bench/bench_big_article.py;
these tests check that windowing changes nothing it should not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.models import Article
from claimtrack.pipeline.extract import extract_claims
from claimtrack.pipeline.ingest import article_id_for, normalise_body
from claimtrack.store import Store
from tests.conftest import SEED_ARTICLE


def _seed() -> Article:
    text = normalise_body(SEED_ARTICLE.read_text(encoding="utf-8"))
    return Article("seed", text, "ar", published=date(2023, 9, 13))


@given(st.text(alphabet="ab .\n؟", max_size=400), st.integers(min_value=1, max_value=60))
@settings(max_examples=200, deadline=None)
def test_windows_cover_the_text_in_order(text: str, size: int) -> None:
    from claimtrack.pipeline.extract.windows import windows

    spans = list(windows(text, size))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b <= a + size for a, b in spans) or text == ""
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_windows_cut_after_a_line_break_when_there_is_one() -> None:
    from claimtrack.pipeline.extract.windows import windows

    text = "aaaa\nbbbb\ncccc"
    assert list(windows(text, 6)) == [(0, 5), (5, 10), (10, 14)]
    # One long line: after the sentence end, else after the last space, else hard.
    assert list(windows("one. two three", 8)) == [(0, 5), (5, 9), (9, 14)]
    assert list(windows("abcdefghij", 4)) == [(0, 4), (4, 8), (8, 10)]


@pytest.mark.parametrize("size", [400, 1500])
def test_windowed_claims_match_the_whole_article(size: int) -> None:
    from claimtrack.pipeline.extract.windows import extract_claims_windowed, windows

    article = _seed()
    whole = extract_claims(article)
    parts = [claim for window in extract_claims_windowed(article, size) for claim in window]
    assert len(list(windows(article.text, size))) > 1

    def key(c):  # type: ignore[no-untyped-def]
        return (
            c.claim_id, c.char_start, c.char_end, c.sentence_index, c.claim_type,
            c.context_start, c.context_end,
        )  # fmt: skip

    assert sorted(map(key, parts)) == sorted(map(key, whole))
    assert all(article.text[c.char_start : c.char_end] == c.text for c in parts)


def test_one_window_article_is_extract_claims() -> None:
    from claimtrack.pipeline.extract.windows import extract_claims_windowed

    article = _seed()
    (only,) = extract_claims_windowed(article)
    assert only == extract_claims(article)


def test_a_huge_article_is_extracted_through_the_api(
    run_cli: Callable[..., Result], store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through ``claimtrack extract`` with a small window: committed window by window, the
    same claims as a one-window extraction, and no stale flags from the partial commits."""
    from claimtrack.pipeline.extract import windows as windows_module

    big = tmp_path / "big.txt"
    big.write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("ingest", str(big), "--lang", "ar", "--published", "2023-09-13").exit_code == 0
    monkeypatch.setattr(windows_module, "WINDOW_CHARS", 700)
    seed = _seed()
    article = Article(article_id_for(seed.text), seed.text, "ar", published=seed.published)
    expected = sorted(c.claim_id for c in extract_claims(article))
    result = run_cli("extract")
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} claim(s)" in result.stdout, result.output
    with store.session() as session:
        stored = session.sql("SELECT claim_id, stale FROM claims ORDER BY claim_id").rows()
    assert [claim_id for claim_id, _ in stored] == expected
    assert not any(stale for _, stale in stored)
    assert run_cli("extract", "--all").exit_code == 0  # re-extraction: upserts, nothing stale
    with store.session() as session:
        assert session.scalar("SELECT count(*) FROM claims WHERE stale") == 0
