"""``eval factchecks``: fact-check search measured on CheckThat! 2020 Task 2 (English).

The verified claims become a fact-check library in a temporary database; each tweet goes
through the same search API as ``claimtrack factchecks search``; the ranking is scored
with MAP@k and Recall@k (:mod:`claimtrack.evaluation.matching`). The lead attaches
:data:`factchecks_eval` to the ``eval`` group.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import dumps

DEFAULT_DATA = Path("..") / "shared" / "data" / "checkthat2020-task2-en-claim-retrieval"


def evaluate_checkthat(
    folder: Path, split: str, *, model: str | None = None, top_k: int = 5
) -> dict[str, Any]:
    """Import the verified claims, search with every tweet, return the metrics."""
    from claimtrack.api.factchecks import save_library, search_texts
    from claimtrack.api.vectors import embed_missing, load_embedder
    from claimtrack.evaluation.matching import load_checkthat2020, map_at_k, recall_at_k
    from claimtrack.review.factcheck_import import FactCheck
    from claimtrack.store import Store

    queries, docs, qrels = load_checkthat2020(folder, split)
    records = [
        FactCheck(factcheck_id=doc_id, claim=text, rating=None, status="unreviewed", url=None,
                  publisher="CheckThat! 2020 verified claims", date=None, language="en",
                  title=None, claimant=None, origin=f"verified_claims.docs.tsv#{doc_id}")
        for doc_id, text in docs.items() if text.strip()
    ]  # fmt: skip
    started = time.perf_counter()
    embedder = load_embedder(model)
    with tempfile.TemporaryDirectory(prefix="claimtrack-eval-") as tmp:
        store = Store(Path(tmp) / "eval.duckdb")
        store.migrate()
        save_library(store, records, run_id="eval-checkthat2020")
        embed_missing(store, "factchecks", embedder=embedder)
        embedded = time.perf_counter()
        query_ids = list(queries)
        # Ranking only: the relation labels do not change the order, so skip them.
        results = search_texts(store, [queries[q] for q in query_ids], top_k=top_k,
                               embedder=embedder, relations=False, languages=("en",))  # fmt: skip
    ranked = {q: [h.factcheck_id for h in hits] for q, hits in zip(query_ids, results, strict=True)}
    return {
        "dataset": "checkthat2020-task2-en", "split": split, "model": embedder.model_id,
        "queries": len(queries), "library": len(records),
        "map@1": round(map_at_k(ranked, qrels, 1), 4),
        "map@5": round(map_at_k(ranked, qrels, 5), 4),
        "recall@5": round(recall_at_k(ranked, qrels, 5), 4),
        "seconds_embed_library": round(embedded - started, 1),
        "seconds_search": round(time.perf_counter() - embedded, 1),
    }  # fmt: skip


@click.command("factchecks")
@click.option("--split", type=click.Choice(["dev", "test"]), default="dev", show_default=True)
@click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Dataset folder (default: {DEFAULT_DATA}, from the repo).",
)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_ctx
def factchecks_eval(
    obj: CliContext, split: str, data: Path | None, model: str | None, fmt: str
) -> None:
    """Measure fact-check search (MAP@1, MAP@5, Recall@5) on CheckThat! 2020 Task 2."""
    folder = data or Path(__file__).resolve().parents[2] / DEFAULT_DATA
    if not (folder / "verified_claims.docs.tsv").is_file():
        raise click.BadParameter(
            f"{folder} does not hold the CheckThat! 2020 Task 2 files "
            "(verified_claims.docs.tsv ...); pass --data DIR", param_hint="--data")  # fmt: skip
    result = evaluate_checkthat(folder, split, model=model or obj.config.model)
    if fmt == "json":
        click.echo(dumps(result))
        return
    for key, value in result.items():
        click.echo(f"{key:>22}  {value}")


COMMANDS: list[click.Command] = []  # attached to the `eval` group by the lead
