"""demo: build the demo database from the bundled seed articles."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import say

DEFAULT_DEMO_DB = Path("demo") / "claimtrack-demo.duckdb"


@click.command()
@click.option(
    "--seeds",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of seed articles (default: the bundled seeds/).",
)
@click.option("--force", is_flag=True, help="Replace the database even if it is not a demo one.")
@pass_ctx
def demo(obj: CliContext, seeds: Path | None, force: bool) -> None:
    """Build a fresh demo database from seeds/ and run every pipeline stage on it.

    The database goes to --db if given, else demo/claimtrack-demo.duckdb.
    """
    from claimtrack.api.demo import build_demo
    from claimtrack.bundled import bundled_dir

    db = obj.config.db if obj.db_explicit else DEFAULT_DEMO_DB
    if isinstance(db, str):
        raise click.UsageError("the demo builds a DuckDB file: pass --db FILE.duckdb")
    summary = build_demo(
        db,
        seeds or bundled_dir("seeds"),
        force=force,
        languages=obj.config.languages,
        say=say,  # seeds may be any folder: their text is shown visibly
    )
    say(f"Database: {summary.db.resolve()}")
    if summary.report is not None:
        say(f"Report:   {summary.report.resolve()}")


COMMANDS = [demo]
