"""What the extractor knows about a claim, as a small dense feature vector for check-worthiness.

The hashed n-grams of :mod:`claimtrack.pipeline.checkworthiness` learn words, and on tweets
they learn topics. These features say what kind of statement a text is, in terms that hold
in any domain and either language: its claim types, its values (numbers, percentages,
money, durations, dates, years, "first since"), its named entities, whether it is
attributed speech, whether it is negated, and a few marker words (hedges, opinion,
prediction, superlatives and ordinals, first and second person, wishes and prayers).
They are how a model trained on tweets and debate sentences is told what a checkable
claim in a news article looks like.

Structural features come from a claim draft (``types``, ``values``, ``entities``,
``speaker``, ``quote_mode``, ``negated``: the fields ``claimtrack.pipeline.extract``
fills in); marker words are looked up by their hash among the word hashes the n-gram
featuriser computes anyway, so they cost one ``np.isin`` per batch. The training script
builds the same vectors from the extractor's claims on each training text
(:func:`merge_claims`), so training and run time share this one implementation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

CLAIM_TYPES = ("quantity", "temporal", "comparison", "commitment", "quote", "attribution", "event")
VALUE_KINDS = ("number", "percent", "money", "duration", "date", "year")
ENTITY_KINDS = ("person", "place", "org")

# Marker words, in the check-worthiness folding (lower case, bare alef, ى -> ي). Arabic
# words also match with a و/ف/ب/ل clitic. Single words only (a word = a run of \w, so
# "i'm" is two words): they are matched by hash.
MARKERS: dict[str, tuple[str, ...]] = {
    "hedge": (
        "ربما", "لعل", "يبدو", "يبدوا", "يحتمل", "محتمل", "المحتمل", "احتمال", "يرجح",
        "المرجح", "مرجح", "يشاع", "شائعات", "انباء", "مزاعم", "يزعم", "زعم", "مزعوم",
        "reportedly", "allegedly", "alleged", "may", "might", "perhaps", "possibly",
        "probably", "apparently", "rumor", "rumors", "unconfirmed", "could",
    ),
    "opinion": (
        "اعتقد", "اظن", "ارى", "برايي", "رايي", "نعتقد", "نرى", "اتمنى", "نتمنى", "يجب",
        "ينبغي", "لازم", "للاسف", "اعتبر", "يعتبر",
        "think", "believe", "feel", "opinion", "should", "must", "hope", "wish",
        "unfortunately", "frankly", "honestly",
    ),
    "prediction": (
        "سوف", "سيتم", "ستكون", "سيكون", "يتوقع", "متوقع", "المتوقع", "توقع", "توقعات",
        "مستقبلا", "قريبا",
        "will", "going", "expect", "expected", "expects", "predict", "predicted", "forecast",
        "soon", "future",
    ),
    "superlative": (
        "اول", "الاول", "الاولي", "لاول", "اكبر", "الاكبر", "اكثر", "الاكثر", "اعلي", "الاعلي",
        "اقل", "الاقل", "ادني", "الادني", "افضل", "الافضل", "اسوا", "الاسوا", "اطول", "الاطول",
        "اسرع", "الاسرع", "الوحيد", "الوحيده", "قياسي", "قياسيه", "مسبوق",
        "first", "largest", "biggest", "highest", "lowest", "most", "least", "best", "worst",
        "only", "record", "longest", "fastest", "greatest", "smallest", "unprecedented",
    ),
    "first_person": (
        "انا", "نحن", "احنا", "اني", "انني", "اننا", "لدي", "لدينا", "عندي", "عندنا",
        "i", "we", "me", "my", "our", "us",
    ),
    "second_person": (
        "انت", "انتم", "انتي", "انتما", "لكم", "عندك", "you", "your", "yours",
    ),
    "expressive": (
        "اللهم", "الحمد", "الحمدلله", "شكرا", "مبروك", "نبارك", "تهانينا", "رحم", "رحمه",
        "حفظ", "يارب", "امين", "صباح", "مساء",
        "thank", "thanks", "congratulations", "bless", "god", "applause", "laughter",
        "welcome", "goodnight",
    ),
}  # fmt: skip
_CLITICS = "وفبل"

FEATURE_NAMES: tuple[str, ...] = (
    "claim",
    *(f"type:{t}" for t in CLAIM_TYPES),
    *(f"value:{k}" for k in VALUE_KINDS),
    "value:since",
    *(f"entity:{k}" for k in ENTITY_KINDS),
    "speaker",
    "quote:direct",
    "quote:indirect",
    "negated",
    *(f"marker:{m}" for m in MARKERS),
    "question",
    "exclamation",
    "length",
)
N_FEATURES = len(FEATURE_NAMES)
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_STRUCT_END = _INDEX["negated"] + 1  # columns [0, _STRUCT_END) come from the claim draft
_MARKER_COLUMNS = np.array([_INDEX[f"marker:{m}"] for m in MARKERS], dtype=np.int64)
_VALUE_CAP = 2.0  # counts are capped: the second number adds, the tenth does not
_ENTITY_CAP = 3.0
_LENGTH_SCALE = math.log(65.0)  # length feature: log(1 + words) / log(65), capped at 1


def marker_words() -> tuple[list[str], np.ndarray]:
    """Every marker word form (clitic forms included) and the column each one feeds."""
    words: list[str] = []
    columns: list[int] = []
    for k, (_, entries) in enumerate(MARKERS.items()):
        for entry in entries:
            forms = [entry] if entry.isascii() else [entry, *(c + entry for c in _CLITICS)]
            words += forms
            columns += [int(_MARKER_COLUMNS[k])] * len(forms)
    return words, np.asarray(columns, dtype=np.int64)


_TYPE_COLUMN = {t: _INDEX["type:" + t] for t in CLAIM_TYPES}
_VALUE_COLUMN = {k: _INDEX["value:" + k] for k in VALUE_KINDS}
_ENTITY_COLUMN = {k: _INDEX["entity:" + k] for k in ENTITY_KINDS}
_SINCE = _INDEX["value:since"]
_SPEAKER = _INDEX["speaker"]
_QUOTE_COLUMN = {"direct": _INDEX["quote:direct"], "indirect": _INDEX["quote:indirect"]}
_NEGATED = _INDEX["negated"]
_VALUES = slice(_INDEX["value:number"], _INDEX["value:year"] + 1)
_ENTITIES = slice(_INDEX["entity:person"], _INDEX["entity:org"] + 1)
# Columns that are 0/1 however often their cue occurs (the others are capped counts).
_BINARY = np.array(
    [k for k in range(_STRUCT_END) if not (_VALUES.start <= k < _VALUES.stop)
     and not (_ENTITIES.start <= k < _ENTITIES.stop)], dtype=np.int64
)  # fmt: skip


def structural(infos: Sequence[Mapping[str, Any] | None]) -> np.ndarray:
    """Columns ``[0, _STRUCT_END)`` of the feature matrix, one row per claim draft.

    A ``None`` row (a text the extractor was not asked about) is all zeros, the same as a
    text in which the extractor found no claim.
    """
    # One flat list of cell indices (row * N_FEATURES + column), counted by one bincount:
    # a few list appends per draft instead of numpy scalar writes (~2 us per draft).
    cells: list[int] = []
    add = cells.append
    types_of, values_of, entities_of = _TYPE_COLUMN.get, _VALUE_COLUMN.get, _ENTITY_COLUMN.get
    for base, info in zip(range(0, len(infos) * N_FEATURES, N_FEATURES), infos, strict=True):
        if info is None:
            continue
        types = info.get("types")
        if types:
            add(base)
            for t in types:
                k = types_of(t)
                if k is not None:
                    add(base + k)
        for value in info.get("values") or ():
            k = values_of(value.get("kind"))
            if k is not None:
                add(base + k)
            if value.get("relation") in ("first_since", "since"):
                add(base + _SINCE)
        for entity in info.get("entities") or ():
            k = entities_of(entity.get("kind"))
            if k is not None:
                add(base + k)
        if info.get("speaker"):
            add(base + _SPEAKER)
        k = _QUOTE_COLUMN.get(info.get("quote_mode"))  # type: ignore[arg-type]
        if k is not None:
            add(base + k)
        if info.get("negated"):
            add(base + _NEGATED)
    size = len(infos) * N_FEATURES
    counts = np.bincount(np.asarray(cells, dtype=np.int64), minlength=size)
    out = counts.astype(np.float64).reshape(len(infos), N_FEATURES)
    out[:, _BINARY] = np.minimum(out[:, _BINARY], 1.0)
    np.minimum(out[:, _VALUES], _VALUE_CAP, out=out[:, _VALUES])
    out[:, _VALUES] /= _VALUE_CAP
    np.minimum(out[:, _ENTITIES], _ENTITY_CAP, out=out[:, _ENTITIES])
    out[:, _ENTITIES] /= _ENTITY_CAP
    return out


def add_textual(
    out: np.ndarray,
    folded: Sequence[str],
    word_rows: np.ndarray,
    word_keys: np.ndarray,
    marker_keys: np.ndarray,
    marker_columns: np.ndarray,
) -> None:
    """Fill the marker, punctuation and length columns of ``out`` in place.

    ``word_rows``/``word_keys``: the row and hash of every word of the batch (as the n-gram
    featuriser computes them); ``marker_keys`` (sorted) and ``marker_columns``: the hashes
    of :func:`marker_words` and their columns. A marker counts once per text.
    """
    n = len(folded)
    if len(word_keys) and len(marker_keys):
        at = np.searchsorted(marker_keys, word_keys)
        at[at == len(marker_keys)] = 0
        hit = marker_keys[at] == word_keys
        out[word_rows[hit], marker_columns[at[hit]]] = 1.0
    counts = np.bincount(word_rows, minlength=n).astype(np.float64)
    out[:, _INDEX["length"]] = np.minimum(np.log1p(counts) / _LENGTH_SCALE, 1.0)
    out[:, _INDEX["question"]] = [1.0 if "?" in t else 0.0 for t in folded]
    out[:, _INDEX["exclamation"]] = [1.0 if "!" in t else 0.0 for t in folded]


def merge_claims(claims: Iterable[Any], as_dict: Callable[[Any], Mapping[str, Any]]) -> dict:
    """One draft-like mapping for a text from all the claims the extractor found in it.

    Used to build training rows: a tweet or debate sentence may hold several claims, and
    the model scores the text as a whole. Types, values and entities are pooled; a
    speaker, a quote mode and negation count if any claim has them.
    """
    merged: dict[str, Any] = {"types": [], "values": [], "entities": [], "speaker": None,
                              "quote_mode": "none", "negated": False}  # fmt: skip
    for claim in claims:
        info = as_dict(claim)
        merged["types"] += [t for t in info["types"] if t not in merged["types"]]
        merged["values"] += list(info["values"])
        merged["entities"] += list(info["entities"])
        merged["speaker"] = merged["speaker"] or info["speaker"]
        if info["quote_mode"] == "direct" or merged["quote_mode"] == "none":
            merged["quote_mode"] = info["quote_mode"]
        merged["negated"] = merged["negated"] or bool(info["negated"])
    return merged
