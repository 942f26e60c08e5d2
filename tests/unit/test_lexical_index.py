"""The BM25 index: search, incremental add/remove (equal to a rebuild), persistence,
damaged files rebuilt; reciprocal rank fusion."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

from claimtrack.embedding.fusion import reciprocal_rank_fusion
from claimtrack.embedding.lexical_index import (
    LexicalIndex,
    LexicalIndexError,
    open_index,
)

DOCS = {
    "a": {"text": "Kim Jong Un visited Russia for the first time since 2019"},
    "b": {"text": "The floods in Derna killed 11,300 people, the Red Crescent said"},
    "c": {"text": "أعلنت وزارة الصحة عن ٦٬٦٠٠ إصابة جديدة"},
    "d": {"text": "Russia and North Korea mark 75 years of diplomatic relations"},
    "e": {"text": "The earthquake in Al Haouz killed 2,946 people"},
}


def _index(docs: dict[str, dict[str, str]] = DOCS) -> LexicalIndex:
    index = LexicalIndex(("text",))
    index.add(docs, {k: "v1" for k in docs})
    return index


def _bm25(index: LexicalIndex, query: str) -> dict[str, float]:
    """Okapi BM25 computed naively from the analysed texts, for comparison."""
    docs = {k: index.analyser.terms(DOCS[k]["text"]) for k in index.current()}
    n = len(docs)
    avgdl = sum(len(t) for t in docs.values()) / n
    out = {}
    for key, terms in docs.items():
        score = 0.0
        for term in set(index.analyser.terms(query)):
            df = sum(term in t for t in docs.values())
            tf = terms.count(term)
            if tf:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(terms) / avgdl))
        out[key] = score
    return out


def test_scores_are_okapi_bm25() -> None:
    index = _index()
    query = "Russia visit first time since 2019"
    expected = _bm25(index, query)
    for key, score in index.search(query, k=5):
        assert score == pytest.approx(expected[key], rel=1e-5)
    assert index.search(query, k=1)[0][0] == "a"


def test_arabic_and_numbers_match_across_spellings_and_digits() -> None:
    index = _index()
    assert index.search("وزاره الصحه 6600 اصابه", k=1)[0][0] == "c"
    assert index.search("11300 killed Derna", k=1)[0][0] == "b"
    assert index.search("nothing matches zzz", k=3) == []


def test_incremental_updates_equal_a_rebuild() -> None:
    index = _index({k: DOCS[k] for k in "abc"})
    index.add({"d": DOCS["d"], "e": DOCS["e"]})
    index.remove(["b"])
    index.add({"b": DOCS["b"]})  # removed then added back
    index.remove(["c"])
    fresh = _index({k: DOCS[k] for k in "abde"})
    for query in ("Russia killed people", "earthquake Haouz", "Korea 75 years"):
        assert index.search(query, k=5) == pytest.approx(fresh.search(query, k=5))
    assert "c" not in index and len(index) == 4
    assert index.counters["analysed"] == 6  # 3 + 2 + "b" again; nothing re-analysed


def test_search_many_equals_search_and_allowed_filters() -> None:
    index = _index()
    queries = ["Russia", "killed people", "الصحة", "none at all"]
    assert index.search_many(queries, k=3) == [index.search(q, k=3) for q in queries]
    assert [k for k, _ in index.search("killed", k=5, allowed={"e"})] == ["e"]


def test_multi_field_index_has_per_field_and_all_scores() -> None:
    index = LexicalIndex(("claim", "title"))
    index.add({"x": {"claim": "vaccine causes autism", "title": "False: no link"},
               "y": {"claim": "5G spreads the virus", "title": "Vaccine myths"}})  # fmt: skip
    assert [k for k, _ in index.search("vaccine", field="claim")] == ["x"]
    assert [k for k, _ in index.search("vaccine", field="title")] == ["y"]
    assert {k for k, _ in index.search("vaccine")} == {"x", "y"}  # "all" by default
    with pytest.raises(ValueError):
        index.search("vaccine", field="body")


def test_persist_and_load_round_trip(tmp_path: Path) -> None:
    index = _index()
    index.remove(["d"])
    path = tmp_path / "claims-lexical.lex"
    index.save(path)
    loaded = LexicalIndex.load(path, ("text",))
    assert loaded.current() == index.current()
    for query in ("Russia first time", "killed people 2,946"):
        assert loaded.search(query) == pytest.approx(index.search(query))


def test_sync_analyses_only_new_and_changed_documents(tmp_path: Path) -> None:
    path = tmp_path / "x.lex"
    fetched: list[list[str]] = []

    def fetch(keys: list[str]) -> dict[str, dict[str, str]]:
        fetched.append(sorted(keys))
        return {k: DOCS[k] for k in keys}

    current = {k: "v1" for k in "abc"}
    index, report = open_index(path, ("text",), current, fetch)
    assert report.rebuilt and report.added == 3  # no file yet: a first build
    current = {"a": "v1", "b": "v2", "d": "v1"}  # b changed, c removed, d new
    index, report = open_index(path, ("text",), current, fetch)
    assert not report.rebuilt
    assert fetched[-1] == ["b", "d"] and (report.added, report.removed) == (2, 2)
    assert index.counters["rebuilds"] == 0 and index.counters["analysed"] == 2
    assert index.current() == current
    index, report = open_index(path, ("text",), current, fetch)
    assert (report.added, report.removed, report.rebuilt) == (0, 0, False)


@pytest.mark.parametrize("damage", ["garbage", "truncate", "wrong_analyser", "bad_indices"])
def test_damaged_file_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "x.lex"
    current = {k: "v1" for k in DOCS}
    index, _ = open_index(path, ("text",), current, lambda keys: {k: DOCS[k] for k in keys})
    expected = index.search("Russia killed people")
    if damage == "garbage":
        path.write_bytes(b"not a zip")
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        with zipfile.ZipFile(path) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        if damage == "wrong_analyser":
            members["meta.json"] = members["meta.json"].replace(b"ar-light10", b"ar-other")
        else:
            buf = np.load(__import__("io").BytesIO(members["text.indices.npy"]))
            out = __import__("io").BytesIO()
            np.save(out, buf + 10_000)
            members["text.indices.npy"] = out.getvalue()
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
    with pytest.raises(LexicalIndexError):
        LexicalIndex.load(path, ("text",))
    index, report = open_index(path, ("text",), current, lambda keys: {k: DOCS[k] for k in keys})
    assert report.rebuilt and index.counters["rebuilds"] == 1
    assert index.search("Russia killed people") == pytest.approx(expected)
    assert LexicalIndex.load(path, ("text",)).current() == current  # saved back, readable


def test_reciprocal_rank_fusion() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert [key for key, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    # weights, limit, repeated keys counted once, deterministic ties
    weighted = reciprocal_rank_fusion([["a", "b"], ["b", "a"]], weights=[1.0, 2.0], limit=1)
    assert weighted == [("b", pytest.approx(1 / 62 + 2 / 61))]
    assert reciprocal_rank_fusion([["a", "a", "b"]]) == reciprocal_rank_fusion([["a", "b"]])
    assert [k for k, _ in reciprocal_rank_fusion([["y"], ["x"]])] == ["x", "y"]
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])


def test_max_df_leaves_out_common_terms_only_when_asked() -> None:
    index = _index()
    exact = index.search_many(["killed people Derna"], k=5)[0]
    assert {k for k, _ in exact} == {"b", "e"}
    pruned = index.search_many(["killed people Derna"], k=5, max_df=0.3)[0]
    assert [k for k, _ in pruned] == ["b"]  # "killed"/"people" (2 of 5 docs) left out
    assert pruned[0][1] < dict(exact)["b"]
