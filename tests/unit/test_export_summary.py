"""The counts shared by the reports and stats."""

from __future__ import annotations

import json

from export_data import HOSTILE_TEXT, claims_frame, history_frame

from claimtrack.export.summary import UNKNOWN, summarise


def test_counts() -> None:
    s = summarise(claims_frame(), history_frame())
    assert s["total"] == 5
    assert s["verdicted"] == 3  # false, unverifiable, true
    assert s["by_status"] == {
        "false": 1,
        "not_a_claim": 1,
        "true": 1,
        "unreviewed": 1,
        "unverifiable": 1,
    }
    assert s["status_labels"]["not_a_claim"] == "Not a claim"
    assert s["by_type"] == {"event": 2, "quantity": 1, "quote": 1, "temporal": 1}
    assert s["by_language"] == {"en": 3, "ar": 2}
    assert s["by_source"] == {UNKNOWN: 3, "Al Mayadeen": 1, "Wire & Co": 1}
    assert s["by_analyst"][UNKNOWN] == 2
    assert s["groups"] == 1  # g1 has two claims, g2 one
    assert [c["claim_id"] for c in s["conflicting"]] == ["a1", "e1"]
    assert s["conflicting"][1]["text"] == HOSTILE_TEXT
    assert s["verdicts_per_day"] == {"2023-09-14": 1, "2023-09-15": 1, "2023-09-16": 1}
    json.dumps(s)  # serialisable as is


def test_without_history_and_empty() -> None:
    assert summarise(claims_frame())["verdicts_per_day"] == {}
    empty = summarise(claims_frame().clear(), history_frame().clear())
    assert empty["total"] == 0 and empty["by_status"] == {} and empty["conflicting"] == []
