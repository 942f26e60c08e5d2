"""export, stats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import (
    dumps,
    emit,
    format_option,
    raw_csv_option,
    raw_csv_requested,
    say,
)

F = TypeVar("F", bound=Callable[..., Any])
_DATE = click.DateTime(formats=["%Y-%m-%d"])
FORMAT_CHOICES = ["md", "html", "csv", "parquet", "json", "jsonl", "claimreview"]


def filter_options(command: F) -> F:
    """The claim-selection options shared by ``export`` and ``stats``."""
    options = [
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help="Only claims in this status (repeatable, or comma-separated)."),
        click.option("--since", type=_DATE, help="Articles published on or after YYYY-MM-DD."),
        click.option("--until", type=_DATE, help="Articles published on or before YYYY-MM-DD."),
        click.option("--source", help="Only articles from (or syndicated by) this source."),
        click.option("--lang", help="Only claims in this language (e.g. ar, en)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _filters(statuses: tuple[str, ...], since: datetime | None, until: datetime | None,
             source: str | None, lang: str | None) -> Any:  # fmt: skip
    from claimtrack.api.exports import ExportFilter, parse_statuses

    return ExportFilter(
        statuses=parse_statuses(statuses),
        since=since.date() if since else None,
        until=until.date() if until else None,
        source=source,
        language=lang,
    )


def _vocabulary(obj: CliContext) -> Any:
    from claimtrack.review.statuses import load_vocabulary

    return load_vocabulary(obj.config.statuses)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    required=True,
    help="md/html report, csv/parquet/json/jsonl table, or ClaimReview JSON-LD.",
)
@click.option(
    "--out",
    "out",
    required=True,
    metavar="PATH",
    help="Output file, or - for standard output (not for parquet).",
)
@filter_options
@click.option(
    "--group-by",
    type=click.Choice(["article", "group", "status"]),
    default=None,
    help="Split reports into sections by article, claim group or status; with claimreview, "
    "'group' writes one review per group of the same claim.",
)
@click.option(
    "--with-history",
    is_flag=True,
    help="Tables: add each claim's audit events (reports always show them).",
)
@click.option("--org-name", help="ClaimReview author organisation (default: config org_name).")
@click.option("--org-url", help="ClaimReview author URL (default: config org_url).")
@click.option(
    "--review-url-template",
    metavar="URL",
    help="ClaimReview url of each review, {claim_id} replaced, e.g. "
    "https://desk.example/checks/{claim_id}.",
)
@click.option("--title", help="Report title (md/html).")
@raw_csv_option
@pass_ctx
def export(
    obj: CliContext,
    fmt: str,
    out: str,
    statuses: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    source: str | None,
    lang: str | None,
    group_by: str | None,
    with_history: bool,
    org_name: str | None,
    org_url: str | None,
    review_url_template: str | None,
    title: str | None,
) -> None:
    """Export claims and their review state as a report, a table or ClaimReview.

    \b
    Examples:
      claimtrack export --format html --out report.html
      claimtrack export --format csv --status false --status misleading --out -
      claimtrack export --format parquet --with-history --out claims.parquet
      claimtrack export --format claimreview --group-by group --out reviews.json \\
          --review-url-template 'https://desk.example/checks/{claim_id}'

    Stale claims (no longer produced by the extractor) are exported only when an analyst
    worked on them. Dates filter on the article's publication date.

    --out PATH: a new or regular file is replaced atomically (keeping its mode); a
    symlink is followed; a FIFO or device is written through. CSV cells starting with
    = + - @ tab or CR get a leading ' (spreadsheets would run them as formulas) unless
    --raw-csv.
    """  # fmt: skip
    from claimtrack.api.exports import export as run_export

    if out == "-" and fmt == "parquet":
        raise click.UsageError(
            "parquet cannot be written to standard output; pass --out FILE.parquet"
        )
    result = run_export(
        obj.store(), sys.stdout if out == "-" else Path(out), fmt,
        filters=_filters(statuses, since, until, source, lang),
        group_by=group_by,  # type: ignore[arg-type]
        with_history=with_history,
        org_name=org_name or obj.config.org_name,
        org_url=org_url or obj.config.org_url,
        review_url_template=review_url_template, title=title, vocabulary=_vocabulary(obj),
        raw_csv=raw_csv_requested(),
    )  # fmt: skip
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    what = "review(s)" if fmt == "claimreview" else "claim(s)"
    where = result.out if result.out is not None else "standard output"
    say(f"Exported {result.rows} {what} as {fmt} to {where}.", err=True)
    if fmt == "claimreview" and any(w.startswith("skipped") for w in result.warnings):
        raise SystemExit(1)


@click.command()
@filter_options
@format_option()
@pass_ctx
def stats(
    obj: CliContext,
    statuses: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    source: str | None,
    lang: str | None,
    fmt: str,
) -> None:
    """Counts by status, type, language, source and analyst, and verdicts per day.

    json prints one object; csv/jsonl print long rows (measure, key, count).
    """  # fmt: skip
    from claimtrack.api.exports import desk_stats, stats_rows

    result = desk_stats(obj.store(), _filters(statuses, since, until, source, lang),
                        vocabulary=_vocabulary(obj))  # fmt: skip
    if fmt == "json":
        click.echo(dumps(result))
        return
    rows = stats_rows(result)
    if fmt in ("jsonl", "csv"):
        emit(rows, fmt, columns=["measure", "key", "count"])
        return
    labels = result["status_labels"]
    emit([r for r in rows if r["key"] is None], fmt, columns=["measure", "count"], title="Claims")
    for measure in ("status", "type", "language", "source", "analyst"):
        part = [r for r in rows if r["measure"] == measure]
        if measure == "status":
            part = [{**r, "key": labels.get(r["key"], r["key"])} for r in part]
        if part:
            emit(part, fmt, columns=["key", "count"], title=f"By {measure}")
    if result["throughput"]:
        emit(
            result["throughput"],
            fmt,
            columns=["day", "verdicts", "claims", "analysts"],
            title="Verdicts per day",
        )


COMMANDS = [export, stats]
