"""The store: the only package that imports duckdb.

Everything else talks to the database through ``Store`` and the per-domain modules
here (``articles``, ``runs`` ...), and gets Polars frames or domain objects back.
"""

from claimtrack.store.db import Session, Store

__all__ = ["Session", "Store"]
