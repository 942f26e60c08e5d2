"""Retrieval evaluation of fact-check search on public data sets, every stage from one run.

Data sets (research use, next to the repository in ``../shared/data``, never in it):

* CheckThat! 2020 Task 2 (English tweets -> 10,375 Snopes verified claims; fields
  ``claim`` = vclaim, ``title`` = article title). Splits train / dev / test.
* FactCheckTweet (Kazemi et al. 2022; English tweets -> 86,376 multilingual fact-check
  articles; ``claim`` = article title, ``summary`` = subtitle, ``body`` = first 1,000
  characters). Splits train / dev here (test withheld).

Each library is imported into a DuckDB store in the cache folder (built once, reused;
``claimtrack.evaluation.embed_cache``) through the same API as ``claimtrack factchecks
import``, and searched with :class:`claimtrack.api.factcheck_search.LibrarySearcher`.
:func:`evaluate` computes the candidates once and scores the BM25-only, dense-only, fused
and re-ranked orders of the same candidates. The re-ranker was trained on the *train*
splits only (its model card says so; :data:`RANKER_SAW`).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.evaluation.embed_cache import EmbeddingCache, cache_dir
from claimtrack.evaluation.matching import CHECKTHAT, DATA, load_checkthat2020, map_at_k

if TYPE_CHECKING:
    from claimtrack.api.factcheck_search import LibrarySearcher
    from claimtrack.embedding.model import Embedder
    from claimtrack.review.factcheck_import import FactCheck
    from claimtrack.store import Store

FACTCHECKTWEET = DATA / "factchecktweet-kazemi2022-train-dev"
#: Splits the shipped re-ranker was trained on, per data set.
RANKER_SAW = {"checkthat2020": ("train",), "factchecktweet": ("train",)}
STAGES = ("bm25", "dense", "fused", "reranked")
LIBRARY_FORMAT = "dates-1"  # change when _record keeps other fields


@dataclass(frozen=True)
class RetrievalSet:
    """Queries, relevance judgements and the fact-check library of one split."""

    name: str  # "checkthat2020" | "factchecktweet"
    split: str
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    library: Callable[[], list[FactCheck]]  # built lazily: 86k records take a while
    #: When each query was published, where the data says (FactCheckTweet: the tweet id).
    query_dates: dict[str, datetime] = field(default_factory=dict)

    @property
    def label(self) -> str:
        saw = "seen by the re-ranker" if self.split in RANKER_SAW[self.name] else "unseen"
        return f"{self.name} {self.split} ({saw})"


def _record(fc_id: str, claim: str, origin: str, **fields: Any) -> FactCheck:
    from claimtrack.review.factcheck_dates import parse_date_text
    from claimtrack.review.factcheck_import import FactCheck

    published = parse_date_text(fields["date"]) if fields.get("date") else None
    return FactCheck(factcheck_id=fc_id, claim=claim, rating=None, status="unreviewed",
                     url=fields.get("url"), publisher=fields.get("publisher"), date=published,
                     language=fields.get("language"), title=fields.get("title"),
                     claimant=None, origin=origin, summary=fields.get("summary"),
                     body=fields.get("body"))  # fmt: skip


def checkthat2020(split: str, folder: Path = CHECKTHAT) -> RetrievalSet:
    queries, _, qrels = load_checkthat2020(folder, split)

    def library() -> list[FactCheck]:
        with (Path(folder) / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))[1:]
        return [_record(r[0], r[1], f"verified_claims.docs.tsv#{r[0]}", language="en",
                        title=r[2] if len(r) > 2 and r[2].strip() else None)
                for r in rows if len(r) >= 2 and r[1].strip()]  # fmt: skip

    return RetrievalSet("checkthat2020", split, queries, qrels, library)


def factchecktweet(split: str, folder: Path = FACTCHECKTWEET) -> RetrievalSet:
    if split not in ("train", "dev"):
        raise ValueError(f"FactCheckTweet split {split!r}: train or dev (test is withheld)")
    folder = Path(folder)
    name = split.capitalize()
    with (folder / f"FC-EN-{name}_Queries.tsv").open(encoding="utf-8", newline="") as fh:
        queries = {r[0]: r[1] for r in list(csv.reader(fh, delimiter="\t"))[1:] if len(r) > 1}
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / f"FC-EN-{name}_QRELs.tsv").read_text("utf-8").splitlines():
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) == 4 and parts[3].strip() != "0":
            qrels[parts[0]].add(parts[2])

    def library() -> list[FactCheck]:
        records = []
        with gzip.open(folder / "vclaims_corpus_slim.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                title = (r.get("title") or "").strip()
                if not title:
                    continue
                fc_id = r["vclaim_id"]
                records.append(_record(
                    fc_id, title, f"vclaims_corpus_slim#{fc_id}", language=r.get("lang"),
                    url=r.get("url"), publisher=r.get("author"),
                    summary=r.get("subtitle") or None, body=r.get("vclaim_first1000") or None,
                    date=r.get("date"),
                ))  # fmt: skip
        return records

    dates = {q: d for q in queries if (d := tweet_date(q)) is not None}
    return RetrievalSet("factchecktweet", split, queries, dict(qrels), library, dates)


def tweet_date(tweet_id: str) -> datetime | None:
    """When a tweet was posted, from its id (Twitter ids since Nov. 2010 carry their
    millisecond timestamp in the bits above 22); None for an id that is not one.

    FactCheckTweet's ids went through floats (``5.92243341841961e+17``): the lost digits
    move the time by well under a second.
    """
    try:
        number = int(float(tweet_id))
    except ValueError:
        return None
    millis = (number >> 22) + 1288834974657
    if number < 2**32 or not 1288834974657 <= millis < 4102444800000:
        return None
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


def library_store(dataset: RetrievalSet, embedder: Embedder) -> Store:
    """A store holding ``dataset``'s library, embedded; built once in the cache folder."""
    from claimtrack.api.factchecks import save_library
    from claimtrack.api.vectors import embed_missing
    from claimtrack.store import Store
    from claimtrack.store import factchecks as library_rows
    from claimtrack.store import vectors as vector_rows

    folder = cache_dir() / "eval"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / f"{dataset.name}.duckdb")
    store.migrate()
    marker = folder / f"{dataset.name}.imported"
    with store.session() as session:
        stored = sum(library_rows.status_counts(session).values())
    # The marker names the record format: a store imported before dates were kept is
    # imported again (updated in place; its vectors stay).
    if (
        not stored
        or not marker.is_file()
        or not marker.read_text("utf-8").startswith(LIBRARY_FORMAT)
    ):
        records = dataset.library()
        save_library(store, records, run_id=f"eval-{dataset.name}")
        digest = hashlib.sha256("\x1e".join(r.factcheck_id for r in records).encode()).hexdigest()
        marker.write_text(f"{LIBRARY_FORMAT} {digest}", encoding="utf-8")
    with store.session() as session:
        missing = vector_rows.missing_texts(session, "factchecks", embedder.model_id)
    if missing.height:
        cache = EmbeddingCache(embedder.model_id)
        texts = missing["text"].to_list()
        matrix = cache.encode(texts, lambda xs: embedder.encode(xs, kind="passage"))
        with store.session() as session:
            vector_rows.save_vectors(session, missing["text_key"].to_list(), matrix,
                                     model_id=embedder.model_id, run_id="eval-cache")  # fmt: skip
        embed_missing(store, "factchecks", embedder=embedder)
    return store


def query_vectors(texts: Sequence[str], embedder: Embedder) -> Any:
    cache = EmbeddingCache(embedder.model_id)
    return cache.encode(list(texts), lambda xs: embedder.encode(xs, kind="query"))


def evaluate(
    dataset: RetrievalSet,
    embedder: Embedder,
    *,
    searcher: LibrarySearcher | None = None,
    limit: int | None = None,
    ks: Sequence[int] = (1, 5, 10),
    dates: bool = True,
) -> dict[str, Any]:
    """MAP@k and Recall@k of every stage on ``dataset``, from one candidate run.

    ``limit`` evaluates only the first ``limit`` queries (quick checks; the figures are
    then not comparable with full runs and say so). ``dates=False`` withholds the queries'
    dates (what a search without a date gets).
    """
    from claimtrack.api.factcheck_search import LibrarySearcher
    from claimtrack.evaluation.matching import recall_at_k

    searcher = searcher or LibrarySearcher(library_store(dataset, embedder), embedder,
                                           embed=False)  # fmt: skip
    ids = [q for q in dataset.queries if q in dataset.qrels]
    if limit is not None:
        ids = ids[:limit]
    texts = [dataset.queries[q] for q in ids]
    when = [dataset.query_dates.get(q) if dates else None for q in ids]
    signals = searcher.signals(texts, query_vectors(texts, embedder), dates=when)
    qrels = {q: dataset.qrels[q] for q in ids}
    stages: dict[str, Any] = {}
    top = max(ks)
    for stage in STAGES:
        ranked = {q: [h.factcheck_id for h in searcher.order(c, s, stage, top)]
                  for q, (c, s) in zip(ids, signals, strict=True)}  # fmt: skip
        stages[stage] = {f"map@{k}": round(map_at_k(ranked, qrels, k), 4) for k in ks}
        stages[stage]["recall@5"] = round(recall_at_k(ranked, qrels, 5), 4)
    candidates = {q: c for q, (c, _) in zip(ids, signals, strict=True)}
    return {
        "dataset": dataset.name, "split": dataset.split, "label": dataset.label,
        "ranker_trained_on": list(RANKER_SAW[dataset.name]),
        "queries": len(ids), "library": len(searcher), "model": embedder.model_id,
        "ranker": searcher.ranker.model_id if "reranked" in STAGES else None,
        "limited": limit is not None,
        "dated_queries": sum(d is not None for d in when),
        "candidate_recall": round(recall_at_k(candidates, qrels, 10**6), 4),
        "stages": stages,
    }  # fmt: skip
