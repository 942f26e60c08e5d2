"""Data that ships with claimtrack: the demo's seed articles and small fixture subsets.

In the wheel they live under ``claimtrack/_bundled`` (see pyproject's force-include);
in a source checkout or editable install, at the repository root.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack.errors import NotFoundError

_REPO_PATHS = {"seeds": "seeds", "factchecks": "fixtures/factchecks"}


def bundled_dir(name: str) -> Path:
    """The folder of bundled data ``name`` (``seeds`` or ``factchecks``)."""
    installed = Path(__file__).resolve().parent / "_bundled" / name
    if installed.is_dir():
        return installed
    source = Path(__file__).resolve().parents[1] / _REPO_PATHS[name]
    if source.is_dir():
        return source
    raise NotFoundError(f"bundled data {name!r} is missing from this installation")
