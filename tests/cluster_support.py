"""Helpers for clustering tests: a small database built straight from frames (our own
sentences, hand-set unit vectors), so the relation of every pair is under a test's control."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from claimtrack.embedding.relation import ClaimFacts, Relation
from claimtrack.store import Store
from claimtrack.store.vectors import save_vectors

DIM = 8


class FakeEmbedder:
    model_id = "use-multilingual-v3"
    dimension = DIM


def unit(*weights: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


def seed_store(tmp_path: Path, claims: list[dict[str, Any]]) -> Store:
    store = Store(tmp_path / "groups.duckdb")
    store.migrate()
    now = datetime.now(UTC)
    n = len(claims)
    ids = [c["id"] for c in claims]
    articles = pl.DataFrame({
        "article_id": [f"a-{i}" for i in ids], "text": ["t"] * n,
        "language": [c["lang"] for c in claims], "language_method": ["given"] * n,
        "chars": [1] * n, "run_id": ["test"] * n, "ingested_at": [now] * n,
        "published": [date(2024, 1, 1)] * n,
    })  # fmt: skip
    frame = pl.DataFrame({
        "claim_id": ids, "article_id": [f"a-{i}" for i in ids], "sentence_index": [0] * n,
        "char_start": [0] * n, "char_end": [1] * n, "text": [c["text"] for c in claims],
        "match_key": [f"k-{i}" for i in ids], "text_key": [f"k-{i}" for i in ids],
        "claim_type": ["event"] * n, "secondary_types": [[] for _ in ids],
        "quote_mode": ["none"] * n, "entities": ["[]"] * n,
        "values": [json.dumps(c.get("values", [])) for c in claims],
        "checkworthiness": [0.5] * n, "negated": [False] * n,
        "language": [c["lang"] for c in claims], "extra": ["{}"] * n,
        "extractor_version": ["test"] * n, "run_id": ["test"] * n,
        "first_extracted_at": [now] * n, "extracted_at": [now] * n,
    }, schema_overrides={"secondary_types": pl.List(pl.String)})  # fmt: skip
    with store.session() as session:
        session.insert_frame("articles", articles)
        session.insert_frame("claims", frame)
        save_vectors(
            session,
            [f"k-{i}" for i in ids],
            np.stack([c["vector"] for c in claims]),
            model_id=FakeEmbedder.model_id,
            run_id="test",
        )
    return store


def members_of(store: Store) -> dict[str, tuple[str, str]]:
    with store.session() as session:
        rows = session.sql("SELECT claim_id, group_id, relation FROM group_members").to_dicts()
    return {r["claim_id"]: (r["group_id"], r["relation"]) for r in rows}


def table_relation(same: set[frozenset[str]]) -> Any:
    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        label = "same" if frozenset((a.text, b.text)) in same else "related"
        return Relation(label, score, [])

    return relation


# One death toll told four times: two English claims close together, two Arabic ones close
# together, the pairs about 45 degrees apart (within each other's ten nearest neighbours).
TOLL_TEXTS = {
    "c1": "The flood killed 11,300 people in Derna",
    "c2": "Floods killed 11,300 people in Derna",
    "c3": "وارتفعت حصيلة ضحايا فيضانات درنة إلى 11300 قتيل",
    "c4": "ارتفعت حصيلة قتلى فيضانات درنة إلى 11300",
}
TOLL_VECTORS = {"c1": (1.0, 0.0), "c2": (1.0, 0.1), "c3": (1.0, 1.0), "c4": (1.0, 1.1)}


def toll_store(
    tmp_path: Path,
    texts: dict[str, str] = TOLL_TEXTS,
    vectors: dict[str, tuple[float, ...]] = TOLL_VECTORS,
) -> Store:
    return seed_store(tmp_path, [
        {"id": cid, "text": text, "lang": "en" if text.isascii() else "ar",
         "vector": unit(*vectors[cid])}
        for cid, text in texts.items()
    ])  # fmt: skip


def partition(store: Store) -> set[frozenset[str]]:
    """The groups' ``same`` members, as sets of claim ids (group ids left out)."""
    groups: dict[str, set[str]] = {}
    for claim_id, (group_id, relation) in members_of(store).items():
        if relation == "same":
            groups.setdefault(group_id, set()).add(claim_id)
    return {frozenset(g) for g in groups.values()}
