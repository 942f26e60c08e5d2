"""The fact-check library keeps every text it is given, reads free-text dates, and its
search uses all fields (issue 10, point 3)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimtrack.review.factcheck_dates import parse_date_text
from claimtrack.review.factcheck_import import parse_date, read_factchecks
from claimtrack.store import Store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-10-31", date(2019, 10, 31)),
        ("2019-10-31T22:10:00Z", date(2019, 10, 31)),
        ("October 31, 2019", date(2019, 10, 31)),
        ("Oct. 31, 2019", date(2019, 10, 31)),
        ("31 October 2019", date(2019, 10, 31)),
        ("Thursday, October 31st, 2019", date(2019, 10, 31)),
        ("31/10/2019", date(2019, 10, 31)),
        ("10/31/2019", date(2019, 10, 31)),
        ("31.10.2019", date(2019, 10, 31)),
        ("2019/10/31", date(2019, 10, 31)),
        ("Thu, 31 Oct 2019 10:00:00 GMT", date(2019, 10, 31)),
        ("31 أكتوبر 2019", date(2019, 10, 31)),
        ("٣١ تشرين الأول ٢٠١٩", date(2019, 10, 31)),
        ("5 جويلية 2020", date(2020, 7, 5)),
        ("03/04/2019", None),  # day-first or month-first: not guessed
        ("31/10/19", None),  # two-digit year
        ("February 30, 2019", None),
        ("last week", None),
    ],
)
def test_free_text_dates(text: str, expected: date | None) -> None:
    assert parse_date_text(text) == expected
    if expected is None:
        with pytest.raises(ValueError):
            parse_date(text)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_claimreview_keeps_name_headline_description_and_body(tmp_path: Path) -> None:
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": "The dam held during the storm.", "name": "Did the dam hold?",
        "headline": "No, the second dam collapsed", "description": "A short summary.",
        "reviewBody": "Satellite images show the second dam gone.",
        "datePublished": "September 14, 2023", "url": "https://x.example/1",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }  # fmt: skip
    records, errors = read_factchecks(_write(tmp_path / "r.jsonld", json.dumps(review)))
    assert errors == []
    (record,) = records
    assert record.title == "Did the dam hold?\nNo, the second dam collapsed"
    assert (record.summary, record.body) == (
        "A short summary.", "Satellite images show the second dam gone."
    )  # fmt: skip
    assert record.date == date(2023, 9, 14)


def test_google_review_title_and_csv_summary_body(tmp_path: Path) -> None:
    review = {"publisher": {"name": "Desk"}, "url": "https://x.example/g",
              "title": "Review title", "textualRating": "False",
              "reviewDate": "2023-09-14T00:00:00Z", "languageCode": "en"}  # fmt: skip
    google = {"claims": [{"text": "Claim text", "claimReview": [review]}]}
    (record,), errors = read_factchecks(_write(tmp_path / "g.json", json.dumps(google)))
    assert errors == [] and (record.claim, record.title) == ("Claim text", "Review title")
    csv_text = ("id,claim,rating,date,title,summary,body\n"
                "c1,Claim one,False,31/10/2019,T1,S1,B1\n"
                "c2,Claim two,True,soon,,,\n")  # fmt: skip
    records, errors = read_factchecks(_write(tmp_path / "f.csv", csv_text))
    assert errors == []
    assert [(r.title, r.summary, r.body, r.date) for r in records] == [
        ("T1", "S1", "B1", date(2019, 10, 31)), (None, None, None, None)
    ]  # fmt: skip
    assert records[1].date_text == "soon" and "kept as text" in (records[1].date_warning or "")


def test_import_stores_every_field_and_search_uses_them(store: Store, tmp_path: Path) -> None:
    from claimtrack.api.factchecks import import_factchecks
    from claimtrack.api.retrieval import lexical_index

    rows = [
        {"id": "a", "claim": "The bridge was closed", "rating": "False", "date": "soon",
         "title": "Bridge rumour", "summary": "Engineers inspected it",
         "body": "The Kerch crossing reopened on Monday"},
        {"id": "b", "claim": "Prices rose", "rating": "True", "date": "2023-01-02"},
    ]  # fmt: skip
    path = _write(tmp_path / "lib.jsonl", "\n".join(json.dumps(r) for r in rows))
    report = import_factchecks(store, [path], embed=False)
    assert (report.added, report.errors) == (2, [])
    assert len(report.warnings) == 1 and "#row 1: date 'soon' kept as text" in report.warnings[0]
    with store.session() as session:
        stored = session.sql(
            "SELECT factcheck_id, title, summary, body, published, date_text FROM factchecks"
            " ORDER BY factcheck_id"
        ).rows()
    assert stored[0] == ("a", "Bridge rumour", "Engineers inspected it",
                         "The Kerch crossing reopened on Monday", None, "soon")  # fmt: skip
    assert stored[1][4] == date(2023, 1, 2)
    index, built = lexical_index(store, "factchecks")
    assert built.added == 2
    for words, field in (("Kerch", "body"), ("engineers", "summary"), ("rumour", "title")):
        assert [k for k, _ in index.search(words, field=field)] == ["a"]
        assert [k for k, _ in index.search(words)] == ["a"]  # all fields together
    # Re-importing a changed body re-analyses that fact-check only.
    rows[0]["body"] = "The Crimean bridge reopened"
    _write(path, "\n".join(json.dumps(r) for r in rows))
    assert import_factchecks(store, [path], embed=False).updated == 1
    index, synced = lexical_index(store, "factchecks")
    assert (synced.added, synced.removed, synced.rebuilt) == (1, 1, False)
    assert index.search("Kerch") == [] and index.search("Crimean")[0][0] == "a"
