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
@click.option(
    "--web",
    is_flag=True,
    help="Serve the app to browsers (textual-serve) instead of this terminal.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="With --web: address to listen on (not loopback: needs --token).",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="With --web: port to listen on.",
)
@click.option("--token", envvar="CLAIMTRACK_TOKEN", default=None, metavar="TOKEN",
              help="With --web: the token browsers must present (?token=...; default "
                   "$CLAIMTRACK_TOKEN). Required off loopback.")  # fmt: skip
@pass_ctx
def review(
    obj: CliContext, analyst: str | None, bidi: str | None, refresh: float, web: bool,
    host: str, port: int, token: str | None,
) -> None:  # fmt: skip
    """Review claims in a full-screen terminal app: queue, claim in context, similar claims,
    verdicts, notes, evidence and history. Press ? inside for the keys.

    The app keeps no database connection open, so other claimtrack commands can run on
    the same database meanwhile. With --web each browser tab runs its own copy of the
    app; add ?analyst=NAME to the address (required off loopback).
    """
    if web:
        _serve_web(obj, analyst=analyst, bidi=bidi, refresh=refresh, host=host, port=port,
                   token=token)  # fmt: skip
        return
    from claimtrack.tui.app import make_app

    app = make_app(obj.store(), analyst=analyst or obj.config.analyst_name,
                   bidi=bidi or obj.config.bidi, statuses=obj.config.statuses,
                   model=obj.config.model, poll_seconds=refresh)  # fmt: skip
    app.run()


def _serve_web(obj: CliContext, *, analyst: str | None, bidi: str | None, refresh: float,
               host: str, port: int, token: str | None) -> None:  # fmt: skip
    from pathlib import Path

    from claimtrack.api.auth import check_binding
    from claimtrack.errors import MissingDependencyError

    token = check_binding(host, token)
    store = obj.store()  # a missing or old database fails here, not in every browser tab
    try:
        from claimtrack.tui.web import ReviewServer
    except ModuleNotFoundError as error:
        raise MissingDependencyError(
            f"review --web needs {error.name}: pip install 'claimtrack[team]'"
        ) from None
    db = obj.config.db
    app_env = {"CLAIMTRACK_DB": str(db if isinstance(db, str) else Path(db).resolve())}
    if obj.config.data_path:
        app_env["CLAIMTRACK_DATA_PATH"] = obj.config.data_path
    if obj.config.source_file is not None:
        app_env["CLAIMTRACK_CONFIG"] = str(obj.config.source_file.resolve())
    address = f"[{host}]" if ":" in host else host
    shown = f"http://{address}:{port}/" + ("?token=TOKEN&analyst=NAME" if token else "")
    click.echo(f"Serving claimtrack review for {store.display} on {shown} (Ctrl+C stops)")
    # xterm.js in the browser does no bidi: claimtrack reorders and shapes (bidi on).
    args = ["--bidi", bidi or "on", "--refresh", str(refresh)]
    server = ReviewServer(host=host, port=port, token=token, app_env=app_env, review_args=args,
                          default_analyst=analyst or obj.config.analyst_name)  # fmt: skip
    server.serve()


COMMANDS = [review]
