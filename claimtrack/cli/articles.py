"""init, ingest, articles."""

from __future__ import annotations

import os
from pathlib import Path

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import ProgressBar, emit, format_option, say
from claimtrack.cli.params import Count

FORMAT_CHOICES = ["auto", "txt", "html", "jsonl", "json", "csv", "rss"]


@click.command()
@pass_ctx
def init(obj: CliContext) -> None:
    """Create the database, or upgrade it to the current schema."""
    from claimtrack.store import Store

    store = Store(obj.config.db, data_path=obj.config.data_path)
    applied = store.migrate()
    names = ", ".join(f"{m.version:04d}_{m.name}" for m in applied) or "none (already current)"
    say(f"Database {store.display}: applied migrations: {names}")


def _field_map(values: tuple[str, ...]) -> dict[str, str]:
    from claimtrack.pipeline.ingest.fields import DEFAULT_COLUMNS

    mapping: dict[str, str] = {}
    for value in values:
        key, sep, column = value.partition("=")
        if not sep or key not in DEFAULT_COLUMNS or not column:
            raise click.BadParameter(
                f"{value!r}: want FIELD=COLUMN with FIELD one of {', '.join(DEFAULT_COLUMNS)}",
                param_hint="--field",
            )
        mapping[key] = column
    return mapping


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--source", help="Source name for files that do not say (e.g. 'Al Mayadeen').")
@click.option("--url", help="Article URL for files that do not say.")
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication date YYYY-MM-DD for files that do not say.",
)
@click.option(
    "--lang",
    default="auto",
    show_default=True,
    help="Language code for files that do not say, or 'auto' to detect.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="auto",
    show_default=True,
    help="Input format; auto = from the file name.",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Column name of a field in jsonl/json/csv input, e.g. --field text=body.",
)
@pass_ctx
def ingest(
    obj: CliContext,
    paths: tuple[str, ...],
    source: str | None,
    url: str | None,
    published: object,
    lang: str,
    fmt: str,
    fields: tuple[str, ...],
) -> None:
    """Ingest article files or directories (recursively).

    Formats: .txt (UTF-8/UTF-16/windows-1256/ISO-8859-6), .html, .jsonl/.json/.csv
    (one article per record), RSS/Atom (one article per entry). Metadata may also come
    from a sidecar FILE.meta.json. Exits 1 if any file or record failed; the rest is kept.
    """
    from claimtrack.api.ingest import IngestResult, ingest_paths
    from claimtrack.errors import IngestError
    from claimtrack.pipeline.ingest import IngestDefaults
    from claimtrack.pipeline.ingest.fields import parse_language
    from claimtrack.untrusted import safe_http_url

    try:
        language = parse_language(lang, "--lang", "lang")
    except IngestError as error:
        raise click.BadParameter(error.reason, param_hint="--lang") from error
    if url is not None and safe_http_url(url) is None:
        raise click.BadParameter(f"{url!r} is not an http:// or https:// URL", param_hint="--url")
    if any(not str(path) for path in paths):
        # click turns "" into ".", which would ingest the current folder.
        raise click.BadParameter("an empty path names no file", param_hint="PATHS")
    defaults = IngestDefaults(
        source=source,
        url=url,
        published=published.date() if published is not None else None,  # type: ignore[attr-defined]
        language=language,
        languages=obj.config.languages,
        columns=_field_map(fields),
    )

    def show(result: IngestResult) -> None:
        if result.status == "failed":
            say(f"failed: {result.origin}: {result.message}", err=True)
        for note in result.notes:
            say(f"note: {result.origin}: {note}", err=True)

    store = obj.store(create=True)
    report = ingest_paths(
        store,
        [Path(p) for p in paths],
        fmt=fmt,
        defaults=defaults,
        on_result=show,
        on_progress=ProgressBar("ingest"),
    )
    counts = report.counts
    summary = ", ".join(
        f"{counts.get(k, 0)} {k}" for k in ("added", "duplicate", "syndicated", "failed", "skipped")
    )
    say(f"Ingested into {store.display}: {summary}.")
    if report.failed:
        raise SystemExit(1)


@click.command()
@click.option("--lang", help="Only articles in this language.")
@click.option("--source", help="Only articles from this source.")
@click.option("--limit", type=Count(), default=1_000_000, show_default=False)
@format_option()
@pass_ctx
def articles(obj: CliContext, lang: str | None, source: str | None, limit: int, fmt: str) -> None:
    """List stored articles: id, source, published, language, title, where each came from
    (origin: the file, or file#record, it was ingested from) and its URL."""
    from claimtrack.api.articles import list_articles

    frame = list_articles(obj.store(), language=lang, source=source, limit=limit)
    if fmt != "table":
        emit(frame, fmt, columns=ARTICLE_COLUMNS, title="Articles")
        return
    rows = [{**row, "origin": _near(row["origin"])} for row in frame.to_dicts()]
    emit(rows, fmt, columns=ARTICLE_TABLE, title="Articles")


def _near(origin: str | None) -> str | None:
    """A file origin relative to the current folder when it lies below it (for tables)."""
    if not origin or not os.path.isabs(origin):
        return origin
    here = os.getcwd()
    inside = origin.startswith(here + os.sep) and os.path.commonpath([here, origin]) == here
    return os.path.relpath(origin, here) if inside else origin


ARTICLE_COLUMNS = ["article_id", "source", "published", "lang", "title", "chars", "url",
                   "origin", "ingested_at", "appearances"]  # fmt: skip
ARTICLE_TABLE = ["article_id", "source", "published", "lang", "title", "origin", "url"]

COMMANDS = [init, ingest, articles]
