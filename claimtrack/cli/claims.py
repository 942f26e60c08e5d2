"""extract, claims."""

from __future__ import annotations

import json

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import ProgressBar, emit, format_option, say
from claimtrack.cli.params import Count, Number

CLAIM_COLUMNS = [
    "claim_id", "article_id", "sentence_index", "char_start", "char_end", "text",
    "context_start", "context_end", "context", "claim_type",
    "secondary_types", "speaker", "speaker_canonical", "quote_mode", "entities", "values",
    "checkworthiness", "language", "extractor_version",
]  # fmt: skip
TABLE_COLUMNS = ["claim_id", "claim_type", "checkworthiness", "speaker_canonical", "language",
                 "text"]  # fmt: skip


@click.command()
@click.option(
    "--article",
    "article_ids",
    multiple=True,
    metavar="ID",
    help="Extract this article (repeatable).",
)
@click.option(
    "--all",
    "all_articles",
    is_flag=True,
    help="Re-extract every article (default: only articles not yet extracted).",
)
@pass_ctx
def extract(obj: CliContext, article_ids: tuple[str, ...], all_articles: bool) -> None:
    """Extract check-worthy claims from stored articles.

    Claim ids derive from the article, span and text, so re-running upserts; claims a
    newer extractor no longer finds are kept and flagged stale, never deleted.
    """
    from claimtrack.api.claims import extract as run_extract

    report = run_extract(
        obj.store(create=True),
        article_ids=article_ids,
        all_articles=all_articles,
        on_progress=ProgressBar("extract"),
    )
    for article_id, message in report.failed:
        say(f"failed: article {article_id}: {message}", err=True)
    click.echo(
        f"Extracted {report.claims} claim(s) from {report.articles} article(s) "
        f"with {report.extractor_version}; {report.newly_stale} newly stale."
    )
    if report.failed:
        raise SystemExit(1)


def decode_json_columns(rows: list[dict]) -> list[dict]:
    for row in rows:
        for key in ("entities", "values"):
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
    return rows


@click.command()
@click.option("--article", "article_id", metavar="ID", help="Only claims of this article.")
@click.option("--type", "claim_type", help="Only claims of this type (quantity, quote, ...).")
@click.option("--lang", help="Only claims in this language.")
@click.option(
    "--min-checkworthiness",
    type=Number(0, 1),
    default=None,
    help="Only claims scoring at least this (0..1).",
)
@click.option("--include-stale", is_flag=True, help="Also list claims flagged stale.")
@click.option("--limit", type=Count(), default=10_000_000, show_default=False)
@format_option()
@pass_ctx
def claims(
    obj: CliContext,
    article_id: str | None,
    claim_type: str | None,
    lang: str | None,
    min_checkworthiness: float | None,
    include_stale: bool,
    limit: int,
    fmt: str,
) -> None:
    """List extracted claims with their type, span, speaker and normalised values."""
    from claimtrack.api.claims import list_claims

    frame = list_claims(
        obj.store(),
        article_id=article_id,
        claim_type=claim_type,
        language=lang,
        min_checkworthiness=min_checkworthiness,
        include_stale=include_stale,
        limit=limit,
    )
    columns = [c for c in CLAIM_COLUMNS + EXTRA_COLUMNS if c in frame.columns]
    if fmt == "table":
        emit(
            frame,
            fmt,
            columns=[c for c in [*TABLE_COLUMNS, "status"] if c in frame.columns],
            title="Claims",
        )
    else:
        emit(decode_json_columns(frame.to_dicts()) if fmt != "csv" else frame, fmt, columns=columns)


# Columns added by later stages (verification status) when the query provides them.
EXTRA_COLUMNS = [
    "status", "analyst", "status_at", "assigned_to", "suggested_status", "suggested_factcheck",
    "suggested_score", "group_id", "stale", "source", "published",
]  # fmt: skip
COMMANDS = [extract, claims]
