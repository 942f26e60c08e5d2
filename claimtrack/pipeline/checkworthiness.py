"""Check-worthiness scoring for Arabic and English sentences (offline, numpy + stdlib).

A hashed bag of character n-grams and word n-grams feeds a logistic regression trained on
CheckThat! 2024 Task 1 (see ``claimtrack/resources/checkworthiness/MODEL_CARD.md`` and
``bench/train_checkworthiness.py``). Only the coefficient vectors ship; this module
reproduces the training-time featurisation exactly, so :func:`featurize` is also what the
training script calls -- one implementation, no drift.

Hashing is done in numpy (polynomial hashes of code points, multiply-shift into buckets):
Python's ``hash()`` is salted per process, and a per-n-gram Python loop was most of the
scorer's time. The scorer is called once per article with that article's claims, so its cost
is mostly the fixed cost of a few dozen numpy calls: fold and hash the batch at once.
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
# ``_FOLD_TABLE`` as a lookup array over the Basic Multilingual Plane (_DELETE = drop the char):
# str.translate with a dict costs a dictionary lookup per character of Arabic text.
_DELETE = 0xFFFFFFFF


@lru_cache(maxsize=1)
def _bmp_fold_array() -> np.ndarray:
    table = np.arange(0x10000, dtype=np.uint32)
    for code, target in _FOLD_TABLE.items():
        table[code] = _DELETE if target is None else ord(target)
    return table


def _translate(text: str) -> str:
    """``text.translate(_FOLD_TABLE)``, done in numpy for non-ASCII text."""
    if text.isascii():  # the table maps no ASCII character
        return text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(codes.max()) >= 0x10000:  # astral characters (emoji): the table cannot index them
        return text.translate(_FOLD_TABLE)
    mapped = _bmp_fold_array()[codes]
    return mapped[mapped != _DELETE].tobytes().decode("utf-32-le", "surrogatepass")


def _fold_unspaced(text: str) -> str:
    """Everything :func:`fold` does except collapsing whitespace."""
    text = _translate(unicodedata.normalize("NFKC", text)).lower()
    if "http" in text or "www." in text:  # cheap guards: most sentences have neither
        text = _URL_RE.sub(" url ", text)
    if "@" in text:
        text = _MENTION_RE.sub(" @user ", text)
    text = text.replace("#", " ").replace("_", " ")
    return _DIGIT_RE.sub("0", text)


def fold(text: str) -> str:
    """Normalise ``text`` for hashing: NFKC, Arabic orthographic variants, digits, case.

    URLs and @mentions become placeholder tokens, hashtag marks and underscores become
    spaces (hashtags in the tweet training data are ordinary words), every digit becomes
    ``0`` (the *shape* of a number signals a checkable claim; its value does not), and
    whitespace collapses to one space.
    """
    # str.split() and re's \s agree on what whitespace is; split+join beats a regex sub.
    return " ".join(_fold_unspaced(text).split())


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


# Polynomial hashes of code points in numpy uint64 arithmetic (wraps modulo 2**64 by design),
# then multiply-shift: the bucket is the top bits of ``key * _SPREAD`` (odd). Deterministic
# across processes and platforms (Python's hash() is salted per process). Prefix sums make
# the hash of ANY span -- every char n-gram and every word -- a difference of two array
# entries, so a batch of sentences costs a few dozen numpy calls and no Python-level loop.
_POLY = 0x100000001B3
_POLY_INV = pow(_POLY, -1, 1 << 64)  # _POLY is odd, so invertible modulo 2**64
_SPREAD = 0x9E3779B97F4A7C15  # odd; folded into the P**k table, so spreading costs nothing
_WORD_SEED = np.uint64((0x1F1F1F1F1F1F1F1F * _SPREAD) % (1 << 64))  # word != its char n-gram
_BIGRAM_SEED = np.uint64((0x2F2F2F2F2F2F2F2F * _SPREAD) % (1 << 64))
_BIGRAM_MUL = np.uint64(0xBF58476D1CE4E5B9)
_BATCH_SEP = "\n\x00\n"  # whitespace on both sides: no URL, mention or word crosses it
_NON_WORD_RE = re.compile(r"\W")
# (_SPREAD * P**k, P**-k) for k < len; grown by doubling, replaced whole (thread-safe reads)
_power_cache: tuple[np.ndarray, np.ndarray] = (np.ones(0, np.uint64), np.ones(0, np.uint64))
_MAX_CACHED_POWERS = 1 << 20


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(_SPREAD * P**k, P**-k)`` for ``k < n`` at least, as wrapping uint64."""
    global _power_cache
    if len(_power_cache[0]) >= n:
        return _power_cache
    size = max(n, 2 * len(_power_cache[0]), 4096)
    tables = []
    for first, base in ((_SPREAD, _POLY), (1, _POLY_INV)):
        steps = np.full(size, base, dtype=np.uint64)
        steps[0] = first
        tables.append(np.cumprod(steps, dtype=np.uint64))  # wraps; numpy arrays don't warn
    if size <= _MAX_CACHED_POWERS:  # don't keep a huge one-off batch's tables alive
        _power_cache = (tables[0], tables[1])
    return tables[0], tables[1]


@lru_cache(maxsize=1)
def _bmp_word_table() -> np.ndarray:
    """``table[c]``: does code point ``c`` (< 0x10000) match ``\\w``? Built once (ms)."""
    plane = "".join(map(chr, range(0x10000)))
    marked = _NON_WORD_RE.sub("\x00", plane).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(marked, dtype=np.uint32) != 0


def _word_mask(codes: np.ndarray) -> np.ndarray:
    """Which code points match ``\\w`` (exactly as ``re`` decides; astral ones looked up)."""
    table = _bmp_word_table()
    if len(codes) == 0 or int(codes.max()) < 0x10000:
        return table[codes]
    mask = table[np.minimum(codes, 0xFFFF)]
    for i in np.flatnonzero(codes >= 0x10000):  # emoji and rare scripts: few per text
        mask[i] = _NON_WORD_RE.match(chr(int(codes[i]))) is None
    return mask


def fold_batch(texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in texts]``, computed on one joined string (a handful of C calls)."""
    if not texts or any("\x00" in t for t in texts):  # NUL is the separator: one by one
        return [fold(t) for t in texts]
    return [
        " ".join(piece.split()) for piece in _fold_unspaced(_BATCH_SEP.join(texts)).split("\x00")
    ]


def _keys(folded: list[str], spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    """``(row, bucket)`` of every char and word n-gram of every folded text.

    With ``G[i] = sum(code[j] * P**-j for j < i)``, the span ``[a, b)`` hashes to
    ``(G[b] - G[a]) * P**a = sum(code[j] * P**-(j - a))``: position-independent. Keys are
    kept multiplied by ``_SPREAD``; the bucket is their top ``log2(n_buckets)`` bits.
    """
    shift = np.uint64(64 - (spec.n_buckets.bit_length() - 1))
    lengths = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded)) + 2
    joined = " " + "  ".join(folded) + " "  # each text padded by one space on both sides
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    total = len(codes)
    grams = np.arange(spec.char_min, spec.char_max + 1, dtype=np.int64)[:, None]
    up, down = _powers(total + spec.char_max + 1)
    prefix = np.zeros(total + spec.char_max + 1, dtype=np.uint64)  # zero tail: masked below
    row_of = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)
    position = np.arange(total, dtype=np.int64)
    np.cumsum(codes * down[:total], out=prefix[1 : total + 1])
    # char n-grams, all n at once: a (n values x positions) grid, minus those that run
    # past the end of their text
    inside = (np.repeat(np.cumsum(lengths), lengths) - position) >= grams
    # prefix[position + n] for every n, as a strided view (row n - char_min is prefix[n:]):
    # same values as a fancy-indexed gather, without building and following the index grid
    shifted = np.lib.stride_tricks.sliding_window_view(prefix, total)[
        spec.char_min : spec.char_max + 1
    ]
    chars = ((shifted - prefix[:total]) * up[:total])[inside]
    char_rows = np.broadcast_to(row_of, inside.shape)[inside]
    # words: maximal runs of \w (the padding makes runs start and end inside the text)
    is_word = _word_mask(codes)
    edge = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1
    starts, ends = edge[0::2], edge[1::2]
    words = (prefix[ends] - prefix[starts]) * up[starts]
    word_rows = row_of[starts]
    keys = [chars, words + _WORD_SEED]
    rows = [char_rows, word_rows]
    if spec.word_max >= 2 and len(words) > 1:
        same = word_rows[1:] == word_rows[:-1]  # bigrams stay inside one text
        keys.append((words[:-1] * _BIGRAM_MUL + words[1:] + _BIGRAM_SEED)[same])
        rows.append(word_rows[1:][same])
    # < 2**32 after the shift: reinterpreting as int64 makes numpy's gathers ~8x faster
    buckets = (np.concatenate(keys) >> shift).view(np.int64)
    return np.concatenate(rows), buckets


_CHUNK = 2048


def featurize(
    texts: Sequence[str],
    spec: FeatureSpec,
    language_tags: Sequence[str | None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse features of a batch as ``(rows, cols, values)`` triplets, duplicates allowed.

    Features: char ``char_min``..``char_max``-grams of the folded text padded with a space,
    word unigrams and (for ``word_max >= 2``) bigrams, and optionally one ``lang=`` feature.
    Every n-gram occurrence contributes ``1 / sqrt(number of n-grams in its text)`` to its
    bucket, so repeated triplets add up (scipy's COO->CSR sums them; so does the dot product)
    and long and short texts are on the same footing.
    """
    if spec.n_buckets & (spec.n_buckets - 1) or not 1 < spec.n_buckets <= 1 << 32:
        raise ConfigError(f"n_buckets must be a power of two up to 2**32 (got {spec.n_buckets})")
    if spec.word_max > 2:
        raise ConfigError(f"word n-grams longer than 2 are not supported (got {spec.word_max})")
    # chunks bound the memory of the (n-gram sizes x chars) grid on training-size batches
    parts = [
        _keys(fold_batch([t[: spec.max_chars] for t in texts[i : i + _CHUNK]]), spec)
        for i in range(0, len(texts), _CHUNK)
    ]
    offsets = range(0, len(texts), _CHUNK)
    rows = np.concatenate(
        [np.zeros(0, np.int64), *(r + o for (r, _), o in zip(parts, offsets, strict=True))]
    )
    cols = np.concatenate([np.zeros(0, np.int64), *(c for _, c in parts)])
    if language_tags is not None:
        tag_rows = [i for i, tag in enumerate(language_tags) if tag is not None]
        tag_cols = [_tag_bucket(str(language_tags[i]), spec.n_buckets) for i in tag_rows]
        rows = np.concatenate([rows, np.asarray(tag_rows, dtype=np.int64)])
        cols = np.concatenate([cols, np.asarray(tag_cols, dtype=np.int64)])
    per_text = np.bincount(rows, minlength=len(texts)).astype(np.float64)
    values = 1.0 / np.sqrt(per_text[rows])
    return rows, cols, values


@lru_cache(maxsize=64)
def _tag_bucket(tag: str, n_buckets: int) -> int:
    return zlib.crc32(("\x1elang=" + tag).encode("utf-8")) & (n_buckets - 1)


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
            # float32 at run time: random lookups into float16 would each need a conversion.
            weights = {name: npz[name].astype(np.float32) for name in meta["models"]}
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


@lru_cache(maxsize=256)
def _resolve(language: str) -> str:
    return resolve_language(language)


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
            out[part] = _linear(model, name, [texts[i] for i in part], [resolved[i] for i in part])
    return out


# Characters featurised per numpy pass in ``logits``. A pass builds (n-gram sizes x chars)
# uint64 temporaries, 32 bytes per character; at 4096 characters they stay under glibc's
# default mmap threshold (128 KiB). Larger ones were fresh mmaps that page-faulted on first
# touch (~1000 faults per 50k-character batch): a batch of many articles' claims scored
# slower per character than one article's. A text's logit does not depend on the texts
# batched with it, so chunking changes no score.
_CHUNK_CHARS = 4096


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


def _linear(model: _Model, name: str, texts: list[str], tags: list[str]) -> np.ndarray:
    """Logits of one model on one batch (the logistic regression's ``x @ w + b``)."""
    rows, cols = _keys(fold_batch([t[: model.spec.max_chars] for t in texts]), model.spec)
    weights = model.weights[name]
    sums = np.bincount(rows, weights=weights[cols], minlength=len(texts))
    counts = np.bincount(rows, minlength=len(texts))
    if model.language_feature:  # one lang= feature per text
        sums += weights[[_tag_bucket(tag, model.spec.n_buckets) for tag in tags]]
        counts += 1
    # every feature of a text has the value 1/sqrt(count): factor it out of the sum
    return sums / np.sqrt(counts) + model.intercepts[name]


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
