"""What every command gets: the configuration and a way to reach the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from claimtrack.config import Config

if TYPE_CHECKING:
    from claimtrack.store import Store


@dataclass
class CliContext:
    config: Config
    debug: bool = False
    db_explicit: bool = False

    def store(self, *, create: bool = False) -> Store:
        """The store at the configured path, migrated (when writing) or checked."""
        from claimtrack.store import Store

        store = Store(self.config.db, data_path=self.config.data_path)
        store.ensure_ready(create=create)
        return store


pass_ctx = click.make_pass_decorator(CliContext)
