"""`eval match` fact-check search rows: every stage from one run, labelled with the split
and the splits the re-ranker saw (on a tiny CheckThat!-shaped folder)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


def test_eval_match_reports_each_stage_with_its_split(
    run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMTRACK_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "data" / "checkthat2020-task2-en-claim-retrieval"
    folder.mkdir(parents=True)
    docs = {"1": ("Kim Jong Un arrived in Russia on an armoured train.", "Kim's train"),
            "2": ("The Eiffel Tower was sold for scrap metal in 1925.", "Eiffel scrap"),
            "3": ("Drinking hot water cures the flu.", "Hot water and flu")}  # fmt: skip
    (folder / "verified_claims.docs.tsv").write_text(
        "\tvclaim\ttitle\n" + "".join(f"{k}\t{c}\t{t}\n" for k, (c, t) in docs.items()), "utf-8"
    )
    tweets = {"t1": "so kim jong un took an armoured train all the way to russia?!",
              "t2": "Someone just told me hot water cures the flu lol"}  # fmt: skip
    (folder / "test.tweets.queries.tsv").write_text(
        "tweet_id\ttweet_content\n" + "".join(f"{k}\t{v}\n" for k, v in tweets.items()), "utf-8"
    )
    (folder / "test.tweet-vclaim-pairs.qrels").write_text("t1 0 1 1\nt2 0 3 1\n", "utf-8")
    args = ("eval", "match", "--only", "checkthat", "--data", str(tmp_path / "data"))
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["checkthat"]
    assert (row["split"], row["ranker_trained_on"], row["queries"], row["library"]) == (
        "test", ["train"], 2, 3
    )  # fmt: skip
    assert "split test, not seen by the re-ranker, which was trained on train" in row["dataset"]
    assert set(row["stages"]) == {"bm25", "dense", "fused", "reranked"}
    assert row["stages"]["reranked"]["map@5"] == row["stages"]["bm25"]["map@5"] == 1.0
    table = run_cli(*args)
    assert "test  reranked  MAP@1 1.0000" in table.stdout
    assert (tmp_path / "cache" / "eval" / "checkthat2020.duckdb").is_file()  # reused next time
