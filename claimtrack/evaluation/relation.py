"""Score the relation step on labelled claim pairs: per-label recall, confusion, accuracy.

A pair file is JSONL with ``a``, ``b`` and ``label`` (same | conflicting | related;
``unrelated`` counts as ``related``), optionally ``lang_a``/``lang_b`` and ``id``. The ANS
dev split (``--dataset ans-dev``) is read from the shared data folder: agree -> same,
disagree -> conflicting, other -> related. The relation model never saw ANS dev (it was
trained on ANS *train*; see claimtrack/resources/relation/MODEL_CARD.md).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimtrack.errors import InvalidInputError
from claimtrack.jsonl_records import read_records

LABELS = ("same", "conflicting", "related")
ANS_LABELS = {"agree": "same", "disagree": "conflicting", "other": "related"}
#: Which data sets the shipped relation model was trained on (by split).
MODEL_TRAINED_ON = ("ANS train", "CheckThat! 2020 T2 train", "crossarticle derna-floods-2023",
                    "fixtures/near_miss")  # fmt: skip


def read_pairs(path: Path) -> list[dict[str, Any]]:
    """Labelled pairs of a JSONL file; a bad line raises an error naming line and field."""

    def bad_label(record: dict[str, Any]) -> str | None:
        if _label(record) in LABELS:
            return None
        return f"field 'label' is {record.get('label')!r}; expected one of {', '.join(LABELS)}"

    pairs = [{**r, "label": _label(r)} for r in read_records(path, ("a", "b"), bad_label)]
    if not pairs:
        raise InvalidInputError(f"{path}: no pairs")
    return pairs


def _label(record: dict[str, Any]) -> Any:
    return "related" if record.get("label") == "unrelated" else record.get("label")


def ans_pairs(data: Path, split: str = "dev") -> list[dict[str, Any]]:
    """ANS stance pairs of ``split`` (Arabic headlines) as labelled pairs."""
    path = Path(data) / "ans-arabic-news-stance-train-dev" / "stance" / f"{split}.csv"
    if not path.is_file():
        raise InvalidInputError(f"{path} not found; pass --data DIR")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{"a": r["s1"], "b": r["s2"], "lang_a": "ar", "lang_b": "ar",
             "label": ANS_LABELS[r["stance"]]}
            for r in rows if r.get("stance") in ANS_LABELS]  # fmt: skip


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Per-label recall (and share not called ``same``), confusion matrix, accuracy."""
    pred = ["related" if p == "unrelated" else p for p in predicted]
    confusion = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    recall = {}
    for g in LABELS:
        n = sum(confusion[g].values())
        if n:
            recall[f"{g}->{g}"] = round(confusion[g][g] / n, 3)
            if g != "same":
                recall[f"{g}->not same"] = round(1 - confusion[g]["same"] / n, 3)
    n_all = len(gold)
    correct = sum(confusion[g][g] for g in LABELS)
    return {"pairs": n_all, "recall": recall, "confusion": confusion,
            "accuracy": round(correct / n_all, 3) if n_all else 0.0}  # fmt: skip


def evaluate_pairs(
    pairs: Sequence[dict[str, Any]], embedder: Any, languages: Sequence[str] = ("ar", "en")
) -> dict[str, Any]:
    """Label every pair with :func:`claimtrack.api.matching.compare_pairs` and score it."""
    from claimtrack.api.matching import compare_pairs
    from claimtrack.pairs.model import load_relation_model

    results = compare_pairs(
        [(p["a"], p["b"], p.get("lang_a"), p.get("lang_b")) for p in pairs],
        embedder=embedder,
        languages=languages,
    )
    model = load_relation_model(embedder.model_id)
    return {
        "decided_by": f"learned model {model.version}" if model else "rules",
        **score([p["label"] for p in pairs], [r.relation for r in results]),
    }
