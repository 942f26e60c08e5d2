"""Synthetic data for ``bench/bench_scale.py``: articles and claim rows made from templates.

Nothing here comes from a real article: the sentences below were written for this bench
(Arabic and English wire-style reporting about floods, earthquakes and budgets), and
numbers, places and names vary with the article number so every text is distinct.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

PLACES_EN = ["Derna", "Benghazi", "Marrakesh", "Taroudant", "Tripoli", "Al Haouz", "Sabha"]
PLACES_AR = ["درنة", "بنغازي", "مراكش", "تارودانت", "طرابلس", "الحوز", "سبها"]
PEOPLE_EN = ["Health Minister Ali Salem", "the mayor, Omar Nasser", "a UN spokesperson",
             "civil defence chief Karim Haddad", "the Red Crescent"]  # fmt: skip
PEOPLE_AR = ["وزير الصحة علي سالم", "رئيس البلدية عمر ناصر", "متحدث باسم الأمم المتحدة",
             "رئيس الدفاع المدني كريم حداد", "الهلال الأحمر"]  # fmt: skip

EN = [
    "{person} said on {day} that {n} people had died in {place} since the storm.",
    "At least {n} families were moved to schools in {place}, according to {person}.",
    "The government allocated {m} million dinars for reconstruction in {place}.",
    "Rescue teams searched the old town of {place} through the night.",
    "{person} told reporters that {k} bridges had collapsed near {place}.",
    "Water levels rose by {k} metres in less than an hour, officials said.",
    "The hospital in {place} received {n} injured people on {day}.",
    "Aid convoys from {k} countries reached {place} by road.",
    "Residents said the warning came too late for the lower districts.",
    "{person} denied that the dam in {place} had been inspected in {year}.",
    "Unemployment in the region stood at {p} percent last year.",
    "Schools in {place} will reopen on {day}, the ministry announced.",
]
AR = [
    "قال {person} يوم {day} إن {n} شخصا لقوا حتفهم في {place} منذ العاصفة.",
    "نقلت {n} عائلة على الأقل إلى المدارس في {place} بحسب {person}.",
    "خصصت الحكومة {m} مليون دينار لإعادة الإعمار في {place}.",
    "واصلت فرق الإنقاذ البحث في المدينة القديمة في {place} طوال الليل.",
    "أكد {person} للصحفيين أن {k} جسور انهارت قرب {place}.",
    "ارتفع منسوب المياه {k} أمتار في أقل من ساعة، وفق مسؤولين.",
    "استقبل مستشفى {place} {n} مصابا يوم {day}.",
    "وصلت قوافل مساعدات من {k} دول إلى {place} برا.",
    "قال السكان إن التحذير جاء متأخرا بالنسبة للأحياء المنخفضة.",
    "نفى {person} أن يكون السد في {place} قد خضع للتفتيش عام {year}.",
    "بلغت نسبة البطالة في المنطقة {p} في المئة العام الماضي.",
    "أعلنت الوزارة أن المدارس في {place} ستفتح أبوابها يوم {day}.",
]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


def _sentence(rng: random.Random, language: str) -> str:
    ar = language == "ar"
    template = rng.choice(AR if ar else EN)
    return template.format(
        person=rng.choice(PEOPLE_AR if ar else PEOPLE_EN),
        place=rng.choice(PLACES_AR if ar else PLACES_EN),
        day=rng.choice(DAYS_AR if ar else DAYS_EN),
        n=rng.randint(3, 12_000),
        m=rng.randint(2, 900),
        k=rng.randint(2, 40),
        p=rng.randint(3, 30),
        year=rng.randint(1998, 2022),
    )


def article(number: int) -> dict[str, str]:
    """Article ``number``: 60% Arabic, 40% English, 8-40 sentences in 3-8 paragraphs
    (about 1-6 KB of UTF-8, the range of wire copy), a distinct dateline first."""
    rng = random.Random(number)
    language = "ar" if number % 5 < 3 else "en"
    sentences = [_sentence(rng, language) for _ in range(rng.randint(8, 40))]
    cut = sorted(rng.sample(range(1, len(sentences)), min(len(sentences) - 1, rng.randint(2, 7))))
    paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0, *cut], [*cut, None], strict=True)]
    dateline = f"(رقم {number}) " if language == "ar" else f"(#{number}) "
    return {
        "text": dateline + "\n\n".join(paragraphs),
        "lang": language,
        "source": f"Wire {number % 7}",
        "published": (date(2023, 9, 1) + timedelta(days=number % 90)).isoformat(),
        "url": f"https://news.example/{number}",
        "title": sentences[0][:80],
    }


def write_articles(directory: Path, count: int, chunk: int) -> list[Path]:
    """``count`` articles as JSONL files of ``chunk`` articles each."""
    paths = []
    for first in range(0, count, chunk):
        path = directory / f"articles-{first:07d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for number in range(first, min(first + chunk, count)):
                fh.write(json.dumps(article(number), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def article_rows(first: int, count: int, run_id: str) -> pl.DataFrame:
    """Rows of the ``articles`` table for articles ``first`` .. ``first + count - 1``."""
    now = datetime.now(UTC)
    rows = [article(n) for n in range(first, first + count)]
    return pl.DataFrame(
        {
            "article_id": [f"a{n:012x}" for n in range(first, first + count)],
            "text": [r["text"] for r in rows],
            "title": [r["title"] for r in rows],
            "url": [r["url"] for r in rows],
            "published": [date.fromisoformat(r["published"]) for r in rows],
            "language": [r["lang"] for r in rows],
            "language_method": ["given"] * count,
            "chars": [len(r["text"]) for r in rows],
            "origin": ["bench"] * count,
            "run_id": [run_id] * count,
            "ingested_at": [now] * count,
        }
    )


def claim_rows(first: int, count: int, per_article: int, run_id: str) -> pl.DataFrame:
    """Rows of the ``claims`` table: claim ``i`` belongs to article ``i // per_article``;
    texts are template sentences (one distinct ``text_key`` per claim)."""
    now = datetime.now(UTC)
    rng = random.Random(first)
    numbers = range(first, first + count)
    languages = ["ar" if (i // per_article) % 5 < 3 else "en" for i in numbers]
    texts = [_sentence(rng, lang) + f" ({i})" for i, lang in zip(numbers, languages, strict=True)]
    types = ["statistic", "quote", "event", "causal", "prediction"]
    return pl.DataFrame(
        {
            "claim_id": [f"c{i:015x}" for i in numbers],
            "article_id": [f"a{i // per_article:012x}" for i in numbers],
            "sentence_index": [i % per_article for i in numbers],
            "char_start": [(i % per_article) * 120 for i in numbers],
            "char_end": [
                (i % per_article) * 120 + len(t) for i, t in zip(numbers, texts, strict=True)
            ],
            "text": texts,
            "match_key": [t.lower() for t in texts],
            "text_key": [f"k{i:015x}" for i in numbers],
            "claim_type": [types[i % 5] for i in numbers],
            "secondary_types": [[types[(i + 1) % 5]] if i % 3 == 0 else [] for i in numbers],
            "speaker": [None if i % 2 else "Ali Salem" for i in numbers],
            "speaker_canonical": [None if i % 2 else "ali salem" for i in numbers],
            "quote_mode": [("indirect", "none", "direct")[i % 3] for i in numbers],
            "entities": ['[{"text": "Derna", "label": "LOC"}]'] * count,
            "values": [f'[{{"kind": "count", "value": {i % 9000}}}]' for i in numbers],
            "checkworthiness": [(i % 97) / 97 for i in numbers],
            "negated": [i % 11 == 0 for i in numbers],
            "language": languages,
            "extra": ["{}"] * count,
            "extractor_version": ["bench"] * count,
            "run_id": [run_id] * count,
            "first_extracted_at": [now] * count,
            "extracted_at": [now] * count,
            "context_start": [(i % per_article) * 120 for i in numbers],
            "context_end": [(i % per_article) * 120 + 200 for i in numbers],
            "checkable": [i % 4 != 0 for i in numbers],
        },
        schema_overrides={
            "sentence_index": pl.Int32,
            "char_start": pl.Int32,
            "char_end": pl.Int32,
            "context_start": pl.Int32,
            "context_end": pl.Int32,
        },
    )


def event_rows(claim_ids: list[str], at: datetime) -> pl.DataFrame:
    """One verdict (with a note) per claim id: the reviewed part of the desk's claims."""
    statuses = ["false", "true", "misleading", "unproven"]
    return pl.DataFrame(
        {
            "event_id": [f"e{cid}" for cid in claim_ids],
            "claim_id": claim_ids,
            "event_at": [at] * len(claim_ids),
            "analyst": ["maha"] * len(claim_ids),
            "action": ["verdict"] * len(claim_ids),
            "from_status": ["unreviewed"] * len(claim_ids),
            "to_status": [statuses[i % 4] for i in range(len(claim_ids))],
            "note": ["checked against the ministry's figures"] * len(claim_ids),
        }
    )


def unit_vectors(count: int, dimension: int, seed: int) -> np.ndarray:
    """``count`` random L2-normalised float32 vectors (what USE stores: 512-d, unit length)."""
    matrix = np.random.default_rng(seed).standard_normal((count, dimension), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix


def chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for first in range(0, total, size):
        yield first, min(size, total - first)
