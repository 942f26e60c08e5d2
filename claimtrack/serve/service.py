"""What the service keeps warm, and the one lock around the database.

DuckDB lets one process at a time hold a database file open for writing, so the CLI can
work beside the service only while the service holds no connection. The service uses the
store as the CLI does (a short session per step) and serialises those sessions with one
lock, so concurrent requests never stack connections. The embedding model and the
searchers (vector index, fact-check library) are loaded once and reused; they are
reloaded when the database changed since they were built (our own ``/ingest``, or
``claimtrack embed`` / ``extract`` / ``factchecks import`` run beside the service).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.config import Config
from claimtrack.embedding.model import Embedder
from claimtrack.errors import NothingEmbeddedError
from claimtrack.store import Store
from claimtrack.store.db import Session

if TYPE_CHECKING:
    from claimtrack.api.factcheck_search import LibrarySearcher
    from claimtrack.api.matching import ClaimSearcher
    from claimtrack.review.statuses import Vocabulary

log = logging.getLogger("claimtrack.serve")


class LockedStore(Store):
    """A store whose sessions take one re-entrant lock: one connection at a time in this
    process (an API function may nest a session inside another on the same thread)."""

    def __init__(self, db: Path | str, *, data_path: str | None = None) -> None:
        super().__init__(db, data_path=data_path)
        self.lock = threading.RLock()

    @contextmanager
    def session(self, *, create: bool = False) -> Iterator[Session]:
        with self.lock, super().session(create=create) as session:
            yield session

    def version(self) -> tuple[int, ...] | None:
        """Changes whenever a write lands in a database file (None: a DuckLake catalog,
        where nothing cheap tells; reloaded only after our own writes)."""
        if self.path is None:
            return None
        stamps = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                stat = path.stat()
                stamps += [stat.st_mtime_ns, stat.st_size]
            except FileNotFoundError:
                stamps += [0, 0]
        return tuple(stamps)


class SerialEmbedder(Embedder):
    """The model, one encode at a time: fast tokenizers refuse concurrent use from
    several threads ("Already borrowed"), and two cores gain nothing from it anyway."""

    def __init__(self, inner: Embedder) -> None:
        self.__dict__.update(inner.__dict__)
        self._encode_lock = threading.Lock()

    def encode(self, texts: Any, **options: Any) -> Any:
        with self._encode_lock:
            return super().encode(texts, **options)


@dataclass
class Service:
    """The state behind the endpoints: store, config, warm model and searchers."""

    store: LockedStore
    config: Config
    model: str | None = None
    loopback: bool = True
    _embedder: SerialEmbedder | None = None
    _claims: tuple[Any, ClaimSearcher] | None = None
    _library: tuple[Any, LibrarySearcher] | None = None
    _build_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def for_config(cls, config: Config, *, model: str | None = None, loopback: bool = True
                   ) -> Service:  # fmt: skip
        store = LockedStore(config.db, data_path=config.data_path)
        return cls(store, config, model=model or config.model, loopback=loopback)

    @property
    def vocab(self) -> Vocabulary:
        from claimtrack.api.workflow import vocabulary

        return vocabulary(self.config.statuses)

    def embedder(self) -> SerialEmbedder:
        if self._embedder is None:
            with self._build_lock:
                if self._embedder is None:
                    from claimtrack.api.vectors import load_embedder

                    self._embedder = SerialEmbedder(load_embedder(self.model))
        return self._embedder

    def claim_searcher(self) -> ClaimSearcher:
        """The similar-claim searcher, rebuilt when the database changed."""
        from claimtrack.api.matching import ClaimSearcher

        embedder = self.embedder()
        with self._build_lock:
            version = self.store.version()
            if self._claims is None or version is None or self._claims[0] != version:
                if self._claims is not None:
                    log.info("database changed: reloading the claim index")
                searcher = ClaimSearcher(self.store, embedder, self.config.languages,
                                         keep_rows=True)  # fmt: skip
                self._claims = (version, searcher)
            return self._claims[1]

    def library_searcher(self) -> LibrarySearcher:
        """The fact-check library searcher, rebuilt when the database changed."""
        from claimtrack.api.factchecks import library_searcher

        embedder = self.embedder()
        with self._build_lock:
            version = self.store.version()
            if self._library is None or version is None or self._library[0] != version:
                searcher = library_searcher(self.store, embedder)
                # Building may embed new fact-checks (a write): stamp after it.
                self._library = (self.store.version(), searcher)
            return self._library[1]

    def forget_indexes(self) -> None:
        """Drop the searchers after a write of ours that they must see."""
        with self._build_lock:
            self._claims = None
            self._library = None

    def warm(self) -> None:
        """Load the model and indexes now, so that the first request is fast too."""
        self.store.ensure_ready(create=False)
        self.embedder()
        try:
            self.claim_searcher()
        except NothingEmbeddedError as error:
            log.warning("similar-claim search is not ready: %s", error)
        self.library_searcher()
