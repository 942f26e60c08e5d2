"""Review stage: the verification-status vocabulary, rating mapping and the fact-check library.

Headless on purpose: the CLI and the TUI both call these functions; nothing here imports
duckdb, torch or textual.
"""
