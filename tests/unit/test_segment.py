"""Sentence segmentation: spans, quotations, abbreviations, linear time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimtrack.pipeline.segment import quote_regions, segment_text

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5afa0f906a688b19.txt"


def _texts(text: str, language: str) -> list[str]:
    return [text[s.start : s.end] for s in segment_text(text, language)]


def test_spans_are_trimmed_sentences() -> None:
    text = "  First one here.   Second one there.\n\nThird paragraph.  "
    sentences = segment_text(text, "en")
    assert _texts(text, "en") == ["First one here.", "Second one there.", "Third paragraph."]
    assert [s.paragraph_index for s in sentences] == [0, 0, 1]
    assert [s.index for s in sentences] == [0, 1, 2]


def test_no_split_inside_quotation() -> None:
    text = 'He said "We will win. Today we start." Then he left.'
    assert _texts(text, "en")[0] == 'He said "We will win. Today we start."'
    ar = "قال الوزير: «سنبدأ غداً. ولن نتوقف.» ثم غادر القاعة."
    assert not any(t.startswith("ولن") for t in _texts(ar, "ar"))


def test_english_abbreviations() -> None:
    text = "Dr. Smith met Mr. Jones in the U.S. capital on Jan. 5. They talked."
    assert _texts(text, "en") == [
        "Dr. Smith met Mr. Jones in the U.S. capital on Jan. 5.",
        "They talked.",
    ]


def test_arabic_abbreviations() -> None:
    text = "نقلت أ.ف.ب. عن د. أحمد أن الحرب انتهت عام 30 ق.م. في المنطقة. وانتهى الاجتماع."
    parts = _texts(text, "ar")
    assert parts[0].startswith("نقلت أ.ف.ب. عن د. أحمد") and "ق.م. في المنطقة." in parts[0]
    assert parts[-1] == "وانتهى الاجتماع."


def test_seed_one_sentence_per_line() -> None:
    text = SEED.read_text(encoding="utf-8")
    sentences = segment_text(text, "ar")
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(sentences) == len(lines)
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in sentences)


def test_quote_regions_mixed_styles() -> None:
    text = "بـ”الجارة المهمة” و“الشؤون”"
    assert len(quote_regions(text)) == 2


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "a" * n,
        lambda n: "“" * (n // 2) + "x" + "”" * (n // 2),
        lambda n: "“ word. " * (n // 8),
    ],
)
def test_pathological_inputs_are_linear(make: Callable[[int], str]) -> None:
    small, big = make(20_000), make(200_000)

    def cpu(text: str) -> float:
        # CPU time of this process, best of three: the test machine is shared, and one
        # slow run (a neighbour, a page-fault burst) made a single-shot ratio flaky.
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            segment_text(text, "en")
            best = min(best, time.process_time() - t0)
        return best

    t_small, t_big = cpu(small), cpu(big)
    assert t_big < max(t_small, 0.005) * 40  # ~10x expected; 100x would mean quadratic
