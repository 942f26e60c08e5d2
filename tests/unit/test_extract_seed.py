"""Seed acceptance: the real Al Mayadeen article (Putin-Kim at Vostochny)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimtrack.models import Article, Claim
from claimtrack.pipeline.extract import EXTRACTOR_VERSION, extract_claims

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_5afa0f906a688b19.txt"
PUTIN, KIM = "فلاديمير بوتين", "كيم جونغ أون"


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    text = SEED.read_text(encoding="utf-8")
    return extract_claims(Article("seed", text, "ar", published=date(2023, 9, 13)))


def _one(claims: list[Claim], fragment: str) -> Claim:
    found = [c for c in claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0]


def _has_value(claim: Claim, **expected: object) -> bool:
    return any(all(v.get(k) == x for k, x in expected.items()) for v in claim.values)


def test_spans_and_ids(claims: list[Claim]) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert claims
    for c in claims:
        assert text[c.char_start : c.char_end] == c.text
        assert c.extractor_version == EXTRACTOR_VERSION
        assert 0.0 <= c.checkworthiness <= 1.0
        for v in c.values:
            assert c.text[v["start"] : v["end"]] == v["text"]
        for e in c.entities:
            assert c.text[e["start"] : e["end"]] == e["text"]
    assert len({c.claim_id for c in claims}) == len(claims)


def test_first_to_recognise_is_comparison(claims: list[Claim]) -> None:
    c = _one(claims, "بلادنا أول من اعترف ببلادكم")
    assert c.claim_type == "comparison"
    assert c.speaker_canonical == PUTIN


def test_putin_addressing_kim(claims: list[Claim]) -> None:
    c = _one(claims, "اجتماعنا يعقد")
    assert c.speaker_canonical == PUTIN  # Kim is the addressee
    assert c.quote_mode == "direct"


def test_kim_quotes(claims: list[Claim]) -> None:
    for fragment in ("لقد ناقشت أنا والرفيق بوتين", "سترتقي إلى مستوى جديد", "ستحقق انتصاراً"):
        assert _one(claims, fragment).speaker_canonical == KIM
    # "الرئيس الكوري الشمالي" alone resolves to the last North Korean leader named.
    assert _one(claims, "وأعلن الرئيس الكوري الشمالي").speaker_canonical == KIM


def test_multi_hop_source_chain(claims: list[Claim]) -> None:
    # "وأفاد الكرملين بأنّ A، وأنهما B، وفق وكالات أنباء روسية": two claims, both the
    # Kremlin's; the agencies that relayed it are on the clause they close.
    first = _one(claims, "وأفاد الكرملين")
    second = _one(claims, "وأنهما سيُجريان محادثات")
    assert first.claim_id != second.claim_id
    assert first.speaker == second.speaker == "الكرملين"
    assert second.extra["source_chain"] == ["الكرملين", "وكالات أنباء روسية"]


def test_quoted_names_are_not_speech(claims: list[Claim]) -> None:
    c = _one(claims, "والتقى بوتين نظيره كيم")
    assert c.quote_mode == "none" and c.claim_type != "quote"


def test_vladivostok_location_claim(claims: list[Claim]) -> None:
    c = _one(claims, "في فلاديفستوك")
    places = {e["canonical"] for e in c.entities if e["kind"] == "place"}
    assert "Vladivostok" in places
    assert "Amur" in {
        e["canonical"] for e in _one(claims, "في منطقة “أمور”").entities if e["kind"] == "place"
    }


def _exact(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.text == text]
    assert len(found) == 1, f"no claim is exactly {text!r}: {[c.text for c in claims]}"
    return found[0]


def test_vostochny_location_is_its_own_claim(claims: list[Claim]) -> None:
    """Issue 11: "arrived at Vostochny in Vladivostok this Wednesday morning, where a welcome
    ceremony..." holds an arrival, a (false) location claim and a ceremony."""
    location = _exact(claims, "قاعدة “فوستوشني” الفضائية في فلاديفستوك شرقي البلاد")
    assert location.claim_type == "location" and location.speaker is None
    places = {e["canonical"] for e in location.entities if e["kind"] == "place"}
    assert {"Vostochny", "Vladivostok"} <= places
    arrival = _one(claims, "وكان الرئيس الروسي قد وصل صباح اليوم الأربعاء")
    ceremony = _one(claims, "حيث أُقيم حفل الترحيب")
    assert len({location.claim_id, arrival.claim_id, ceremony.claim_id}) == 3
    assert "حفل" not in arrival.text and _has_value(arrival, kind="date", value="2023-09-13")
    # The location sits inside the arrival's span and shares its sentence as context.
    assert arrival.char_start <= location.char_start < location.char_end <= arrival.char_end
    assert (location.context_start, location.context_end) == (
        arrival.context_start,
        arrival.context_end,
    )
    amur = _exact(claims, "قاعدة “فوستوشني” الفضائية في منطقة “أمور”")
    assert amur.claim_type == "location"


def test_coordinated_clauses_are_separate_claims(claims: list[Claim]) -> None:
    praised = _exact(claims, "كما أشاد بالجيش الروسي")
    assert praised.speaker_canonical == KIM  # "he also praised the Russian army"
    confident = _one(claims, "واثق بأن اللقاء سيرفع العلاقات")
    assert "أشاد" not in confident.text and confident.speaker_canonical == KIM
    military = _exact(
        claims,
        "كما تطرق بوتين إلى مسألة التعاون مع كوريا الديمقراطية في المجال العسكري التقني",
    )
    assert military.speaker_canonical == PUTIN
    assert "تمتثل" not in military.text  # the quote after "، مؤكداً" is a claim of its own
    assert _one(claims, "روسيا تمتثل للالتزامات الدولية").speaker_canonical == PUTIN


def test_where_clause_and_arrival_split(claims: list[Claim]) -> None:
    arrival = _exact(claims, "ووصل بوتين إلى المطار الفضائي من إقليم بريموريه في شرق روسيا")
    forum = _exact(claims, "حيث كان يشارك، يوم أمس الثلاثاء، في أعمال منتدى الشرق الاقتصادي")
    assert arrival.speaker is None and forum.speaker is None
    assert _has_value(forum, kind="date", value="2023-09-12")
    assert _exact(claims, "إقليم بريموريه في شرق روسيا").claim_type == "location"


def test_context_is_the_sentence(claims: list[Claim]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for c in claims:
        assert c.context_start is not None and c.context_end is not None
        assert c.context_start <= c.char_start < c.char_end <= c.context_end
        sentence = text[c.context_start : c.context_end]
        assert "\n" not in sentence and c.text in sentence


def test_source_line_is_not_a_claim(claims: list[Claim]) -> None:
    assert not any("المصدر: الميادين" in c.text for c in claims)


def test_seed_values(claims: list[Claim]) -> None:
    assert _has_value(_one(claims, "75 عاماً"), kind="duration", value=75, unit="year")
    since = _one(claims, "للمرة الأولى منذ عام 2019")
    assert _has_value(since, kind="year", value=2019, relation="first_since")
    assert since.claim_type == "temporal"
    assert _has_value(_one(claims, "4 أيلول/سبتمبر"), kind="date", value="2023-09-04")
    assert _has_value(_one(claims, "31 آب/أغسطس"), kind="date", value="2023-08-31")
