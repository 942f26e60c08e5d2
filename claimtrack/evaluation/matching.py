"""Claim-matching evaluation: MAP@k / Recall@k / success@k scorers, dataset loaders,
the near-miss same/conflicting check and threshold calibration.

Run everything (writes bench/results/*.json)::

    .venv/bin/python -m claimtrack.evaluation.matching all

Datasets (research use, not in the repo): /work/shared/data/checkthat2020-task2-en-claim-retrieval
and /work/shared/data/semeval2025-task7-multiclaim-trial-sample. The near-miss set is ours:
fixtures/near_miss/near_miss.jsonl.
"""

from __future__ import annotations

import ast
import csv
import itertools
import json
import os
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

Ranked = Mapping[str, Sequence[str]]
Qrels = Mapping[str, set[str]]
Analyse = Callable[[str, str], Mapping[str, Any]]

REPO = Path(__file__).resolve().parents[2]
# Development data sits beside the repository (../shared/data); a user's clone has none.
DATA = Path(os.environ.get("CLAIMTRACK_SHARED_DATA", REPO.parent / "shared" / "data"))
CHECKTHAT = DATA / "checkthat2020-task2-en-claim-retrieval"
SEMEVAL = DATA / "semeval2025-task7-multiclaim-trial-sample"
NEAR_MISS = REPO / "fixtures" / "near_miss" / "near_miss.jsonl"
RESULTS = REPO / "bench" / "results"


# ------------------------------------------------------------------------- scorers
def average_precision_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP over the top ``k``, divided by the number of relevant docs (CLEF 2020 scorer)."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def map_at_k(ranked: Ranked, qrels: Qrels, k: int) -> float:
    """Mean AP@k over the queries that have relevant docs (a missing ranking scores 0)."""
    scored = [average_precision_at_k(ranked.get(q, []), rel, k) for q, rel in qrels.items() if rel]
    return float(np.mean(scored)) if scored else 0.0


def recall_at_k(ranked: Ranked, qrels: Qrels, k: int) -> float:
    """Mean fraction of each query's relevant docs found in its top ``k``."""
    scored = [len(set(ranked.get(q, [])[:k]) & rel) / len(rel) for q, rel in qrels.items() if rel]
    return float(np.mean(scored)) if scored else 0.0


def success_at_k(ranked: Ranked, qrels: Qrels, k: int) -> float:
    """Fraction of queries with at least one relevant doc in the top ``k`` (SemEval-2025 T7)."""
    scored = [bool(set(ranked.get(q, [])[:k]) & rel) for q, rel in qrels.items() if rel]
    return float(np.mean(scored)) if scored else 0.0


def mrr(ranked: Ranked, qrels: Qrels) -> float:
    """Mean reciprocal rank of the first relevant doc."""
    scores = []
    for q, rel in qrels.items():
        if not rel:
            continue
        rr = 0.0
        for i, doc in enumerate(ranked.get(q, []), start=1):
            if doc in rel:
                rr = 1.0 / i
                break
        scores.append(rr)
    return float(np.mean(scores)) if scores else 0.0


def accuracy(predicted: Sequence[Any], gold: Sequence[Any]) -> float:
    """Share of positions where ``predicted`` equals ``gold``."""
    if len(predicted) != len(gold):
        raise ValueError(f"accuracy: {len(predicted)} predictions for {len(gold)} gold labels")
    return float(np.mean([p == g for p, g in zip(predicted, gold, strict=True)])) if gold else 0.0


# ------------------------------------------------------------------------- loaders
def _read_tsv(path: Path) -> list[list[str]]:
    # Tweets contain quoted newlines: a csv reader, not line splitting (see the README).
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))


def load_checkthat2020(
    folder: Path = CHECKTHAT, split: str = "dev", *, with_title: bool = False
) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """(queries, docs, qrels) of CheckThat! 2020 Task 2 (tweets -> verified claims).

    ``split`` is "train", "dev" or "test"; docs are the 10,375 verified claims (with the
    article title appended when ``with_title``).
    """
    folder = Path(folder)
    if split not in ("train", "dev", "test"):
        raise ValueError(f"unknown split {split!r}: train, dev or test")
    docs = {}
    for row in _read_tsv(folder / "verified_claims.docs.tsv")[1:]:
        if len(row) >= 2:
            docs[row[0]] = f"{row[1]} {row[2]}" if with_title and len(row) > 2 else row[1]
    queries = {
        row[0]: row[1]
        for row in _read_tsv(folder / f"{split}.tweets.queries.tsv")[1:]
        if len(row) >= 2
    }
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / f"{split}.tweet-vclaim-pairs.qrels").read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            qrels[parts[0]].add(parts[2])
    return queries, docs, dict(qrels)


def _literal(cell: str) -> Any:
    """Parse a MultiClaim tuple cell; literal_eval evaluates literals only, never code."""
    if not cell:
        return None
    return ast.literal_eval(cell.replace("\n", "\\n"))


def load_semeval2025_trial(
    folder: Path = SEMEVAL,
) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]], dict[str, str]]:
    """(queries, docs, qrels, pair_lang) of the SemEval-2025 Task 7 trial sample.

    Texts are the originals (not the English machine translations); a post without text
    uses its OCR. ``pair_lang[post_id]`` is e.g. "kor-eng".
    """
    folder = Path(folder)
    with (folder / "trial_fact_checks.csv").open(encoding="utf-8", newline="") as fh:
        docs = {r["fact_check_id"]: _literal(r["claim"])[0] for r in csv.DictReader(fh)}
    queries: dict[str, str] = {}
    with (folder / "trial_posts.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            text = _literal(r["text"])
            ocr = _literal(r["ocr"]) or []
            parts = [text[0]] if text else [o[0] for o in ocr]
            queries[r["post_id"]] = " ".join(p for p in parts if p).strip()
    qrels: dict[str, set[str]] = defaultdict(set)
    pair_lang: dict[str, str] = {}
    with (folder / "trial_data_mapping.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            qrels[r["post_id"]].add(r["fact_check_id"])
            pair_lang[r["post_id"]] = r["pair_lang"]
    return queries, docs, dict(qrels), pair_lang


def load_near_miss(path: Path = NEAR_MISS) -> list[dict[str, Any]]:
    """The near-miss pairs (one JSON object a line)."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------------- evaluations
def rank(
    queries: Mapping[str, str], docs: Mapping[str, str], embedder: Any, k: int = 10
) -> dict[str, list[str]]:
    """Top-``k`` doc ids per query with ``embedder`` and an exact :class:`VectorIndex`."""
    from claimtrack.embedding.index import VectorIndex

    doc_ids = list(docs)
    doc_vecs = embedder.encode([docs[d] for d in doc_ids], kind="passage")
    index = VectorIndex.build(doc_ids, doc_vecs, model_id=embedder.model_id, exact_threshold=10**9)
    q_ids = list(queries)
    hits = index.search_many(embedder.encode([queries[q] for q in q_ids], kind="query"), k)
    return {q: [d for d, _ in h] for q, h in zip(q_ids, hits, strict=True)}


def retrieval_metrics(ranked: Ranked, qrels: Qrels, ks: Iterable[int] = (1, 5, 10)) -> dict:
    """MAP@k, Recall@k and success@k for each k, plus MRR."""
    out: dict[str, float] = {"mrr": round(mrr(ranked, qrels), 4)}
    for k in ks:
        out[f"map@{k}"] = round(map_at_k(ranked, qrels, k), 4)
        out[f"recall@{k}"] = round(recall_at_k(ranked, qrels, k), 4)
        out[f"success@{k}"] = round(success_at_k(ranked, qrels, k), 4)
    return out


def pair_scores(pairs: Sequence[Mapping[str, Any]], embedder: Any) -> np.ndarray:
    """Cosine similarity of each pair's ``a`` and ``b``."""
    ea = embedder.encode([p["a"] for p in pairs])
    eb = embedder.encode([p["b"] for p in pairs])
    return np.einsum("ij,ij->i", ea, eb)


def evaluate_near_miss(
    pairs: Sequence[Mapping[str, Any]],
    embedder: Any,
    analyse: Analyse,
    *,
    relation_model_id: str | None = None,
) -> dict[str, Any]:
    """Accuracy of :func:`relate` on same/conflicting pairs, overall and by group.

    ``analyse(text, language)`` returns ``{"values","entities","speaker","negated"}``
    (``claimtrack.pipeline.extract.analyse_text``).
    """
    from claimtrack.embedding.relation import ClaimFacts, relate

    model_id = relation_model_id or embedder.model_id
    scores = pair_scores(pairs, embedder)
    predicted, details = [], []
    for p, score in zip(pairs, scores, strict=True):
        fa = ClaimFacts.from_analysis(p["a"], p["lang_a"], analyse(p["a"], p["lang_a"]))
        fb = ClaimFacts.from_analysis(p["b"], p["lang_b"], analyse(p["b"], p["lang_b"]))
        rel = relate(fa, fb, float(score), model_id=model_id)
        predicted.append(rel.relation)
        details.append(
            {
                "id": p.get("id"),
                "gold": p["label"],
                "predicted": rel.relation,
                "score": round(float(score), 4),
                "reasons": rel.reasons,
            }
        )
    gold = [p["label"] for p in pairs]
    by_changed: dict[str, list[bool]] = defaultdict(list)
    by_langs: dict[str, list[bool]] = defaultdict(list)
    for p, pred in zip(pairs, predicted, strict=True):
        by_changed[str(p["changed"] or "none")].append(pred == p["label"])
        by_langs[f"{p['lang_a']}-{p['lang_b']}"].append(pred == p["label"])
    return {
        "model_id": embedder.model_id,
        "relation_thresholds_of": model_id,
        "pairs": len(pairs),
        "accuracy": round(accuracy(predicted, gold), 4),
        "predicted_counts": dict(Counter(predicted)),
        "accuracy_by_changed": {k: round(float(np.mean(v)), 4) for k, v in by_changed.items()},
        "accuracy_by_languages": {k: round(float(np.mean(v)), 4) for k, v in by_langs.items()},
        "errors": [d for d in details if d["gold"] != d["predicted"]],
    }


# ---------------------------------------------------------------------- calibration
def _best_cut(pos: Sequence[float], neg: Sequence[float]) -> float:
    """The threshold maximising balanced accuracy of ``score >= t`` (midpoint of a gap)."""
    values = sorted(set(pos) | set(neg))
    best_t, best = values[0], -1.0
    for lo, hi in itertools.pairwise(values):
        t = (lo + hi) / 2
        bal = float(np.mean([s >= t for s in pos]) + np.mean([s < t for s in neg])) / 2
        if bal > best:
            best_t, best = t, bal
    return round(float(best_t), 3)


def calibrate(embedder: Any, seed: int = 13) -> dict[str, Any]:
    """Scores and suggested thresholds for ``embedder`` (see claimtrack.embedding.thresholds)."""
    pairs = load_near_miss()
    rng = random.Random(seed)
    near = pair_scores(pairs, embedder)
    same_mono = [
        float(s)
        for s, p in zip(near, pairs, strict=True)
        if p["label"] == "same" and p["lang_a"] == p["lang_b"]
    ]
    same_cross = [
        float(s)
        for s, p in zip(near, pairs, strict=True)
        if p["label"] == "same" and p["lang_a"] != p["lang_b"]
    ]
    conflicting = [
        float(s) for s, p in zip(near, pairs, strict=True) if p["label"] == "conflicting"
    ]
    # Different claims, mostly on the same few news topics: the "a" sides of pairs in
    # different groups (a group holds one claim and its variants, so pairs within a group
    # may be the same claim and are left out).
    grouped = sorted({(p["a"], p["lang_a"], p["group"]) for p in pairs})
    same_topic = [
        ((x[0], x[1]), (y[0], y[1]))
        for i, x in enumerate(grouped)
        for y in grouped[i + 1 :]
        if x[2] != y[2]
    ]
    anchors = sorted({(a[0], a[1]) for a in grouped})
    topic_vecs = embedder.encode([t for t, _ in anchors])
    row = {a: i for i, a in enumerate(anchors)}
    different = [float(topic_vecs[row[x]] @ topic_vecs[row[y]]) for x, y in same_topic]
    different_mono = [s for s, (x, y) in zip(different, same_topic, strict=True) if x[1] == y[1]]
    different_cross = [s for s, (x, y) in zip(different, same_topic, strict=True) if x[1] != y[1]]
    # SemEval trial: matching post/fact-check pairs vs random non-matching ones.
    queries, docs, qrels, _pair_lang = load_semeval2025_trial()
    q_ids = sorted(qrels)
    qv = embedder.encode([queries[q] for q in q_ids])
    d_ids = sorted(docs)
    dv = embedder.encode([docs[d] for d in d_ids])
    sims = qv @ dv.T
    drow = {d: i for i, d in enumerate(d_ids)}
    sem_pos = [float(sims[i, drow[d]]) for i, q in enumerate(q_ids) for d in qrels[q]]
    sem_neg = []
    for i, q in enumerate(q_ids):
        for d in rng.sample([d for d in d_ids if d not in qrels[q]], 5):
            sem_neg.append(float(sims[i, drow[d]]))
    positives = same_mono + same_cross + conflicting + sem_pos
    suggested = {
        "related": _best_cut(positives, sem_neg),
        "same": _best_cut(same_mono, different_mono),
        "same_cross": _best_cut(same_cross, different_cross),
        "frame": round(float(np.percentile(conflicting, 5)), 3),
    }

    def summary(xs: Sequence[float]) -> dict[str, float]:
        return {
            "n": len(xs),
            "min": round(min(xs), 3),
            "p5": round(float(np.percentile(xs, 5)), 3),
            "median": round(float(np.median(xs)), 3),
            "max": round(max(xs), 3),
        }

    return {
        "model_id": embedder.model_id,
        "suggested": suggested,
        "scores": {
            "near_miss_same_mono": summary(same_mono),
            "near_miss_same_cross": summary(same_cross),
            "near_miss_conflicting": summary(conflicting),
            "same_topic_different_claim_mono": summary(different_mono),
            "same_topic_different_claim_cross": summary(different_cross),
            "semeval_trial_positive": summary(sem_pos),
            "semeval_trial_random_negative": summary(sem_neg),
        },
    }


# ----------------------------------------------------------------------------- CLI
def _write(name: str, payload: Mapping[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(payload, ensure_ascii=False)[:2000])


def main(argv: Sequence[str]) -> None:
    """Entry point: ``python -m claimtrack.evaluation.matching [WHAT] [MODEL...]``.

    WHAT is checkthat, semeval, near-miss, calibrate or all (default).
    """
    from claimtrack.embedding.model import DEFAULT_MODEL, DENOISED_USE_MODEL, load_model

    what = argv[0] if argv else "all"
    models = list(argv[1:]) or [DEFAULT_MODEL, DENOISED_USE_MODEL]
    command = "python -m claimtrack.evaluation.matching " + " ".join(argv)
    if what in ("checkthat", "all"):
        runs: list[dict[str, Any]] = []
        for name in models:
            embedder = load_model(name)
            queries, docs, qrels = load_checkthat2020(split="test")
            runs.append(
                {
                    "model_id": name,
                    "docs": len(docs),
                    "queries": len(qrels),
                    **retrieval_metrics(rank(queries, docs, embedder), qrels),
                }
            )
        _write(
            "checkthat2020_test.json",
            {"command": command, "dataset": "CheckThat! 2020 Task 2 test", "runs": runs},
        )
    if what in ("semeval", "all"):
        runs = []
        for name in models:
            queries, docs, qrels, pair_lang = load_semeval2025_trial()
            ranked = rank(queries, docs, load_model(name))
            by_pair: dict[str, Any] = {}
            for lang in sorted(set(pair_lang.values())):
                sub = {q: r for q, r in qrels.items() if pair_lang[q] == lang}
                by_pair[lang] = retrieval_metrics(ranked, sub, ks=(1, 5, 10))
            runs.append(
                {"model_id": name, "all": retrieval_metrics(ranked, qrels), "by_pair_lang": by_pair}
            )
        _write(
            "semeval2025_trial.json",
            {"command": command, "dataset": "SemEval-2025 Task 7 trial", "runs": runs},
        )
    if what in ("calibrate", "all"):
        _write(
            "calibration.json",
            {"command": command, "runs": [calibrate(load_model(n)) for n in models]},
        )
    if what in ("near-miss", "all"):
        from claimtrack.pipeline.extract import analyse_text

        pairs = load_near_miss()
        _write(
            "near_miss.json",
            {
                "command": command,
                "analyse": "claimtrack.pipeline.extract.analyse_text",
                "runs": [evaluate_near_miss(pairs, load_model(n), analyse_text) for n in models],
            },
        )


if __name__ == "__main__":
    main(sys.argv[1:])
