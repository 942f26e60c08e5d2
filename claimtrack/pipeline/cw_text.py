"""Text features of the check-worthiness model: folding and hashed character/word n-grams.

Hashing is done in numpy (polynomial hashes of code points, multiply-shift into buckets):
Python's ``hash()`` is salted per process, and a per-n-gram Python loop was most of the
scorer's time. The scorer is called once per article with that article's claims, so its cost
is mostly the fixed cost of a few dozen numpy calls: fold and hash the batch at once.
:func:`featurize` is also what the training script calls -- one implementation, no drift.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from claimtrack.errors import ConfigError

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
# ``_FOLD_TABLE`` then ``\d`` -> "0", as a lookup array over the Basic Multilingual Plane
# (_DELETE = drop the char): str.translate with a dict costs a dictionary lookup per
# character of Arabic text, and a regex substitution per digit.
_DELETE = 0xFFFFFFFF
# ASCII text: the fold table maps no ASCII character, and \d is 0-9 (str.translate has a
# fast path for ASCII).
_ASCII_ZEROS = str.maketrans("123456789", "0" * 9)


def _bmp_plane() -> str:
    """Every code point below 0x10000 in order, surrogates included (one C decode)."""
    return np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _bmp_fold_array() -> np.ndarray:
    table = np.arange(0x10000, dtype=np.uint32)
    for code, target in _FOLD_TABLE.items():
        table[code] = _DELETE if target is None else ord(target)
    # Every code point that ``_DIGIT_RE`` matches (exactly as ``re`` decides), as a target.
    digits = np.fromiter((m.start() for m in _DIGIT_RE.finditer(_bmp_plane())), np.uint32)
    table[np.isin(table, digits)] = ord("0")
    return table


def _translate(text: str) -> str:
    """``_DIGIT_RE.sub("0", text.translate(_FOLD_TABLE))``, done in numpy for non-ASCII text."""
    if text.isascii():
        return text.translate(_ASCII_ZEROS)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(codes.max()) >= 0x10000:  # astral characters (emoji): the table cannot index them
        return _DIGIT_RE.sub("0", text.translate(_FOLD_TABLE))
    mapped = _bmp_fold_array()[codes]
    return mapped[mapped != _DELETE].tobytes().decode("utf-32-le", "surrogatepass")


def _fold_unspaced(text: str) -> str:
    """Everything :func:`fold` does except collapsing whitespace.

    Digits become "0" first, with the table: lower-casing neither makes nor changes a
    digit, and the URL and mention patterns match the same spans either way.
    """
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    text = str.lower(_translate(unicodedata.normalize("NFKC", text)))
    if "http" in text or "www." in text:  # cheap guards: most sentences have neither
        text = _URL_RE.sub(" url ", text)
    if "@" in text:
        text = _MENTION_RE.sub(" @user ", text)
    return text.replace("#", " ").replace("_", " ")


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
    marked = _NON_WORD_RE.sub("\x00", _bmp_plane()).encode("utf-32-le", "surrogatepass")
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
    unspaced = _fold_unspaced(_BATCH_SEP.join(texts))
    # Whitespace collapsed once for the batch: each NUL (no whitespace) is then a word of
    # its own, " \x00 " between two texts. A text that folds to nothing leaves two NULs
    # sharing a space, and fewer pieces: then the texts are collapsed one by one.
    pieces = " ".join(unspaced.split()).split(" \x00 ")
    if len(pieces) == len(texts):
        return pieces
    return [" ".join(piece.split()) for piece in unspaced.split("\x00")]


def _keys(folded: list[str], spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    """``(row, bucket)`` of every char and word n-gram of every folded text."""
    rows, buckets, _, _ = keys_and_words(folded, spec)
    return rows, buckets


def keys_and_words(
    folded: list[str], spec: FeatureSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(row, bucket)`` of every char and word n-gram of every folded text, plus
    ``(row, key)`` of every word (its full 64-bit hash, for exact word lookups).

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
    return np.concatenate(rows), buckets, word_rows, words


def word_keys(words: Sequence[str]) -> np.ndarray:
    """The 64-bit hash :func:`keys_and_words` gives each of ``words`` (each folded, one word).

    Raises ConfigError when an entry folds to anything but exactly one word.
    """
    folded = fold_batch(list(words))
    rows, _, word_rows, keys = keys_and_words(folded, FeatureSpec(char_max=2, word_max=1))
    del rows
    if not np.array_equal(word_rows, np.arange(len(folded))):
        raise ConfigError(f"marker entries must each be one word: {list(words)!r}")
    return keys


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
