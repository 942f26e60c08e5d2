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
