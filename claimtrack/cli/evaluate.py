"""eval: measure extraction, matching and fact-check retrieval on data sets."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.output import dumps


@click.group(name="eval")
def eval_group() -> None:
    """Evaluate claimtrack's stages on gold data (figures for BENCHMARKS.md)."""


@eval_group.command(name="extract")
@click.option(
    "--gold",
    "gold_paths",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Gold JSONL file (repeatable); see fixtures/gold/extract/README.md.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def eval_extract(gold_paths: tuple[Path, ...], fmt: str) -> None:
    """Span-overlap precision/recall/F1 (per type), speaker and value accuracy."""
    from claimtrack.api.evaluation import evaluate_extraction

    result = evaluate_extraction(list(gold_paths))
    if fmt == "json":
        click.echo(dumps(result))
        return
    click.echo(
        f"extractor {result['extractor_version']}; one-to-one matching: a prediction covers "
        ">= 50% of the gold span and the gold span >= 40% of the prediction"
    )
    scored = dict(result["files"])
    if result["overall"] is not None:
        scored["ALL"] = result["overall"]
    for name, score in scored.items():
        o = score["overall"]
        click.echo(
            f"{name}: P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f} "
            f"(tp {o['tp']}, predicted {o['predicted']}, gold {o['gold']}); "
            f"type acc {score['type_accuracy']}; speaker acc {score['speaker_accuracy']} "
            f"(n={score['speaker_evaluated']}); value acc {score['value_accuracy']} "
            f"(n={score['value_evaluated']})"
        )
        for claim_type, prf in score["per_type"].items():
            click.echo(
                f"    {claim_type:<12} P {prf['precision']:.3f} R {prf['recall']:.3f} "
                f"F1 {prf['f1']:.3f} (gold {prf['gold']})"
            )


def _attach_optional() -> None:
    """Subcommands whose modules belong to later stages attach when present."""
    import importlib

    for module_name, attr in (
        ("claimtrack.cli.evaluate_match", "match_eval"),
        ("claimtrack.cli.evaluate_factchecks", "factchecks_eval"),
        ("claimtrack.cli.evaluate_relation", "relation_eval"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        eval_group.add_command(getattr(module, attr))


_attach_optional()
COMMANDS = [eval_group]
