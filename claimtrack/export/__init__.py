"""Export renderers: pure functions from the store's Polars frames to files and text.

- :mod:`~claimtrack.export.frames` -- the ``claims``/``history`` frame contract and validator
- :mod:`~claimtrack.export.tabular` -- CSV, Parquet, JSON, JSON Lines
- :mod:`~claimtrack.export.claimreview` -- schema.org ClaimReview JSON-LD
- :mod:`~claimtrack.export.html_report` -- self-contained, printable HTML report
- :mod:`~claimtrack.export.markdown_report` -- Markdown report
- :mod:`~claimtrack.export.summary` -- the counts every report (and ``stats``) shares

Nothing here touches the database; the store builds the frames, these functions render them.
"""

from __future__ import annotations

from claimtrack.export.claimreview import (
    claimreview_documents,
    claimreview_problems,
    claimreview_script_tag,
    write_claimreview,
)
from claimtrack.export.frames import (
    CLAIMS_SCHEMA,
    HISTORY_SCHEMA,
    validate_claims_frame,
    validate_history_frame,
)
from claimtrack.export.html_report import render_html_report
from claimtrack.export.markdown_report import render_markdown_report
from claimtrack.export.summary import summarise
from claimtrack.export.tabular import FORMATS, write_tabular

__all__ = [
    "CLAIMS_SCHEMA",
    "FORMATS",
    "HISTORY_SCHEMA",
    "claimreview_documents",
    "claimreview_problems",
    "claimreview_script_tag",
    "render_html_report",
    "render_markdown_report",
    "summarise",
    "validate_claims_frame",
    "validate_history_frame",
    "write_claimreview",
    "write_tabular",
]
