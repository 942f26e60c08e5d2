"""Lexical index benchmarks: engine choice, hybrid `similar` latency, incremental updates,
and the Arabic stemmer choice.

    .venv/bin/python bench/bench_lexical.py [engines] [similar] [stemmers] [--n 100000]

* ``engines``: our numpy/scipy BM25 vs ``bm25s`` vs ``tantivy`` on the same analysed
  synthetic claims (build, one-query p50, a 2,000-query batch, adding one claim).
* ``similar``: p50 of one ``similar`` candidate search at N claims (after load, query
  embedding excluded): exact dense numpy search alone (the baseline, as in
  ``bench_search.py``) vs dense + BM25 + RRF (:class:`claimtrack.api.retrieval.ClaimRetriever`),
  both in this process, so the ratio holds on a noisy machine. Also the time to add one
  claim in place vs a full rebuild of the lexical index.
* ``stemmers``: ANS train (Arabic headline pairs, ../shared/data) paraphrase retrieval,
  MAP@10 / R@10 with no stemmer, Snowball Arabic and light10.

Texts: real fact-check titles, subtitles and claims from ../shared/data (FactCheckTweet,
CheckThat! 2020; shuffled, seed 7) when present, else synthetic claims of 12-30 words drawn
from a Zipf(1.1) vocabulary of 60,000 letter words. Results go to bench/results/lexical.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.embedding.lexical import Analyser  # noqa: E402
from claimtrack.embedding.lexical_index import LexicalIndex  # noqa: E402

RESULTS = REPO / "bench" / "results" / "lexical.json"
DATA = REPO.parent / "shared" / "data"
ANS = DATA / "ans-arabic-news-stance-train-dev" / "stance"


def _word(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    i += 26 * 27  # at least three letters
    while i:
        i, r = divmod(i, 26)
        out += letters[r]
    return out


def synthetic(n: int, seed: int = 7) -> tuple[dict[str, dict[str, str]], list[str]]:
    rng = np.random.default_rng(seed)
    vocab = [_word(i) for i in range(60_000)]
    docs = {}
    for i in range(n):
        ids = np.minimum(rng.zipf(1.1, rng.integers(12, 31)) - 1, len(vocab) - 1)
        docs[f"c{i:07d}"] = {"text": " ".join(vocab[j] for j in ids)}
    keys = list(docs)
    queries = []
    for j in rng.integers(0, n, 2000):
        words = docs[keys[j]]["text"].split()
        rng.shuffle(words)
        queries.append(" ".join(words[: max(6, len(words) // 2)]))
    return docs, queries


def real_texts(n: int, seed: int = 7) -> tuple[dict[str, dict[str, str]], list[str]] | None:
    """``n`` claim-like real texts (fact-check titles and claims from ../shared/data) and
    2,000 queries (other titles, never indexed); None when the data is not there."""
    import csv
    import gzip

    fct = DATA / "factchecktweet-kazemi2022-train-dev" / "vclaims_corpus_slim.jsonl.gz"
    ct = DATA / "checkthat2020-task2-en-claim-retrieval" / "verified_claims.docs.tsv"
    if not (fct.is_file() and ct.is_file()):
        return None
    texts: list[str] = []
    with gzip.open(fct, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            texts += [t for t in (r.get("title"), r.get("subtitle")) if t and t.strip()]
    with ct.open(encoding="utf-8", newline="") as fh:
        texts += [t for r in list(csv.reader(fh, delimiter="\t"))[1:] for t in r[1:3] if t.strip()]
    texts = list(dict.fromkeys(texts))
    rng = np.random.default_rng(seed)
    rng.shuffle(texts)  # type: ignore[arg-type]
    if len(texts) < n + 2000:
        return None
    docs = {f"c{i:07d}": {"text": t} for i, t in enumerate(texts[:n])}
    return docs, texts[n : n + 2000]


def corpus(n: int) -> tuple[dict[str, dict[str, str]], list[str], str]:
    found = real_texts(n)
    if found is not None:
        return (*found, "real: FactCheckTweet titles/subtitles + CheckThat! claims/titles")
    return (*synthetic(n), "synthetic Zipf(1.1) words")


def _p50(fn: Any, items: list[Any]) -> float:
    times = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def engines(n: int) -> dict[str, Any]:
    docs, queries, kind = corpus(n)
    analyser = Analyser()
    out: dict[str, Any] = {"docs": n, "texts": kind}
    t = time.perf_counter()
    index = LexicalIndex(("text",), analyser=analyser)
    index.add(docs)
    index.search("warm up")
    out["ours"] = {"build_s": round(time.perf_counter() - t, 2)}
    out["ours"]["query_p50_ms"] = round(_p50(lambda q: index.search(q, 20), queries[:300]), 3)
    t = time.perf_counter()
    index.search_many(queries, 20)
    out["ours"]["batch_2000_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    index.add({"new": {"text": queries[0]}})
    index.search(queries[1], 20)
    out["ours"]["add_one_then_query_s"] = round(time.perf_counter() - t, 3)
    # bm25s and tantivy get the same terms; the time to analyse them is added to theirs so
    # that every engine's figures include analysis, as ours do.
    fresh = Analyser()
    t = time.perf_counter()
    tokens = [fresh.terms(d["text"]) for d in docs.values()]
    analyse_docs = time.perf_counter() - t
    t = time.perf_counter()
    query_tokens = [fresh.terms(q) for q in queries]
    analyse_queries = time.perf_counter() - t
    out["analysis_s"] = {"docs": round(analyse_docs, 2), "queries_2000": round(analyse_queries, 2)}
    try:
        import bm25s

        t = time.perf_counter()
        retriever = bm25s.BM25(method="lucene")
        retriever.index(tokens, show_progress=False)
        out["bm25s"] = {"build_s": round(time.perf_counter() - t + analyse_docs, 2)}
        p50 = _p50(lambda q: retriever.retrieve([q], k=20, show_progress=False), query_tokens[:300])
        out["bm25s"]["query_p50_ms"] = round(p50, 3)
        t = time.perf_counter()
        retriever.retrieve(query_tokens, k=20, show_progress=False, n_threads=1)
        out["bm25s"]["batch_2000_s"] = round(time.perf_counter() - t + analyse_queries, 2)
        out["bm25s"]["add_one_then_query_s"] = "no update: a full re-index (build_s)"
    except ImportError:
        out["bm25s"] = "not installed (pip install bm25s)"
    try:
        import tantivy

        schema = tantivy.SchemaBuilder().add_text_field("text", stored=False,
                                                        tokenizer_name="whitespace")  # fmt: skip
        schema = schema.add_text_field("key", stored=True, tokenizer_name="raw").build()
        tindex = tantivy.Index(schema)
        t = time.perf_counter()
        writer = tindex.writer(heap_size=100_000_000, num_threads=1)
        for key, terms in zip(docs, tokens, strict=True):
            writer.add_document(tantivy.Document(key=key, text=" ".join(terms)))
        writer.commit()
        tindex.reload()
        searcher = tindex.searcher()
        out["tantivy"] = {"build_s": round(time.perf_counter() - t + analyse_docs, 2)}

        def tsearch(terms: list[str]) -> Any:
            query = tindex.parse_query(" ".join(terms) or "zzzz", ["text"])
            return searcher.search(query, 20).hits

        out["tantivy"]["query_p50_ms"] = round(_p50(tsearch, query_tokens[:300]), 3)
        t = time.perf_counter()
        for terms in query_tokens:
            tsearch(terms)
        out["tantivy"]["batch_2000_s"] = round(time.perf_counter() - t + analyse_queries, 2)
        t = time.perf_counter()
        writer.add_document(tantivy.Document(key="new", text=" ".join(query_tokens[0])))
        writer.commit()
        tindex.reload()
        searcher = tindex.searcher()
        tsearch(query_tokens[1])
        out["tantivy"]["add_one_then_query_s"] = round(time.perf_counter() - t, 3)
    except ImportError:
        out["tantivy"] = "not installed (pip install tantivy)"
    return out


def similar(n: int, dim: int = 512) -> dict[str, Any]:
    from claimtrack.api.retrieval import ClaimRetriever
    from claimtrack.embedding.index import VectorIndex

    docs, queries, kind = corpus(n)
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    dense = VectorIndex.build(list(docs), vectors, model_id="bench", exact_threshold=10**9)
    t = time.perf_counter()
    lexical = LexicalIndex(("text",))
    lexical.add(docs)
    build = time.perf_counter() - t
    retriever = ClaimRetriever(None, None, vector_index=dense, lexical=lexical)  # type: ignore[arg-type]
    qv = rng.standard_normal((300, dim)).astype(np.float32)
    retriever.candidates(qv[:1], queries[:1], 10)  # warm: weights computed once after load
    items = list(range(300))
    dense_ms = _p50(lambda i: dense.search(qv[i], 30), items)
    hybrid_ms = _p50(lambda i: retriever.candidates(qv[i : i + 1], [queries[i]], 10, depth=30),
                     items)  # fmt: skip
    t = time.perf_counter()
    exact = lexical.search_many(queries, 20)  # the lexical half of clustering's candidates
    batch = time.perf_counter() - t
    t = time.perf_counter()
    pruned = lexical.search_many(queries, 20, max_df=0.02)
    batch_pruned = time.perf_counter() - t
    overlap = np.mean([len({k for k, _ in a} & {k for k, _ in b}) / max(len(a), 1)
                       for a, b in zip(exact, pruned, strict=True)])  # fmt: skip
    t = time.perf_counter()
    lexical.add({"new-claim": {"text": queries[5]}})
    retriever.candidates(qv[:1], queries[:1], 10)
    add_one = time.perf_counter() - t
    return {
        "claims": n,
        "texts": kind,
        "dense_numpy_p50_ms": round(dense_ms, 3),
        "hybrid_p50_ms": round(hybrid_ms, 3),
        "ratio_hybrid_to_dense": round(hybrid_ms / dense_ms, 2),
        "lexical_full_build_s": round(build, 2),
        "lexical_batch_2000_queries_top20_s": round(batch, 2),
        "lexical_batch_max_df_0.02_s": round(batch_pruned, 2),
        "max_df_0.02_top20_overlap_with_exact": round(float(overlap), 3),
        "add_one_claim_then_search_s": round(add_one, 3),
        "analysed_after_add": lexical.counters["analysed"] - n,
        "rebuilds": lexical.counters["rebuilds"],
    }


def stemmers() -> dict[str, Any]:
    import csv

    from claimtrack.evaluation.matching import map_at_k, recall_at_k

    path = ANS / "train.csv"
    if not path.is_file():
        return {"skipped": f"{path} not found"}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ids: dict[str, str] = {}
    for r in rows:
        ids.setdefault(r["s2"], str(len(ids)))
    docs = {v: {"text": k} for k, v in ids.items()}
    qrels: dict[str, set[str]] = {}
    for r in rows:
        if r["stance"] in ("agree", "disagree"):  # both restate the s1 headline's event
            qrels.setdefault(r["s1"], set()).add(ids[r["s2"]])
    out: dict[str, Any] = {"data": "ANS stance train: s1 -> its paired s2 headlines",
                           "queries": len(qrels), "docs": len(docs)}  # fmt: skip
    for stemmer in ("none", "snowball", "light10"):
        index = LexicalIndex(("text",), analyser=Analyser(arabic_stemmer=stemmer))
        index.add(docs)
        found = index.search_many(list(qrels), 10)
        ranked = {q: [k for k, _ in hits] for q, hits in zip(qrels, found, strict=True)}
        out[stemmer] = {"map@10": round(map_at_k(ranked, qrels, 10), 4),
                        "recall@10": round(recall_at_k(ranked, qrels, 10), 4)}  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", default=["engines", "similar", "stemmers"])
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    results: dict[str, Any] = {"command": "python bench/bench_lexical.py " + " ".join(sys.argv[1:])}
    for part in args.parts:
        results[part] = {"engines": lambda: engines(args.n), "similar": lambda: similar(args.n),
                         "stemmers": stemmers}[part]()  # fmt: skip
        print(part, json.dumps(results[part]), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text("utf-8")) if RESULTS.is_file() else {}
    RESULTS.write_text(json.dumps({**previous, **results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
