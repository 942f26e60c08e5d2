"""Datelines, bylines, date lines and stamps: recognised as metadata, never as claims; a dated
one fills a missing publication date (ingest) and dates an undated article (extract)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.api.claims import extract
from claimtrack.api.ingest import ingest_paths
from claimtrack.pipeline.dateline import metadata_date, metadata_end
from claimtrack.store import Store


@pytest.mark.parametrize(
    ("line", "story"),
    [
        ("SEOUL, Sept. 14 (Yonhap) -- ", "North Korea said on Thursday"),
        ("LASHKAR GAH, Afghanistan, Sept. 23 (Xinhua) -- ", "Several civilians were"),
        ("MOSCOW, April 23. /TASS/. ", "The president will hold talks"),
        ("VOSTOCHNY SPACEPORT /Amur Region/, September 13. /TASS/. ", "The leaders met"),
        ("Washington, D.C., June 25, 2008 - ", "In an exclusive interview"),
        ("KABUL, AFGHANISTAN (BNO NEWS) — ", "A group of insurgents"),
        ("MOSCOW/SEOUL - ", "The two leaders met"),
        ("Abuja, Nigeria — ", "The oil producer says"),
        ("موسكو (وكالات) - ", "أعلن الكرملين أن"),
        ("موسكو - (رويترز) ", "قال الكرملين إن"),
        ("واغادوغو – أ ف ب ", "قتل نحو أربعين شخصاً"),
        ("بكين، الصين 12 سبتمبر 2023 / ", "بدأ الرئيس زيارة"),
    ],
)
def test_datelines_end_where_the_story_starts(line: str, story: str) -> None:
    assert metadata_end(line + story, 0) == len(line)


@pytest.mark.parametrize(
    "line",
    [
        "VOA News",
        "By Jane Doe and Omar Said",
        "Monday, October 5, 2015",
        "الأثنين 16 يناير 2012",
        "Published: 05 Sep 2023 14:06",
        "تاريخ النشر: 10 سبتمبر 2023",
        "Retrieved from “https://example.org/wiki/Article”",
        "Retrieved 14 September 2023",
        "المصدر: الميادين",
        "ظهرت نسخة من هذا المنشور على مدونة أخرى",
        "This article is part of our coverage of the elections.",
    ],
)
def test_metadata_lines(line: str) -> None:
    assert metadata_end(line + "\nThe story.", 0) == len(line)


@pytest.mark.parametrize(
    "text",
    [
        "Putin — who arrived on Tuesday — met Kim.",
        "The AP reported that 5 people died.",
        "Officials say five troops were killed on Monday in the south.",
        "By the end of the year, 500 homes will be rebuilt.",
        "Source of the outbreak remains unclear, officials said.",
        "كتب الرئيس في رسالته أن العلاقات ستتحسن.",
        "وصل الرئيس الروسي - الأربعاء - إلى القاعدة.",
        "Kim Jong Un (left) met Putin at the base.",
    ],
)
def test_ordinary_sentences_are_not_metadata(text: str) -> None:
    assert metadata_end(text, 0) == 0


def test_metadata_date_needs_a_year() -> None:
    assert metadata_date("Washington, D.C., June 25, 2008 - The agency said") == date(2008, 6, 25)
    assert metadata_date("Monday, October 5, 2015\n\nTwenty people died.") == date(2015, 10, 5)
    assert metadata_date("الأثنين 16 يناير 2012\nهذه المقالة") == date(2012, 1, 16)
    assert metadata_date("SEOUL, Sept. 14 (Yonhap) -- North Korea said") is None
    # A date inside the story is not a publication date.
    assert metadata_date("The floods of June 25, 2008 killed 40 people.") is None


def test_ingest_fills_a_missing_publication_date(
    store: Store, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    (tmp_path / "a.txt").write_text(
        "Washington, D.C., June 25, 2008 - The council said 40 homes were damaged on Monday.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Monday, October 5, 2015\n\nThe agency said 12 people were hurt.", encoding="utf-8"
    )
    (tmp_path / "b.txt.meta.json").write_text(json.dumps({"published": "2015-10-06"}))
    ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    rows = json.loads(run_cli("articles", "--format", "json").output)
    # a.txt: from its dateline; b.txt: the sidecar wins over the date line.
    assert sorted(r["published"] for r in rows) == ["2008-06-25", "2015-10-06"]


def test_claims_json_shows_the_context(
    store: Store, tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    (tmp_path / "a.txt").write_text(
        "SEOUL, Sept. 14 (Yonhap) -- The ministry said 12 people were injured, and the police "
        "arrested 3 suspects on Wednesday.",
        encoding="utf-8",
    )
    ingest_paths(store, [tmp_path / "a.txt"])
    extract(store)
    rows = json.loads(run_cli("claims", "--format", "json").output)
    assert [r["text"] for r in rows] == [
        "The ministry said 12 people were injured",
        "and the police arrested 3 suspects on Wednesday.",
    ]
    for row in rows:
        assert row["context"].startswith("The ministry said") and "SEOUL" not in row["context"]
        assert row["context_end"] - row["context_start"] == len(row["context"])
