"""serve: the library API over local HTTP (claimtrack.serve)."""

from __future__ import annotations

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.errors import MissingDependencyError

INSTALL_HINT = "pip install 'claimtrack[serve]'"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (not loopback: needs --token).")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="CLAIMTRACK_TOKEN", default=None, metavar="TOKEN",
              help="The token clients must send (Authorization: Bearer TOKEN; default "
                   "$CLAIMTRACK_TOKEN). Required off loopback.")  # fmt: skip
@click.option("--db", default=None, metavar="PATH",
              help="Database (the same as 'claimtrack --db PATH serve').")  # fmt: skip
@click.option("--model", default=None, help="Embedding model (default: config 'model').")
@pass_ctx
def serve(obj: CliContext, host: str, port: int, token: str | None, db: str | None,
          model: str | None) -> None:  # fmt: skip
    """Serve similar-claim search, fact-check search and the review workflow over HTTP.

    The model and indexes stay loaded, so each request pays only its own work. Endpoints
    and their fields: http://HOST:PORT/docs. Database sessions stay short, so other
    claimtrack commands keep working on the same database meanwhile. Every write records
    an analyst: the body's "analyst", else (on loopback) yours.
    """
    from claimtrack.api.auth import check_binding

    token = check_binding(host, token)
    if db is not None:
        from claimtrack.config import database_location

        obj.config = obj.config.with_overrides(db=database_location(db))
    obj.store()  # a missing or old database fails here, before the model loads
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as error:
        raise MissingDependencyError(
            f"claimtrack serve needs {error.name}: {INSTALL_HINT}"
        ) from None
    from claimtrack.serve.runner import serve as run

    run(obj.config, host=host, port=port, token=token, model=model)


COMMANDS = [serve]
