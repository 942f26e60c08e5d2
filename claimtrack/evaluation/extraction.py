"""Score claim extraction against gold annotations (span overlap, speakers, values).

A predicted claim *can* match a gold claim of the same document when the prediction covers
at least ``GOLD_COVERED`` (50%) of the gold span and the gold span covers at least
``PREDICTION_COVERED`` (40%) of the prediction: a sentence-sized prediction cannot take a
short gold claim inside it, and a fragment cannot take a long gold claim. Matching is
one-to-one (a prediction matches one gold claim at most, and the reverse) and maximal: the
largest set of such pairs (augmenting paths; candidates tried best overlap first, so ties
resolve deterministically). Precision/recall/F1 are reported overall and per claim type (a
gold claim counts for its ``claim_type``; a prediction for its own ``claim_type``; a match
counts as a true positive for the gold type only when the types agree -- the overall figures
ignore types). ``docs/ANNOTATION.md`` describes the gold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimtrack.errors import InvalidInputError
from claimtrack.models import CLAIM_TYPES, Claim

_REQUIRED = ("doc_id", "language", "claims")


def load_gold(path: str | Path, root: str | Path | None = None) -> list[dict[str, Any]]:
    """Read a gold JSONL file. A document with ``"path"`` instead of ``"text"`` gets its text
    from that file, resolved against ``root`` (default: the current directory)."""
    path = Path(path)
    base = Path(root) if root is not None else Path.cwd()
    docs: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InvalidInputError(f"cannot read gold file {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        missing = [k for k in _REQUIRED if k not in doc]
        if missing or ("text" not in doc and "path" not in doc):
            raise InvalidInputError(
                f"{path}:{number}: gold document lacks {missing or ['text or path']}"
            )
        if "text" not in doc:
            text_path = base / str(doc["path"])
            try:
                doc["text"] = text_path.read_text(encoding="utf-8")
            except OSError as exc:
                raise InvalidInputError(
                    f"{path}:{number}: cannot read {text_path} ({exc.strerror}); "
                    "run from the repository root or pass root="
                ) from exc
        for claim in doc["claims"]:
            span = doc["text"][claim["char_start"] : claim["char_end"]]
            if "text" in claim and span != claim["text"]:
                raise InvalidInputError(
                    f"{path}:{number}: claim span {claim['char_start']}:{claim['char_end']} "
                    f"does not match its text {claim['text'][:40]!r}"
                )
        docs.append(doc)
    return docs


GOLD_COVERED = 0.5  # share of the gold span a prediction must cover
PREDICTION_COVERED = 0.4  # share of the prediction the gold span must cover


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def can_match(gold: tuple[int, int], predicted: tuple[int, int]) -> bool:
    """Whether ``predicted`` covers enough of ``gold`` and ``gold`` enough of ``predicted``."""
    inter = _overlap(gold, predicted)
    if inter <= 0:
        return False
    return inter >= GOLD_COVERED * (gold[1] - gold[0]) and inter >= PREDICTION_COVERED * (
        predicted[1] - predicted[0]
    )


def match_claims(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Claim]
) -> list[tuple[int, int]]:
    """Maximum one-to-one matching: sorted (gold index, predicted index) pairs.

    Each gold claim lists the predictions that ``can_match`` it, best first (largest overlap
    over union); Kuhn's augmenting-path search then gives every gold claim a prediction of
    its own where any assignment allows it. Documents hold tens of claims, so the O(V·E)
    search is instant.
    """
    spans = [(int(c["char_start"]), int(c["char_end"])) for c in gold]
    pred_spans = [(p.char_start, p.char_end) for p in predicted]
    candidates: list[list[int]] = []
    for g_span in spans:
        found = [p for p, p_span in enumerate(pred_spans) if can_match(g_span, p_span)]
        found.sort(key=lambda p: (-_iou(g_span, pred_spans[p]), p))
        candidates.append(found)
    owner: dict[int, int] = {}  # predicted index -> gold index

    def assign(g: int, seen: set[int]) -> bool:
        for p in candidates[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or assign(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(spans)):
        assign(g, set())
    return sorted((g, p) for p, g in owner.items())


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = _overlap(a, b)
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter else 0.0


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp, "predicted": n_pred, "gold": n_gold,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
    }  # fmt: skip


def _value_key(value: Mapping[str, Any]) -> tuple[str, str]:
    raw = value.get("value")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(value.get("kind")), str(raw)


def score_extraction(
    gold_docs: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, Sequence[Claim]],
) -> dict[str, Any]:
    """Precision/recall/F1 overall and per type, speaker accuracy, value accuracy."""
    tp = n_pred = n_gold = 0
    per_type = {t: [0, 0, 0] for t in CLAIM_TYPES}  # tp, predicted, gold
    type_agree = 0
    speaker_total = speaker_ok = value_total = value_ok = 0
    for doc in gold_docs:
        gold = list(doc["claims"])
        preds = list(predicted.get(doc["doc_id"], []))
        pairs = match_claims(gold, preds)
        tp += len(pairs)
        n_pred += len(preds)
        n_gold += len(gold)
        for claim in gold:
            per_type.setdefault(claim["claim_type"], [0, 0, 0])[2] += 1
        for pred in preds:
            per_type.setdefault(pred.claim_type, [0, 0, 0])[1] += 1
        for g, p in pairs:
            gclaim, pclaim = gold[g], preds[p]
            if gclaim["claim_type"] == pclaim.claim_type:
                per_type[pclaim.claim_type][0] += 1
                type_agree += 1
            if gclaim.get("speaker_canonical"):
                speaker_total += 1
                speaker_ok += int(pclaim.speaker_canonical == gclaim["speaker_canonical"])
            if gclaim.get("values"):
                value_total += 1
                found = {_value_key(v) for v in pclaim.values}
                value_ok += int(all(_value_key(v) in found for v in gclaim["values"]))
    return {
        "overall": _prf(tp, n_pred, n_gold),
        "per_type": {t: _prf(*c) for t, c in per_type.items() if c[1] or c[2]},
        "type_accuracy": round(type_agree / tp, 4) if tp else None,
        "speaker_accuracy": round(speaker_ok / speaker_total, 4) if speaker_total else None,
        "speaker_evaluated": speaker_total,
        "value_accuracy": round(value_ok / value_total, 4) if value_total else None,
        "value_evaluated": value_total,
        "matching": {
            "one_to_one": True,
            "gold_covered": GOLD_COVERED,
            "prediction_covered": PREDICTION_COVERED,
        },
    }
