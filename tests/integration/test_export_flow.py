"""From ingest to export: the analysts' work recorded through the workflow API shows up in
the export exactly as the workflow itself reports each claim's state.

The export derives state in its own SQL (``export_claims.sql``); this test checks that it
agrees with ``claimtrack.api.workflow.claim_state`` after verdicts, notes, evidence,
assignments, undo and links.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from claimtrack.api import links, workflow
from claimtrack.store import Store
from tests.conftest import SEEDS


@pytest.fixture
def worked_store(tmp_path: Path) -> tuple[Store, list[str]]:
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths

    store = Store(tmp_path / "flow.duckdb")
    store.migrate()
    ingest_paths(store, [SEEDS])
    extract(store)
    with store.session() as session:
        ids = session.sql("SELECT claim_id FROM claims ORDER BY char_start")["claim_id"].to_list()
    a, b, c, d = ids[:4]
    workflow.set_verdict(store, a, "false", analyst="mona", note="<script>alert(1)</script>",
                         evidence=["https://example.org/proof"])  # fmt: skip
    workflow.set_verdict(store, b, "true", analyst="sami")
    workflow.set_verdict(store, b, "misleading", analyst="sami")
    workflow.undo(store, b, analyst="sami")  # back to true
    workflow.add_note(store, c, "first", analyst="rana")
    workflow.add_note(store, c, "second", analyst="rana")
    workflow.undo(store, c, analyst="rana")  # "second" is withdrawn
    workflow.assign(store, c, "mona", analyst="rana")
    workflow.assign(store, d, "sami", analyst="rana")
    workflow.undo(store, d, analyst="rana")  # unassigned again
    links.link(store, a, b, "same", analyst="mona")
    return store, [a, b, c, d]


def test_export_state_matches_the_workflow(worked_store: tuple[Store, list[str]]) -> None:
    from claimtrack.api.exports import export_frames

    store, worked = worked_store
    claims, history = export_frames(store, history=True)
    assert history is not None
    by_id = {row["claim_id"]: row for row in claims.iter_rows(named=True)}
    for claim_id in worked:
        state = workflow.claim_state(store, claim_id)
        row = by_id[claim_id]
        assert row["status"] == state.status, claim_id
        assert row["analyst"] == state.analyst, claim_id
        assert row["status_at"] == state.status_at, claim_id
        assert row["assigned_to"] == state.assigned_to, claim_id
        assert row["notes"] == [n["note"] for n in state.notes], claim_id
        assert [e["url"] for e in row["evidence"]] == [e["evidence_url"] for e in state.evidence]
    a, b, c, d = worked
    assert (by_id[a]["status"], by_id[b]["status"]) == ("false", "true")
    assert by_id[c]["notes"] == ["first"] and by_id[c]["assigned_to"] == "mona"
    assert by_id[d]["assigned_to"] is None
    assert by_id[a]["group_id"] is not None and by_id[a]["group_id"] == by_id[b]["group_id"]
    # History: every event of the claim plus the link, oldest first.
    events_a = history.filter(pl.col("claim_id") == a)
    assert events_a["action"].to_list() == ["verdict", "evidence", "link"]
    assert "same with " + b in events_a["note"].to_list()[-1]
    assert history.filter(pl.col("claim_id") == b)["action"].to_list().count("undo") == 1


def test_demo_style_report_and_claimreview(
    worked_store: tuple[Store, list[str]], tmp_path: Path
) -> None:
    from claimtrack.api.exports import export, write_report

    store, worked = worked_store
    page = write_report(store, tmp_path / "report.html").read_text("utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    result = export(store, tmp_path / "reviews.json", "claimreview", org_name="Desk",
                    org_url="https://desk.example", group_by="group",
                    review_url_template="https://desk.example/c/{claim_id}")  # fmt: skip
    docs = json.loads((tmp_path / "reviews.json").read_text("utf-8"))
    # Claims a and b are one group (linked "same"): one review for both.
    assert result.rows == len(docs) == 1
    assert docs[0]["url"] in {f"https://desk.example/c/{c}" for c in worked[:2]}
