"""extract_values(): numbers, percents, money, durations, years, dates and relative dates."""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Any

import pytest

from claimtrack.pipeline.values import extract_values, weekday_consistent

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_5afa0f906a688b19.txt"
PUBLISHED = datetime.date(2023, 9, 13)  # the seed article's date, a Wednesday
KEYS = {"kind", "value", "unit", "relation", "text", "start", "end", "resolved_from"}


def vals(text: str, language: str = "ar", published: Any = PUBLISHED) -> list[dict[str, Any]]:
    out = extract_values(text, language, published)
    for v in out:
        assert (
            KEYS
            <= set(v)
            <= KEYS | {"weekday", "weekday_ok", "counts", "zone", "hour_only", "at_least"}
        )
        assert text[v["start"] : v["end"]] == v["text"]
    return out


def brief(text: str, language: str = "ar", published: Any = PUBLISHED) -> list[tuple]:
    """Quantities and dates (ordinals and bare weekdays: tests/unit/test_value_kinds.py)."""
    return [
        (v["kind"], v["value"], v["unit"], v["relation"])
        for v in vals(text, language, published)
        if v["kind"] not in ("ordinal", "weekday")
    ]


# --- the seed article: real sentences -------------------------------------------------

SEED_75 = (
    "وقال بوتين موجهاً حديثه إلى كيم جونغ أون: “اجتماعنا يعقد في وقت مميز.. 75 عاماً من إقامة "
    "العلاقات الدبلوماسية بين روسيا وكوريا الشعبية الديمقراطية”"
)
SEED_2019 = "ويزور زعيم كوريا الشمالية كيم جونغ أون روسيا للمرة الأولى منذ عام 2019."
SEED_SEP4 = (
    "يأتي ذلك عقب إعلان وزير الدفاع الروسي سيرغي شويغو في 4 أيلول/سبتمبر الجاري أنّه لا يستبعد "
    "إجراء مُناوراتٍ عسكرية مُشتركة بين بلاده وكوريا الشمالية في المستقبل."
)
SEED_AUG31 = "وتعهّدت روسيا في 31 آب/أغسطس الماضي بتطوير علاقاتها بكوريا الشمالية"
SEED_TUESDAY = (
    "ووصل بوتين إلى المطار الفضائي من إقليم بريموريه في شرق روسيا، حيث كان يشارك، "
    "يوم أمس الثلاثاء، في أعمال منتدى الشرق الاقتصادي"
)
SEED_SOYUZ = "بما في ذلك مجمع إطلاق مركبة الإطلاق “سويوز-2”."


def test_seed_sentences() -> None:
    assert brief(SEED_75) == [("duration", 75, "year", None)]
    assert vals(SEED_75)[0]["text"] == "75 عاماً"
    assert brief(SEED_2019) == [("year", 2019, None, "first_since")]
    assert [(v["kind"], v["text"]) for v in vals(SEED_2019)] == [
        ("ordinal", "الأولى"),
        ("year", "2019"),
    ]
    assert brief(SEED_SEP4) == [("date", "2023-09-04", None, None)]
    assert vals(SEED_SEP4)[0]["text"] == "4 أيلول/سبتمبر"
    assert brief(SEED_AUG31) == [("date", "2023-08-31", None, None)]
    [tuesday] = vals(SEED_TUESDAY)
    assert tuesday["value"] == "2023-09-12" and tuesday["text"] == "يوم أمس الثلاثاء"
    assert tuesday["resolved_from"] == "relative"
    assert tuesday["weekday"] == 1 and tuesday["weekday_ok"] is True
    assert weekday_consistent(tuesday) is True
    assert vals(SEED_SOYUZ) == []


def test_whole_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = {
        (v["kind"], v["value"], v["relation"], v["text"])
        for v in vals(text)
        if v["kind"] not in ("ordinal", "weekday")
    }
    assert ("duration", 75, None, "75 عاماً") in got
    assert ("year", 2019, "first_since", "2019") in got
    assert ("date", "2023-09-04", None, "4 أيلول/سبتمبر") in got
    assert ("date", "2023-08-31", None, "31 آب/أغسطس") in got
    assert ("date", "2023-09-12", None, "يوم أمس الثلاثاء") in got
    assert ("date", "2023-09-13", None, "صباح اليوم الأربعاء") in got
    assert not any(v[3] == "2" for v in got)  # سويوز-2 is a name
    assert len(got) == 7


def test_english_equivalents() -> None:
    assert brief("It marks 75 years of diplomatic relations.", "en") == [
        ("duration", 75, "year", None)
    ]
    assert brief("It is his first visit to Russia since 2019.", "en") == [
        ("year", 2019, None, "first_since")
    ]
    assert brief("Kim has not left the country since 2019.", "en") == [
        ("year", 2019, None, "since")
    ]
    assert brief("Shoigu said on September 4 that drills were possible.", "en") == [
        ("date", "2023-09-04", None, None)
    ]
    assert brief("Russia pledged on 31 August to deepen ties.", "en") == [
        ("date", "2023-08-31", None, None)
    ]
    [v] = vals("Putin attended the forum on Tuesday.", "en")
    assert (v["value"], v["resolved_from"], v["text"]) == ("2023-09-12", "weekday", "Tuesday")
    assert vals("the Soyuz-2 rocket, Covid-19, an F-16 and the G7, MH17, 3D", "en") == []


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("قتل ١٬٢٥٠ شخصاً", "ar", [("number", 1250, None, None)]),
        ("نما بنسبة ٣٫٥٪", "ar", [("percent", 3.5, None, None)]),
        ("ارتفع ٣٠٪ ثم 30 في المئة ثم 30 بالمئة", "ar", [("percent", 30, None, None)] * 3),
        ("up 30% and 30 percent", "en", [("percent", 30, None, None)] * 2),
        ("5 ملايين دولار", "ar", [("money", 5_000_000, "USD", None)]),
        ("٢٫٥ مليار يورو", "ar", [("money", 2_500_000_000, "EUR", None)]),
        ("$5 million and US$3bn", "en", [("money", 5_000_000, "USD", None),
                                          ("money", 3_000_000_000, "USD", None)]),
        ("10 آلاف جندي", "ar", [("number", 10_000, None, None)]),
        ("1,250,000 people and 3.75 points", "en", [("number", 1_250_000, None, None),
                                                     ("number", 3.75, None, None)]),
        ("خمسة ملايين دولار", "ar", [("money", 5_000_000, "USD", None)]),
        ("two hundred billion dollars", "en", [("money", 200_000_000_000, "USD", None)]),
    ],
)  # fmt: skip
def test_numbers(text: str, language: str, expected: list[tuple]) -> None:
    assert brief(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("75 عاماً", "ar", 75, "year"),
        ("75 عاما", "ar", 75, "year"),
        ("75 سنة", "ar", 75, "year"),
        ("٧٥ عامًا", "ar", 75, "year"),
        ("75 years", "en", 75, "year"),
        ("a 19-year-old", "en", 19, "year"),
        ("three weeks", "en", 3, "week"),
        ("twenty-five years", "en", 25, "year"),
        ("لثلاثة أيام", "ar", 3, "day"),
        ("خمسة وعشرون عاما", "ar", 25, "year"),
        ("منذ عامين", "ar", 2, "year"),
        ("٤٨ ساعة", "ar", 48, "hour"),
        ("ستة أشهر", "ar", 6, "month"),
    ],
)
def test_durations(text: str, language: str, value: int, unit: str) -> None:
    assert brief(text, language) == [("duration", value, unit, None)]


@pytest.mark.parametrize(
    ("text", "language", "relation"),
    [
        ("منذ عام 2019", "ar", "since"),
        ("منذ 2019", "ar", "since"),
        ("ومنذ العام ٢٠١٩", "ar", "since"),
        ("since 2019", "en", "since"),
        ("أول زيارة له منذ عام 2019", "ar", "first_since"),
        ("وهي الزيارة الأولى لروسيا منذ 2019", "ar", "first_since"),
        ("his first visit abroad since 2019", "en", "first_since"),
        ("عام 2019", "ar", None),
        ("في 2019", "ar", None),
        ("in 2019 the talks", "en", None),
        ("حتى عام 2030", "ar", "until"),
        ("قبل 2019", "ar", "before"),
        ("after 2019", "en", "after"),
    ],
)
def test_years(text: str, language: str, relation: str | None) -> None:
    assert brief(text, language) == [("year", 2019 if "2030" not in text else 2030, None, relation)]


def test_first_needs_the_same_sentence() -> None:
    assert brief("كانت الزيارة الأولى. ولم يزرها منذ 2019") == [("year", 2019, None, "since")]


def test_names_and_models_are_not_quantities() -> None:
    for text in ["سويوز-2", "Soyuz-2", "Covid-19", "كوفيد-19", "#كوفيد_١٩", "F-16", "G7", "إف-16",
                 "A320", "2️⃣ وهي", "٠٠٠٠٠ لقاح"]:  # fmt: skip
        assert vals(text, "en") == [], text


def test_hijri_year_is_not_reported_and_a_clock_time_is_no_number() -> None:
    assert vals("عام 1445 هـ") == []
    assert [(v["kind"], v["value"]) for v in vals("at 10:30", "en")] == [("time", "10:30")]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("في 4 سبتمبر", "2023-09-04"),
        ("في 4 أيلول", "2023-09-04"),
        ("في 4 أيلول/سبتمبر", "2023-09-04"),
        ("في ٤ أيلول / سبتمبر", "2023-09-04"),
        ("١٣ أيلول ٢٠٢٣", "2023-09-13"),
        ("13 إبريل 2022", "2022-04-13"),
        ("1 يونيه 2020", "2020-06-01"),
        ("1 يوليه 2020", "2020-07-01"),
        ("2 كانون الثاني 2021", "2021-01-02"),
        ("3 تشرين الأول 2021", "2021-10-03"),
        ("3 تشرين الثاني 2021", "2021-11-03"),
        ("5 شباط 2021", "2021-02-05"),
        ("6 آذار 2021", "2021-03-06"),
        ("7 نيسان 2021", "2021-04-07"),
        ("8 أيار 2021", "2021-05-08"),
        ("9 حزيران 2021", "2021-06-09"),
        ("10 تموز 2021", "2021-07-10"),
        ("11 كانون الأول 2021", "2021-12-11"),
        ("12 جانفي 2021", "2021-01-12"),
        ("13 فيفري 2021", "2021-02-13"),
        ("14 أفريل 2021", "2021-04-14"),
        ("15 ماي 2021", "2021-05-15"),
        ("16 جوان 2021", "2021-06-16"),
        ("17 جويلية 2021", "2021-07-17"),
        ("18 أوت 2021", "2021-08-18"),
        ("5 من سبتمبر 2021", "2021-09-05"),
        ("سبتمبر 2023", "2023-09"),
        ("كانون الثاني 2020", "2020-01"),
        ("في 13/09/2023", "2023-09-13"),
    ],
)
def test_arabic_dates(text: str, value: str) -> None:
    assert brief(text) == [("date", value, None, None)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on September 4", "2023-09-04"),
        ("on 4 September 2023", "2023-09-04"),
        ("on Sept. 4", "2023-09-04"),
        ("on Sep 4, 2023", "2023-09-04"),
        ("on September 4th, 2022", "2022-09-04"),
        ("the 4th of September", "2023-09-04"),
        ("in September 2023", "2023-09"),
        ("on 2023-09-04", "2023-09-04"),
    ],
)
def test_english_dates(text: str, value: str) -> None:
    assert brief(text, "en") == [("date", value, None, None)]


def test_year_inference_picks_the_closest_date() -> None:
    january = datetime.date(2024, 1, 5)
    assert brief("في 28 ديسمبر", "ar", january) == [("date", "2023-12-28", None, None)]
    assert brief("في 10 يناير", "ar", january) == [("date", "2024-01-10", None, None)]
    assert brief("في 10 يناير المقبل", "ar", datetime.date(2024, 1, 20)) == [
        ("date", "2025-01-10", None, None)
    ]
    assert brief("في 20 أيلول الماضي", "ar") == [("date", "2022-09-20", None, None)]


def test_partial_date_without_published() -> None:
    [v] = vals("في 4 أيلول/سبتمبر", "ar", None)
    assert (v["kind"], v["value"], v["unit"]) == ("date", "09-04", "partial")
    assert [v["kind"] for v in vals("في 31 شباط", "ar", None)] == ["number"]  # no such day


def test_relation_on_dates() -> None:
    assert brief("منذ 4 أيلول") == [("date", "2023-09-04", None, "since")]
    assert brief("until September 30, 2023", "en") == [("date", "2023-09-30", None, "until")]


# --- relative dates and weekdays --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value", "surface"),
    [
        ("وصل اليوم إلى موسكو", "ar", "2023-09-13", "اليوم"),
        ("وصل أمس إلى موسكو", "ar", "2023-09-12", "أمس"),
        ("وصل يوم أمس", "ar", "2023-09-12", "يوم أمس"),
        ("وصل أمس الأول", "ar", "2023-09-11", "أمس الأول"),
        ("يصل غداً", "ar", "2023-09-14", "غداً"),
        ("وصل صباح اليوم الأربعاء", "ar", "2023-09-13", "صباح اليوم الأربعاء"),
        ("arrived today", "en", "2023-09-13", "today"),
        ("arrived yesterday", "en", "2023-09-12", "yesterday"),
        ("arrives tomorrow", "en", "2023-09-14", "tomorrow"),
    ],
)
def test_relative_dates(text: str, language: str, value: str, surface: str) -> None:
    [v] = vals(text, language)
    assert (v["kind"], v["value"], v["text"], v["resolved_from"]) == (
        "date",
        value,
        surface,
        "relative",
    )


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("الثلاثاء الماضي", "ar", "2023-09-12"),
        ("الأربعاء الماضي", "ar", "2023-09-06"),  # "last Wednesday" on a Wednesday
        ("الخميس المقبل", "ar", "2023-09-14"),
        ("يوم الأحد", "ar", "2023-09-10"),
        ("on Tuesday", "en", "2023-09-12"),
        ("last Tuesday", "en", "2023-09-12"),
        ("next Monday", "en", "2023-09-18"),
        ("on Wednesday", "en", "2023-09-13"),
    ],
)
def test_weekday_dates(text: str, language: str, value: str) -> None:
    [v] = vals(text, language)
    assert (v["value"], v["resolved_from"]) == (value, "weekday")
    assert "weekday_ok" not in v and weekday_consistent(v) is None


def test_weekday_mismatch_is_reported_not_fixed() -> None:
    [v] = vals("وكان قد وصل يوم أمس الخميس")  # yesterday was a Tuesday
    assert (v["value"], v["weekday"], v["weekday_ok"]) == ("2023-09-12", 3, False)
    assert weekday_consistent(v) is False
    [v] = vals("الثلاثاء ١٣ أيلول ٢٠٢٣")
    assert (v["value"], v["weekday_ok"]) == ("2023-09-13", False)
    [v] = vals("Wednesday, September 13, 2023", "en")
    assert (v["text"], v["weekday_ok"]) == ("Wednesday, September 13, 2023", True)


def test_relative_dates_need_published() -> None:
    # Without a publication date no date is resolved; the weekday stays a bare weekday.
    assert brief("وصل يوم أمس الثلاثاء إلى موسكو", "ar", None) == []
    assert [(v["kind"], v["value"]) for v in vals("وصل يوم أمس الثلاثاء", "ar", None)] == [
        ("weekday", 1)
    ]
    assert vals("arrived yesterday", "en", None) == []


def test_published_may_be_a_datetime() -> None:
    when = datetime.datetime(2023, 9, 13, 8, 30, tzinfo=datetime.UTC)
    assert brief("وصل أمس", "ar", when) == [("date", "2023-09-12", None, None)]


def test_today_as_an_ordinal_day_is_not_a_date() -> None:
    assert brief("في اليوم الأول من الزيارة") == []  # no date; "الأول" is an ordinal
    assert [(v["kind"], v["value"]) for v in vals("في اليوم الأول من الزيارة")] == [("ordinal", 1)]
    assert vals("مأدبة غداء رسمية") == []


def test_weekday_consistent_edge_cases() -> None:
    assert weekday_consistent({"kind": "year", "value": 2019}) is None
    assert weekday_consistent({"kind": "date", "value": "09-04", "weekday": 0}) is None
    assert weekday_consistent({"kind": "date", "value": "2023-09-04", "weekday": 0}) is True


# --- robustness -------------------------------------------------------------------------


@pytest.mark.slow
def test_pathological_input_completes() -> None:
    inputs = [
        "1" * 1_000_000,
        "a1" * 500_000,
        "١" * 300_000 + "x" + "٬١٢٣" * 100_000,
        "منذ " * 10_000,
        "منذ" * 10_000 + "2019",
        "أول منذ " * 10_000 + "2019",
        "4 " * 200_000,
        "سبتمبر " * 50_000 + "4",
        "أمس " * 50_000,
        "-" * 500_000 + "1",
        "1," * 300_000,
        "1." * 300_000,
    ]
    for text in inputs:
        t0 = time.perf_counter()
        out = extract_values(text, "ar", PUBLISHED)
        assert time.perf_counter() - t0 < 10, text[:20]  # hang guard, not a benchmark
        for v in out[:50]:
            assert text[v["start"] : v["end"]] == v["text"]


def test_spans_map_to_raw_text_with_marks() -> None:
    text = "\u200fقال: ٧٥ عاماً\u200f، منذ عامِ ٢٠١٩\u200e و٤ أيلول/سبتمبر\u200f."
    out = vals(text)
    assert [v["text"] for v in out] == ["٧٥ عاماً", "٢٠١٩", "٤ أيلول/سبتمبر"]
    assert [v["kind"] for v in out] == ["duration", "year", "date"]
    assert out[1]["relation"] == "since"
