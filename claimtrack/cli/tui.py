"""review: the interactive review app (Textual, imported only when the command runs)."""

from __future__ import annotations

import click

from claimtrack.cli.context import CliContext, pass_ctx


@click.command()
@click.option("--analyst", default=None, metavar="NAME",
              help="Who is reviewing (default: config 'analyst' / $CLAIMTRACK_ANALYST, "
                   "else the OS user).")  # fmt: skip
@click.option("--bidi", type=click.Choice(["auto", "on", "off"]), default=None,
              help="Reorder and shape Arabic for display: on for terminals without bidi, "
                   "off for terminals that do it (mlterm, Konsole, GNOME Terminal); "
                   "auto guesses (default: config 'bidi').")  # fmt: skip
@click.option("--refresh", "refresh", type=click.FloatRange(min=0), default=10.0,
              show_default=True, metavar="SECONDS",
              help="Show other analysts' changes this often (0: only on r).")  # fmt: skip
@pass_ctx
def review(obj: CliContext, analyst: str | None, bidi: str | None, refresh: float) -> None:
    """Review claims in a full-screen terminal app: queue, claim in context, similar claims,
    verdicts, notes, evidence and history. Press ? inside for the keys.

    The app keeps no database connection open, so other claimtrack commands can run on
    the same database meanwhile.
    """
    from claimtrack.tui.app import make_app

    app = make_app(obj.store(), analyst=analyst or obj.config.analyst_name,
                   bidi=bidi or obj.config.bidi, statuses=obj.config.statuses,
                   model=obj.config.model, poll_seconds=refresh)  # fmt: skip
    app.run()


COMMANDS = [review]
