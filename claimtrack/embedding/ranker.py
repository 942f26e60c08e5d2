"""The learned re-ranker of fact-check search: features of (query, candidate) pairs and a
small model scoring them, run with numpy only.

Candidates come from dense + BM25 retrieval (:mod:`claimtrack.api.factcheck_search`);
each gets the :data:`FEATURES` below, computed by :func:`feature_matrix` from raw
per-candidate signals -- the same function the training script calls, so training and
serving cannot drift. The model is gradient-boosted trees or a logistic regression
(whichever cross-validation on the training splits chose), stored as plain arrays in
``claimtrack/resources/factcheck_ranker/`` with its model card; ``bench/
train_factcheck_ranker.py`` reproduces it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from claimtrack.embedding import trees
from claimtrack.errors import ConfigError

_RESOURCE_PACKAGE = "claimtrack.resources"
_RESOURCE_DIR = "factcheck_ranker"
SEARCH_FIELDS = ("claim", "title", "summary", "body", "all")

#: Feature names, in column order.
FEATURES: tuple[str, ...] = (
    *(f"bm25_{f}" for f in SEARCH_FIELDS),  # raw BM25 per field
    *(f"bm25_{f}_rel" for f in SEARCH_FIELDS),  # ... divided by the query's best candidate
    "cos_claim", "cos_title", "has_title", "cos_max",
    "cos_gap",  # best cosine among the query's candidates minus this one
    "dense_rrank", "bm25_rrank", "rrf",  # 1/rank in each list (0 when absent); fused score
    "query_coverage",  # share of the query's distinct terms found in the candidate
    "claim_coverage",  # share of the candidate claim's distinct terms found in the query
    "numbers_shared", "numbers_query_only",
    "log_query_terms", "log_claim_terms", "log_doc_terms",
    # Word pairs in order: a tweet quoting a claim shares its phrases, not only its words.
    "claim_bigram_coverage", "title_bigram_coverage", "query_bigram_share",
    # Dates, where both the query and the fact-check have one: fact-checks follow the claims
    # they check by days (FactCheckTweet train: median 3 days, 99% no earlier than 2 days
    # before the tweet), so the gap separates a fact-check of this claim from an older one.
    "date_known",  # 1 when both dates are known
    "days_after",  # sign(d) * log(1 + |d|), d = fact-check date - query date in days
    "recent_rrank",  # 1/rank in the BM25 list of fact-checks dated near the query
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Signals:
    """Raw signals of one query's candidates (arrays of length ``n`` candidates)."""

    bm25: dict[str, np.ndarray]  # field -> scores
    cos_claim: np.ndarray
    cos_title: np.ndarray  # nan where the fact-check has no separate title
    dense_rank: np.ndarray  # 1-based, 0 when not in the dense list
    bm25_rank: np.ndarray  # 1-based, 0 when not in the BM25 list
    rrf: np.ndarray
    query_terms: frozenset[int]
    claim_terms: list[frozenset[int]]
    doc_terms: list[frozenset[int]]
    numbers: frozenset[int]  # query terms that are numbers
    query_bigrams: frozenset[tuple[str, str]]
    claim_bigrams: list[frozenset[tuple[str, str]]]
    title_bigrams: list[frozenset[tuple[str, str]]]  # empty where there is no title
    #: True where the fact-check's language is known and differs from the query's: words
    #: cannot match there, so such candidates are scored from dense evidence alone.
    cross_lingual: np.ndarray | None = None
    #: Fact-check date minus the query's date, in days (nan where either is unknown).
    days_after: np.ndarray | None = None
    recent_rank: np.ndarray | None = None  # 1-based in the dated BM25 list, 0 when absent


def id_order(factcheck_id: str) -> tuple[int, int, str]:
    """Sort key of ids: numeric ids in numeric order, then the others as text."""
    return (0, int(factcheck_id), "") if factcheck_id.isdigit() else (1, 0, factcheck_id)


def duplicate_groups(s: Signals) -> np.ndarray:
    """A group number per candidate; candidates whose claim and title analyse to the same
    words in the same order (re-published copies differing in quotes or case) share one.

    Such copies answer a query equally well, so every stage scores a group by its best
    member and orders the members by id (:func:`group_max`); without this, a 0.001 cosine
    difference between two copies would decide between them.
    """
    seen: dict[tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]], int] = {}
    groups = np.empty(len(s.claim_bigrams), dtype=np.int64)
    for i, key in enumerate(zip(s.claim_bigrams, s.title_bigrams, strict=True)):
        groups[i] = seen.setdefault(key, len(seen)) if key[0] else len(seen) + i + 10**6
    return groups


def group_max(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each score replaced by the best score of its duplicate group."""
    out = np.asarray(scores, dtype=np.float64).copy()
    if out.size:
        _, inverse = np.unique(groups, return_inverse=True)
        best = np.full(inverse.max() + 1, -np.inf)
        np.maximum.at(best, inverse, out)
        out = best[inverse]
    return out


def bigrams(terms: list[str]) -> frozenset[tuple[str, str]]:
    """Adjacent term pairs of an analysed text."""
    return frozenset(pairwise(terms))


def feature_matrix(s: Signals) -> np.ndarray:
    """The ``(n, len(FEATURES))`` float32 matrix of one query's candidates."""
    n = s.cos_claim.shape[0]
    cols: list[np.ndarray] = []
    for field in SEARCH_FIELDS:
        cols.append(s.bm25[field].astype(np.float64))
    for field in SEARCH_FIELDS:
        top = float(s.bm25[field].max()) if n else 0.0
        cols.append(s.bm25[field] / top if top > 0 else np.zeros(n))
    has_title = ~np.isnan(s.cos_title)
    cos_title = np.where(has_title, s.cos_title, 0.0)
    cos_max = np.where(has_title, np.fmax(s.cos_claim, s.cos_title), s.cos_claim)
    best = float(cos_max.max()) if n else 0.0
    cols += [s.cos_claim, cos_title, has_title.astype(np.float64), cos_max, best - cos_max]
    cols += [_reciprocal(s.dense_rank), _reciprocal(s.bm25_rank), s.rrf * 60.0]
    q = s.query_terms
    qn = max(len(q), 1)
    cols.append(np.asarray([len(q & d) / qn for d in s.doc_terms]))
    cols.append(np.asarray([len(q & c) / max(len(c), 1) for c in s.claim_terms]))
    cols.append(np.asarray([len(s.numbers & d) for d in s.doc_terms], dtype=np.float64))
    cols.append(np.asarray([len(s.numbers - d) for d in s.doc_terms], dtype=np.float64))
    cols.append(np.full(n, np.log1p(len(q))))
    cols.append(np.log1p(np.asarray([len(c) for c in s.claim_terms], dtype=np.float64)))
    cols.append(np.log1p(np.asarray([len(d) for d in s.doc_terms], dtype=np.float64)))
    qb = s.query_bigrams
    cols.append(np.asarray([len(qb & c) / max(len(c), 1) for c in s.claim_bigrams]))
    cols.append(np.asarray([len(qb & t) / max(len(t), 1) for t in s.title_bigrams]))
    pairs = zip(s.claim_bigrams, s.title_bigrams, strict=True)
    cols.append(np.asarray([len(qb & (c | t)) / max(len(qb), 1) for c, t in pairs]))
    days = np.full(n, np.nan) if s.days_after is None else s.days_after
    known = np.isfinite(days)
    cols.append(known.astype(np.float64))
    cols.append(np.where(known, np.sign(days) * np.log1p(np.abs(np.nan_to_num(days))), 0.0))
    cols.append(_reciprocal(np.zeros(n) if s.recent_rank is None else s.recent_rank))
    matrix = np.column_stack(cols) if n else np.zeros((0, len(FEATURES)))
    return np.nan_to_num(matrix, nan=0.0).astype(np.float32)


def _reciprocal(rank: np.ndarray) -> np.ndarray:
    return np.where(rank > 0, 1.0 / np.maximum(rank, 1), 0.0)


class Ranker:
    """A trained scorer: higher = more likely the fact-check answers the query."""

    def __init__(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        if tuple(meta.get("features", ())) != FEATURES:
            raise ConfigError(
                "the fact-check ranker was trained on other features; retrain it with "
                "bench/train_factcheck_ranker.py"
            )
        self.meta = meta
        self.kind = meta["kind"]
        self.arrays = arrays
        self.model_id = str(meta["model_id"])

    def score(self, features: np.ndarray, cross_lingual: np.ndarray | None = None) -> np.ndarray:
        """Probabilities that each row's fact-check answers the query.

        Rows flagged ``cross_lingual`` get the dense-only model's probability (trained on
        the same data from the cosine features alone): their lexical features are zero
        because the languages differ, not because the texts differ.
        """
        x = np.asarray(features, dtype=np.float64)
        if x.shape[0] == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            out = _logistic(x, self.arrays, "")
        elif self.kind == "trees":
            out = trees.probability(x, self.arrays)
        else:
            raise ConfigError(f"unknown ranker kind {self.kind!r}")
        if cross_lingual is not None and cross_lingual.any():
            columns = [FEATURES.index(f) for f in DENSE_FEATURES]
            dense = _logistic(x[cross_lingual][:, columns], self.arrays, "dense_")
            out = out.copy()
            out[cross_lingual] = dense
        return out


#: The features of the dense-only model used for cross-lingual candidates.
DENSE_FEATURES = ("cos_max", "cos_gap", "dense_rrank")


def _logistic(x: np.ndarray, a: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    z = (x - a[prefix + "mean"]) / a[prefix + "scale"]
    return 1.0 / (1.0 + np.exp(-(z @ a[prefix + "coef"] + float(a[prefix + "bias"]))))


@lru_cache(maxsize=1)
def load_ranker() -> Ranker:
    """The ranker shipped in the package (loaded once per process)."""
    folder = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_DIR)
    try:
        meta = json.loads(folder.joinpath("model.json").read_text(encoding="utf-8"))
        with folder.joinpath("weights.npz").open("rb") as fh, np.load(fh) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"the fact-check ranker in {_RESOURCE_PACKAGE}/{_RESOURCE_DIR} is missing or "
            f"damaged ({exc}); reinstall claimtrack or run bench/train_factcheck_ranker.py"
        ) from exc
    return Ranker(meta, arrays)
