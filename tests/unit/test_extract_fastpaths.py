"""The extractor's speed shortcuts agree with the plain computations they replace."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.models import Article
from claimtrack.pipeline import checkworthiness as cw
from claimtrack.pipeline import cw_text, normalize, values
from claimtrack.pipeline.extract import _deps, extract_claims, extract_claims_many
from claimtrack.pipeline.extract.entities import PersonRegistry, has_break
from claimtrack.pipeline.extract.lexicon import _WORD, Token, lexicon, strip_prefix, tokenize_folded
from claimtrack.pipeline.normalize import fold

# Arabic letters, diacritics (deleted by folding), hamza forms, punctuation, Latin, digits.
_ALPHABET = "قالرئيسبوتنكيمَُِّْـًٌٍأإآةى٠١٢ ،.,;:\n“”«»\"'-’_ abcXYZ123İ"
_TEXTS = st.text(alphabet=_ALPHABET, max_size=80)


def _tokens_reference(text: str) -> list[Token]:
    """The one-match-at-a-time tokeniser that ``tokenize_folded`` replaced."""
    folded = fold(text)
    low = folded.text.lower()
    off = folded.offsets
    if len(low) != len(folded.text):
        pairs = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(folded.text)]
    else:
        pairs = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(low)]
    return [Token(k, off[a], max(off[b], off[b - 1] + 1)) for k, a, b in pairs]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_tokenize_folded_matches_reference(text: str) -> None:
    assert tokenize_folded(text)[0] == _tokens_reference(text)


def test_tokenize_folded_maps_deleted_marks() -> None:
    text = "قالَ الرئيسُ جداً"
    tokens, folded = tokenize_folded(text)
    assert not folded.identity
    assert [text[t.start : t.end] for t in tokens] == ["قالَ", "الرئيسُ", "جداً"]


def test_tokenize_folded_lowers_a_final_sigma_as_cpython_does() -> None:
    # A word-final capital sigma lower-cases to "ς"; mypyc's compiled s.lower() (Python < 3.13)
    # gives "σ", which would change the token keys of a compiled build (bench/build_mypyc.py).
    assert [t.key for t in tokenize_folded("ΟΔΟΣ ΣΟΣ.")[0]] == ["οδος", "σος"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" ،,.:;!?()“”abc", max_size=12))
def test_has_break_matches_char_scan(gap: str) -> None:
    text = "x" + gap + "y"
    expected = any(ch in '،,:;؛.!?؟()[]“”«»"' for ch in gap)
    assert has_break(text, 1, 1 + len(gap)) is expected


@pytest.mark.parametrize("language", ["ar", "en"])
def test_place_starts_covers_every_key_with_place_widths(language: str) -> None:
    lex = lexicon(language)
    for key in lex.place_widths:
        assert key in lex.place_starts
        for p in "وفبلك":
            if len(p + key) > 3:
                assert strip_prefix(p + key) == key and p + key in lex.place_starts


def test_alias_forms_cover_every_resolvable_key() -> None:
    registry = PersonRegistry()
    registry.register(["فلاديمير", "بوتين"], "فلاديمير بوتين", "RU")
    registry.register(["kim"], "Kim", None)
    probes = ["بوتين", "لبوتين", "وبوتين", "فلاديمير", "kim", "بكيم", "x", "وكيم"]
    for key in probes:
        if registry.lookup(key) is not None:
            assert key in registry.alias_forms


def test_keys_strided_view_matches_gather() -> None:
    spec = cw.FeatureSpec()
    texts = cw.fold_batch(["قال الرئيس إن 5 أشخاص قتلوا", "Putin met Kim.", "", "ab"])
    _rows, buckets = cw_text._keys(texts, spec)
    # Recompute the char n-gram keys with the explicit index grid.
    lengths = np.array([len(t) + 2 for t in texts])
    joined = " " + "  ".join(texts) + " "
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    total = len(codes)
    grams = np.arange(spec.char_min, spec.char_max + 1)[:, None]
    up, down = cw_text._powers(total + spec.char_max + 1)
    prefix = np.zeros(total + spec.char_max + 1, dtype=np.uint64)
    np.cumsum(codes * down[:total], out=prefix[1 : total + 1])
    position = np.arange(total)
    inside = (np.repeat(np.cumsum(lengths), lengths) - position) >= grams
    chars = ((prefix[position + grams] - prefix[:total]) * up[:total])[inside]
    shift = np.uint64(64 - (spec.n_buckets.bit_length() - 1))
    expected = (chars >> shift).view(np.int64)
    assert np.array_equal(buckets[: len(expected)], expected)


_ARTICLES = [
    ("قال الرئيس الروسي فلاديمير بوتين إن 5 أشخاص قتلوا أمس في موسكو.", "ar"),
    ("Putin said on Tuesday that 300 soldiers had died, while Kim denied it.", "en"),
    ("", "en"),
    ("وأضاف بوتين، أن روسيا ستساعد كوريا الشمالية في بناء الأقمار الصناعية.", "ar"),
]


@pytest.mark.parametrize("model", [True, False])
def test_extract_claims_many_equals_one_by_one(
    model: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not model:
        monkeypatch.setattr(_deps, "checkworthiness", lambda texts, languages: None)
    articles = [
        Article(str(i), text, language, published=date(2023, 9, 13))
        for i, (text, language) in enumerate(_ARTICLES * 3)
    ]
    one_by_one = [extract_claims(a) for a in articles]
    assert sum(map(len, one_by_one)) > 0
    assert extract_claims_many(articles) == one_by_one
    assert extract_claims_many([]) == []


def test_fold_table_never_touches_line_breaks_or_nul() -> None:
    # The extractor hands values its article fold with "\n" -> "\x00" swapped in afterwards.
    assert 0x0A not in normalize._TABLE and 0x00 not in normalize._TABLE
    assert not any("\n" in rep or "\x00" in rep for rep in normalize._TABLE.values())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET + "\x00ﻻ٣ﺎ", max_size=80))
def test_values_with_article_fold_equal_plain(text: str) -> None:
    raw = text.replace("\n", "\x00")
    folded = fold(text).text.replace("\n", "\x00")
    assert values.extract_values(raw, "ar", date(2023, 9, 13), folded_text=folded) == (
        values.extract_values(raw, "ar", date(2023, 9, 13))
    )


def test_chunk_spans_cover_every_text_once() -> None:
    lengths = [5, 5000, 0, 3000, 1200, 1200, 1200, 7]
    spans = cw._chunk_spans(lengths)
    assert [i for lo, hi in spans for i in range(lo, hi)] == list(range(len(lengths)))
    assert all(hi > lo for lo, hi in spans)
    assert cw._chunk_spans([]) == []


def test_logits_of_a_big_mixed_batch_equal_one_by_one() -> None:
    texts = [f"قال الرئيس إن {i} أشخاص قتلوا في {'مدينة ' * (i % 40)}" for i in range(150)]
    texts += [f"Putin said {i} soldiers died {'again ' * (i % 60)}" for i in range(150)]
    languages = ["ar"] * 150 + ["en"] * 150
    batch = cw.logits(texts, languages)
    single = np.array([cw.logits([t], [lang])[0] for t, lang in zip(texts, languages, strict=True)])
    assert len(cw._chunk_spans([len(t) for t in texts])) > 4  # really chunked
    assert np.array_equal(batch, single)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_vocabulary_from_tokens_matches_the_text_scan(text: str) -> None:
    from claimtrack.pipeline.values_numbers import vocabulary, vocabulary_of_words

    tokens, folded = tokenize_folded(text)
    if folded.text.lower() != folded.text:
        return  # tokens are lower-cased; the values stage sees the fold (lower already)
    assert vocabulary_of_words([t.key for t in tokens]) == vocabulary(folded.text)
