"""eval relation: score same / conflicting / related labels on any labelled pair file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import dumps


@click.command("relation")
@click.option(
    "--pairs",
    "pairs_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="JSONL of labelled pairs: a, b, label (same|conflicting|related), optional lang_a/lang_b.",
)
@click.option(
    "--dataset",
    type=click.Choice(["ans-dev"]),
    default=None,
    help="A public labelled set instead of --pairs: ans-dev = ANS stance dev split "
    "(agree->same, disagree->conflicting, other->related).",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding the public data sets (default: ../shared/data or "
    "$CLAIMTRACK_SHARED_DATA).",
)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_ctx
def relation_eval(
    obj: CliContext,
    pairs_path: Path | None,
    dataset: str | None,
    data: Path | None,
    model: str | None,
    fmt: str,
) -> None:
    """Per-label recall, confusion matrix and accuracy of the relation step.

    The learned relation model decides unless CLAIMTRACK_RELATION_MODEL=off (then the
    hand-set rules do): run both to compare them on the same pairs."""
    from claimtrack.api.vectors import load_embedder
    from claimtrack.evaluation import relation as r
    from claimtrack.evaluation.matching import DATA

    if (pairs_path is None) == (dataset is None):
        raise click.UsageError("give --pairs FILE.jsonl or --dataset, one of them")
    if pairs_path is not None:
        pairs = r.read_pairs(pairs_path)
        name = f"{pairs_path} (split: as the file says; not used in training unless listed)"
    else:
        pairs = r.ans_pairs(data or DATA, "dev")
        name = "ANS stance dev (split dev, not seen by the relation model: trained on ANS train)"
    embedder = load_embedder(model or obj.config.model)
    scored = r.evaluate_pairs(pairs, embedder, obj.config.languages)
    result: dict[str, Any] = {"dataset": name, "model_id": embedder.model_id, **scored}
    if fmt == "json":
        click.echo(dumps(result))
        return
    click.echo(f"{result['dataset']} — {result['pairs']} pairs, decided by "
               f"{result['decided_by']}, embedding {result['model_id']}")  # fmt: skip
    for key, value in result["recall"].items():
        click.echo(f"  {key:<24} {value:.3f}")
    click.echo(f"  accuracy                 {result['accuracy']:.3f}")
    click.echo("  confusion (gold \\ predicted): " + "  ".join(r.LABELS))
    for gold, row in result["confusion"].items():
        click.echo(f"    {gold:<12} " + "  ".join(f"{row[p]:>5}" for p in r.LABELS))
