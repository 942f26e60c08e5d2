"""How far can an ANS-only classifier go with what claimtrack has? (issue 10, ANS targets)

The relation model labels ANS dev ``agree`` pairs ``same`` 0.556 of the time and ``disagree``
pairs not ``same`` 0.728 (target 0.90 / 0.90). This asks whether the features at hand could
reach the target if the model were fitted to ANS alone: a logistic regression on ANS
**train** (agree vs disagree; ``other`` left out), C and the threshold chosen by 5-fold
cross-validation on train (the threshold maximises the mean of the two recalls out of fold),
then scored once on ANS **dev**. Three feature sets:

- ``pair``: the relation model's 52 pair features (``claimtrack.pairs.features``);
- ``embedding``: |u - v| and u * v of the frozen USE-multilingual vectors (1,024);
- ``both``.

Run from the repository root (about a minute; nothing is written)::

    .venv/bin/python bench/ans_pair_ceiling.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

C_GRID = (0.03, 0.1, 0.3, 1.0)


def _rows(data: Path, split: str) -> list[dict[str, str]]:
    path = data / "ans-arabic-news-stance-train-dev" / "stance" / f"{split}.csv"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (give --data the folder that holds the ANS data)")
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["stance"] in ("agree", "disagree")]


def _features(rows: list[dict[str, str]], embedder: object) -> dict[str, np.ndarray]:
    from claimtrack.api.matching import text_facts
    from claimtrack.pairs.features import pair_features

    a = embedder.encode([r["s1"] for r in rows], kind="query")  # type: ignore[attr-defined]
    b = embedder.encode([r["s2"] for r in rows], kind="query")  # type: ignore[attr-defined]
    cosines = (a * b).sum(axis=1)
    languages = ("ar", "en")
    pair = np.array([
        pair_features(text_facts(r["s1"], "ar", languages), text_facts(r["s2"], "ar", languages),
                      float(c))
        for r, c in zip(rows, cosines, strict=True)
    ])  # fmt: skip
    embedding = np.hstack([np.abs(a - b), a * b])
    return {"pair": pair, "embedding": embedding, "both": np.hstack([pair, embedding])}


def _threshold(p: np.ndarray, y: np.ndarray) -> float:
    grid = np.linspace(0.05, 0.95, 91)
    return float(max(grid, key=lambda t: (p[y == 1] >= t).mean() + (p[y == 0] < t).mean()))


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from claimtrack.embedding.model import load_model

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    train, dev = _rows(args.data, "train"), _rows(args.data, "dev")
    embedder = load_model()
    x_train, x_dev = _features(train, embedder), _features(dev, embedder)
    y_train = np.array([r["stance"] == "agree" for r in train], dtype=int)
    y_dev = np.array([r["stance"] == "agree" for r in dev], dtype=int)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    print(f"ANS train {len(train)} pairs, dev {len(dev)} (agree vs disagree)")
    print("features   C      thr   | train OOF AUC | DEV agree->same  disagree->not same  AUC")
    for name in ("pair", "embedding", "both"):
        best: tuple[float, float, np.ndarray] | None = None
        for c in C_GRID:
            model = make_pipeline(
                StandardScaler(),
                LogisticRegression(C=c, max_iter=5000, class_weight="balanced"),
            )
            oof = cross_val_predict(model, x_train[name], y_train, cv=folds,
                                    method="predict_proba")[:, 1]  # fmt: skip
            auc = float(roc_auc_score(y_train, oof))
            if best is None or auc > best[0]:
                best = (auc, c, oof)
        assert best is not None
        auc, c, oof = best
        threshold = _threshold(oof, y_train)
        model = make_pipeline(
            StandardScaler(), LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        )
        model.fit(x_train[name], y_train)
        p = model.predict_proba(x_dev[name])[:, 1]
        agree = float((p[y_dev == 1] >= threshold).mean())
        disagree = float((p[y_dev == 0] < threshold).mean())
        print(
            f"{name:10s} {c:<6} {threshold:.2f} | {auc:.3f}         | {agree:.3f}            "
            f"{disagree:.3f}               {roc_auc_score(y_dev, p):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
