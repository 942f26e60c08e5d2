"""The shortcuts that make extraction fast give the same answers as the slow, direct way.

- ``tokenize_folded`` maps offsets inline; it must agree with ``Folded.to_raw``.
- Values are extracted once per article and shared out to clauses; each clause must get
  what ``extract_values`` finds in the clause text alone.
- ``negation_hint`` pre-tests folded text; it may say True wrongly, never False wrongly.
- Check-worthiness is scored in one call per article.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.evaluation.extraction import load_gold
from claimtrack.models import Article
from claimtrack.pipeline.extract import _deps, extract_claims
from claimtrack.pipeline.extract.lexicon import _WORD, tokenize_folded

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "fixtures" / "gold" / "extract"

MIXED = (
    "أكّدَ الرئيسُ بوتين ـــ أنَّ “الزيارة” ﻻ تأتي\u200f في ٢٠٢٣، وقال İstanbul's mayor: "
    "«no» — ﷲ test‎ ١٢٫٥٪"
)


def test_tokenize_offsets_match_to_raw() -> None:
    tokens, folded = tokenize_folded(MIXED)
    expected = []
    for m in _WORD.finditer(folded.text):
        start, end = folded.to_raw(m.start(), m.end())
        expected.append((m.group(0).lower(), start, end))
    assert [(t.key, t.start, t.end) for t in tokens] == expected
    assert all(MIXED[t.start : t.end].strip() for t in tokens)


def _gold_docs() -> list[dict]:
    docs = []
    for name in ("ar.jsonl", "en.jsonl"):
        docs += load_gold(GOLD / name, root=ROOT)
    return docs


@pytest.mark.parametrize("doc", _gold_docs(), ids=lambda d: d["doc_id"])
def test_article_values_equal_clause_values(doc: dict) -> None:
    published = date.fromisoformat(doc["published"])
    claims = extract_claims(Article("g", doc["text"], doc["language"], published=published))
    assert claims
    for claim in claims:
        alone = _deps.extract_values(claim.text, doc["language"], published)
        assert list(claim.values) == alone, claim.text


NEGATION_PIECES = [
    "لا", "لم", "لن", "ليس", "ليست", "لسنا", "غير", "و", "ف", "سيما", "بد", "يزال", "ان",
    "فقط", "not", "no", "never", "nor", "none", "n't", "don't", "cannot", "only", "doubt",
    "neither", "العلم", "know", "note", " ", " ", ",", ".", "ّ", "ـ", "2", "أ", "ت", "وا",
    "ا", "تا", "لستم", "لسنا", "لست", "nobody", "nothing", "just", "least", "ه", "شك",
    "نفى", "نفت", "ينفي", "denied", "refuted", "سوى", "إلا", "but", "other than",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NEGATION_PIECES), max_size=8), st.sampled_from(["ar", "en"]))
def test_negation_hint_never_misses(pieces: list[str], language: str) -> None:
    text = "".join(pieces)
    folded = _deps.fold(text).text
    if _deps.is_negated(text, language):
        assert _deps.negation_hint(folded, 0, len(folded), language)


def test_checkworthiness_scored_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fake(texts: list[str], languages: list[str]) -> list[float]:
        calls.append(len(texts))
        return [0.5] * len(texts)

    monkeypatch.setattr(_deps, "checkworthiness", fake)
    doc = _gold_docs()[0]
    claims = extract_claims(Article("g", doc["text"], doc["language"]))
    assert calls == [len(claims)] and len(claims) > 1


def _names(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        letters[k % 26].upper() + letters[(k // 26) % 26] + letters[(k // 676) % 26] + "xy"
        for k in range(n // 6)
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "language"),
    [
        (lambda n: "word " * (n // 5), "ar"),
        (lambda n: "“" * (n // 2) + "x" + "”" * (n // 2), "ar"),
        (lambda n: "“ قال. " * (n // 7), "ar"),
        (_names, "en"),  # every capitalised run registers a person: must not rescan
        (lambda n: "بحسب تقرير لمنظمة " * (n // 18), "ar"),  # a source marker per 3 words
        # One sentence cut into thousands of clauses: coordinated reports, relatives, dashes.
        (lambda n: "، وقال الوزير إن 5 أشخاص قتلوا" * (n // 31), "ar"),
        (lambda n: "– والتي حصلت على جائزة، الذي زار المدينة" * (n // 41), "ar"),
        (lambda n: ", who said the town of Ilmar in northern Zelvia" * (n // 48), "en"),
        (lambda n: "مدينة درنة في مدينة " * (n // 20), "ar"),  # location chains
    ],
    ids=[
        "no-punctuation",
        "nested-quotes",
        "unmatched-quotes",
        "capitalised-names",
        "source-markers",
        "clause-flood",
        "relative-flood",
        "english-relatives",
        "location-chain",
    ],
)
def test_pathological_inputs_are_linear(make, language: str) -> None:  # type: ignore[no-untyped-def]
    def cpu(n: int) -> float:
        text = make(n)
        best = float("inf")
        for _ in range(2):  # best of two: the machine is shared
            t0 = time.process_time()
            extract_claims(Article("p", text, language))
            best = min(best, time.process_time() - t0)
        return best

    small, big = cpu(20_000), cpu(200_000)
    assert big < 30 * max(small, 0.005)
