"""Check-worthiness, Arabic: does extra public "checked claim" data lift CheckThat! 2024 DEV?

Usage (from the repo root, dev dependencies installed)::

    .venv/bin/python bench/checkworthiness_extra_data.py --shared ../shared/data

Same features and learner as the shipped model's per-language family
(``bench/train_checkworthiness.py``: hashed n-grams + claim features x3, liblinear LR), Arabic
only. Extra training rows, never evaluated on:

- positives ("a fact-checker checked it"): the 1,274 claim texts of
  ``arabic-claimreview-google-factcheck-2023-2025/unique_claim_reviews.json`` (field ``text``)
  and the Arabic fact-check titles of ``factchecktweet-kazemi2022-train-dev`` (``lang == "ar"``
  and mostly Arabic script; the verdict tail after "–", "؟", ".." is cut off);
- diagnostic negatives (not a defensible "not check-worthy" label, see the report): true ANS
  news headlines (``ans-arabic-news-stance-train-dev/claim/train.csv``, ``fake_flag == 0``).

Extra texts whose folded form equals a CheckThat! TRAIN or DEV text are dropped. Each extra
row carries sample weight ``w``. C, w and the threshold are chosen on TRAIN by 5-fold
out-of-fold F1 ("Yes"): the extra rows go into every training fold, the evaluation folds are
TRAIN rows only. DEV is only scored. Writes ``bench/results/checkworthiness_extra_data.json``.
Research-use data: no row of any data set is written into the repository.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_checkworthiness import (  # noqa: E402
    SEED,
    SPEC,
    analyse,
    baselines,
    best_threshold,
    design,
    metrics,
    ngrams,
    read_split,
)

from claimtrack.pipeline.checkworthiness import dense_features  # noqa: E402
from claimtrack.pipeline.cw_text import fold_batch  # noqa: E402

OUT = ROOT / "bench" / "results" / "checkworthiness_extra_data.json"
CLAIM_SCALE = 3.0  # the per-language family's claim-feature scale
ARABIC = re.compile("[\u0600-\u06ff]")
# (name, C, positive sources, weight of extra rows, with ANS negatives)
CONFIGS: list[tuple[str, float, tuple[str, ...], float, bool]] = [
    ("baseline C=1", 1.0, (), 0.0, False),
    ("baseline C=4 (per-language family as shipped)", 4.0, (), 0.0, False),
    ("+pos w=0.5 C=1", 1.0, ("claimreview", "kazemi"), 0.5, False),
    ("+pos w=1 C=1", 1.0, ("claimreview", "kazemi"), 1.0, False),
    ("+pos w=2 C=1", 1.0, ("claimreview", "kazemi"), 2.0, False),
    ("+pos w=0.5 C=4", 4.0, ("claimreview", "kazemi"), 0.5, False),
    ("+pos w=1 C=4", 4.0, ("claimreview", "kazemi"), 1.0, False),
    ("+pos w=2 C=4", 4.0, ("claimreview", "kazemi"), 2.0, False),
    ("+pos +ANS-neg w=1 C=1 (diagnostic)", 1.0, ("claimreview", "kazemi"), 1.0, True),
]


def arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(bool(ARABIC.match(ch)) for ch in letters) / max(1, len(letters))


def clean_title(title: str) -> str:
    """A fact-check title without its verdict tail ("... – خبر زائف –", "...؟ خطأ، ...")."""
    t = title.strip()
    for sep in ("؟", "?"):
        head = t.split(sep)[0]
        if len(head) >= 15 and sep in t:
            t = head
    t = re.split(r"\s*[–—]\s*", t)[0] if len(re.split(r"\s*[–—]\s*", t)[0]) >= 15 else t
    for sep in ("..", "…"):
        if sep in t:
            head, _, tail = t.rpartition(sep)
            if len(tail.strip()) < 30 and len(head) >= 15:
                t = head
    return t.strip(" .-–!:")


def extra_texts(shared: Path) -> dict[str, list[str]]:
    folder = shared / "arabic-claimreview-google-factcheck-2023-2025"
    items = json.loads((folder / "unique_claim_reviews.json").read_text(encoding="utf-8"))
    claimreview = [it["text"].strip() for it in items if arabic_share(it["text"]) > 0.5]
    kazemi = []
    path = shared / "factchecktweet-kazemi2022-train-dev" / "vclaims_corpus_slim.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("lang") == "ar" and arabic_share(rec.get("title") or "") > 0.5:
                title = clean_title(rec["title"])
                if len(title) >= 15:
                    kazemi.append(title)
    ans = []
    with (shared / "ans-arabic-news-stance-train-dev" / "claim" / "train.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        ans = [r["claim_s"].strip() for r in csv.DictReader(fh) if r["fake_flag"] == "0"]
    return {"claimreview": claimreview, "kazemi": kazemi, "ans_neg": ans}


def featurise(texts: list[str]) -> sp.csr_matrix:
    rows = [{"text": t} for t in texts]
    infos = analyse(rows, "ar")
    return design(ngrams(texts), dense_features(texts, infos, SPEC), "ar", "per_language", 0,
                  CLAIM_SCALE)  # fmt: skip


def training(
    x_tr: sp.csr_matrix,
    y_tr: np.ndarray,
    idx: np.ndarray,
    x_add: sp.csr_matrix,
    y_add: np.ndarray,
    w: float,
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """TRAIN rows ``idx`` plus the extra rows (sample weight ``w``): matrix, labels, weights."""
    x = sp.vstack([x_tr[idx], x_add]).tocsr()
    y = np.concatenate([y_tr[idx], y_add])
    sw = np.concatenate([np.ones(len(idx)), np.full(x_add.shape[0], w)])
    return x, y, sw


def fit_predict(
    x: sp.csr_matrix, y: np.ndarray, sw: np.ndarray, c: float, x_eval: sp.csr_matrix
) -> np.ndarray:
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=2000)
    model.fit(x, y, sample_weight=sw)
    return model.predict_proba(x_eval)[:, 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--configs", type=int, nargs="*", help="indices into CONFIGS")
    args = parser.parse_args()
    t0 = time.perf_counter()
    data = args.shared / "checkthat2024-task1-checkworthiness-ar-en"
    train, dev = read_split(data, "ar", "train"), read_split(data, "ar", "dev")
    y_tr = np.array([r["label"] == "Yes" for r in train], dtype=np.int64)
    y_dev = np.array([r["label"] == "Yes" for r in dev], dtype=np.int64)
    x_tr = featurise([r["text"] for r in train])
    x_dev = featurise([r["text"] for r in dev])

    raw = extra_texts(args.shared)
    seen = set(fold_batch([r["text"] for r in train + dev]))
    extras: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for name, texts in raw.items():
        kept = []
        for text, folded in zip(texts, fold_batch(texts), strict=True):
            if folded in seen:  # already in CheckThat! TRAIN/DEV or an earlier extra row
                continue
            seen.add(folded)
            kept.append(text)
        extras[name] = kept
        counts[name] = {
            "read": len(texts),
            "kept": len(kept),
            "dropped_duplicate": len(texts) - len(kept),
        }
    x_extra = {name: featurise(texts) for name, texts in extras.items()}
    print("featurised", counts, f"{time.perf_counter() - t0:.1f}s", flush=True)

    folds = list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(y_tr, y_tr))
    picked = args.configs if args.configs else range(len(CONFIGS))
    report: list[dict[str, Any]] = []
    for i in picked:
        name, c, sources, w, with_neg = CONFIGS[i]
        t1 = time.perf_counter()
        parts = [x_extra[s] for s in sources] + ([x_extra["ans_neg"]] if with_neg else [])
        x_add = sp.vstack(parts).tocsr() if parts else sp.csr_matrix((0, x_tr.shape[1]))
        n_pos = sum(x_extra[s].shape[0] for s in sources)
        y_add = np.concatenate(
            [np.ones(n_pos, np.int64), np.zeros(x_add.shape[0] - n_pos, np.int64)]
        )
        extra = (x_add, y_add, w)
        oof = np.zeros(len(y_tr))
        for tr_idx, te_idx in folds:  # extra rows in every training fold, never evaluated on
            oof[te_idx] = fit_predict(*training(x_tr, y_tr, tr_idx, *extra), c, x_tr[te_idx])
        threshold, oof_f1 = best_threshold(y_tr, oof)
        p_dev = fit_predict(*training(x_tr, y_tr, np.arange(len(y_tr)), *extra), c, x_dev)
        entry = {
            "config": name,
            "C": c,
            "extra_positive_sources": list(sources),
            "extra_rows_weight": w,
            "extra_negatives": "ans_true_headlines" if with_neg else None,
            "extra_rows": {"positive": int(n_pos), "negative": int(x_add.shape[0] - n_pos)},
            "train_oof": {
                "threshold": threshold,
                "f1_yes": round(oof_f1, 4),
                "roc_auc": round(float(roc_auc_score(y_tr, oof)), 4),
            },
            "dev_at_train_threshold": metrics(y_dev, p_dev, threshold),
            "seconds": round(time.perf_counter() - t1, 1),
        }
        report.append(entry)
        print(json.dumps(entry), flush=True)

    # Selection on TRAIN only: best out-of-fold F1 among the non-diagnostic configurations.
    eligible = [e for e in report if not e["extra_negatives"]]
    chosen = max(eligible, key=lambda e: (e["train_oof"]["f1_yes"], e["train_oof"]["roc_auc"]))
    meets = [
        e["config"]
        for e in report
        if e["dev_at_train_threshold"]["f1_yes"] >= 0.60
        and e["dev_at_train_threshold"]["roc_auc"] >= 0.70
    ]
    results = {
        "command": "python bench/checkworthiness_extra_data.py --shared <shared data folder>",
        "language": "ar",
        "features": "hashed n-grams (2^18) + claim features x3, per-language LR (liblinear)",
        "train_rows": len(train),
        "dev_rows": len(dev),
        "dev_positive_rate": round(float(y_dev.mean()), 4),
        "extra_data": counts,
        "configs": report,
        "chosen_on_train_oof": chosen["config"],
        "meet_dev_targets_f1_0.60_auc_0.70": meets,
        "dev_baselines": baselines(y_dev),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {
                k: results[k]
                for k in (
                    "chosen_on_train_oof",
                    "meet_dev_targets_f1_0.60_auc_0.70",
                    "dev_baselines",
                )
            }
        )
    )


if __name__ == "__main__":
    main()
