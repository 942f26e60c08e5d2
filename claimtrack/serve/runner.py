"""Run the app under uvicorn: warm first, then listen."""

from __future__ import annotations

import logging

from claimtrack.config import Config
from claimtrack.serve.app import MAX_BODY_BYTES, make_app
from claimtrack.serve.service import Service


def serve(
    config: Config,
    *,
    host: str,
    port: int,
    token: str | None,
    model: str | None = None,
    max_body: int = MAX_BODY_BYTES,
    announce: bool = True,
) -> None:
    """Load the model and indexes, then answer on ``host:port`` until interrupted.

    ``token`` must already be checked against ``host``
    (:func:`claimtrack.api.auth.check_binding`).
    """
    import uvicorn

    from claimtrack.api.auth import is_loopback

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    service = Service.for_config(config, model=model, loopback=is_loopback(host))
    service.warm()
    app = make_app(service, token=token, max_body=max_body)
    if announce:
        address = f"[{host}]" if ":" in host else host
        logging.getLogger("claimtrack.serve").info(
            "claimtrack serve: %s on http://%s:%d/ (docs: /docs%s; Ctrl+C stops)",
            service.store.display,
            address,
            port,
            "; token required" if token else "",
        )
    # One worker: the model and indexes live in this process; requests share them.
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                server_header=False)  # fmt: skip
