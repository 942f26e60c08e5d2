"""``claimtrack serve``: the library API over local HTTP (FastAPI + uvicorn).

One process keeps the embedding model and the vector indexes warm, so a script, a
newsroom bot or a CMS plug-in pays the model's start-up once, not per query. The
endpoints call :mod:`claimtrack.api`, as the CLI does; nothing here repeats pipeline
logic. FastAPI is an optional dependency (``pip install 'claimtrack[serve]'``): the core
never imports this package.

* :mod:`~claimtrack.serve.service` — the warm state (model, searchers) and one lock
  around store sessions, so DuckDB connections stay short and the CLI keeps working.
* :mod:`~claimtrack.serve.app` — the app factory: auth, body limit, error handlers.
* :mod:`~claimtrack.serve.routes` — the endpoints; :mod:`~claimtrack.serve.schemas` the
  request bodies.
* :mod:`~claimtrack.serve.runner` — uvicorn.
"""
