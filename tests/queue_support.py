"""The Arabic seed article in a store, and its claims in default queue order (shared by
tests/unit/test_queue_order.py and tests/team/test_lake_queue_order.py)."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.api import workflow
from claimtrack.store import Store

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_5afa0f906a688b19.txt"
FIRST_CLAIMS = (
    "أول من اعترف",  # "our country was the first to recognise yours"
    "للمرة الأولى منذ عام 2019",  # "first visit to Russia since 2019"
)


def seed_store(store: Store) -> Store:
    """``store`` migrated, with the Arabic seed article ingested and extracted."""
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths

    store.migrate()
    ingest_paths(store, [SEED])
    extract(store)
    return store


def ranked_claims(store: Store) -> list[dict]:
    """The store's claims in default queue order, with their types, values and scores."""
    order = workflow.queue(store)["claim_id"].to_list()
    with store.session() as session:
        frame = session.sql(
            'SELECT claim_id, text, claim_type, secondary_types, "values", checkable, '
            "checkworthiness FROM claims"
        )
    rows = {r["claim_id"]: r for r in frame.to_dicts()}
    out = []
    for rank, claim_id in enumerate(order):
        row = rows[claim_id]
        values = row["values"]
        row["values"] = json.loads(values) if isinstance(values, str) else (values or [])
        row["rank"] = rank
        out.append(row)
    return out
