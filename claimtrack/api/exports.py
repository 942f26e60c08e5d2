"""Reports and exports of the desk's work: the store builds the frames, ``claimtrack.export``
renders them. Used by ``claimtrack export``/``stats``, the demo and the TUI.

Formats: ``md``/``html`` reports (always with each claim's history), ``csv``/``parquet``/
``json``/``jsonl`` tables (history only on request) and ``claimreview`` JSON-LD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Literal, TextIO

import polars as pl

from claimtrack.errors import ConfigError, InvalidValueError
from claimtrack.export.factcheck_section import FactcheckMatches
from claimtrack.export.summary import GroupBy
from claimtrack.output_files import open_output
from claimtrack.review.statuses import Vocabulary, load_vocabulary
from claimtrack.store import Store
from claimtrack.store import exports as export_rows

REPORT_FORMATS = ("md", "html")
TABULAR_FORMATS = ("csv", "parquet", "json", "jsonl")
EXPORT_FORMATS = (*REPORT_FORMATS, *TABULAR_FORMATS, "claimreview")
GROUP_BY = ("article", "group", "status")
DEFAULT_TITLE = "Verification report"

_ORG_MISSING = (
    "ClaimReview needs the reviewing organisation: set org_name and org_url in the config "
    "file (or CLAIMTRACK_ORG_NAME/CLAIMTRACK_ORG_URL), or pass --org-name and --org-url"
)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which claims to export. Dates are the article's publication date, inclusive."""

    statuses: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    source: str | None = None
    language: str | None = None


@dataclass(slots=True)
class ExportResult:
    """What an export wrote: ``rows`` claims (ClaimReview: documents) to ``out``."""

    fmt: str
    rows: int
    out: Path | None  # None when written to a stream
    warnings: list[str] = field(default_factory=list)


def _check_filter(filters: ExportFilter, vocabulary: Vocabulary) -> None:
    for status in filters.statuses:
        vocabulary.get(status)  # InvalidInputError naming the valid keys
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidValueError(
            f"--since {filters.since} is after --until {filters.until}; no claim can match"
        )


def _status_frame(vocabulary: Vocabulary) -> pl.DataFrame:
    """Label and rating of every status: the desk's vocabulary first, then the packaged
    statuses it dropped -- a claim reviewed ``false`` before the desk removed ``false``
    keeps its published rating instead of losing ``ratingValue``."""
    statuses = [*vocabulary.statuses]
    statuses += [s for s in load_vocabulary().statuses if s.key not in vocabulary]
    return pl.DataFrame(
        {
            "status": [s.key for s in statuses],
            "status_label": [s.label for s in statuses],
            "rating_value": [s.rating_value for s in statuses],
            "rating_name": [
                (s.alternate_name or s.label) if s.is_verdict else None for s in statuses
            ],
            "_status_order": list(range(len(statuses))),
        },
        schema={
            "status": pl.String,
            "status_label": pl.String,
            "rating_value": pl.Int64,
            "rating_name": pl.String,
            "_status_order": pl.Int64,
        },
    )


def _order(claims: pl.DataFrame, group_by: GroupBy | None) -> pl.DataFrame:
    """Sort for reports: by article (the query's order), by group, or by status."""
    article_order = ["published", "article_id", "char_start", "claim_id"]
    if group_by == "group":
        # Members first, conflicting variants after them; ungrouped claims last.
        relation = pl.col("group_relation").eq("conflicting").fill_null(True)
        keys: list[Any] = [pl.col("group_id"), relation, *article_order]
        return claims.sort(keys, nulls_last=True, maintain_order=True)
    if group_by == "status":
        return claims.sort(["_status_order", *article_order], nulls_last=True, maintain_order=True)
    return claims


def export_frames(
    store: Store,
    filters: ExportFilter | None = None,
    *,
    history: bool = False,
    vocabulary: Vocabulary | None = None,
    group_by: GroupBy | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The ``claims`` frame (``claimtrack.export.frames.CLAIMS_SCHEMA`` plus extra columns:
    ``group_relation, quote_mode, negated, stale, sentence_index, char_start, char_end``)
    and, with ``history=True``, the ``history`` frame of those claims (else ``None``).

    Status labels and ratings come from ``vocabulary`` (default: the packaged one); a status
    the vocabulary does not know keeps its key as label and gets no rating.
    """
    filters = filters or ExportFilter()
    vocabulary = vocabulary or load_vocabulary()
    _check_filter(filters, vocabulary)
    if group_by is not None and group_by not in GROUP_BY:
        raise InvalidValueError(f"group_by must be one of {', '.join(GROUP_BY)}, got {group_by!r}")
    with store.session() as session:
        claims = export_rows.claims_for_export(
            session,
            statuses=filters.statuses,
            since=filters.since,
            until=filters.until,
            source=filters.source,
            language=filters.language,
        )
        events = export_rows.history_for_export(session, claims["claim_id"]) if history else None
    claims = claims.join(_status_frame(vocabulary), on="status", how="left", maintain_order="left")
    claims = claims.with_columns(pl.col("status_label").fill_null(pl.col("status")))
    claims = _order(claims, group_by).drop("_status_order")
    return claims, events


def _check_out(out: Path | str | TextIO, fmt: str) -> Path | None:
    if not isinstance(out, str | Path):
        if fmt == "parquet":
            raise InvalidValueError(
                "parquet is a binary format and cannot be written to standard output; "
                "pass --out FILE.parquet"
            )
        return None
    return Path(out)


def _render(
    fmt: str,
    claims: pl.DataFrame,
    history: pl.DataFrame | None,
    target: IO[Any],
    *,
    title: str,
    raw_csv: bool = False,
    org: tuple[str | None, str | None],
    group_by: GroupBy | None,
    review_url_template: str | None,
    status_order: Sequence[str] = (),
    factchecks: FactcheckMatches | None = None,
) -> tuple[int, list[str]]:
    """Write one format to a stream (binary for parquet); returns (rows written, warnings)."""
    from claimtrack.export import (
        claimreview_documents,
        claimreview_problems,
        render_html_report,
        render_markdown_report,
        write_tabular,
    )
    from claimtrack.export.claimreview import script_safe_json

    if fmt in TABULAR_FORMATS:
        return write_tabular(claims, target, fmt, history=history, raw_csv=raw_csv), []  # type: ignore[arg-type]
    if fmt == "claimreview":
        docs = claimreview_documents(
            claims,
            org_name=org[0],
            org_url=org[1],
            group_by="group" if group_by == "group" else "claim",
            review_url_template=review_url_template,
        )
        kept, warnings = [], []
        for doc in docs:
            problems = claimreview_problems(doc)
            if problems:
                # Google rejects such a review; publishing it half-filled helps nobody.
                text = str(doc.get("claimReviewed", ""))[:60]
                warnings.append(f"skipped the review of {text!r}: {'; '.join(problems)}")
            else:
                kept.append(doc)
        if kept and not review_url_template:
            warnings.append(
                "no --review-url-template: each review's url is its article URL with a "
                "#claimtrack-<claim_id> fragment; set a template before publishing"
            )
        # Script-safe JSON (``<``, ``>``, ``&`` as \\u escapes): the same JSON value, and the
        # file's text can be pasted into a <script type="application/ld+json"> as it is.
        target.write(script_safe_json(kept) + "\n")
        return len(kept), warnings
    now = datetime.now(UTC)
    if fmt == "html":
        page = render_html_report(claims, history, title=title, generated_at=now,
                                  group_by=group_by, status_order=status_order,
                                  factchecks=factchecks)  # fmt: skip
    else:
        page = render_markdown_report(claims, history, title=title, generated_at=now,
                                      group_by=group_by, status_order=status_order)  # fmt: skip
    target.write(page)
    return claims.height, []


def export(
    store: Store,
    out: Path | str | TextIO,
    fmt: str,
    *,
    filters: ExportFilter | None = None,
    group_by: GroupBy | None = None,
    with_history: bool = False,
    org_name: str | None = None,
    org_url: str | None = None,
    review_url_template: str | None = None,
    title: str | None = None,
    vocabulary: Vocabulary | None = None,
    factchecks: FactcheckMatches | None = None,
    raw_csv: bool = False,
) -> ExportResult:
    """Export the selected claims as ``fmt`` to a file path or a text stream.

    Files are written by :func:`claimtrack.output_files.open_output`: a regular file (or
    a new one) atomically, keeping its mode, so a failed export never leaves a half-written
    file; a symlink is followed; a FIFO or device is written through. Write failures raise
    :class:`OutputError`. Raises :class:`ConfigError` for ClaimReview without the
    organisation, :class:`InvalidValueError` for parquet on a stream, a bad filter or an
    unsafe review URL template. CSV cells that would start a spreadsheet formula are
    neutralised unless ``raw_csv``.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidValueError(
            f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    if fmt == "claimreview" and (not org_name or not org_url):
        raise ConfigError(_ORG_MISSING)
    if review_url_template is not None:
        check_review_url_template(review_url_template)
    path = _check_out(out, fmt)
    vocabulary = vocabulary or load_vocabulary()
    history = with_history or fmt in REPORT_FORMATS
    claims, events = export_frames(
        store, filters, history=history, vocabulary=vocabulary, group_by=group_by
    )
    options: dict[str, Any] = {
        "title": title or DEFAULT_TITLE,
        "org": (org_name, org_url),
        "group_by": group_by,
        "review_url_template": review_url_template,
        "status_order": vocabulary.keys(),  # report sections by status follow the vocabulary
        "factchecks": factchecks,
        "raw_csv": raw_csv,
    }
    if path is None:
        rows, warnings = _render(fmt, claims, events, out, **options)  # type: ignore[arg-type]
    else:
        with open_output(path, binary=fmt == "parquet") as target:
            rows, warnings = _render(fmt, claims, events, target, **options)
    return ExportResult(fmt, rows, path, _foreign_statuses(claims, vocabulary) + warnings)


def _foreign_statuses(claims: pl.DataFrame, vocabulary: Vocabulary) -> list[str]:
    """A warning naming stored statuses the desk's vocabulary no longer has."""
    counts = claims.filter(~pl.col("status").is_in(vocabulary.keys()))["status"].value_counts()
    if counts.is_empty():
        return []
    named = ", ".join(
        f"{row['status']} ({row['count']})" for row in counts.sort("status").to_dicts()
    )
    return [f"claims in statuses your vocabulary does not have: {named}; labelled and rated "
            "as in the packaged vocabulary (or by their key)"]  # fmt: skip


def check_review_url_template(template: str) -> str:
    """The template, if it makes an absolute http(s) URL for every claim id."""
    if "{claim_id}" not in template:
        # Without the placeholder every review would claim the same URL.
        raise InvalidValueError("--review-url-template must contain {claim_id}")
    from claimtrack.export.frames import safe_http_url

    if safe_http_url(template.replace("{claim_id}", "0123456789abcdef")) is None:
        raise InvalidValueError(
            f"--review-url-template must make an http:// or https:// URL, got {template!r}"
        )
    return template


def write_report(
    store: Store,
    path: Path | str,
    fmt: Literal["html", "md"] = "html",
    *,
    title: str | None = None,
    vocabulary: Vocabulary | None = None,
    group_by: GroupBy | None = None,
    factchecks: FactcheckMatches | None = None,
) -> Path:
    """Write the full report of every claim (HTML or Markdown) to ``path``; return it.

    ``group_by`` splits the claims into sections by article, claim group or status;
    ``factchecks`` adds the earlier fact-checks that match claims (HTML).
    """
    if fmt not in REPORT_FORMATS:
        raise InvalidValueError(f"a report is html or md, not {fmt!r}")
    result = export(store, Path(path), fmt, title=title, vocabulary=vocabulary,
                    group_by=group_by, factchecks=factchecks)  # fmt: skip
    assert result.out is not None
    return result.out


def _throughput(history: pl.DataFrame) -> list[dict[str, Any]]:
    """Verdicts per UTC day, with how many claims and analysts they touched."""
    verdicts = history.filter(pl.col("action") == "verdict")
    if verdicts.is_empty():
        return []
    per_day = (
        verdicts.group_by(pl.col("at").dt.date().alias("day"))
        .agg(
            pl.len().alias("verdicts"),
            pl.col("claim_id").n_unique().alias("claims"),
            pl.col("analyst").n_unique().alias("analysts"),
        )
        .sort("day")
    )
    return [{**row, "day": row["day"].isoformat()} for row in per_day.iter_rows(named=True)]


def desk_stats(
    store: Store,
    filters: ExportFilter | None = None,
    *,
    vocabulary: Vocabulary | None = None,
) -> dict[str, Any]:
    """Counts over the selected claims (see :func:`claimtrack.export.summarise`) plus the
    desk's throughput: ``throughput`` = ``[{day, verdicts, claims, analysts}]`` by UTC day.
    ``conflicting`` is the number of claims flagged as conflicting variants."""
    from claimtrack.export import summarise

    claims, history = export_frames(store, filters, history=True, vocabulary=vocabulary)
    assert history is not None
    stats = summarise(claims, history)
    stats["conflicting"] = len(stats["conflicting"])
    stats["throughput"] = _throughput(history)
    return stats


def stats_rows(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """``stats`` as long rows ``{measure, key, count}`` (for csv/jsonl and tables)."""
    rows: list[dict[str, Any]] = [
        {"measure": name, "key": None, "count": stats[name]}
        for name in ("total", "verdicted", "groups", "conflicting")
    ]
    for measure in ("status", "type", "language", "source", "analyst"):
        rows += [
            {"measure": measure, "key": key, "count": count}
            for key, count in stats[f"by_{measure}"].items()
        ]
    rows += [
        {"measure": "verdicts_per_day", "key": day["day"], "count": day["verdicts"]}
        for day in stats["throughput"]
    ]
    return rows


def parse_statuses(values: Sequence[str]) -> tuple[str, ...]:
    """``--status`` values, each possibly comma-separated, deduplicated in order."""
    keys = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(keys))
