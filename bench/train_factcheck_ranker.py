"""Train the fact-check re-ranker shipped in claimtrack/resources/factcheck_ranker/.

    .venv/bin/python bench/train_factcheck_ranker.py [--data ../shared/data] [--folds 5]

Training data: the *train* splits only -- CheckThat! 2020 Task 2 train (800 tweets, 10,375
verified claims) and FactCheckTweet train (2,504 tweets, 86,376 fact-check articles).
Candidates and features come from the same code that serves searches
(``LibrarySearcher.signals`` + ``ranker.feature_matrix``); a candidate is positive when the
qrels list it. The model family and hyper-parameters are chosen by query-grouped K-fold
cross-validation on that training data (mean of the two data sets' MAP@5); the chosen model
is refitted on all of it and exported as numpy arrays (trees are flattened and checked to
give sklearn's own probabilities). No dev or test query is used here; the evaluation is
``claimtrack eval match`` / ``bench/bench_factcheck_search.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.api.factcheck_search import DEPTH  # noqa: E402
from claimtrack.embedding.ranker import DENSE_FEATURES, FEATURES, Ranker  # noqa: E402
from claimtrack.evaluation.matching import average_precision_at_k  # noqa: E402

OUT = REPO / "claimtrack" / "resources" / "factcheck_ranker"
RESULTS = REPO / "bench" / "results" / "factcheck_ranker_training.json"
SEED = 13
ROWS_VERSION = 4  # bump when candidate generation changes (cached rows are then rebuilt)


def training_rows(dataset: Any, embedder: Any) -> dict[str, Any]:
    """Features, labels and query groups of one training split."""
    from claimtrack.api.factcheck_search import LibrarySearcher
    from claimtrack.embedding.ranker import duplicate_groups, feature_matrix
    from claimtrack.evaluation.retrieval import library_store, query_vectors

    searcher = LibrarySearcher(library_store(dataset, embedder), embedder, embed=False)
    ids = [q for q in dataset.queries if q in dataset.qrels]
    texts = [dataset.queries[q] for q in ids]
    dates = [dataset.query_dates.get(q) for q in ids]
    signals = searcher.signals(texts, query_vectors(texts, embedder), dates=dates)
    xs, ys, groups, dups, n_relevant = [], [], [], [], []
    for qi, (q, (cands, s)) in enumerate(zip(ids, signals, strict=True)):
        xs.append(feature_matrix(s))
        dups.append(duplicate_groups(s))
        ys.append(np.asarray([c in dataset.qrels[q] for c in cands], dtype=np.int8))
        groups.append(np.full(len(cands), qi))
        n_relevant.append(len(dataset.qrels[q]))
    return {"x": np.vstack(xs), "y": np.concatenate(ys), "group": np.concatenate(groups),
            "dup": np.concatenate(dups), "relevant": np.asarray(n_relevant),
            "queries": len(ids)}  # fmt: skip


def map_at_5(
    scores: np.ndarray, y: np.ndarray, group: np.ndarray, relevant: np.ndarray, dup: np.ndarray
) -> float:
    """MAP@5 of per-query orders by ``scores``, as search orders them (copies scored by
    their best copy, ties by id); queries without candidates score 0."""
    from claimtrack.embedding.ranker import group_max

    aps = []
    for g in np.unique(group):
        rows = np.flatnonzero(group == g)
        tied = group_max(scores[rows], dup[rows])
        order = rows[np.argsort(-tied, kind="stable")][:5]
        ranked = [str(i) for i in order]
        rel = {str(i) for i in rows if y[i]}
        ap = average_precision_at_k(ranked, rel, 5) * len(rel) / max(relevant[g], 1)
        aps.append(ap)
    return float(np.mean(aps)) if aps else 0.0


def candidates() -> list[tuple[str, dict[str, Any]]]:
    """The model grid: small on purpose (the development machine has two shared cores)."""
    models: list[tuple[str, dict[str, Any]]] = [("logistic", {"C": c}) for c in (0.1, 1.0)]
    # On CheckThat! train alone (3 folds, before the date features) trees scored 0.881-0.890
    # against 0.896 for the logistic model.
    for lr, leaves, iters in product((0.05,), (15, 31), (200, 400)):
        models.append(("trees", {"learning_rate": lr, "max_leaf_nodes": leaves,
                                 "max_iter": iters, "min_samples_leaf": 40}))  # fmt: skip
    return models


def cached_rows(name: str, dataset: Any, embedder: Any) -> dict[str, Any]:
    """:func:`training_rows`, kept in the cache folder (keyed by the feature list)."""
    from claimtrack.evaluation.embed_cache import cache_dir

    tag = hashlib.sha256(json.dumps([ROWS_VERSION, *FEATURES]).encode()).hexdigest()[:8]
    path = cache_dir() / "eval" / f"ranker-rows-{name}-{tag}.npz"
    if path.is_file():
        with np.load(path) as data:
            rows = {k: data[k] for k in data.files}
        rows["queries"] = int(rows["queries"])
        return rows
    rows = training_rows(dataset, embedder)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **rows)
    return rows


def fit(kind: str, params: dict[str, Any], x: np.ndarray, y: np.ndarray) -> Any:
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        model = make_pipeline(StandardScaler(), LogisticRegression(C=params["C"], max_iter=2000))
    else:
        from sklearn.ensemble import HistGradientBoostingClassifier

        model = HistGradientBoostingClassifier(
            **params, l2_regularization=1.0, early_stopping=False, random_state=SEED
        )
    return model.fit(x, y)


def export(kind: str, model: Any, prefix: str = "") -> dict[str, np.ndarray]:
    """The model as the arrays :class:`claimtrack.embedding.ranker.Ranker` reads."""
    if kind == "logistic":
        scaler, lr = model[0], model[1]
        arrays = {"mean": scaler.mean_, "scale": scaler.scale_, "coef": lr.coef_[0],
                  "bias": np.asarray(lr.intercept_[0])}  # fmt: skip
        return {prefix + name: value for name, value in arrays.items()}
    from claimtrack.embedding import trees

    return trees.export(model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", choices=["checkthat2020", "factchecktweet"], default=None)
    parser.add_argument("--drop", default="",
                        help="comma-separated features set to 0 (an ablation: CV only, "
                             "nothing is saved)")  # fmt: skip
    parser.add_argument(
        "--family",
        choices=["logistic", "trees"],
        default=None,
        help="try only this model family (quicker)",
    )
    args = parser.parse_args()
    from sklearn.model_selection import GroupKFold

    from claimtrack.embedding.model import load_model
    from claimtrack.evaluation import retrieval

    started = time.time()
    embedder = load_model()
    sets = {"checkthat2020": retrieval.checkthat2020("train"),
            "factchecktweet": retrieval.factchecktweet("train")}  # fmt: skip
    if args.only:
        sets = {args.only: sets[args.only]}
    data = {name: cached_rows(name, ds, embedder) for name, ds in sets.items()}
    dropped = [f for f in args.drop.split(",") if f]
    for d in data.values():
        d["x"][:, [FEATURES.index(f) for f in dropped]] = 0.0
    print({n: (d["queries"], d["x"].shape, int(d["y"].sum())) for n, d in data.items()}, flush=True)
    recall = {n: round(float(d["y"].sum() / d["relevant"].sum()), 4) for n, d in data.items()}
    print("train candidate recall", recall, flush=True)
    baselines = {
        n: {stage: round(map_at_5(d["x"][:, FEATURES.index(f)], d["y"], d["group"],
                                  d["relevant"], d["dup"]), 4)
            for stage, f in (("bm25", "bm25_all"), ("dense", "cos_max"), ("fused", "rrf"))}
        for n, d in data.items()
    }  # fmt: skip
    print("train baselines (MAP@5 over the same candidates)", baselines, flush=True)
    cv: list[dict[str, Any]] = []
    folds = {n: list(GroupKFold(args.folds).split(d["x"], d["y"], d["group"]))
             for n, d in data.items()}  # fmt: skip
    for kind, params in candidates():
        if args.family and kind != args.family:
            continue
        per_set: dict[str, list[float]] = {n: [] for n in data}
        for fold in range(args.folds):
            train_x = np.vstack([d["x"][folds[n][fold][0]] for n, d in data.items()])
            train_y = np.concatenate([d["y"][folds[n][fold][0]] for n, d in data.items()])
            model = fit(kind, params, train_x, train_y)
            for n, d in data.items():
                rows = folds[n][fold][1]
                scores = model.predict_proba(d["x"][rows])[:, 1]
                per_set[n].append(map_at_5(scores, d["y"][rows], d["group"][rows],
                                           d["relevant"], d["dup"][rows]))  # fmt: skip
        summary = {n: round(float(np.mean(v)), 4) for n, v in per_set.items()}
        cv.append({"kind": kind, "params": params, "cv_map@5": summary,
                   "mean": round(float(np.mean(list(summary.values()))), 4)})  # fmt: skip
        print(cv[-1], flush=True)
    if dropped:
        print(f"ablation without {dropped}: nothing saved")
        return
    best = max(cv, key=lambda r: r["mean"])
    x = np.vstack([d["x"] for d in data.values()])
    y = np.concatenate([d["y"] for d in data.values()])
    model = fit(best["kind"], best["params"], x, y)
    arrays = export(best["kind"], model)
    # The dense-only model for cross-lingual candidates (their words cannot match).
    dense_columns = [FEATURES.index(f) for f in DENSE_FEATURES]
    dense_model = fit("logistic", {"C": 1.0}, x[:, dense_columns], y)
    arrays.update(export("logistic", dense_model, prefix="dense_"))
    digest = hashlib.sha256(b"".join(np.ascontiguousarray(a).tobytes() for a in arrays.values()))
    meta = {"model_id": f"fc-rerank-{best['kind']}-1+{digest.hexdigest()[:8]}",
            "kind": best["kind"], "params": best["params"], "features": list(FEATURES),
            "trained_on": {n: f"{sets[n].name} train ({d['queries']} queries)"
                           for n, d in data.items()},
            "cv_map@5": best["cv_map@5"], "folds": args.folds,
            "dense_only_features": list(DENSE_FEATURES)}  # fmt: skip
    check = Ranker(meta, arrays).score(x[:5000])
    gap = float(np.max(np.abs(check - model.predict_proba(x[:5000])[:, 1])))
    if gap > 1e-5:
        raise SystemExit(f"exported model differs from sklearn's by {gap}")
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "weights.npz", **arrays)
    (OUT / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"command": "python bench/train_factcheck_ranker.py "
                                   + " ".join(sys.argv[1:]), "chosen": meta, "cv": cv,
                                   "train_baselines": baselines, "depth": DEPTH,
                                   "train_candidate_recall": recall,
                                   "seconds": round(time.time() - started)}, indent=2) + "\n",
                       encoding="utf-8")  # fmt: skip
    print("chosen", json.dumps(meta), f"export gap {gap:.2e}")


if __name__ == "__main__":
    main()
