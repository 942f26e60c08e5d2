"""Sentence embeddings, a vector index and the same/conflicting/related relation step.

Importing this package loads no torch: models load lazily in :func:`load_model`.
"""

from __future__ import annotations

from claimtrack.embedding.model import DEFAULT_MODEL, Embedder, load_model

__all__ = ["DEFAULT_MODEL", "Embedder", "load_model"]
