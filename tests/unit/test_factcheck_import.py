"""Reading fact-check libraries: ClaimReview JSON-LD, HTML pages, Google API JSON, CSV, JSONL."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from claimtrack.errors import InvalidInputError
from claimtrack.models import content_id
from claimtrack.review.factcheck_import import FactCheck, read_factchecks
from claimtrack.review.ratings import map_rating
from claimtrack.review.statuses import load_vocabulary
from tests.conftest import REPO

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "factchecks"
SUBSET = FIXTURES / "arabic_claimreview_subset.json"
DATASET = REPO.parent / "shared" / "data" / "arabic-claimreview-google-factcheck-2023-2025"


def _read(name: str, **kwargs: object) -> tuple[list[FactCheck], list[str]]:
    records, errors = read_factchecks(FIXTURES / name, **kwargs)  # type: ignore[arg-type]
    return records, [str(error) for error in errors]


def test_single_claimreview_all_fields() -> None:
    records, errors = _read("claimreview_single.jsonld")
    assert errors == []
    url = "https://factcheck.example.org/2023/09/14/vostochny-first-visit"
    claim = "Kim Jong Un's visit to the Vostochny cosmodrome was his first trip abroad in 75 years."
    assert records == [
        FactCheck(
            factcheck_id=content_id(url, claim),
            claim=claim,
            rating="False",
            status="false",
            url=url,
            publisher="Example Fact Desk",
            date=date(2023, 9, 14),
            language="en",
            title="No, the Vostochny meeting was not Kim Jong Un's first trip abroad since 2019",
            claimant="Viral post on X",
            origin=f"{FIXTURES / 'claimreview_single.jsonld'}#1",
        )
    ]


def test_claimreview_array() -> None:
    records, errors = _read("claimreview_array.json")
    first, second = records
    assert first.claim == "استمر لقاء بوتين وكيم في قاعدة فوستوشني خمس ساعات"
    assert (first.rating, first.status) == ("صحيح جزئياً", "mixed")
    assert first.language == "ar"  # inLanguage given as a Language object
    assert first.publisher == "منصة التحقق التجريبية"  # author given as a list
    assert first.claimant == "قناة على تلغرام"
    assert first.date == date(2023, 9, 15)  # datetime with offset: the date as written
    # Only a numeric rating (as strings): status from ratingValue, the number kept as rating.
    assert (second.rating, second.status, second.url) == ("3/5", "mixed", None)
    assert second.factcheck_id == content_id("Example Fact Desk", second.claim, "3/5")
    assert errors == [f"{FIXTURES / 'claimreview_array.json'}#row 3: missing field 'claimReviewed'"]


def test_claimreview_graph_nested_and_shared_url() -> None:
    records, errors = _read("claimreview_graph.jsonld")
    assert errors == []
    assert [(r.claim, r.rating, r.status) for r in records] == [
        ("Putin and Kim signed an arms deal at Vostochny.", "Unproven", "unverifiable"),
        ("Kim travelled to Russia by armoured train.", "Mostly True", "mostly_true"),
    ]
    assert records[0].url == records[1].url
    assert records[0].factcheck_id != records[1].factcheck_id  # one page, two claims


def test_html_page_reads_ld_json_blocks_only() -> None:
    records, errors = _read("factcheck_page.html")
    assert [(r.claim, r.rating, r.status, r.origin.rsplit("#", 1)[1]) for r in records] == [
        ("بوتين: سنبني أقماراً صناعية لكوريا الشمالية", "مضلّل", "misleading", "1"),
        ("وصل كيم جونغ أون إلى روسيا بالطائرة", "غير صحيح", "false", "2"),
    ]
    assert records[0].title == "بوتين لم يعد ببناء أقمار صناعية لكوريا الشمالية"
    assert records[0].claimant == "حساب على فيسبوك"
    assert records[0].date == date(2023, 9, 13)
    assert errors == [
        f"{FIXTURES / 'factcheck_page.html'}#ld+json block 3: invalid JSON at line 2 column 93:"
        " Expecting property name enclosed in double quotes"
    ]


def test_csv_records_and_free_text_date() -> None:
    records, errors = _read("factchecks.csv")
    assert [r.factcheck_id for r in records][:3] == ["fc-001", "fc-002", "fc-003"]
    assert records[0] == FactCheck(
        factcheck_id="fc-001",
        claim="Putin and Kim met at the Vostochny cosmodrome on 13 September 2023.",
        rating="True",
        status="true",
        url="https://factcheck.example.org/2023/09/13/meeting-date",
        publisher="Example Fact Desk",
        date=date(2023, 9, 13),
        language="en",
        title="Yes, they met at Vostochny",
        claimant=None,
        origin=f"{FIXTURES / 'factchecks.csv'}#2",
    )
    assert records[1].claim.endswith('"دون أي قيود"')  # quoted commas and doubled quotes
    assert (records[1].status, records[1].url, records[1].title) == ("misleading", None, None)
    # "14/09/2023" is read day-first (14 cannot be a month), not rejected.
    assert (records[2].date, records[2].date_text) == (date(2023, 9, 14), None)
    # No id and no url: a content hash of (publisher, claim, rating).
    last = records[3]
    assert last.factcheck_id == content_id("Example Fact Desk", last.claim, "Unproven")
    assert last.origin.endswith("#5")
    assert errors == []


def test_jsonl_records_and_bad_row() -> None:
    records, errors = _read("factchecks.jsonl")
    assert [(r.factcheck_id, r.status, r.origin.rsplit("#", 1)[1]) for r in records] == [
        ("fc-101", "mostly_true", "1"),
        (records[1].factcheck_id, "false", "4"),  # line 3 is blank
    ]
    assert records[0].title == "Kim's train, explained"
    assert errors == [f"{FIXTURES / 'factchecks.jsonl'}#row 2: missing field 'claim'"]


def test_publisher_override() -> None:
    records, _ = _read("factchecks.jsonl", publisher="My Desk")
    assert {r.publisher for r in records} == {"My Desk"}


def test_arabic_subset_every_rating_maps() -> None:
    vocab = load_vocabulary()
    records, errors = read_factchecks(SUBSET)
    assert errors == []
    raw = json.loads(SUBSET.read_text(encoding="utf-8"))
    assert len(raw) == 47
    assert len(records) == sum(len(item["claimReview"]) for item in raw) == 50
    assert all(r.status in vocab for r in records)
    ratings = [r.rating for r in records if r.rating is not None]
    assert len(ratings) == len(records)
    unknown = sorted(text[:12] for text in ratings if map_rating(text)[1] == "unknown")
    assert unknown == ["توضيح", "لم ترفع الأر"]  # neither states a verdict
    first = records[0]
    assert (first.claim[:21], first.rating, first.status) == (
        "خبر جرى تداوله يفيد ب",
        "excitement",
        "misleading",
    )
    assert (first.publisher, first.language, first.claimant, first.date) == (
        "مسبار",
        "ar",
        "x.com",
        date(2025, 4, 28),
    )
    by_rating = {r.rating: r.status for r in records}
    assert by_rating["خطأ"] == by_rating["fake"] == by_rating["خبر كاذب"] == "false"
    assert by_rating["غير صحيح"] == "false" and by_rating["صحيح"] == "true"
    assert by_rating["صحيح جزئياً"] == by_rating["نصف حقيقي"] == "mixed"
    assert by_rating["sarcastic"] == "not_a_claim"
    # A claim with three reviews gives rows N.1, N.2, N.3; a review without a publisher
    # name falls back to the site.
    multi = [r for r in records if r.origin.endswith((".1", ".2", ".3"))]
    assert len(multi) == 5
    assert "misbar.com" in {r.publisher for r in multi}
    assert sum(r.date is None for r in records) == 1  # the review without reviewDate


def test_google_api_response_shape(tmp_path: Path) -> None:
    response = {
        "claims": [
            {
                "text": "Claim A",
                "claimant": "Someone",
                "claimReview": [
                    {
                        "publisher": {"name": "Desk", "site": "desk.example"},
                        "url": "https://desk.example/a",
                        "title": "A?",
                        "reviewDate": "2024-01-02T00:00:00Z",
                        "textualRating": "Pants on Fire",
                        "languageCode": "en",
                    }
                ],
            },
            {"text": "Claim B", "claimReview": []},
        ],
        "nextPageToken": "abc",
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    records, errors = read_factchecks(path, format="google")
    assert [(r.claim, r.status, r.publisher, r.date) for r in records] == [
        ("Claim A", "false", "Desk", date(2024, 1, 2))
    ]
    assert [str(e) for e in errors] == [
        f"{path}#row 2: field 'claimReview' must be a non-empty list"
    ]


def test_invalid_json_is_one_error_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"@type": "ClaimReview",\n   "claimReviewed": }\n]', encoding="utf-8")
    records, errors = read_factchecks(path)
    assert records == []
    assert [str(e) for e in errors] == [
        f"{path}: invalid JSON at line 3 column 21: Expecting value"
    ]


def test_jsonl_bad_line_and_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"claim": "ok", "rating": "true"}\n{"claim": \n[1]\n{"claim": 5}\n')
    records, errors = read_factchecks(path)
    assert [r.claim for r in records] == ["ok"]
    assert [str(e) for e in errors] == [
        f"{path}#row 2: invalid JSON at column 11: Expecting value",
        f"{path}#row 3: expected an object, got list",
        f"{path}#row 4: field 'claim' must be text, got int",
    ]


def test_csv_header_and_extra_values(tmp_path: Path) -> None:
    no_claim = tmp_path / "a.csv"
    no_claim.write_text("id,text\n1,x\n", encoding="utf-8")
    assert [str(e) for e in read_factchecks(no_claim)[1]] == [
        f"{no_claim}: missing column 'claim' (columns: id, text)"
    ]
    extra = tmp_path / "b.csv"
    extra.write_text("claim,rating\nfine,false\nbad,false,surplus\n", encoding="utf-8")
    records, errors = read_factchecks(extra)
    assert [r.claim for r in records] == ["fine"]
    assert [str(e) for e in errors] == [f"{extra}#row 3: 3 values but 2 columns"]


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text('{"claim": "c", "rating": "مضللة"}\n', encoding="utf-8")
    records, _ = read_factchecks(path, format="jsonl")
    assert records[0].status == "misleading"
    with pytest.raises(InvalidInputError, match="unknown fact-check format 'xml'"):
        read_factchecks(path, format="xml")


def test_unreadable_inputs_are_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"claim\ncaf\xe9\n")
    assert "not UTF-8" in str(read_factchecks(latin)[1][0])
    missing = tmp_path / "missing.json"
    assert str(read_factchecks(missing)[1][0]).startswith(f"{missing}: cannot read file")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    records, errors = read_factchecks(deep)
    assert records == [] and len(errors) == 1


def test_untrusted_text_is_kept_verbatim(tmp_path: Path) -> None:
    claim = '<script>alert(1)</script> [b]x[/b] {0.__class__} =HYPERLINK("x") ../../etc/passwd'
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"claim": claim, "rating": "<i>False</i>"}) + "\n")
    (record,), errors = read_factchecks(path)
    assert errors == []
    assert record.claim == claim
    assert (record.rating, record.status) == ("<i>False</i>", "false")


def test_ids_are_stable_and_duplicates_kept_once(tmp_path: Path) -> None:
    first, _ = read_factchecks(SUBSET)
    again, _ = read_factchecks(SUBSET)
    assert [r.factcheck_id for r in first] == [r.factcheck_id for r in again]
    assert len({r.factcheck_id for r in first}) == len(first)
    path = tmp_path / "dup.jsonl"
    line = json.dumps({"claim": "same", "rating": "false", "url": "https://x.example/1"})
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    records, errors = read_factchecks(path)
    assert len(records) == 1 and errors == []


@pytest.mark.slow
@pytest.mark.skipif(not DATASET.is_dir(), reason="needs /work/shared/data (not in CI)")
def test_full_arabic_claimreview_dataset() -> None:
    """All 1,274 claims (1,285 reviews): every review gets a status; 3 ratings are unknown."""
    records, errors = read_factchecks(DATASET / "unique_claim_reviews.json")
    assert errors == []
    raw = json.loads((DATASET / "unique_claim_reviews.json").read_text(encoding="utf-8"))
    assert len(raw) == 1274
    assert len(records) == 1285
    vocab = load_vocabulary()
    assert all(r.status in vocab for r in records)
    rules = Counter(map_rating(r.rating or "")[1] for r in records)
    assert rules["unknown"] == 3
    assert Counter(r.status for r in records) == {
        "misleading": 828,
        "false": 395,
        "mixed": 34,
        "true": 22,
        "unverifiable": 5,
        "not_a_claim": 1,
    }
    raw_records, raw_errors = read_factchecks(DATASET / "claim_reviews_raw.json")
    assert raw_errors == [] and len(raw_records) == 1293  # 1,776 reviews, duplicates kept once
