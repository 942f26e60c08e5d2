"""One error family for everything a user can cause or fix.

Each error carries a one-line message that says what went wrong, where (file, row,
field, key) and, where possible, what to do. The CLI prints ``str(error)`` without a
traceback and exits 1; ``--debug`` shows the traceback.
"""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base class of every error claimtrack reports to a person."""

    title = "claimtrack error"


class ConfigError(ClaimtrackError):
    title = "Configuration error"


class StoreError(ClaimtrackError):
    """The database could not be opened, migrated or queried."""

    title = "Database error"


class DatabaseBusyError(StoreError):
    """Another process holds the database file open for writing."""

    title = "Database busy"


class TransactionConflictError(StoreError):
    """Another writer changed the same rows first; the work can be run again."""

    title = "Write conflict"


class RunInProgressError(ClaimtrackError):
    """Another process is running the same stage on this database; run it again later."""

    title = "Run in progress"


class IngestError(ClaimtrackError):
    """One input file or record could not be ingested; the rest of the batch goes on."""

    title = "Ingest error"

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class NotFoundError(ClaimtrackError):
    title = "Not found"


class NothingEmbeddedError(NotFoundError):
    """A similarity search before any text was embedded: the message says to run ``embed``."""

    title = "Nothing embedded yet"


class InvalidInputError(ClaimtrackError):
    title = "Invalid input"


class MissingDependencyError(ClaimtrackError):
    """An optional dependency is missing; the message carries the exact pip command."""

    title = "Missing dependency"


class InvalidValueError(InvalidInputError):
    """A value the user gave (an option, an argument, a setting) is malformed or unknown.

    The CLI treats it as a usage error: one line on stderr and exit status 2, like click's
    own checks, so the same kind of bad value exits the same way in every command. Values
    that are well formed but name nothing stored (an unknown claim id) are
    :class:`NotFoundError` (exit 1).
    """

    title = "Invalid value"


class OutputError(ClaimtrackError):
    """An output file could not be written (no space, no permission, unsupported target)."""

    title = "Cannot write output"
