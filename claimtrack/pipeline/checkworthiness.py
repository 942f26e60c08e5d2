"""Check-worthiness scoring for Arabic and English claims (offline, numpy + stdlib).

A logistic regression over two kinds of features, trained on CheckThat! 2024 Task 1 (see
``claimtrack/resources/checkworthiness/MODEL_CARD.md`` and ``bench/train_checkworthiness.py``):

- hashed character and word n-grams of the text (:mod:`claimtrack.pipeline.cw_text`);
- what the extractor knows about the claim -- types, values, entities, attributed speech,
  negation -- plus marker words (hedges, opinion, prediction, superlatives...), a small
  dense vector (:mod:`claimtrack.pipeline.claim_features`).

Only the coefficient vectors ship; this module reproduces the training-time featurisation
exactly (:func:`featurize` and :func:`dense_features` are also what the training script
calls -- one implementation, no drift).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from claimtrack.errors import ConfigError, InvalidInputError
from claimtrack.pipeline import claim_features
from claimtrack.pipeline.cw_text import (
    _CHUNK,
    FeatureSpec,
    _tag_bucket,
    feature_indices,
    featurize,
    fold,
    fold_batch,
    keys_and_words,
    word_keys,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MODEL_VERSION",
    "FeatureSpec",
    "dense_features",
    "feature_indices",
    "featurize",
    "fold",
    "fold_batch",
    "logits",
    "resolve_language",
    "score",
    "threshold_for",
]

_RESOURCE_PACKAGE = "claimtrack.resources"
_RESOURCE_DIR = "checkworthiness"
ClaimInfo = Mapping[str, Any]  # a claim draft: types, values, entities, speaker, quote_mode...


# --- claim features -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _markers() -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the marker words (sorted) and the feature column each one sets."""
    words, columns = claim_features.marker_words()
    keys = word_keys(words)
    order = np.argsort(keys, kind="stable")
    return keys[order], columns[order]


def _dense(
    infos: Sequence[ClaimInfo | None], folded: list[str], word_rows: np.ndarray, words: np.ndarray
) -> np.ndarray:
    out = claim_features.structural(infos)
    claim_features.add_textual(out, folded, word_rows, words, *_markers())
    return out


def dense_features(
    texts: Sequence[str], infos: Sequence[ClaimInfo | None], spec: FeatureSpec
) -> np.ndarray:
    """The claim-feature matrix ``(len(texts), len(claim_features.FEATURE_NAMES))``.

    ``infos[i]`` is what the extractor found in ``texts[i]`` (a claim draft, or
    :func:`claim_features.merge_claims` of several), or None when it was not asked.
    """
    if len(infos) != len(texts):
        raise InvalidInputError(f"{len(texts)} texts but {len(infos)} claim records")
    parts = []
    for i in range(0, len(texts), _CHUNK):
        folded = fold_batch([t[: spec.max_chars] for t in texts[i : i + _CHUNK]])
        _, _, word_rows, words = keys_and_words(folded, spec)
        parts.append(_dense(infos[i : i + _CHUNK], folded, word_rows, words))
    return np.concatenate([np.zeros((0, claim_features.N_FEATURES)), *parts])


# --- model --------------------------------------------------------------------------------


def _resource_text(name: str) -> str:
    folder = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_DIR)
    return folder.joinpath(name).read_text(encoding="utf-8")


def _read_meta() -> dict[str, Any]:
    try:
        meta: dict[str, Any] = json.loads(_resource_text("model.json"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"check-worthiness model metadata {_RESOURCE_PACKAGE}/{_RESOURCE_DIR}/model.json is "
            f"missing or unreadable ({exc}); reinstall claimtrack or rerun "
            "bench/train_checkworthiness.py"
        ) from exc
    return meta


@lru_cache(maxsize=1)
def _meta() -> dict[str, Any]:
    """The model metadata (a few hundred bytes), read once on first use."""
    return _read_meta()


if TYPE_CHECKING:
    # Resolved lazily by the module __getattr__ below, so that the training script can import
    # featurize() before any model file exists and importing this module does no file I/O.
    MODEL_VERSION: str
    #: Threshold of the fallback (English) model; see threshold_for() for per-language ones.
    DEFAULT_THRESHOLD: float


def __getattr__(name: str) -> object:
    if name == "MODEL_VERSION":
        return str(_meta()["version"])
    if name == "DEFAULT_THRESHOLD":
        return threshold_for(str(_meta()["fallback_language"]))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class _Model:
    spec: FeatureSpec
    weights: dict[str, np.ndarray]  # model name -> n-gram coefficients (n_buckets,)
    dense: dict[str, np.ndarray]  # model name -> claim-feature coefficients, times the scale
    intercepts: dict[str, float]
    language_feature: bool  # a shared model sees a ``lang=`` feature


@lru_cache(maxsize=1)
def _load_model() -> _Model:
    """Read the packaged weights once per process."""
    folder = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_DIR)
    meta = _meta()
    try:
        with folder.joinpath("weights.npz").open("rb") as fh, np.load(fh) as npz:
            # float32 at run time: random lookups into float16 would each need a conversion.
            vectors = {name: npz[name].astype(np.float32) for name in meta["models"]}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"check-worthiness weights {_RESOURCE_PACKAGE}/{_RESOURCE_DIR}/weights.npz are "
            f"missing or corrupt ({exc}); reinstall claimtrack or rerun "
            "bench/train_checkworthiness.py"
        ) from exc
    spec = FeatureSpec(**meta["features"])
    names = tuple(meta.get("claim_features", {}).get("names", ()))
    if names and names != claim_features.FEATURE_NAMES:
        raise ConfigError(
            "the check-worthiness model was trained with other claim features than this "
            "claimtrack computes; reinstall claimtrack or rerun bench/train_checkworthiness.py"
        )
    scale = float(meta.get("claim_features", {}).get("scale", 0.0))
    n = spec.n_buckets
    return _Model(
        spec=spec,
        weights={name: v[:n] for name, v in vectors.items()},
        # The model saw ``scale * feature``: fold the scale into the weights once.
        dense={name: v[n:].astype(np.float64) * scale for name, v in vectors.items() if names},
        intercepts={k: float(v["intercept"]) for k, v in meta["models"].items()},
        language_feature=bool(meta["language_feature"]),
    )


def resolve_language(language: str) -> str:
    """The base language code the model scores ``language`` as.

    ``"ar-EG"`` -> ``"ar"``, ``"EN"`` -> ``"en"``; a language without training data (anything
    but Arabic and English) resolves to the fallback language named in the model file (English).
    """
    base = language.strip().lower().replace("_", "-").split("-", 1)[0]
    meta = _meta()
    return base if base in meta["route"] else str(meta["fallback_language"])


@lru_cache(maxsize=256)
def _resolve(language: str) -> str:
    return resolve_language(language)


def threshold_for(language: str) -> float:
    """Decision threshold for ``language``, chosen on held-out TRAIN data (best F1 of "Yes")."""
    return float(_meta()["thresholds"][resolve_language(language)])


def logits(
    texts: Sequence[str],
    languages: Sequence[str],
    claims: Sequence[ClaimInfo | None] | None = None,
) -> np.ndarray:
    """Raw linear scores (float64) behind :func:`score`; exposed for tests and calibration."""
    if isinstance(texts, str) or isinstance(languages, str):
        raise InvalidInputError("score() takes sequences of texts and languages, not one string")
    if len(texts) != len(languages):
        raise InvalidInputError(
            f"score() got {len(texts)} texts but {len(languages)} languages; give one per text"
        )
    if claims is not None and len(claims) != len(texts):
        raise InvalidInputError(
            f"score() got {len(texts)} texts but {len(claims)} claim records; give one per text"
        )
    out = np.zeros(len(texts), dtype=np.float64)
    if len(texts) == 0:
        return out
    model = _load_model()
    route = _meta()["route"]
    resolved = [_resolve(lang) for lang in languages]
    names = [route[lang] for lang in resolved]
    distinct = set(names)
    for name in distinct:
        positions: Sequence[int] = range(len(texts))  # usual case: one article, one language
        if len(distinct) > 1:
            positions = [i for i, n in enumerate(names) if n == name]
        lengths = [min(len(texts[i]), model.spec.max_chars) for i in positions]
        for lo, hi in _chunk_spans(lengths):
            part = positions[lo:hi]
            infos: list[ClaimInfo | None] = (
                [None] * len(part) if claims is None else [claims[i] for i in part]
            )
            out[part] = _linear(
                model, name, [texts[i] for i in part], [resolved[i] for i in part], infos
            )
    return out


# Characters featurised per numpy pass in ``logits``. A pass builds (n-gram sizes x chars)
# uint64 temporaries, 32 bytes per character; at 4096 characters they stay under glibc's
# default mmap threshold (128 KiB). Larger ones were fresh mmaps that page-faulted on first
# touch (~1000 faults per 50k-character batch): a batch of many articles' claims scored
# slower per character than one article's. A text's logit does not depend on the texts
# batched with it, so chunking changes no score.
# Measured on the stage's batches (64 bench articles' drafts): 8192 costs ~15% less than
# 4096 (fewer passes, each with a fixed cost of a few dozen numpy calls), 12288 about the
# same as 8192, and 16384 or more ~25% more than 8192 (the temporaries outgrow the caches
# or the allocator's reuse): 8192 keeps a margin below that step.
_CHUNK_CHARS = 8192


def _chunk_spans(lengths: list[int]) -> list[tuple[int, int]]:
    """``[lo, hi)`` runs of consecutive texts of about ``_CHUNK_CHARS`` characters in all
    (at most ``_CHUNK`` texts, at least one)."""
    spans = []
    lo = 0
    size = 0
    for k, n in enumerate(lengths):
        if k > lo and (size + n > _CHUNK_CHARS or k - lo >= _CHUNK):
            spans.append((lo, k))
            lo, size = k, 0
        size += n + 2  # + the padding space on each side
    if lo < len(lengths):
        spans.append((lo, len(lengths)))
    return spans


def _linear(
    model: _Model, name: str, texts: list[str], tags: list[str], infos: list[ClaimInfo | None]
) -> np.ndarray:
    """Logits of one model on one batch (the logistic regression's ``x @ w + b``)."""
    folded = fold_batch([t[: model.spec.max_chars] for t in texts])
    rows, cols, word_rows, words = keys_and_words(folded, model.spec)
    weights = model.weights[name]
    sums = np.bincount(rows, weights=weights[cols], minlength=len(texts))
    counts = np.bincount(rows, minlength=len(texts))
    if model.language_feature:  # one lang= feature per text
        sums += weights[[_tag_bucket(tag, model.spec.n_buckets) for tag in tags]]
        counts += 1
    # every feature of a text has the value 1/sqrt(count): factor it out of the sum
    z = sums / np.sqrt(counts) + model.intercepts[name]
    dense = model.dense.get(name)
    if dense is not None:
        z += _dense(infos, folded, word_rows, words) @ dense
    return z


def score(
    texts: Sequence[str],
    languages: Sequence[str],
    claims: Sequence[ClaimInfo | None] | None = None,
) -> np.ndarray:
    """Probability that each text is check-worthy, as float32 in ``[0, 1]``.

    ``languages`` holds one ISO 639-1 code per text (``"ar"``, ``"en"``; region suffixes are
    ignored). A language without its own model (anything but Arabic and English) is scored by
    the English model -- a guess, documented in the model card. ``claims[i]``, when given, is
    what the extractor found in ``texts[i]``: a mapping with ``types``, ``values``,
    ``entities``, ``speaker``, ``quote_mode`` and ``negated`` (a claim draft of
    :mod:`claimtrack.pipeline.extract`). Without it a text is scored as one in which the
    extractor found no claim -- lower than the same text as an extracted claim. Compare a
    score with :func:`threshold_for` (per language) or :data:`DEFAULT_THRESHOLD`.
    """
    z = logits(texts, languages, claims)
    # tanh form of the logistic function: no overflow for large |z|.
    return (0.5 * (1.0 + np.tanh(0.5 * z))).astype(np.float32)
