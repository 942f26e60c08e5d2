"""eval match: retrieval and same/conflicting accuracy on public and fixture data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import dumps

PARTS = ("checkthat", "factchecktweet", "ans", "semeval", "near-miss")


def _run(
    part: str, embedder: Any, data: Path, split: str, limit: int | None = None
) -> dict[str, Any]:
    from claimtrack.evaluation import matching as m

    if part in ("checkthat", "factchecktweet"):
        from claimtrack.evaluation import retrieval as r

        if part == "checkthat":
            dataset = r.checkthat2020(split, data / m.CHECKTHAT.name)
            title = f"CheckThat! 2020 Task 2 {split} — fact-check search"
        else:
            dataset = r.factchecktweet("dev", data / r.FACTCHECKTWEET.name)
            title = "FactCheckTweet dev — fact-check search"
        result = r.evaluate(dataset, embedder, limit=limit)
        seen = "seen" if dataset.split in result["ranker_trained_on"] else "not seen"
        return {
            **result,
            "dataset": f"{title} (split {dataset.split}, {seen} by the "
            f"re-ranker, which was trained on {'/'.join(result['ranker_trained_on'])})",
        }
    if part == "ans":
        from claimtrack.evaluation import relation as rel

        scored = rel.evaluate_pairs(rel.ans_pairs(data, "dev"), embedder)
        seen = (
            "not seen by the relation model, trained on ANS train"
            if scored["decided_by"] != "rules"
            else "rules, nothing trained"
        )
        recall = scored["recall"]
        return {
            "dataset": f"ANS Arabic stance (split dev, {seen}) — agree->same / disagree->not same",
            "split": "dev",
            "seen_by_model": False,
            "decided_by": scored["decided_by"],
            "agree->same": recall.get("same->same"),
            "disagree->not same": recall.get("conflicting->not same"),
            "other->not same": recall.get("related->not same"),
            "accuracy": scored["accuracy"],
        }
    if part == "semeval":
        queries, docs, qrels, pair_lang = m.load_semeval2025_trial(data / m.SEMEVAL.name)
        ranked = m.rank(queries, docs, embedder)
        cross = {q: r for q, r in qrels.items() if pair_lang[q].split("-")[0] !=
                 pair_lang[q].split("-")[1]}  # fmt: skip
        return {
            "dataset": "SemEval-2025 Task 7 trial",
            "queries": len(qrels),
            "all": m.retrieval_metrics(ranked, qrels),
            "cross_lingual": m.retrieval_metrics(ranked, cross),
        }
    from claimtrack.pipeline.extract import analyse_text

    result = m.evaluate_near_miss(m.load_near_miss(), embedder, analyse_text)
    return {"dataset": "fixtures/near_miss (same/conflicting pairs)", **result}


def _missing(part: str, data: Path) -> str | None:
    from claimtrack.evaluation import matching as m

    needed = {"checkthat": data / m.CHECKTHAT.name / "verified_claims.docs.tsv",
              "factchecktweet": data / "factchecktweet-kazemi2022-train-dev"
              / "vclaims_corpus_slim.jsonl.gz",
              "semeval": data / m.SEMEVAL.name / "trial_posts.csv",
              "ans": data / "ans-arabic-news-stance-train-dev" / "stance" / "dev.csv",
              "near-miss": m.NEAR_MISS}  # fmt: skip
    return None if needed[part].is_file() else str(needed[part])


@click.command("match")
@click.option(
    "--only",
    "parts",
    multiple=True,
    type=click.Choice(PARTS),
    help="Run only this part (repeatable; default: all).",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding the public data sets (default: ../shared/data next to the "
    "repository, or $CLAIMTRACK_SHARED_DATA).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test"]),
    default="test",
    show_default=True,
    help="CheckThat! 2020 split.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Fact-check search: score only the first N queries of each set (a quick check; "
    "not comparable with full runs).",
)
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_ctx
def match_eval(
    obj: CliContext,
    parts: tuple[str, ...],
    data: Path | None,
    split: str,
    limit: int | None,
    model: str | None,
    fmt: str,
) -> None:
    """(a) Fact-check search on CheckThat! 2020 Task 2 (--split) and FactCheckTweet dev:
    MAP@k of BM25-only, dense-only, fused and re-ranked orders from one run, each row
    labelled with its split and the splits the re-ranker saw; (b) SemEval-2025 trial
    cross-lingual retrieval; (c) same/conflicting accuracy on the near-miss fixture set;
    (d) ANS dev Arabic claim pairs: agree->same / disagree->not same (split dev, never
    seen by the relation model, which was trained on ANS train).

    The fact-check libraries are imported and embedded once into a cache folder
    ($CLAIMTRACK_CACHE, else ~/.cache/claimtrack): the first FactCheckTweet run embeds
    86k titles (long on a CPU), later runs take about a minute."""
    from claimtrack.api.vectors import load_embedder
    from claimtrack.evaluation import matching as m

    folder = data or m.DATA
    chosen = parts or PARTS
    absent = {p: path for p in chosen if (path := _missing(p, folder))}
    if absent and parts:  # explicitly asked for: a usage error naming the file
        raise click.BadParameter(
            f"{', '.join(absent)}: missing {', '.join(absent.values())}; pass --data DIR",
            param_hint="--data",
        )
    embedder = load_embedder(model or obj.config.model)
    results = {}
    for part in chosen:
        if part in absent:
            click.echo(f"skipped {part}: {absent[part]} not found (pass --data DIR)", err=True)
            continue
        results[part] = {"model_id": embedder.model_id,
                         **_run(part, embedder, folder, split, limit)}  # fmt: skip
    if fmt == "json":
        click.echo(dumps(results))
        return
    for part, result in results.items():
        click.echo(f"[{part}] {result['dataset']} — model {result['model_id']}")
        if "stages" in result:
            _stage_table(result)
            continue
        for key, value in result.items():
            if key not in ("dataset", "model_id", "errors"):
                click.echo(f"  {key}: {dumps(value) if isinstance(value, dict) else value}")


def _stage_table(result: dict[str, Any]) -> None:
    """One line per retrieval stage: BM25-only, dense-only, fused, re-ranked."""
    click.echo(f"  {result['queries']} queries, library {result['library']}, re-ranker "
               f"{result['ranker']}; candidates hold a relevant fact-check for "
               f"{result['candidate_recall']:.3f} of relevant pairs"
               + (" (LIMITED run)" if result["limited"] else ""))  # fmt: skip
    for stage, scores in result["stages"].items():
        figures = "  ".join(f"{name.upper()} {value:.4f}" for name, value in scores.items())
        click.echo(f"  {result['split']:<5} {stage:<9} {figures}")


COMMANDS: list[click.Command] = []  # attached to the `eval` group by claimtrack.cli.evaluate
