"""Dated fact-check search: a query's date adds the BM25 list of fact-checks published near
it and gives the re-ranker each candidate's date gap; undated queries are unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import Result

from claimtrack.embedding.ranker import FEATURES, feature_matrix
from claimtrack.evaluation.retrieval import tweet_date
from claimtrack.store import Store

# Two fact-checks of a recurring hoax: the 2019 one shares more words with the query, the
# 2021 one is the check of this (2021) post.
LIBRARY = [
    {"id": "fc-2019", "claim": "Bill Gates vaccine microchip hoax: vaccine microchip tracking "
     "claim about Bill Gates is false", "rating": "False", "date": "2019-05-02",
     "url": "https://factcheck.example.org/2019/gates", "language": "en"},
    {"id": "fc-2021", "claim": "No, the new booster does not implant a tracking chip",
     "rating": "False", "date": "March 5, 2021", "url": "https://factcheck.example.org/2021/booster",
     "language": "en"},
    {"id": "fc-undated", "claim": "Tracking apps do not read your messages", "rating": "False",
     "url": "https://factcheck.example.org/apps", "language": "en"},
]  # fmt: skip
QUERY = "Bill Gates vaccine microchip: the booster will implant a tracking microchip"


@pytest.fixture
def searcher(run_cli: Callable[..., Result], store: Store, tmp_path: Path) -> object:
    from claimtrack.api.factcheck_search import LibrarySearcher
    from claimtrack.api.vectors import load_embedder

    path = tmp_path / "library.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in LIBRARY), "utf-8")
    result = run_cli("factchecks", "import", str(path))
    assert result.exit_code == 0, result.output
    return LibrarySearcher(store, load_embedder("use-multilingual-v3"), depth=1)


def test_a_dated_query_gets_the_fact_check_published_near_it(searcher) -> None:  # type: ignore[no-untyped-def]
    ((ids, undated),) = searcher.signals([QUERY])
    assert "fc-2021" not in ids  # depth 1: the older, wordier check wins both lists
    assert np.isnan(undated.days_after).all() and not undated.recent_rank.any()
    when = datetime(2021, 3, 4, 18, 0, tzinfo=UTC)
    ((ids, dated),) = searcher.signals([QUERY], dates=[when])
    assert "fc-2021" in ids and "fc-2019" in ids
    new, old = ids.index("fc-2021"), ids.index("fc-2019")
    assert dated.recent_rank[new] == 1 and dated.recent_rank[old] == 0
    assert dated.days_after[new] == pytest.approx(0.25)  # published the next day
    assert dated.days_after[old] < -600
    x = feature_matrix(dated)
    known, gap = FEATURES.index("date_known"), FEATURES.index("days_after")
    assert x[new, known] == 1 and x[new, gap] == pytest.approx(np.log1p(0.25), abs=1e-6)
    assert x[old, gap] < -6  # sign(d) * log(1 + |d|)
    assert searcher.rank([QUERY], dates=[date(2021, 3, 4)], top_k=3)  # dates as days work


def test_query_dates_must_match_the_texts(searcher) -> None:  # type: ignore[no-untyped-def]
    from claimtrack.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="1 query dates for 2 texts"):
        searcher.signals([QUERY, "another"], dates=[None])


def test_tweet_ids_give_their_posting_time() -> None:
    # FactCheckTweet's ids went through floats; a tweet about 30 April 2020.
    posted = tweet_date("1.2558009862680248e+18")
    assert posted is not None and posted.date() == date(2020, 4, 30)
    assert (posted.hour, posted.minute) == (10, 7)
    assert tweet_date("5.92243341841961e+17").year == 2015  # type: ignore[union-attr]
    assert tweet_date("t1") is None and tweet_date("12") is None


def test_search_takes_a_date(run_cli: Callable[..., Result], searcher) -> None:  # type: ignore[no-untyped-def]
    def first(*options: str) -> str:
        result = run_cli("factchecks", "search", QUERY, *options, "--format", "json")
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)[0]["factcheck_id"])

    # Undated, the 2019 check shares the most words; dated, the one published the next day.
    assert first() == "fc-2019"
    assert first("--date", "2021-03-04") == "fc-2021"
    bad = run_cli("factchecks", "search", QUERY, "--date", "04/03/2021")
    assert bad.exit_code == 2 and "--date" in bad.output


def test_suggest_reads_each_claims_article_date(store: Store) -> None:
    from claimtrack.store import factchecks as library

    with store.session() as session:
        frame = library.suggestion_candidates(session, "any-model")
    assert "published" in frame.columns  # `factchecks suggest` passes it as the query date
