"""factchecks import | search | suggest: the library of earlier fact-checks."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import emit, emit_records, format_option, say

HIT_COLUMNS = ["factcheck_id", "score", "relation", "claim", "rating", "status", "url",
               "publisher", "date", "language", "similarity", "title"]  # fmt: skip
HIT_TABLE = ["factcheck_id", "score", "relation", "status", "rating", "claim", "url"]
IMPORT_FORMATS = ["auto", "jsonld", "google", "html", "csv", "jsonl"]


@click.group()
def factchecks() -> None:
    """The library of earlier fact-checks (ours or other desks')."""


def _model(obj: CliContext, model: str | None) -> str | None:
    return model or obj.config.model


@factchecks.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--publisher", default=None, help="Publisher name for every record.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(IMPORT_FORMATS),
    default="auto",
    show_default=True,
    help="Input shape (auto: by extension, then by content).",
)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@click.option("--no-embed", is_flag=True, help="Store the records without embedding them.")
@pass_ctx
def import_(
    obj: CliContext,
    files: tuple[Path, ...],
    publisher: str | None,
    file_format: str,
    model: str | None,
    no_embed: bool,
) -> None:
    """Import fact-checks: ClaimReview JSON-LD / HTML, Google Fact Check API JSON, CSV, JSONL.

    Every text a record carries is kept and searched (claim, title, summary, body). A date
    that cannot be read is kept as text with a warning on stderr.

    Ratings (Arabic or English free text) are mapped to the status vocabulary; the original
    rating is kept. Re-importing the same records changes nothing. Bad records are listed on
    stderr (file#row and reason) and the exit status is 1; the good ones are kept.
    """
    from claimtrack.api.factchecks import import_factchecks
    from claimtrack.api.workflow import vocabulary

    report = import_factchecks(obj.store(create=True), list(files), publisher=publisher,
                               format=file_format, vocab=vocabulary(obj.config.statuses),
                               embed=not no_embed, model=_model(obj, model))  # fmt: skip
    for error in report.errors:
        say(f"bad record: {error.where}: {error.reason}", err=True)
    for note in report.notes:
        say(f"note: {note}", err=True)
    for warning in report.warnings:
        say(f"warning: {warning}", err=True)
    click.echo(f"Read {report.read} fact-check(s): {report.added} added, {report.updated} "
               f"updated, {report.unchanged} unchanged; {len(report.errors)} failed.")  # fmt: skip
    for status, count in report.by_status.items():
        click.echo(f"  {status}: {count}")
    if report.model_id:
        click.echo(f"Embedded {report.embedded} new text(s) with {report.model_id}.")
    if report.errors:
        raise SystemExit(1)


def hit_rows(hits: list[Any]) -> list[dict[str, Any]]:
    return [{c: getattr(h, c) for c in HIT_COLUMNS} for h in hits]


@factchecks.command("search")
@click.argument("text", required=False)
@click.option("--claim", "claim_id", default=None, metavar="ID", help="Search for a stored claim.")
@click.option(
    "--queries",
    "queries",
    default=None,
    metavar="FILE.jsonl",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help='One {"id": ..., "text": ...} per line; json: one array of {"id", "results"}, '
    "jsonl: one such object a line, table/csv: one row per result.",
)
@click.option("--top-k", type=click.IntRange(min=1, max=1000), default=5, show_default=True)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@click.option(
    "--date",
    "published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="When TEXT (or every --queries text) was published, YYYY-MM-DD: fact-checks "
    "published near it are searched too. A --claim uses its article's date.",
)
@format_option()
@pass_ctx
def search(
    obj: CliContext,
    text: str | None,
    claim_id: str | None,
    queries: str | None,
    top_k: int,
    model: str | None,
    published: datetime | None,
    fmt: str,
) -> None:
    """Find earlier fact-checks of a TEXT, a stored --claim, or a --queries file.

    Hybrid search (meaning + words over claim, title, summary and body), re-ranked by a
    learned model; score is its relevance, similarity the cosine the relation used."""
    from claimtrack.api.factchecks import search_claim, search_texts

    given = [x for x in (text, claim_id, queries) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of TEXT, --claim ID or --queries FILE.jsonl")
    store = obj.store(create=True)
    day = published.date() if published is not None else None
    if queries is not None:
        ids, texts = _read_queries(queries)
        results = search_texts(store, texts, top_k=top_k, model=_model(obj, model),
                               languages=obj.config.languages,
                               dates=[day] * len(texts))  # fmt: skip
        emit_records(
            [{"id": query_id, "results": hit_rows(hits)}
             for query_id, hits in zip(ids, results, strict=True)],
            fmt,
            rows=lambda rec: [{"query": rec["id"], **hit} for hit in rec["results"]],
            columns=["query", *(HIT_TABLE if fmt == "table" else HIT_COLUMNS)],
            title="Earlier fact-checks",
        )  # fmt: skip
        return
    if claim_id is not None:
        hits = search_claim(store, claim_id, top_k=top_k, model=_model(obj, model))
    else:
        assert text is not None
        hits = search_texts(store, [text], top_k=top_k, model=_model(obj, model),
                            languages=obj.config.languages, dates=[day])[0]  # fmt: skip
    emit(hit_rows(hits), fmt, columns=HIT_TABLE if fmt == "table" else HIT_COLUMNS,
         title="Earlier fact-checks")  # fmt: skip


def _read_queries(path: str) -> tuple[list[Any], list[str]]:
    ids: list[Any] = []
    texts: list[str] = []
    with click.open_file(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise click.BadParameter(f"line {number}: not JSON ({error.msg})",
                                         param_hint="--queries") from None  # fmt: skip
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("text"), str)
                or not item["text"].strip()
            ):
                raise click.BadParameter(f'line {number}: want {{"id": ..., "text": "..."}} '
                                         "with a non-empty text",
                                         param_hint="--queries")  # fmt: skip
            ids.append(item.get("id", number))
            texts.append(item["text"])
    return ids, texts


@factchecks.command("suggest")
@click.option("--top-k", type=click.IntRange(min=1, max=100), default=5, show_default=True)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@pass_ctx
def suggest(obj: CliContext, top_k: int, model: str | None) -> None:
    """Flag claims that match an earlier fact-check with a *suggested* verdict.

    Nothing is set: confirm one with 'claimtrack verdict CLAIM --from-factcheck ID'.
    """
    from claimtrack.api.factchecks import suggest as run_suggest

    report = run_suggest(obj.store(create=True), model=_model(obj, model), top_k=top_k)
    click.echo(f"Compared {report.claims} claim(s) with the library ({report.model_id}): "
               f"{report.suggestions} suggestion(s).")  # fmt: skip
    for status, count in sorted(report.by_status.items()):
        click.echo(f"  {status}: {count}")


COMMANDS = [factchecks]
