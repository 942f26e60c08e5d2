"""The library API shared by the CLI and the TUI: each function takes a ``Store`` and
moves data between pipeline stages and the database. Submodules: ``ingest``,
``articles`` and, as stages land, ``claims``, ``matching``, ``workflow``, ``exports``."""
