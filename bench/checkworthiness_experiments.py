"""Check-worthiness: does the queue's ``checkable`` tier help as a ranking, and do other
model families trained on CheckThat! 2024 TRAIN reach the issue-11 targets on DEV?

Usage (from the repo root, dev dependencies installed)::

    .venv/bin/python bench/checkworthiness_experiments.py \\
        --data ../shared/data/checkthat2024-task1-checkworthiness-ar-en

1. **Tier as a ranking.** The shipped model's DEV probability ``p`` (the runtime scorer, with
   the claims the extractor finds in each text) against ``2 * checkable + p``: checkable texts
   (one extracted claim with a value, an ordinal, a place; ``detect.is_checkable``) first, as
   the review queue orders them. ROC AUC of both, per language.
2. **Alternative models** (bounded exploration, issue 11): TF-IDF character n-grams of the
   folded text (Arabic normalisation of ``cw_text.fold``) with class weights; gradient
   boosting over the claim features; the two stacked. Every choice (C, threshold) is made by
   5-fold cross-validation on TRAIN; DEV is only scored. Results go to
   ``bench/results/checkworthiness_experiments.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_checkworthiness import (  # noqa: E402
    analyse,
    best_threshold,
    read_split,
)

from claimtrack.pipeline import checkworthiness  # noqa: E402
from claimtrack.pipeline.cw_text import fold_batch  # noqa: E402
from claimtrack.pipeline.extract.detect import is_checkable  # noqa: E402

SEED = 13
OUT = ROOT / "bench" / "results" / "checkworthiness_experiments.json"


def labels(rows: list[dict[str, str]]) -> np.ndarray:
    return np.array([r["label"].strip().lower() == "yes" for r in rows], dtype=np.int64)


def scored(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    return {
        "f1_yes": round(float(f1_score(y, p >= threshold, zero_division=0)), 4),
        "auc": round(float(roc_auc_score(y, p)), 4),
        "threshold": threshold,
    }


def oof(make: Any, x: Any, y: np.ndarray) -> np.ndarray:
    """5-fold out-of-fold probabilities on TRAIN."""
    out = np.zeros(len(y))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y):
        out[b] = make().fit(x[a], y[a]).predict_proba(x[b])[:, 1]
    return out


def tier_ranking(data: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang in ("ar", "en"):
        rows = read_split(data, lang, "dev")
        y = labels(rows)
        infos = analyse(rows, lang)
        p = checkworthiness.score([r["text"] for r in rows], [lang] * len(rows), infos)
        p = p.astype(np.float64)
        tier = np.array([is_checkable(i["types"], i["values"]) for i in infos], dtype=np.float64)
        out[lang] = {
            "rows": len(rows),
            "checkable_share": round(float(tier.mean()), 4),
            "yes_rate_checkable": round(float(y[tier == 1].mean()), 4),
            "yes_rate_other": round(float(y[tier == 0].mean()), 4),
            "auc_model": round(float(roc_auc_score(y, p)), 4),
            "auc_tier_then_model": round(float(roc_auc_score(y, 2 * tier + p)), 4),
            "auc_tier_alone": round(float(roc_auc_score(y, tier)), 4),
        }
    return out


def alternatives(data: Path, languages: list[str]) -> dict[str, Any]:
    split = {(lang, s): read_split(data, lang, s) for lang in languages for s in ("train", "dev")}
    texts = {k: fold_batch([r["text"] for r in v]) for k, v in split.items()}
    ys = {k: labels(v) for k, v in split.items()}
    dense = {}
    for k, v in split.items():
        infos = analyse(v, k[0])
        dense[k] = checkworthiness.dense_features(
            [r["text"] for r in v], infos, checkworthiness.FeatureSpec()
        )
    results: dict[str, Any] = {}
    for lang in languages:
        tr, dv = (lang, "train"), (lang, "dev")
        y, yd = ys[tr], ys[dv]
        res: dict[str, Any] = {}
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                sublinear_tf=True, max_features=300_000)  # fmt: skip
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        xt = sp.hstack([chars.fit_transform(texts[tr]), words.fit_transform(texts[tr])]).tocsr()
        xd = sp.hstack([chars.transform(texts[dv]), words.transform(texts[dv])]).tocsr()
        best: tuple[float, float, np.ndarray] | None = None
        for c in (0.3, 1.0, 3.0, 10.0):

            def make(c: float = c) -> LogisticRegression:
                return LogisticRegression(C=c, class_weight="balanced", solver="liblinear",
                                          max_iter=2000, random_state=SEED)  # fmt: skip

            p = oof(make, xt, y)
            auc = roc_auc_score(y, p)
            res[f"tfidf_lr_C{c}_train_oof_auc"] = round(float(auc), 4)
            if best is None or auc > best[0]:
                best = (auc, c, p)
        assert best is not None
        _, c, p_oof = best
        threshold, _ = best_threshold(y, p_oof)
        lr = LogisticRegression(C=c, class_weight="balanced", solver="liblinear",
                                max_iter=2000, random_state=SEED).fit(xt, y)  # fmt: skip
        p_text = lr.predict_proba(xd)[:, 1]
        res["tfidf_lr"] = {"C": c, "dev": scored(yd, p_text, threshold),
                           "train_oof_auc": round(float(best[0]), 4)}  # fmt: skip

        def gbm() -> HistGradientBoostingClassifier:
            return HistGradientBoostingClassifier(
                max_iter=200, learning_rate=0.05, class_weight="balanced", random_state=SEED
            )

        g_oof = oof(gbm, dense[tr], y)
        g_threshold, _ = best_threshold(y, g_oof)
        p_gbm = gbm().fit(dense[tr], y).predict_proba(dense[dv])[:, 1]
        res["gbm_claim_features"] = {
            "dev": scored(yd, p_gbm, g_threshold),
            "train_oof_auc": round(float(roc_auc_score(y, g_oof)), 4),
        }
        # stacked: the two out-of-fold probabilities averaged (weight chosen on TRAIN)
        best_w = max(
            np.linspace(0, 1, 11), key=lambda w: roc_auc_score(y, w * p_oof + (1 - w) * g_oof)
        )
        s_oof = best_w * p_oof + (1 - best_w) * g_oof
        s_threshold, _ = best_threshold(y, s_oof)
        res["stacked"] = {"weight_text": round(float(best_w), 2),
                          "dev": scored(yd, best_w * p_text + (1 - best_w) * p_gbm, s_threshold),
                          "train_oof_auc": round(float(roc_auc_score(y, s_oof)), 4)}  # fmt: skip
        results[lang] = res
        print(lang, json.dumps(res), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--skip-alternatives", action="store_true")
    parser.add_argument(
        "--languages", nargs="+", default=["ar", "en"], help="alternatives for these only"
    )
    args = parser.parse_args()
    started = time.time()
    report: dict[str, Any] = {"command": " ".join(sys.argv), "model": checkworthiness.MODEL_VERSION}
    report["tier_ranking_dev"] = tier_ranking(args.data)
    print(json.dumps(report["tier_ranking_dev"], indent=1), flush=True)
    if not args.skip_alternatives:
        report["alternatives"] = alternatives(args.data, args.languages)
    report["seconds"] = round(time.time() - started, 1)
    OUT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
