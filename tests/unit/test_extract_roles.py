"""Speaker roles and opinion rules: expressive verbs, pledges, vague groups, documents, relays.

Sentences are taken from the seed article (Al Mayadeen, 2023-09-13) and the gold texts, or
are short news-style sentences written for these tests.
"""

from __future__ import annotations

from datetime import date

from claimtrack.models import Article, Claim
from claimtrack.pipeline.extract import extract_claims

SEED_CONTEXT = (  # the seed's first sentence, which names both leaders
    "أكّد الرئيس الروسي فلاديمير بوتين، في لقاء مع نظيره الكوري الشمالي كيم جونغ أون، أنّه "
    "كان من الضروري إقامة هذا الاجتماع “للحديث عن التعاون الاقتصادي والقضايا الإنسانية وعن "
    "الوضع في المنطقة”.\n"
)


def _claims(text: str, language: str) -> list[Claim]:
    return extract_claims(Article("t", text, language, published=date(2023, 9, 13)))


def _one(claims: list[Claim], needle: str) -> Claim:
    found = [c for c in claims if needle in c.text]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


def test_expressive_verb_subject_is_the_speaker_not_the_noun_after_an() -> None:
    # With a checkable value the feeling clause stays a claim, so its speaker can be read.
    text = SEED_CONTEXT + ("عبّر قبلها بوتين عن افتخاره “بتطور صناعة الفضاء في روسيا” خلال 75 عاماً.")
    claim = _one(_claims(text, "ar"), "افتخاره")
    assert claim.speaker_canonical == "فلاديمير بوتين"
    assert claim.speaker == "بوتين"


def test_feeling_without_value_is_not_a_claim() -> None:
    text = SEED_CONTEXT + "عبّر قبلها بوتين عن افتخاره “بتطور صناعة الفضاء في روسيا”."
    assert not [c for c in _claims(text, "ar") if "افتخاره" in c.text]


def test_washington_expressing_concern_is_the_speaker() -> None:
    text = (
        "وتعهّدت روسيا في 31 آب/أغسطس الماضي بتطوير علاقاتها بكوريا الشمالية، "
        "فيما أعربت واشنطن عن قلقها من مفاوضات تجري بين البلدين "
        "“لتزويد روسيا بكميات كبيرة من الأسلحة”."
    )
    claims = _claims(text, "ar")
    concern = _one(claims, "واشنطن")
    assert concern.speaker_canonical == "واشنطن"
    assert concern.speaker != "قلقها"


def test_pledge_verb_subject_is_the_speaker_arabic() -> None:
    text = SEED_CONTEXT + "وتعهّدت روسيا في 31 آب/أغسطس الماضي بتطوير علاقاتها بكوريا الشمالية."
    claim = _one(_claims(text, "ar"), "وتعهّدت")
    assert claim.claim_type in ("commitment", "temporal")
    assert "commitment" in (claim.claim_type, *claim.secondary_types)
    # A country as speaker is the country, not its leader mentioned earlier.
    assert claim.speaker == "روسيا"
    assert claim.speaker_canonical == "روسيا"


def test_pledge_verb_subject_stops_before_the_verbal_noun() -> None:
    text = "وتعهدت الحكومة السودانية بإعادة فتح 200 مدرسة بحلول كانون الأول/ديسمبر."
    claim = _claims(text, "ar")[0]
    assert claim.speaker == "الحكومة السودانية"


def test_pledge_verb_subject_is_the_speaker_english() -> None:
    claim = _claims("Russia pledged on August 31 to develop its ties with North Korea.", "en")[0]
    assert claim.speaker_canonical == "Russia"
    lopez = _claims("Governor Maria Lopez pledged to rebuild 500 homes before March.", "en")[0]
    assert lopez.speaker_canonical == "Maria Lopez"
    assert lopez.claim_type == "quantity" and "commitment" in lopez.secondary_types


def test_vague_group_opinion_is_not_a_claim() -> None:
    assert _claims("ويرى مراقبون أن الزيارة خطوة إيجابية تبعث على التفاؤل.", "ar") == []
    assert _claims("Observers believe that the visit is a positive step.", "en") == []
    assert _claims("Some analysts think the talks were a success.", "en") == []


def test_vague_group_opinion_with_a_value_stays_a_claim() -> None:
    claims = _claims("ويرى مراقبون أن حجم التبادل التجاري سيبلغ 3 مليارات دولار.", "ar")
    assert len(claims) == 1 and claims[0].claim_type == "quantity"
    claims = _claims("Analysts think exports fell by 12% in 2023.", "en")
    assert len(claims) == 1


def test_named_opinion_is_still_reported_speech() -> None:
    # Only vague groups are dropped: a named official's view is an attributable statement.
    claims = _claims("ويرى وزير الخارجية أحمد منصور أن الاتفاق سيوقع قريباً.", "ar")
    assert len(claims) == 1 and claims[0].speaker_canonical == "أحمد منصور"


def test_document_author_is_the_source() -> None:
    text = (
        "وبحسب تقرير لمنظمة الصحة العالمية، فإن الأردن هو أول بلد في المنطقة يطلق "
        "حملة تطعيم مجانية للأطفال."
    )
    claim = _claims(text, "ar")[0]
    assert claim.speaker == "منظمة الصحة العالمية"
    assert claim.speaker_canonical == "منظمة الصحة العالمية"
    assert text[claim.char_start : claim.char_end] == claim.text
    en = _claims("The cause was pneumonia, according to a statement from Knopf.", "en")[0]
    assert en.speaker == "Knopf"


def test_document_without_author_is_kept_as_source() -> None:
    claim = _claims("وبحسب التقرير، ارتفع عدد الحالات إلى 1250 حالة.", "ar")[0]
    assert claim.speaker == "التقرير"


def test_relayed_source_and_chain() -> None:
    text = (
        "ونقلت وكالة الأنباء التونسية عن مصدر دبلوماسي قوله إن الجانبين سيوقعان "
        "٧ اتفاقيات تعاون يوم الجمعة المقبل."
    )
    claim = _claims(text, "ar")[0]
    assert claim.speaker_canonical == "مصدر دبلوماسي"
    assert claim.extra["source_chain"] == ["مصدر دبلوماسي", "وكالة الأنباء التونسية"]


def test_characterising_participle_is_not_a_claim() -> None:
    text = (
        "وتعهّدت روسيا في 31 آب/أغسطس الماضي بتطوير علاقاتها بكوريا الشمالية، "
        "واصفةً إيّاها بـ”الجارة المهمة”."
    )
    claims = _claims(text, "ar")
    assert len(claims) == 1 and "واصفةً" not in claims[0].text


def test_definite_org_head_resolves_to_the_named_organisation() -> None:
    text = (
        "قالت منظمة إنقاذ الطفولة إن أكثر من ٣٠٠ ألف طفل في السودان حُرموا من التعليم. "
        "وأشارت المنظمة إلى أن نصف المدارس في ولاية الخرطوم لا تزال مغلقة."
    )
    claim = _one(_claims(text, "ar"), "وأشارت")
    assert claim.speaker == "المنظمة"
    assert claim.speaker_canonical == "منظمة إنقاذ الطفولة"
    # Without an earlier named organisation the institution stands for itself.
    alone = _claims("وأعلن الكرملين أن المحادثات ستستمر يومين.", "ar")[0]
    assert alone.speaker_canonical == "الكرملين"


def test_gratitude_is_not_a_claim() -> None:
    text = SEED_CONTEXT + "بدوره، قال كيم جونغ أون خلال اللقاء مع بوتين إنّه “ممتنّ لهذه الدعوة”."
    assert not [c for c in _claims(text, "ar") if "ممتنّ" in c.text]
    assert _claims('"I feel so honoured to be here," the mayor said.', "en") == []
    # A feeling next to a checkable value stays a claim.
    kept = _claims("The mayor said she was proud that 500 homes were rebuilt.", "en")
    assert len(kept) == 1 and kept[0].claim_type == "quantity"
