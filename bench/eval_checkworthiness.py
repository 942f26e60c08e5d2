"""Score the *shipped* check-worthiness model on CheckThat! 2024 Task 1 dev (issue 11).

``train_checkworthiness.py`` refits the model and writes it; this only reads it. Each dev
text goes through claimtrack's extractor (its claims' features, as in training), then
``pipeline.checkworthiness.score``; F1 of "Yes" at the shipped per-language threshold (chosen
on train) and ROC AUC, beside always-"Yes" from the same run::

    .venv/bin/python bench/eval_checkworthiness.py \
        --data ../shared/data/checkthat2024-task1-checkworthiness-ar-en
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthiness import analyse, read_split

from claimtrack.pipeline import checkworthiness


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    args = ap.parse_args()
    missing = [
        f"CT24_checkworthy_{name}_dev.tsv"
        for name in ("arabic", "english")
        if not (args.data / f"CT24_checkworthy_{name}_dev.tsv").is_file()
    ]
    if missing:
        ap.error(f"{args.data}: missing {', '.join(missing)} (the CheckThat! 2024 Task 1 folder)")
    for lang in ("ar", "en"):
        rows = read_split(args.data, lang, "dev")
        infos = analyse(rows, lang)
        p = np.asarray(checkworthiness.score([r["text"] for r in rows], [lang] * len(rows), infos))
        y = np.array([r["label"] == "Yes" for r in rows])
        threshold = checkworthiness.threshold_for(lang)
        print(json.dumps({
            "language": lang, "split": "dev", "n": len(rows),
            "f1_yes": round(float(f1_score(y, p >= threshold)), 3),
            "roc_auc": round(float(roc_auc_score(y, p)), 3),
            "always_yes_f1": round(float(f1_score(y, np.ones_like(y))), 3),
            "threshold": threshold,
        }))  # fmt: skip


if __name__ == "__main__":
    main()
