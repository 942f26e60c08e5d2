"""The lexical analyser: Arabic normalisation, light stemming, English stemming, numbers."""

from __future__ import annotations

import pytest

from claimtrack.embedding.lexical import (
    Analyser,
    light_stem_arabic,
    normalise_arabic,
)


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),  # hamza above alef
        ("إسرائيل", "اسراءيل"),  # hamza below alef; hamza on yeh
        ("آلاف", "الاف"),  # madda
        ("ٱلله", "الله"),  # wasla
        ("على", "علي"),  # alef maqsura -> yeh
        ("المدرسة", "المدرسه"),  # teh marbuta -> heh
        ("مسؤول", "مسءول"),  # hamza on waw
        ("مُحَمَّدٌ", "محمد"),  # diacritics
        ("الـــعـــراق", "العراق"),  # tatweel
        ("٢٠٢٣ و۱۲", "2023 و12"),  # Arabic-Indic and Persian digits
    ],
)
def test_arabic_normalisation(raw: str, expected: str) -> None:
    assert normalise_arabic(raw) == expected


def test_arabic_spelling_variants_become_one_term(analyser: Analyser) -> None:
    variants = ["المسؤولون", "والمسئولون", "المسؤولين", "مسؤولون"]
    assert {tuple(analyser.terms(v)) for v in variants} == {("مسءول",)}
    assert analyser.terms("مدرسة") == analyser.terms("المدرسه") == analyser.terms("بالمدرسة")


def test_light10_keeps_short_words_and_strips_prefixes_and_suffixes() -> None:
    assert light_stem_arabic("بالمدارس") == "مدارس"
    assert light_stem_arabic("كتابها") == "كتاب"
    assert light_stem_arabic("ولد") == "ولد"  # و is kept when fewer than 3 letters remain
    assert light_stem_arabic("الم") == "الم"  # the article is kept when 1 letter remains


def test_snowball_arabic_is_available_for_measurement() -> None:
    terms = Analyser(arabic_stemmer="snowball").terms("المدرسة")
    assert terms and terms[0] != "المدرسه"


def test_english_stemming_stop_words_and_case(analyser: Analyser) -> None:
    assert analyser.terms("The Ministers were visiting the Visited sites") == [
        "minist", "visit", "visit", "site"
    ]  # fmt: skip
    assert analyser.terms("the of and") == []


def test_numbers_are_kept_whole_in_both_digit_systems(analyser: Analyser) -> None:
    assert analyser.terms("6,600 miles") == ["6600", "mile"]
    assert analyser.terms("٦٬٦٠٠ ميل") == ["6600", "ميل"]
    assert analyser.terms("rose 6.8 percent") == ["rose", "6.8", "percent"]
    assert analyser.terms("٦٫٨ بالمئة") == ["6.8", *analyser.terms("المئة")]


def test_urls_dropped_and_hashtags_split(analyser: Analyser) -> None:
    assert analyser.terms("see https://t.co/AbC123 #TxTransForum @realDonaldTrump") == [
        "see", "tx", "tran", "forum", "real", "donald", "trump"
    ]  # fmt: skip


def test_mixed_script_text_is_analysed_per_token(analyser: Analyser) -> None:
    assert analyser.terms("قال Biden إن الاقتصاد") == ["قال", "biden", "اقتصاد"]


def test_latin_words_use_the_documents_language_and_lose_accents(analyser: Analyser) -> None:
    assert analyser.terms("São Paulo eleições", "pt") == ["sao", "paul", "eleico"]
    assert analyser.terms("Café") == ["cafe"]


def test_version_names_the_options() -> None:
    assert Analyser().version != Analyser(arabic_stemmer="none").version
    with pytest.raises(ValueError):
        Analyser(arabic_stemmer="khoja")
