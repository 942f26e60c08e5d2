"""A file cache of text embeddings for evaluation runs over large public corpora.

Embedding the 86k-article FactCheckTweet corpus with USE on a CPU takes tens of minutes;
evaluations and training scripts ask for the same texts again and again, so vectors are
kept in one ``.npz`` per model, keyed by the text's ``text_key`` (the same key the store
uses). The cache is a convenience: deleting it only costs time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def cache_dir() -> Path:
    """``$CLAIMTRACK_CACHE``, else ``$XDG_CACHE_HOME/claimtrack``, else ``~/.cache/claimtrack``."""
    explicit = os.environ.get("CLAIMTRACK_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack"


def text_key(text: str) -> str:
    """The store's key of ``text`` (folded, then hashed), so cached vectors can seed it."""
    from claimtrack.pipeline.normalize import match_key
    from claimtrack.store.claims import text_key_for

    return text_key_for(match_key(text))


class EmbeddingCache:
    """Vectors of one model, loaded from and saved to ``cache_dir()/embeddings/MODEL.npz``."""

    def __init__(self, model_id: str, folder: Path | None = None) -> None:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_") or "model"
        self.path = (folder or cache_dir() / "embeddings") / f"{slug}.npz"
        self.model_id = model_id
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.is_file():
            try:
                with np.load(self.path, allow_pickle=False) as data:
                    keys, matrix = data["keys"].tolist(), data["vectors"]
                self.vectors = dict(zip(keys, matrix, strict=True))
            except (OSError, KeyError, ValueError):
                self.vectors = {}  # a damaged cache is rebuilt, never trusted

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        matrix = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, 0))
        tmp = self.path.with_name(self.path.stem + ".tmp.npz")
        np.savez(tmp, keys=np.asarray(keys), vectors=matrix.astype(np.float32))
        tmp.replace(self.path)

    def encode(
        self,
        texts: Sequence[str],
        encode: Callable[[list[str]], Any],
        *,
        chunk: int = 2048,
        on_chunk: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Vectors of ``texts`` (row per text); missing ones are embedded with ``encode``
        in chunks and saved after each chunk, so an interrupted run keeps its work."""
        keys = [text_key(t) for t in texts]
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self.vectors:
                todo.setdefault(key, text)
        items = list(todo.items())
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            matrix = np.asarray(encode([t for _, t in part]), dtype=np.float32)
            self.vectors.update(zip([k for k, _ in part], matrix, strict=True))
            self.save()
            if on_chunk is not None:
                on_chunk(min(start + chunk, len(items)), len(items))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])
