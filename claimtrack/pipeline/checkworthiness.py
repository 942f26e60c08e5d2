"""Check-worthiness scoring for Arabic and English sentences (offline, numpy + stdlib).

A hashed bag of character n-grams and word n-grams feeds a logistic regression trained on
CheckThat! 2024 Task 1 (see ``claimtrack/resources/checkworthiness/MODEL_CARD.md`` and
``bench/train_checkworthiness.py``). Only the coefficient vectors ship; this module
reproduces the training-time featurisation exactly, so :func:`featurize` is also what the
training script calls -- one implementation, no drift.

Hashing uses ``zlib.crc32`` because Python's ``hash()`` is salted per process and would give
different buckets on every run.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from claimtrack.errors import ConfigError, InvalidInputError

_RESOURCE_PACKAGE = "claimtrack.resources"
_RESOURCE_DIR = "checkworthiness"

# --- text folding -----------------------------------------------------------------------

_ARABIC_DIACRITICS = "".join(
    chr(c)
    for c in [
        *range(0x0610, 0x061B),
        *range(0x064B, 0x0660),
        0x0670,
        *range(0x06D6, 0x06EE),
    ]
)
_FOLD_TABLE = str.maketrans(
    {
        **{c: None for c in _ARABIC_DIACRITICS},
        "\u0640": None,  # tatweel: typographic stretching, carries no meaning
        "\u0623": "\u0627",  # alef with hamza above -> bare alef
        "\u0625": "\u0627",  # alef with hamza below
        "\u0622": "\u0627",  # alef with madda
        "\u0671": "\u0627",  # alef wasla
        "\u0649": "\u064a",  # alef maksura -> yeh (spelt interchangeably in news and tweets)
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        "\u060c": ",",  # Arabic comma
        "\u061f": "?",  # Arabic question mark
        "\u061b": ";",  # Arabic semicolon
    }
)
# Each pattern is a single character class with one quantifier: linear time on any input.
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_MENTION_RE = re.compile(r"@\w+")
_DIGIT_RE = re.compile(r"\d")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


def fold(text: str) -> str:
    """Normalise ``text`` for hashing: NFKC, Arabic orthographic variants, digits, case.

    URLs and @mentions become placeholder tokens, hashtag marks and underscores become
    spaces (hashtags in the tweet training data are ordinary words), every digit becomes
    ``0`` (the *shape* of a number signals a checkable claim; its value does not), and
    whitespace collapses to one space.
    """
    text = unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE).lower()
    text = _URL_RE.sub(" url ", text)
    text = _MENTION_RE.sub(" @user ", text)
    text = text.replace("#", " ").replace("_", " ")
    text = _DIGIT_RE.sub("0", text)
    return _SPACE_RE.sub(" ", text).strip()


# --- hashed features --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """How text becomes hashed feature indices; stored in the model file with the weights."""

    n_buckets: int = 1 << 18
    char_min: int = 2
    char_max: int = 5
    word_max: int = 2
    max_chars: int = 2000  # long inputs are truncated: scores are for sentences, not articles

    def to_json(self) -> dict[str, int]:
        return {
            "n_buckets": self.n_buckets,
            "char_min": self.char_min,
            "char_max": self.char_max,
            "word_max": self.word_max,
            "max_chars": self.max_chars,
        }


# Polynomial rolling hash of code points + murmur3's 64-bit finaliser, in numpy uint64
# arithmetic (wraps modulo 2**64 by design). Deterministic across processes and platforms.
_POLY = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)


def _char_ngram_buckets(folded: list[str], spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    """``(row, bucket)`` of every char n-gram of every text, computed without a Python loop."""
    lengths = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded))
    joined = "".join(folded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row_of = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)
    end_of = np.repeat(np.cumsum(lengths), lengths)
    position = np.arange(len(codes), dtype=np.int64)
    mask = np.uint64(spec.n_buckets - 1)
    rows, buckets = [], []
    with np.errstate(over="ignore"):
        for n in range(spec.char_min, spec.char_max + 1):
            m = len(codes) - n + 1
            if m <= 0:
                continue
            h = np.full(m, np.uint64(n), dtype=np.uint64)  # seed by n: "ab" != " ab"
            for k in range(n):
                h = h * _POLY + codes[k : k + m]
            h ^= h >> _SHIFT
            h *= _MIX1
            h ^= h >> _SHIFT
            h *= _MIX2
            h ^= h >> _SHIFT
            inside = position[:m] + n <= end_of[:m]  # n-grams must not span two texts
            rows.append(row_of[:m][inside])
            buckets.append((h[inside] & mask).astype(np.int64))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(buckets)


def _word_grams(folded: str, spec: FeatureSpec, language_tag: str | None) -> list[str]:
    """Word unigrams..``word_max``-grams, prefixed so they never equal a char n-gram."""
    words = _WORD_RE.findall(folded)
    grams = ["\x1f" + w for w in words]
    for n in range(2, spec.word_max + 1):
        grams.extend("\x1f" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    if language_tag is not None:
        grams.append("\x1elang=" + language_tag)
    return grams


def featurize(
    texts: Sequence[str],
    spec: FeatureSpec,
    language_tags: Sequence[str | None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse features of a batch as ``(rows, cols, values)`` triplets, duplicates allowed.

    Every n-gram occurrence contributes ``1 / sqrt(number of n-grams in its text)`` to its
    bucket, so repeated triplets add up (scipy's COO->CSR sums them; so does the dot product)
    and long and short texts are on the same footing. Char n-grams are hashed in numpy, word
    n-grams and the optional language feature with ``zlib.crc32``.
    """
    tags = language_tags if language_tags is not None else [None] * len(texts)
    folded = [" " + fold(t[: spec.max_chars]) + " " for t in texts]
    char_rows, char_cols = _char_ngram_buckets(folded, spec)
    mask = spec.n_buckets - 1
    crc = zlib.crc32
    word_buckets = [
        [crc(g.encode("utf-8")) & mask for g in _word_grams(f, spec, tag)]
        for f, tag in zip(folded, tags, strict=True)
    ]
    word_counts = np.fromiter(map(len, word_buckets), dtype=np.int64, count=len(folded))
    word_rows = np.repeat(np.arange(len(folded), dtype=np.int64), word_counts)
    word_cols = np.fromiter(
        (b for row in word_buckets for b in row), dtype=np.int64, count=int(word_counts.sum())
    )
    rows = np.concatenate([char_rows, word_rows])
    cols = np.concatenate([char_cols, word_cols])
    per_text = np.bincount(rows, minlength=len(folded)).astype(np.float64)
    values = 1.0 / np.sqrt(per_text[rows])
    return rows, cols, values


def feature_indices(text: str, spec: FeatureSpec, language_tag: str | None = None) -> list[int]:
    """Sorted bucket indices (with repeats) of one text's n-grams: a debugging aid."""
    _, cols, _ = featurize([text], spec, [language_tag])
    return sorted(int(c) for c in cols)


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
    weights: dict[str, np.ndarray]  # model name -> coefficient vector (n_buckets,)
    intercepts: dict[str, float]
    language_feature: bool  # a shared model sees a ``lang=`` feature


@lru_cache(maxsize=1)
def _load_model() -> _Model:
    """Read the packaged weights once per process."""
    folder = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_DIR)
    meta = _meta()
    try:
        with folder.joinpath("weights.npz").open("rb") as fh, np.load(fh) as npz:
            # float64 at run time: the file stores a narrower float to stay small.
            weights = {name: npz[name].astype(np.float64) for name in meta["models"]}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"check-worthiness weights {_RESOURCE_PACKAGE}/{_RESOURCE_DIR}/weights.npz are "
            f"missing or corrupt ({exc}); reinstall claimtrack or rerun "
            "bench/train_checkworthiness.py"
        ) from exc
    return _Model(
        spec=FeatureSpec(**meta["features"]),
        weights=weights,
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


def threshold_for(language: str) -> float:
    """Decision threshold for ``language``, chosen on held-out TRAIN data (best F1 of "Yes")."""
    return float(_meta()["thresholds"][resolve_language(language)])


def logits(texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
    """Raw linear scores (float64) behind :func:`score`; exposed for tests and calibration."""
    if isinstance(texts, str) or isinstance(languages, str):
        raise InvalidInputError("score() takes sequences of texts and languages, not one string")
    if len(texts) != len(languages):
        raise InvalidInputError(
            f"score() got {len(texts)} texts but {len(languages)} languages; give one per text"
        )
    out = np.zeros(len(texts), dtype=np.float64)
    if len(texts) == 0:
        return out
    model = _load_model()
    route = _meta()["route"]
    resolved = [resolve_language(lang) for lang in languages]
    names = [route[lang] for lang in resolved]
    for name in sorted(set(names)):
        positions = [i for i, n in enumerate(names) if n == name]
        batch = [texts[i] for i in positions]
        tags = [resolved[i] for i in positions] if model.language_feature else None
        rows, cols, values = featurize(batch, model.spec, tags)
        weighted = values * model.weights[name][cols]
        out[positions] = np.bincount(rows, weights=weighted, minlength=len(batch))
        out[positions] += model.intercepts[name]
    return out


def score(texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
    """Probability that each text is check-worthy, as float32 in ``[0, 1]``.

    ``languages`` holds one ISO 639-1 code per text (``"ar"``, ``"en"``; region suffixes are
    ignored). A language without its own model (anything but Arabic and English) is scored by
    the English model -- a guess, documented in the model card. Compare a score with
    :func:`threshold_for` (per language) or :data:`DEFAULT_THRESHOLD`.
    """
    z = logits(texts, languages)
    # tanh form of the logistic function: no overflow for large |z|.
    return (0.5 * (1.0 + np.tanh(0.5 * z))).astype(np.float32)
