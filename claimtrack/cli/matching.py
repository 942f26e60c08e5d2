"""embed, similar, compare, cluster, groups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.params import Count, Number
from claimtrack.errors import InvalidInputError
from claimtrack.jsonl_records import read_records

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder

from claimtrack.cli.output import ProgressBar, dumps, emit, emit_records, format_option

SIMILAR_COLUMNS = ["claim_id", "score", "relation", "reasons", "text", "language", "article_id",
                   "source", "published", "p_same", "p_conflicting", "p_related"]  # fmt: skip
#: Calibrated probabilities of the learned relation model (null when the rules decided).
PROBABILITIES = ["p_same", "p_conflicting", "p_related"]
# Tables are for people: fewer, narrower columns (json/jsonl/csv keep every field).
SIMILAR_TABLE = ["claim_id", "score", "relation", "language", "source", "text", "reasons"]
GROUPS_TABLE = ["group_id", "size", "conflicts", "languages", "sources", "example",
                "conflict_reasons"]  # fmt: skip
model_option = click.option(
    "--model",
    default=None,
    help="Embedding model: a sentence-transformers name or path (default: config, "
    "$CLAIMTRACK_MODEL, else the offline multilingual USE model).",
)


def _embedder(obj: CliContext, model: str | None) -> Embedder:
    from claimtrack.api.vectors import load_embedder

    return load_embedder(model or obj.config.model)


def _read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """Records of a JSONL file; a bad line is a usage error naming the line and field."""
    try:
        return read_records(path, required)
    except InvalidInputError as error:
        raise click.BadParameter(str(error)) from error


@click.command()
@model_option
@pass_ctx
def embed(obj: CliContext, model: str | None) -> None:
    """Embed the claims that have no vector for the model yet (identical texts once)."""
    from claimtrack.api.vectors import embed_missing

    report = embed_missing(
        obj.store(create=True),
        "claims",
        embedder=_embedder(obj, model),
        on_batch=ProgressBar("embed"),
    )
    click.echo(f"Embedded {report.embedded} new text(s) with {report.model_id}.")


@click.command()
@click.argument("text", required=False)
@click.option("--claim", "claim_id", metavar="ID", help="Find claims similar to this claim.")
@click.option(
    "--queries",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help='JSONL file of {"id", "text"}; writes one {"id", "results"} per line.',
)
@click.option("--top-k", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--min-score", type=Number(-1, 1), default=None, help="Drop results below this cosine."
)
@click.option("--lang", help="Only claims in this language.")
@click.option("--source", help="Only claims from this source.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only claims published on or after YYYY-MM-DD.",
)
@model_option
@format_option()
@pass_ctx
def similar(
    obj: CliContext,
    text: str | None,
    claim_id: str | None,
    queries: Path | None,
    top_k: int,
    min_score: float | None,
    lang: str | None,
    source: str | None,
    since: datetime | None,
    model: str | None,
    fmt: str,
) -> None:
    """Find claims similar to TEXT, to --claim ID, or to each line of --queries.

    Each result has a relation: same (same claim, compatible values), conflicting (same
    claim frame, a different number/date/place/speaker or negation; reasons say which)
    or related. With --queries: json is one array of {"id", "results"}, jsonl one such
    object a line, table/csv one row per result with its query id.
    """
    from claimtrack.api.matching import ClaimSearcher, SearchFilters

    given = [x for x in (text, claim_id, queries) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of TEXT, --claim ID or --queries FILE")
    if text is not None and not text.strip():
        raise click.BadParameter("the text to search for is empty", param_hint="TEXT")
    records = _read_jsonl(queries, ("id", "text")) if queries else []
    searcher = ClaimSearcher(obj.store(), _embedder(obj, model), obj.config.languages)
    if searcher.unembedded:
        click.echo(
            f"note: {searcher.unembedded} claim text(s) are not embedded yet; "
            "run 'claimtrack embed'",
            err=True,
        )
    filters = SearchFilters(language=lang, source=source, since=since.date() if since else None)
    if queries:
        results = searcher.for_texts(
            [r["text"] for r in records], top_k=top_k, min_score=min_score, filters=filters
        )
        emit_records(
            [{"id": record["id"], "results": [r.as_dict() for r in found]}
             for record, found in zip(records, results, strict=True)],
            fmt,
            rows=lambda rec: [{"query": rec["id"], **r} for r in rec["results"]],
            columns=["query", *(SIMILAR_TABLE if fmt == "table" else SIMILAR_COLUMNS)],
            title="Similar claims",
        )  # fmt: skip
        return
    if claim_id:
        found = searcher.for_claim(claim_id, top_k=top_k, min_score=min_score, filters=filters)
    else:
        assert text is not None
        found = searcher.for_text(text, top_k=top_k, min_score=min_score, filters=filters)
    columns = SIMILAR_TABLE if fmt == "table" else SIMILAR_COLUMNS
    emit([r.as_dict() for r in found], fmt, columns=columns, title="Similar claims")


@click.command()
@click.argument("text_a", required=False)
@click.argument("text_b", required=False)
@click.option("--lang-a", help="Language of TEXT_A (default: detected).")
@click.option("--lang-b", help="Language of TEXT_B (default: detected).")
@click.option(
    "--pairs",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help='JSONL of {"a", "b"} (optional lang_a, lang_b); one result per line.',
)
@model_option
@format_option(default="json")
@pass_ctx
def compare(
    obj: CliContext,
    text_a: str | None,
    text_b: str | None,
    lang_a: str | None,
    lang_b: str | None,
    pairs: Path | None,
    model: str | None,
    fmt: str,
) -> None:
    """Compare two claims: {score, relation, reasons, p_same, p_conflicting, p_related}.

    relation is same, conflicting (reasons name the differing value, e.g.
    'year: 2019 vs 2011'), related or unrelated. The p_* fields are the calibrated
    probabilities of the learned relation model (null with CLAIMTRACK_RELATION_MODEL=off,
    when the hand-set rules decide). One pair in json is one object; --pairs
    in json is one array (jsonl: one object a line; table/csv: one row a pair).
    """
    from claimtrack.api.matching import compare_pairs

    if pairs is None and (text_a is None or text_b is None):
        raise click.UsageError("give TEXT_A and TEXT_B, or --pairs FILE.jsonl")
    if pairs is not None and (text_a is not None or text_b is not None):
        raise click.UsageError("give either TEXT_A TEXT_B or --pairs, not both")
    embedder = _embedder(obj, model)
    if pairs is not None:
        records = _read_jsonl(pairs, ("a", "b"))
        results = compare_pairs(
            [(r["a"], r["b"], r.get("lang_a"), r.get("lang_b")) for r in records],
            embedder=embedder,
            languages=obj.config.languages,
        )
        pairs_out = zip(records, results, strict=True)
        rows = [{"pair": r.get("id", n), **res.as_dict()}
                for n, (r, res) in enumerate(pairs_out, start=1)]  # fmt: skip
        columns = ["pair", "score", "relation", "reasons"]
        if fmt not in ("table",):
            columns += PROBABILITIES
        emit(rows, fmt, columns=columns, title="Comparisons")
        return
    assert text_a is not None and text_b is not None
    (result,) = compare_pairs(
        [(text_a, text_b, lang_a, lang_b)], embedder=embedder, languages=obj.config.languages
    )
    if fmt == "json":
        click.echo(dumps(result.as_dict()))
    else:
        extra = PROBABILITIES if fmt != "table" else []
        emit([result.as_dict()], fmt, columns=["score", "relation", "reasons", *extra])


@click.command()
@model_option
@click.option(
    "--candidates",
    type=click.Choice(["dense", "hybrid"]),
    default="dense",
    show_default=True,
    help="Neighbours to check: vector only, or vector + BM25 (fused).",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Place every claim again in one run, as a first run over all of them would "
    "(incremental runs depend on the order articles arrived in). Analysts' memberships "
    "and links stay; a group keeps its id when the new one holds most of its members. "
    "A database of at most 5,000 embedded claims is placed again whole by any run with "
    "new claims.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Do not place the whole database again, even a small one: only the new claims "
    "and the groups holding a nearest neighbour that is the same claim or a conflicting "
    "one (what a run does on a database of more than 5,000 claims).",
)
@click.option(
    "--orders",
    type=click.IntRange(1, 100),
    default=None,
    help="A run is the consensus of this many visiting orders of the claims it places "
    "(groups there before it stay fixed points); default 10 up to 5,000 claims when no "
    "group is there before the run, else 1. 1: place once, in claim-id order.",
)
@pass_ctx
def cluster(
    obj: CliContext,
    model: str | None,
    candidates: str,
    rebuild: bool,
    incremental: bool,
    orders: int | None,
) -> None:
    """Group the same claim across articles and languages (incremental).

    A claim joins a group only when it is the same claim as the group as a whole (most of
    its members, or its medoid), never through one member; conflicting variants are linked
    to a group as conflicts, not merged. Then groups, and claims left in none, join when
    they are the same fact by average linkage over their core members (a claim only with a
    cluster it is the same claim as for most pairs). Analysts' links and unlinks are never
    undone. A run that places every claim keeps what most of several visiting orders agree
    on, so its groups do not depend on the order claims were visited in (--orders). On a
    database of at most 5,000 embedded claims, every run with new claims places all of them
    again, around analysts' groups; on a larger one (or --incremental), the new claims and
    the groups holding one of their nearest neighbours that is the same claim or a
    conflicting one. One run at a time: another is refused while a run is in progress.
    """
    from claimtrack.api.clustering import cluster as run_cluster
    from claimtrack.api.vectors import embed_missing

    if rebuild and incremental:
        raise click.UsageError("--rebuild and --incremental exclude each other.")
    store = obj.store(create=True)
    embedder = _embedder(obj, model)
    embed_missing(store, "claims", embedder=embedder)
    report = run_cluster(
        store, embedder, candidates=candidates, rebuild=rebuild, orders=orders,
        incremental=incremental,
    )  # fmt: skip
    what = "claim(s), all placed again," if report.whole else "new claim(s)"
    how = f" (consensus of {report.orders} visiting orders)" if report.orders > 1 else ""
    if report.again:
        what = f"claim(s) ({report.again} placed again around the new ones)"
    click.echo(
        f"Clustered {report.considered} {what} with {report.model_id}{how}: "
        f"{report.joined} joined a group, {report.conflicts} linked as conflicts, "
        f"{report.new_groups} new group(s), {report.merged} group(s) merged into another."
        + (
            f" {report.ids_kept} group(s) kept their earlier id."
            if report.whole or report.again
            else ""
        )
    )


@click.command()
@click.option("--min-size", type=Count(), default=2, show_default=True)
@click.option("--group", "group_id", metavar="ID", help="List the members of one group.")
@format_option()
@pass_ctx
def groups(obj: CliContext, min_size: int, group_id: str | None, fmt: str) -> None:
    """List claim groups: size, languages, sources, first/last seen, conflicts.

    With --group ID, its members: relation (same or conflicting, with reasons), method
    (auto or manual) and score: for a member placed by a one-order run, the relation
    step's score (P(same), or the score of the conflict); for a member of a consensus run
    (see `cluster --orders`), the share of visiting orders that agreed on its place.
    """
    from claimtrack.api.clustering import group_members, list_groups

    store = obj.store()
    if group_id:
        emit(group_members(store, group_id), fmt, title=f"Group {group_id}")
        return
    columns = GROUPS_TABLE if fmt == "table" else None
    emit(list_groups(store, min_size=min_size), fmt, columns=columns, title="Claim groups")


COMMANDS = [embed, similar, compare, cluster, groups]
