"""Example ``claims``/``history`` frames for the export tests.

Arabic and English claims, every nullable column null somewhere, and hostile text
(script tags, javascript: URLs, Markdown links, U+2028) in every free-text column.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from claimtrack.export.frames import CLAIMS_SCHEMA, HISTORY_SCHEMA

SCRIPT_NOTE = "<script>alert(1)</script>"
HOSTILE_TEXT = (
    "He said </script><script>alert(2)</script> and <!-- \"quoted\" & 'single' "
    "[click](javascript:alert(3)) <img src=x onerror=alert(4)> # not a heading | pipe"
)
JS_URL = "javascript:alert(5)"
AR_TEXT = "قال بوتين إن هذه أول زيارة منذ عام 2019"
AR_UNREVIEWED = "أعلن الكرملين أن المحادثات استمرت 4 ساعات"
LINE_SEP_TEXT = "Reuters reported 75 years\u2028of ties\u2029and more"

UTC_TS = datetime(2023, 9, 14, 9, 30, tzinfo=UTC)


def _claim(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in CLAIMS_SCHEMA}
    row.update(
        secondary_types=[], notes=[], evidence=[], conflicts=[], values="[]", entities="[]",
        checkworthiness=0.5, claim_type="event", status="unreviewed", status_label="Unreviewed",
    )  # fmt: skip
    row.update(overrides)
    return row


def claim_rows() -> list[dict[str, Any]]:
    """Five claims: verdicted Arabic, hostile English (unverifiable), unreviewed Arabic with
    every nullable column null, a 'true' English claim by an organisation, not_a_claim."""
    return [
        _claim(
            claim_id="a1",
            text=AR_TEXT,
            language="ar",
            claim_type="temporal",
            secondary_types=["quote"],
            speaker="بوتين",
            speaker_canonical="فلاديمير بوتين",
            checkworthiness=0.91,
            values=json.dumps([{"kind": "year", "value": 2019}], ensure_ascii=False),
            entities=json.dumps([{"text": "بوتين", "kind": "person"}], ensure_ascii=False),
            status="false",
            status_label="False",
            rating_value=1,
            rating_name="False",
            analyst="mona",
            status_at=UTC_TS,
            assigned_to="mona",
            notes=[SCRIPT_NOTE],
            evidence=[{"url": "https://tass.com/politics/1", "title": "TASS: 2011 visit"}],
            article_id="art1",
            article_title="بوتين وكيم في فوستوتشني",
            article_url="https://www.almayadeen.net/news/politics/1",
            source="Al Mayadeen",
            published=date(2023, 9, 13),
            group_id="g1",
            conflicts=["year: 2019 vs 2011 (claim e1)"],
            extracted_at=datetime(2023, 9, 13, 12, tzinfo=UTC),
        ),
        _claim(
            claim_id="e1",
            text=HOSTILE_TEXT,
            language="en",
            claim_type="quote",
            speaker="Kim <b>Jong</b> Un",
            status="unverifiable",
            status_label="Unverifiable <i>",
            rating_name="Unverifiable",
            analyst="<script>evil()</script>",
            status_at=datetime(2023, 9, 15, 8, tzinfo=UTC),
            notes=["[x](javascript:alert(6))", "plain note"],
            evidence=[
                {"url": JS_URL, "title": None},
                {"url": "https://example.org/e?a=1&b=(2)", "title": "E<v>"},
            ],
            article_id="art2",
            article_title='Title "with" <tags>',
            article_url=JS_URL,
            source="Wire & Co",
            published=date(2023, 9, 14),
            group_id="g1",
            conflicts=["year: 2011 vs 2019 (claim a1)"],
        ),
        _claim(claim_id="a2", text=AR_UNREVIEWED, language="ar", article_id="art1"),
        _claim(
            claim_id="e2",
            text=LINE_SEP_TEXT,
            language="en",
            claim_type="quantity",
            speaker="Reuters",
            speaker_canonical="Reuters",
            entities=json.dumps([{"text": "Reuters", "kind": "org"}]),
            status="true",
            status_label="True",
            rating_value=5,
            rating_name="True",
            analyst="sam",
            status_at=datetime(2023, 9, 16, 23, 59, tzinfo=UTC),
            article_id="art3",
            article_url="https://example.org/d",
            group_id="g2",
        ),
        _claim(
            claim_id="e3",
            text="Good morning.",
            language="en",
            status="not_a_claim",
            status_label="Not a claim",
            article_id="art3",
            article_url="https://example.org/d",
        ),
    ]


def claims_frame() -> pl.DataFrame:
    """The example claims as a frame with exactly :data:`CLAIMS_SCHEMA`."""
    return pl.DataFrame(claim_rows(), schema=CLAIMS_SCHEMA)


def history_frame() -> pl.DataFrame:
    """Audit events for a1, e1 and e2 (verdicts on three UTC days, a hostile note)."""

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2023, 9, day, hour, minute, tzinfo=UTC)

    tass = "https://tass.com/politics/1"
    events = [
        ("h1", "a1", at(14, 9), "mona", "assign", None, None, None, None),
        ("h2", "a1", UTC_TS, "mona", "verdict", "unreviewed", "false", SCRIPT_NOTE, None),
        ("h3", "a1", at(14, 9, 40), "mona", "evidence", None, None, None, tass),
        (
            "h4",
            "e1",
            at(15, 8),
            "x",
            "verdict",
            "in_review",
            "unverifiable",
            "</script><!--",
            JS_URL,
        ),
        ("h5", "e2", at(16, 23, 59), "sam", "verdict", "unreviewed", "true", None, None),
    ]
    return pl.DataFrame(events, schema=HISTORY_SCHEMA, orient="row")
