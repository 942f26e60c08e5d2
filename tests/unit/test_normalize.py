"""fold(), match_key() and to_ascii_digits(): folding rules and the offset map back to raw text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.pipeline.normalize import Folded, fold, fold_sparse, match_key, to_ascii_digits


def _check_offsets(raw: str, f: Folded) -> None:
    assert len(f.offsets) == len(f.text) + 1
    assert f.offsets[-1] == len(raw)
    assert all(a <= b for a, b in zip(f.offsets, f.offsets[1:], strict=False))


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("٧٥ عاماً", "75 عاما"),
        ("۱۲۳", "123"),
        ("٣٫٥ و١٬٢٥٠", "3.5 و1,250"),
        ("٣٠٪", "30%"),
        ("أإآٱ", "اااا"),
        ("مستشفى", "مستشفي"),
        ("المدرّعة", "المدرعه"),
        ("الـــرئيس", "الرئيس"),
        ("\u200fبوتين\u200e\u2067x\u2069", "بوتينx"),
        ("a\u200bb\u200cc\u200dd\ufeff", "abcd"),
        ("“فوستوشني” «أمور» „x‟ ‘y’ ‚z", '"فوستوشني" "أمور" "x" \'y\' \'z'.replace("أ", "ا")),
        ("ＡＢＣ１２", "abc12"),
        ("Putin STRASSE ß", "putin strasse ss"),
        ("ﻻ", "لا"),
    ],
)
def test_fold_rules(raw: str, folded: str) -> None:
    f = fold(raw)
    assert f.text == folded
    _check_offsets(raw, f)


def test_fold_keeps_hamza_on_waw_and_yeh() -> None:
    # Only the alef variants are in the folding contract; ؤ/ئ stay so other stages'
    # hand-written keys keep matching.
    assert fold("الرئيس مسؤول").text == "الرئيس مسؤول"


def test_to_raw_includes_trailing_diacritics_and_maps_digits() -> None:
    raw = "وقال: ٧٥ عاماً من إقامة"
    f = fold(raw)
    i = f.text.index("75 عاما")
    start, end = f.to_raw(i, i + len("75 عاما"))
    assert raw[start:end] == "٧٥ عاماً"


def test_to_raw_skips_leading_bidi_marks_and_handles_expansions() -> None:
    raw = "x \u200fﻻ يستبعد"
    f = fold(raw)
    i = f.text.index("لا")
    assert raw.__getitem__(slice(*f.to_raw(i, i + 2))) == "ﻻ"
    # half of an expansion maps to the whole source character
    assert raw.__getitem__(slice(*f.to_raw(i, i + 1))) == "ﻻ"
    assert f.to_raw(i, i) == (f.offsets[i], f.offsets[i])


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab Zß٠٩۵٫٬٪ـًٌٍَُِّْٰأإآٱىةكی“”«»ﻻﷺＡ１\u200f\u200e\u200b\u2067\ufeff عربي")
        ),
        max_size=60,
    )
)
def test_offset_map_is_consistent(raw: str) -> None:
    f = fold(raw)
    _check_offsets(raw, f)
    # Folding each raw character alone and concatenating gives the same text, and
    # every folded char comes from the raw char its offset names.
    assert f.text == "".join(fold(c).text for c in raw)
    for i, ch in enumerate(f.text):
        assert ch in fold(raw[f.offsets[i]]).text


def test_match_key_dedupes_syndicated_copies() -> None:
    a = "  «بوتين: روسيا ستحقق انتصاراً كبيراً»  .\n"
    b = "\u200f“بوتين:  روسيا   ستحقق انتصارا كبيرا”"
    assert match_key(a) == match_key(b) == "بوتين: روسيا ستحقق انتصارا كبيرا"
    assert match_key("The  Kremlin SAID.") == "the kremlin said"


def test_to_ascii_digits_is_one_to_one() -> None:
    raw = "في ٤ أيلول ٢٠٢٣، ١٬٢٥٠٫٥ و۱۲ ١٥٪"
    out = to_ascii_digits(raw)
    assert len(out) == len(raw)
    assert out == "في 4 أيلول 2023، 1,250.5 و12 15٪"


def test_fold_is_fast_on_pathological_input() -> None:
    raw = ("ً" * 1000 + "ـ\u200f" * 1000 + "٣أ") * 300
    t0 = time.perf_counter()
    f = fold(raw)
    assert time.perf_counter() - t0 < 10  # hang guard only
    _check_offsets(raw, f)
    assert f.text == "3ا" * 300


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab ß٣ـًّ أةﻻﷺ\u200f\u200bİ")),
        max_size=40,
    )
)
def test_sparse_fold_maps_like_fold(raw: str) -> None:
    full, sparse = fold(raw), fold_sparse(raw)
    assert sparse.text == full.text
    n = len(full.text)
    assert [sparse.offset(j) for j in range(n + 1)] == full.offsets
    for start in range(n + 1):
        for end in range(start, min(n, start + 4) + 1):
            assert sparse.to_raw(start, end) == full.to_raw(start, end)
