"""Hybrid claim retrieval: the claims' lexical index is kept up to date in place next to
the vector index, and dense + BM25 candidates are fused (issue 10, points 1 and 8)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from claimtrack.api.retrieval import ClaimRetriever, lexical_index, lexical_index_path
from claimtrack.store import Store

NEW_ARTICLE = (
    "Rescue teams evacuated 1,250 residents from the flooded valley on Tuesday, the civil "
    "defence agency said in a statement. The agency said the river rose by four metres."
)


def _claim_keys(store: Store) -> dict[str, str]:
    with store.session() as session:
        frame = session.sql("SELECT text_key, any_value(text) AS text FROM claims GROUP BY 1")
    return dict(zip(frame["text_key"].to_list(), frame["text"].to_list(), strict=True))


def test_new_claim_is_added_in_place_without_a_rebuild(
    seeded_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths

    store = Store(tmp_path / "copy.duckdb")
    store.path.write_bytes(seeded_db.read_bytes())
    index, report = lexical_index(store, "claims")
    before = _claim_keys(store)
    assert report.rebuilt and report.added == len(before) == len(index)
    assert lexical_index_path(store, "claims").is_file()
    assert lexical_index_path(store, "claims").parent.name == "copy.duckdb.indexes"

    article = tmp_path / "new.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    ingest_paths(store, [article])
    extract(store)
    new = set(_claim_keys(store)) - set(before)
    assert new  # the article gave at least one new claim text
    with caplog.at_level(logging.INFO, logger="claimtrack.embedding.lexical_index"):
        index, report = lexical_index(store, "claims")
    assert (report.added, report.removed, report.rebuilt) == (len(new), 0, False)
    assert index.counters["analysed"] == len(new) and index.counters["rebuilds"] == 0
    assert f"lexical index: {len(new)} analysed, 0 removed in place" in caplog.text
    assert index.search("evacuated residents valley", k=1)[0][0] in new


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def test_candidates_fuse_dense_and_lexical_lists() -> None:
    from claimtrack.embedding.index import VectorIndex
    from claimtrack.embedding.lexical_index import LexicalIndex

    texts = {"k1": "Kim Jong Un arrived in Russia by armoured train",
             "k2": "The summit lasted five hours",
             "k3": "Shells were sent in exchange for satellite technology",
             "k4": "كيم جونغ أون وصل إلى روسيا"}  # fmt: skip
    vectors = {"k1": _unit([1, 0, 0]), "k2": _unit([0, 1, 0]), "k3": _unit([0, 0, 1]),
               "k4": _unit([1, 0.05, 0])}  # fmt: skip
    dense = VectorIndex.build(list(vectors), np.stack(list(vectors.values())), model_id="t")
    lexical = LexicalIndex(("text",))
    lexical.add({k: {"text": t} for k, t in texts.items()})
    retriever = ClaimRetriever(None, None, vector_index=dense, lexical=lexical)  # type: ignore[arg-type]
    query = _unit([1, 0.02, 0])  # near k1 and its Arabic translation k4
    (found,) = retriever.candidates(query[None, :], ["satellite technology exchange"], k=4,
                                    depth=2)  # fmt: skip
    by_key = {c.text_key: c for c in found}
    assert set(by_key) == {"k1", "k4", "k3"}  # dense top 2 + lexical top 1 (only k3 matches)
    assert [c.fused_rank for c in found] == [1, 2, 3]
    assert found[0].text_key in ("k1", "k3")  # both ranked first in one list
    assert by_key["k1"].dense_score == pytest.approx(float(vectors["k1"] @ query))
    assert by_key["k3"].dense_score == pytest.approx(float(vectors["k3"] @ query), abs=1e-6)
    assert by_key["k3"].bm25_score > 0 and by_key["k1"].bm25_score == 0.0
    text_key, dense_score, bm25_score, fused_rank = found[0]  # a plain tuple too
    assert (text_key, dense_score, bm25_score) == tuple(found[0])[:3]
    assert isinstance(fused_rank, int)
    (only,) = retriever.candidates(query[None, :], ["satellite"], k=4, allowed={"k2", "k3"})
    assert {c.text_key for c in only} == {"k2", "k3"}
    empty = retriever.candidates(np.zeros((0, 3)), [], k=4)
    assert empty == []
