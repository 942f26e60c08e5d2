"""Claim detection, typing and speaker rules on small Arabic and English texts."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.models import Article, Claim
from claimtrack.pipeline.extract import _deps, analyse_text, extract_claims
from claimtrack.pipeline.extract.detect import rule_checkworthiness


def _claims(text: str, language: str) -> list[Claim]:
    return extract_claims(Article("t", text, language, published=date(2024, 5, 2)))


def test_opinion_and_scene_are_not_claims() -> None:
    assert _claims("The atmosphere was warm and friendly. The hall looked beautiful.", "en") == []
    assert _claims("كانت الأجواء دافئة وودية في القاعة.", "ar") == []


def test_english_speaker_after_quote_and_pronoun_carry() -> None:
    text = (
        'Russian President Vladimir Putin met Kim in Moscow. "We will sign a deal," Putin said. '
        '"It is the first such deal," he added.'
    )
    claims = _claims(text, "en")
    quote = next(c for c in claims if "sign a deal" in c.text)
    assert quote.speaker_canonical == "Vladimir Putin"
    assert quote.claim_type == "commitment" and quote.quote_mode == "direct"
    added = next(c for c in claims if "he added" in c.text)
    assert added.speaker_canonical == "Vladimir Putin"
    assert added.claim_type == "comparison"


def test_english_according_to_chain() -> None:
    text = "Minister Jane Doe said the army will withdraw, according to Reuters."
    c = _claims(text, "en")[0]
    assert c.speaker_canonical == "Jane Doe"
    assert c.extra["source_chain"] == ["Minister Jane Doe", "Reuters"]


def test_arabic_participle_and_elided_subject() -> None:
    text = (
        "قال وزير الخارجية المصري أحمد منصور إن الاتفاق سيوقع الأسبوع المقبل، "
        "مؤكداً أن “المفاوضات كانت صعبة جداً وطويلة”.\n"
        "وأضاف أن الوفد سيزور القاهرة."
    )
    claims = _claims(text, "ar")
    assert [c.speaker_canonical for c in claims] == ["أحمد منصور"] * 3
    assert claims[1].quote_mode == "direct"


def test_arabic_addressee_is_not_speaker() -> None:
    text = (
        "التقى الرئيس الروسي فلاديمير بوتين الرئيس الصيني شي جين بينغ.\n"
        "وقال لبوتين إن بلاده ستدعم الاتفاق."
    )
    claims = _claims(text, "ar")
    # No earlier speaker: the elided subject stays unknown, and is never the addressee.
    assert claims[-1].speaker_canonical != "فلاديمير بوتين"


def test_diacritics_and_alef_variants_match() -> None:
    plain = _claims("اكد الرئيس الروسي فلاديمير بوتين ان بلاده ستدعم الاتفاق.", "ar")[0]
    marked = _claims("أكّدَ الرئيسُ الروسيُّ فلاديمير بوتين أنَّ بلاده ستدعم الاتفاق.", "ar")[0]
    assert plain.speaker_canonical == "فلاديمير بوتين"
    assert marked.speaker_canonical is not None and "بوتين" in marked.speaker_canonical


def test_analyse_text_shape() -> None:
    out = analyse_text("Putin said Russia will send 300 tanks to Syria.", "en")
    assert set(out) == {"values", "entities", "speaker", "negated"}
    assert out["speaker"] == "Putin"
    assert any(e["canonical"] == "Syria" and e["kind"] == "place" for e in out["entities"])


def test_rule_checkworthiness_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_deps, "checkworthiness", lambda texts, langs: None)
    claims = _claims("The ministry said 40 people died in the floods on Monday.", "en")
    assert claims and 0.5 <= claims[0].checkworthiness <= 1.0
    assert rule_checkworthiness([], 0, False) == 0.0
    assert rule_checkworthiness(["quantity"], 1, True) > rule_checkworthiness(["event"], 0, False)


def test_ids_are_stable() -> None:
    text = "The council approved 12 new schools on Monday, the mayor said."
    assert [c.claim_id for c in _claims(text, "en")] == [c.claim_id for c in _claims(text, "en")]


def test_negated_claims() -> None:
    claims = _claims("Councillor Tom Reyes said the plan did not include any funding.", "en")
    assert claims and claims[0].negated
    ar = _claims("وأكد الوزير سامي حداد أن الوزارة لم تسجل أي إصابة جديدة.", "ar")
    assert ar and ar[0].negated
