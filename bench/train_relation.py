"""Train the two-stage relation model and write claimtrack/resources/relation/model.json.

    .venv/bin/python bench/train_relation.py            # fit, CV report, write the model
    .venv/bin/python bench/train_relation.py --dry-run  # CV report only

Data: bench/relation_data.py (training splits only). Features: claimtrack.pairs.features
with the USE cosine. For each stage, the feature set and C are chosen by grouped 5-fold
cross-validation on the training pairs (log-loss), then the decision threshold by the same
out-of-fold probabilities (mean recall over source x label cells). Every source gets the same total
weight in each stage, so ANS's 2.6k headline pairs do not drown the 880 news pairs.
Needs scikit-learn (a test/bench dependency); run time needs only numpy
(trees: claimtrack/embedding/trees.py, checked against scikit-learn on rows kept in the model).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from claimtrack.pairs.features import FEATURE_NAMES  # noqa: E402

OUT = REPO / "claimtrack" / "resources" / "relation" / "model.json"
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
#: Boosted trees (scikit-learn HistGradientBoostingClassifier), always over all features.
TREE_GRID = (
    {"max_depth": 3, "max_iter": 200, "learning_rate": 0.05},
    {"max_depth": 4, "max_iter": 300, "learning_rate": 0.05},
)
LEXICAL = {n for n in FEATURE_NAMES if n.startswith(("stem_", "idf_", "only_"))}
ENTITY = {n for n in FEATURE_NAMES if n.startswith(("person_", "place_", "org_"))}
FEATURE_SETS = {
    "all": FEATURE_NAMES,
    "no_lexical": tuple(n for n in FEATURE_NAMES if n not in LEXICAL),
    "no_entities": tuple(n for n in FEATURE_NAMES if n not in ENTITY),
}


def featurise(pairs: list[dict[str, Any]], model_id: str) -> np.ndarray:
    """Feature matrix of ``pairs`` (facts extracted, texts embedded with a file cache)."""
    from claimtrack.api.vectors import load_embedder
    from claimtrack.embedding.relation import ClaimFacts
    from claimtrack.evaluation.embed_cache import EmbeddingCache
    from claimtrack.pairs.features import feature_matrix
    from claimtrack.pipeline.extract import analyse_text

    embedder = load_embedder(model_id)
    cache = EmbeddingCache(embedder.model_id)
    facts: dict[tuple[str, str], ClaimFacts] = {}
    for p in pairs:
        for t, lang in ((p["a"], p["lang_a"]), (p["b"], p["lang_b"])):
            if (t, lang) not in facts:
                facts[(t, lang)] = ClaimFacts.from_analysis(t, lang, analyse_text(t, lang))
    encode = lambda texts: embedder.encode(texts, kind="query")  # noqa: E731
    va = cache.encode([p["a"] for p in pairs], encode)
    vb = cache.encode([p["b"] for p in pairs], encode)
    cosines = (va * vb).sum(axis=1)
    return feature_matrix(
        [(facts[(p["a"], p["lang_a"])], facts[(p["b"], p["lang_b"])]) for p in pairs], cosines
    )


def cached_features(pairs: list[dict[str, Any]], model_id: str) -> np.ndarray:
    """:func:`featurise`, kept in the cache folder keyed by the pairs, model and features."""
    import hashlib

    from claimtrack.evaluation.embed_cache import cache_dir

    key = hashlib.sha256(
        json.dumps([pairs, model_id, FEATURE_NAMES], ensure_ascii=False).encode()
    ).hexdigest()[:16]
    path = cache_dir() / "relation" / f"features-{key}.npy"
    if path.is_file():
        return np.load(path)
    x = featurise(pairs, model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, x)
    return x


def source_weights(sources: list[str]) -> np.ndarray:
    counts = Counter(sources)
    return np.array([len(sources) / (len(counts) * counts[s]) for s in sources])


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, params: dict[str, Any]) -> Any:
    """A logistic pipeline (``{"C": ...}``) or boosted trees (``{"max_depth": ...}``)."""
    if "C" not in params:
        from sklearn.ensemble import HistGradientBoostingClassifier

        trees = HistGradientBoostingClassifier(
            **params, l2_regularization=1.0, early_stopping=False, random_state=0
        )
        return trees.fit(x, y, sample_weight=w)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=params["C"], max_iter=2000))
    model.fit(x, y, logisticregression__sample_weight=w)
    return model


def oof(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: list[str], params: dict[str, Any]
) -> np.ndarray:
    """Out-of-fold P(y=1) by grouped 5-fold CV."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        p[te] = _fit(x[tr], y[tr], w[tr], params).predict_proba(x[te])[:, 1]
    return p


def candidates(families: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    """(feature set, parameters) tried for each stage."""
    logistic = [(name, {"C": c}) for name in FEATURE_SETS for c in C_GRID]
    trees = [("all", dict(t)) for t in TREE_GRID]
    return (logistic if "logistic" in families else []) + (trees if "trees" in families else [])


def choose(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: list[str], families: tuple[str, ...]
) -> dict[str, Any]:
    """Family, feature set and parameters with the lowest weighted out-of-fold log-loss."""
    columns = {n: i for i, n in enumerate(FEATURE_NAMES)}
    best: dict[str, Any] = {}
    for name, params in candidates(families):
        feats = FEATURE_SETS[name]
        cols = [columns[f] for f in feats]
        p = np.clip(oof(x[:, cols], y, w, groups, params), 1e-6, 1 - 1e-6)
        loss = float(-np.average(y * np.log(p) + (1 - y) * np.log(1 - p), weights=w))
        print(f"    {name:<12} {json.dumps(params):<60} log-loss {loss:.4f}")
        if not best or loss < best["log_loss"]:
            best = {"feature_set": name, "features": feats, "cols": cols, "params": params,
                    "log_loss": loss, "oof": p}  # fmt: skip
    return best


def threshold(p: np.ndarray, y: np.ndarray, cells: list[str]) -> float:
    """Cut maximising the mean recall over (source, class) cells, so that no source's
    class (e.g. ANS ``agree``) is sacrificed to a bigger one."""
    keys = sorted({(c, int(t)) for c, t in zip(cells, y, strict=True)})
    masks = [(np.array(cells) == c) & (y == t) for c, t in keys]
    best, cut = -1.0, 0.5
    for t in np.linspace(0.05, 0.95, 91):
        score = np.mean(
            [np.mean((p[m] >= t) == bool(k[1])) for m, k in zip(masks, keys, strict=True)]
        )
        if score > best:
            best, cut = float(score), float(t)
    return round(cut, 3)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> list[dict[str, float]]:
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in itertools.pairwise(edges):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.any():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()),
                         "mean_p": round(float(p[m].mean()), 3),
                         "observed": round(float(y[m].mean()), 3)})  # fmt: skip
    return rows


def stage_dict(model: Any, best: dict[str, Any], cut: float) -> dict[str, Any]:
    common = {"features": list(best["features"]), "threshold": cut,
              "params": best["params"], "feature_set": best["feature_set"]}  # fmt: skip
    if "C" not in best["params"]:
        from claimtrack.embedding import trees

        return {**common, "family": "trees", "trees": trees.to_json(trees.export(model))}
    scaler, lr = model.named_steps["standardscaler"], model.named_steps["logisticregression"]
    return {**common, "family": "logistic", "mean": scaler.mean_.round(6).tolist(),
            "scale": scaler.scale_.round(6).tolist(), "coef": lr.coef_[0].round(6).tolist(),
            "intercept": round(float(lr.intercept_[0]), 6)}  # fmt: skip


def check_rows(
    x: np.ndarray, fitted: tuple[Any, Any], best: tuple[dict[str, Any], dict[str, Any]]
) -> dict[str, Any]:
    """Rows of ``x`` spread over the range of stage 1, with scikit-learn's own
    P(stage 1) and P(stage 2): the shipped arrays must reproduce them (a test)."""
    p1 = fitted[0].predict_proba(x[:, best[0]["cols"]])[:, 1]
    pick = np.argsort(p1)[np.linspace(0, len(p1) - 1, 12).astype(int)]
    rows = x[pick]
    p = [
        f.predict_proba(rows[:, b["cols"]])[:, 1].tolist()
        for f, b in zip(fitted, best, strict=True)
    ]
    return {"rows": rows.tolist(), "p_stage1": p[0], "p_stage2": p[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="use-multilingual-v3")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument(
        "--families",
        default="logistic",
        help="comma list of model families to cross-validate: logistic, trees (see the "
        "model card: trees won on log-loss but split cross-article groups)",
    )
    parser.add_argument(
        "--with-claim-pairs",
        action="store_true",
        help="add relation_data.derna_claim_pairs (extracted-claim pairs; tried, not shipped: "
        "BENCHMARKS.md)",
    )
    args = parser.parse_args()
    families = tuple(f.strip() for f in args.families.split(",") if f.strip())
    from relation_data import build

    pairs = build(claim_pairs=args.with_claim_pairs)
    x = cached_features(pairs, args.model)
    labels = np.array([p["label"] for p in pairs])
    sources = [p["source"] for p in pairs]
    groups = [p["group"] for p in pairs]
    y1 = (labels != "related").astype(int)
    w1 = source_weights(sources)
    print("stage 1: same fact vs related")
    s1 = choose(x, y1, w1, groups, families)
    cut1 = threshold(s1["oof"], y1, sources)
    m2 = y1 == 1
    y2 = (labels[m2] == "conflicting").astype(int)
    src2 = [s for s, keep in zip(sources, m2, strict=True) if keep]
    grp2 = [g for g, keep in zip(groups, m2, strict=True) if keep]
    w2 = source_weights(src2)
    print("stage 2: conflicting vs same (same-fact pairs)")
    s2 = choose(x[m2], y2, w2, grp2, families)
    cut2 = threshold(s2["oof"], y2, src2)
    # Out-of-fold 3-way labels: stage 2 OOF only exists on same-fact pairs, so for the
    # report stage 2 is re-run out-of-fold on all pairs with the chosen set and C.
    p2_all = oof_stage2_all(x, y1, labels, w1, groups, s2)
    pred = np.where(s1["oof"] < cut1, "related", np.where(p2_all >= cut2, "conflicting", "same"))
    cv = report(pred, labels, sources)
    cv["brier_stage1"] = round(float(np.mean((s1["oof"] - y1) ** 2)), 4)
    cv["brier_stage2"] = round(float(np.mean((s2["oof"] - y2) ** 2)), 4)
    cv["reliability_stage1"] = reliability(s1["oof"], y1)
    cv["reliability_stage2"] = reliability(s2["oof"], y2)
    print(json.dumps(cv, indent=1))
    if args.dry_run:
        return
    fit1 = _fit(x[:, s1["cols"]], y1, w1, s1["params"])
    fit2 = _fit(x[m2][:, s2["cols"]], y2, w2, s2["params"])
    model = {
        "version": "relation-2stage-2",
        "embedding_model": args.model,
        "same_fact": stage_dict(fit1, s1, cut1),
        "conflicting": stage_dict(fit2, s2, cut2),
        "check": check_rows(x, (fit1, fit2), (s1, s2)),
        "training_pairs": {f"{s}/{lab}": n for (s, lab), n in
                           sorted(Counter(zip(sources, labels.tolist(), strict=True)).items())},
        "cv": cv,
    }  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def oof_stage2_all(
    x: np.ndarray, y1: np.ndarray, labels: np.ndarray, w: np.ndarray, groups: list[str],
    best: dict[str, Any],
) -> np.ndarray:  # fmt: skip
    from sklearn.model_selection import GroupKFold

    cols = best["cols"]
    p = np.zeros(len(labels))
    y2 = (labels == "conflicting").astype(int)
    for tr, te in GroupKFold(n_splits=5).split(x, y1, groups):
        tr = tr[y1[tr] == 1]
        fitted = _fit(x[tr][:, cols], y2[tr], w[tr], best["params"])
        p[te] = fitted.predict_proba(x[te][:, cols])[:, 1]
    return p


def report(pred: np.ndarray, labels: np.ndarray, sources: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    src = np.array(sources)
    for s in sorted(set(sources)):
        row = {}
        for lab in ("same", "conflicting", "related"):
            m = (src == s) & (labels == lab)
            if m.any():
                row[f"{lab}->{lab}"] = round(float((pred[m] == lab).mean()), 3)
                if lab != "same":
                    row[f"{lab}->not same"] = round(float((pred[m] != "same").mean()), 3)
                row[f"n_{lab}"] = int(m.sum())
        out[s] = row
    out["accuracy"] = round(float((pred == labels).mean()), 3)
    return out


if __name__ == "__main__":
    main()
