"""The ``claimtrack`` command: a thin click layer over ``claimtrack.api``.

Each command opens the database, calls the library, prints. Library errors
(``ClaimtrackError``) become one line on stderr and exit status 1; usage errors (click's, and
``InvalidValueError``: a malformed or unknown value given by the user) exit 2;
``--debug`` shows tracebacks. Heavy libraries are imported inside commands so that
``claimtrack --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from claimtrack import __version__
from claimtrack.cli.context import CliContext
from claimtrack.errors import ClaimtrackError, InvalidValueError
from claimtrack.untrusted import visible


class ClaimtrackGroup(click.Group):
    """Turns errors into one clear sentence instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except ClaimtrackError as error:
            if _debug(ctx):
                raise
            click.echo(f"Error: {visible(str(error), single_line=True)}", err=True)
            # A malformed value is a usage error, as click's own checks are: exit 2.
            ctx.exit(2 if isinstance(error, InvalidValueError) else 1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as error:
            if _debug(ctx):
                raise
            click.echo(
                f"Error: unexpected {type(error).__name__}: {visible(error, single_line=True)} "
                "(this is a bug in claimtrack; rerun with --debug for the traceback)",
                err=True,
            )
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(CliContext)
    return bool(obj and obj.debug) or "--debug" in sys.argv


@click.group(cls=ClaimtrackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    default=None,
    metavar="PATH|ducklake:postgres:CONNINFO",
    help="Database file, or a shared DuckLake catalog on PostgreSQL "
    "(default: $CLAIMTRACK_DB, else the config file, else ./claimtrack.duckdb).",
)
@click.option(
    "--data-path",
    default=None,
    metavar="DIR|s3://...",
    help="Where a DuckLake catalog keeps its Parquet files (needed once, when it is "
    "created; default: $CLAIMTRACK_DATA_PATH).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Config file (TOML; default: $CLAIMTRACK_CONFIG, ./claimtrack.toml, "
    "~/.config/claimtrack/config.toml).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="claimtrack")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, data_path: str | None, config_file: Path | None,
    debug: bool,
) -> None:  # fmt: skip
    """Track check-worthy claims across Arabic and English news articles.

    \b
    Typical session:
      claimtrack ingest articles/ --source "Al Mayadeen"
      claimtrack extract --all
      claimtrack claims --format table
    """
    from claimtrack.config import database_location, load_config

    ctx.obj = CliContext(config=load_config(config_file=config_file), debug=debug)
    if db is not None:
        ctx.obj.config = ctx.obj.config.with_overrides(db=database_location(db))
        ctx.obj.db_explicit = True
    if data_path is not None:
        ctx.obj.config = ctx.obj.config.with_overrides(data_path=data_path)


def _register() -> None:
    from claimtrack.cli import articles, demo

    for module in (articles, demo):
        for command in module.COMMANDS:
            cli.add_command(command)
    # Commands of later pipeline stages register themselves when present.
    import importlib

    for name in (
        "claims",
        "matching",
        "workflow",
        "factchecks",
        "exporting",
        "tui",
        "evaluate",
        "integrity",
        "serve",
    ):
        try:
            module = importlib.import_module(f"claimtrack.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"claimtrack.cli.{name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="claimtrack")
    except ClaimtrackError as error:  # raised while loading config, before a command runs
        click.echo(f"Error: {visible(str(error), single_line=True)}", err=True)
        sys.exit(1)
