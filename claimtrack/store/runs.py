"""Pipeline runs: which component (extractor, model) produced rows, and when."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from claimtrack.store.db import Session


def start_run(
    session: Session, stage: str, component: str, version: str, params: dict[str, Any] | None = None
) -> str:
    run_id = uuid.uuid4().hex[:16]
    session.execute(
        "run_start",
        {
            "run_id": run_id,
            "stage": stage,
            "component": component,
            "component_version": version,
            "params": json.dumps(params or {}, ensure_ascii=False, default=str),
            "now": datetime.now(UTC),
        },
    )
    return run_id


def finish_run(session: Session, run_id: str, status: str, counts: dict[str, Any]) -> None:
    session.execute(
        "run_finish",
        {
            "run_id": run_id,
            "status": status,
            "counts": json.dumps(counts, ensure_ascii=False, default=str),
            "now": datetime.now(UTC),
        },
    )
