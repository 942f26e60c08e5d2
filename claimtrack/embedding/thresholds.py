"""Similarity thresholds per embedding model, for the relation step (:mod:`.relation`).

``related``: below it two claims are "unrelated" and dropped from results.
``same``: at or above it, with compatible values, two claims are "the same claim".
``same_cross``: the same bar for pairs in different languages (cross-lingual cosine is
    lower for the same meaning: USE gives an Arabic/English translation ~0.6-0.9).
``frame``: at or above it, a pair whose values disagree is "conflicting" (same sentence
    frame, one value changed); below it such a pair is only "related".

How the numbers were derived (measured, not guessed) -- run::

    .venv/bin/python -m claimtrack.evaluation.matching calibrate

which embeds fixtures/near_miss/near_miss.jsonl (same/conflicting pairs), the SemEval-2025
Task 7 trial post -> fact-check pairs (cross-lingual positives), topic-related different
claims (the ``a`` sides of near-miss pairs in different ``group``s) and random non-matching
pairs, then picks for each model: ``related`` = the cut that best separates true pairs from
random pairs; ``same``/``same_cross`` = the cut that best separates same-claim pairs from
different claims on the same topic; ``frame`` = the 5th percentile of the conflicting pairs.
The calibration output is in bench/results/calibration.json.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    related: float
    same: float
    same_cross: float
    frame: float
    calibrated: bool = True


THRESHOLDS: dict[str, Thresholds] = {
    # Calibrated 2026-11-29 with the command above; suggested cuts floored to 2 places
    # (bench/results/calibration.json). "related" is low because SemEval posts are long,
    # noisy social-media texts whose matching fact-checks score 0.02-0.91 (median 0.41).
    "use-multilingual-v3": Thresholds(related=0.24, same=0.68, same_cross=0.58, frame=0.72),
    "use-multilingual-v3-denoised": Thresholds(
        related=0.24, same=0.69, same_cross=0.59, frame=0.81
    ),
}

#: For a model nobody calibrated: a conservative guess -- demand high similarity for
#: "same" so an uncalibrated model rather under-merges (shows "related") than wrongly
#: merges two different claims. Calibrate with the command above and add an entry.
UNCALIBRATED = Thresholds(related=0.50, same=0.85, same_cross=0.80, frame=0.80, calibrated=False)


def thresholds_for(model_id: str) -> Thresholds:
    """The thresholds for ``model_id`` (:data:`UNCALIBRATED` for unknown models)."""
    return THRESHOLDS.get(model_id, UNCALIBRATED)
