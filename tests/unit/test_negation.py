"""is_negated(): claim-level negators in Arabic and English, and the idioms that are not."""

from __future__ import annotations

import time

import pytest

from claimtrack.pipeline.negation import is_negated


@pytest.mark.parametrize(
    "text",
    [
        # from the seed article: "does not rule out holding joint exercises"
        "أعلن وزير الدفاع الروسي سيرغي شويغو أنّه لا يستبعد إجراء مُناوراتٍ عسكرية مُشتركة",
        "لم يزر كيم جونغ أون روسيا منذ عام 2019",
        "ولم تعلق موسكو على التقارير",
        "لن تشارك كوريا الشمالية في المناورات",
        "هذه ليست الزيارة الأولى",
        "وليس هناك أي اتفاق",
        "الخبر غير صحيح",
        "فلا يوجد أي دليل",
    ],
)
def test_arabic_negated(text: str) -> None:
    assert is_negated(text, "ar")


@pytest.mark.parametrize(
    "text",
    [
        "ويزور زعيم كوريا الشمالية كيم جونغ أون روسيا للمرة الأولى منذ عام 2019.",
        "ولا سيما في المجال العسكري",
        "لا بد من تطوير العلاقات",
        "لا يزال الوضع متوتراً",
        "غير أن الكرملين أكد الزيارة",
        "ليس فقط في روسيا بل في أوروبا",
        "إلا أن الزيارة تمت",
        "أعلن الرئيس لاحقاً أن الزيارة ناجحة",
        "زار بلاده",
    ],
)
def test_arabic_not_negated(text: str) -> None:
    assert not is_negated(text, "ar")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim has not visited Russia since 2019.", True),
        ("Kim hasn’t visited Russia since 2019.", True),
        ("Kim HAS NEVER visited Russia.", True),
        ("There is no evidence of an arms deal.", True),
        ("Neither side confirmed the deal.", True),
        ("Moscow cannot rule out exercises.", True),
        ("Kim visited Russia for the first time since 2019.", False),
        ("Not only Russia but also China attended.", False),
        ("No. 5 on the list was Russia.", False),
        ("Notably, Putin arrived early.", False),
        ("There is no doubt about it.", False),
    ],
)
def test_english(text: str, expected: bool) -> None:
    assert is_negated(text, "en") is expected


def test_unknown_language_checks_both() -> None:
    assert is_negated("did not", "und")
    assert is_negated("لم يحدث", "und")
    assert not is_negated("it happened", "und")


def test_linear_on_long_input() -> None:
    text = "لا " * 100_000 + "ولا سيما " * 100_000 + "x" * 500_000
    t0 = time.perf_counter()
    assert is_negated(text, "ar")
    assert not is_negated("سيما " * 100_000 + "a" * 500_000, "ar")
    assert time.perf_counter() - t0 < 10  # hang guard only


@pytest.mark.parametrize(
    ("text", "language"),
    [("قتل ما لا يقل عن 20 شخصاً", "ar"), ("No fewer than 20 people died.", "en"),
     ("Not less than 40 percent voted.", "en")],
)  # fmt: skip
def test_at_least_idioms_are_not_negation(text: str, language: str) -> None:
    assert not is_negated(text, language)


@pytest.mark.parametrize(
    "text",
    [
        # measured on real news: a non-final toll is not a negated toll
        "قتل 53 شخصا وأصيب أكثر من 60 آخرين في حصيلة غير نهائية جراء الزلزال",
        "الحصيلة غير النهائية بلغت 40 قتيلاً",
        "وقالت منظمة غير حكومية إن 12 شخصاً قتلوا",
        "وأكد بشكل غير مباشر أن الاتفاق وقع",
        "ارتفع عدد القتلى إلى أكثر من 2000 شخص",
        "قتل ما لا يقل عن 18 شخصًا",
        "عدد المصابين لا يزيد عن 10",
        "لا يتجاوز عدد الضحايا خمسة",
    ],
)
def test_arabic_hedges_are_not_negation(text: str) -> None:
    assert not is_negated(text, "ar")


@pytest.mark.parametrize(
    "text", ["الخبر غير صحيح", "وهي غير مؤكدة", "لكنه غير متأكد من العدد", "الوضع غير مستقر"]
)
def test_arabic_predicative_ghayr_negates(text: str) -> None:
    assert is_negated(text, "ar")


@pytest.mark.parametrize(
    "text",
    [
        "At least 41 people were killed.",
        "More than 300 people were displaced.",
        "Nearly 40 homes collapsed.",
        "No more than 10 people were hurt.",
        "The toll is not more than 5.",
        "Votes must be counted no later than Friday.",
    ],
)
def test_english_hedges_are_not_negation(text: str) -> None:
    assert not is_negated(text, "en")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # "not X but Y" denies one reading to assert another: the claim is affirmative.
        ('Both dams were built in the 1970s, "not to collect water but to protect the city".',
         "en", False),
        ("The aid arrived not by road but by air.", "en", False),
        ("بني السدان ليس لجمع المياه بل لحماية المدينة", "ar", False),
        ("السدان ليسا لجمع المياه وإنما للحماية من السيول", "ar", False),
        # A verb's negation stays negated, "but" or not.
        ("Kim did not attend, but sent a deputy.", "en", True),
        ("The dam was not maintained, but officials knew of the cracks.", "en", True),
        ("He is not in Moscow but in Beijing.", "en", True),
        ("The dam was not built to hold water.", "en", True),
        ("لم يزر موسكو بل بكين", "ar", True),
        ("وليس هناك أي اتفاق", "ar", True),
    ],
)  # fmt: skip
def test_contrastive_not_but_is_not_negation(text: str, language: str, expected: bool) -> None:
    assert is_negated(text, language) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A negator answered by "سوى"/"إلا" restricts ("only"): the claim is affirmative.
        ("وليس في الوادي سوى السد الذي شيد في عام 1961", "ar", False),
        ("لم يقتل في الحادث إلا خمسة أشخاص", "ar", False),
        ("The rumour was nothing but a forged letter.", "en", False),
        ("The visitor was none other than the minister.", "en", False),
        # "إلا أن" is "however": the negation before it stands.
        ("لم يحضر الوزير الاجتماع إلا أن نائبه حضر", "ar", True),
        ("لم يحضر الوزير الاجتماع، إلا أنه أرسل رسالة", "ar", True),
    ],
)  # fmt: skip
def test_exceptive_only_is_not_negation(text: str, language: str, expected: bool) -> None:
    assert is_negated(text, language) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # "X denied that A" states not-A: never the same claim as "A".
        ("The Red Crescent on Sunday denied that the floods killed 11,300 people.", "en", True),
        ("نفى الهلال الأحمر أن تكون حصيلة الفيضانات قد بلغت 11300 قتيل", "ar", True),
        ("ونفت الوزارة صحة الأنباء", "ar", True),
        ("The ministry confirmed that the floods killed 11,300 people.", "en", False),
        # The noun "النفي" (exile) is no denial verb.
        ("عاد من النفي إلى بلاده", "ar", False),
    ],
)  # fmt: skip
def test_a_denial_negates_its_content(text: str, language: str, expected: bool) -> None:
    assert is_negated(text, language) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("I am not exaggerating when I say that 25% of the city has disappeared.", "en", False),
        ("It is no exaggeration to say a quarter of the city is gone.", "en", False),
        ("It is not an exaggeration to call it a catastrophe.", "en", False),
        ("لا أبالغ إذا قلت إن ربع المدينة اختفى", "ar", False),
        ("ليس من المبالغة القول إن ربع المدينة اختفى", "ar", False),
        # the hedge does not hide a real negation in the same sentence
        ("He is not exaggerating: the dam was not maintained.", "en", True),
        ("لا أبالغ إذا قلت إن السد لم تتم صيانته", "ar", True),
    ],
)  # fmt: skip
def test_exaggeration_hedge_is_not_negation(text: str, language: str, expected: bool) -> None:
    assert is_negated(text, language) is expected
