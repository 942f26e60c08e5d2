"""Benchmark the review app on a synthetic database: page queries and time to first screen.

Usage::

    .venv/bin/python bench/bench_tui.py                 # 1,000,000 claims (builds once, ~minutes)
    .venv/bin/python bench/bench_tui.py --claims 100000 --db /tmp/t.duckdb

Builds (or reuses) a database of ``--claims`` claims in ``--claims / 10`` articles, with
verdicts on 2% of them and groups for 5%, inserted through Arrow via ``Session.insert_frame``.
Then measures, each the median of ``--repeat`` runs, in fresh short sessions as the app
does them: the first queue page (default sort), a filtered page (language + type), a text
search, a deep page (offset = half the table), a sort by source, and the counts per status.
Finally the app itself under Pilot (``run_test``, 140x40): time from start until the queue
shows its first rows, and how long key presses take while a filter query is running.
Results go to ``bench/results/tui.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from claimtrack.api import review_view
from claimtrack.api.review_view import QueueFilters, QueueSort
from claimtrack.api.workflow import vocabulary
from claimtrack.models import CLAIM_TYPES
from claimtrack.store import Store

SOURCES = ["Al Mayadeen", "Reuters", "Al Jazeera", "BBC Arabic", "AP", "Asharq Al-Awsat"]
WORDS_AR = ["قال", "الوزير", "إن", "النمو", "بلغ", "في", "المئة", "عام", "الحكومة", "ارتفع"]
WORDS_EN = ["the", "minister", "said", "growth", "reached", "percent", "in", "year", "rose"]
CLAIMS_PER_ARTICLE = 10
CHUNK = 100_000


def _sentence(i: int) -> tuple[str, str]:
    words, lang = (WORDS_AR, "ar") if i % 3 else (WORDS_EN, "en")
    picked = [words[(i * 7 + k * 3) % len(words)] for k in range(8)]
    return f"{' '.join(picked)} {i % 997} claim {i}.", lang


def build(path: Path, claims: int) -> float:
    """Create the synthetic database; returns seconds taken."""
    started = time.perf_counter()
    store = Store(path)
    store.migrate()
    now = datetime.now(UTC)
    articles = claims // CLAIMS_PER_ARTICLE
    with store.session() as session:
        session.insert_frame("sources", pl.DataFrame({
            "source_id": [f"s{i}" for i in range(len(SOURCES))], "name": SOURCES,
            "created_at": [now] * len(SOURCES)}))  # fmt: skip
        for first in range(0, articles, CHUNK // CLAIMS_PER_ARTICLE):
            last = min(articles, first + CHUNK // CLAIMS_PER_ARTICLE)
            article_rows: dict[str, list[Any]] = {
                k: [] for k in ("article_id", "text", "source_id", "published", "language", "chars")
            }
            claim_rows: dict[str, list[Any]] = {k: [] for k in (
                "claim_id", "article_id", "sentence_index", "char_start", "char_end", "text",
                "match_key", "text_key", "claim_type", "language", "checkworthiness",
                "speaker_canonical")}  # fmt: skip
            for a in range(first, last):
                article_id = f"a{a:08d}"
                parts, offset = [], 0
                for k in range(CLAIMS_PER_ARTICLE):
                    i = a * CLAIMS_PER_ARTICLE + k
                    text, lang = _sentence(i)
                    claim_rows["claim_id"].append(f"c{i:09d}")
                    claim_rows["article_id"].append(article_id)
                    claim_rows["sentence_index"].append(k)
                    claim_rows["char_start"].append(offset)
                    claim_rows["char_end"].append(offset + len(text))
                    claim_rows["text"].append(text)
                    claim_rows["match_key"].append(text)
                    claim_rows["text_key"].append(f"t{i:09d}")
                    claim_rows["claim_type"].append(CLAIM_TYPES[i % len(CLAIM_TYPES)])
                    claim_rows["language"].append(lang)
                    claim_rows["checkworthiness"].append(((i * 2654435761) % 1000) / 1000)
                    claim_rows["speaker_canonical"].append(None if i % 4 else f"speaker {i % 50}")
                    parts.append(text)
                    offset += len(text) + 1
                body = " ".join(parts)
                article_rows["article_id"].append(article_id)
                article_rows["text"].append(body)
                article_rows["source_id"].append(f"s{a % len(SOURCES)}")
                article_rows["published"].append(date(2020, 1, 1) + timedelta(days=a % 1500))
                article_rows["language"].append("ar" if a % 3 else "en")
                article_rows["chars"].append(len(body))
            n_art, n_claims = len(article_rows["article_id"]), len(claim_rows["claim_id"])
            article_frame = pl.DataFrame(article_rows).with_columns(
                language_method=pl.lit("given"), run_id=pl.lit("bench"),
                ingested_at=pl.lit(now))  # fmt: skip
            claim_frame = pl.DataFrame(claim_rows, schema_overrides={
                "speaker_canonical": pl.String}).with_columns(
                secondary_types=pl.lit([], dtype=pl.List(pl.String)),
                speaker=pl.col("speaker_canonical"), quote_mode=pl.lit("none"),
                entities=pl.lit("[]"), values=pl.lit("[]"), negated=pl.lit(False),
                extra=pl.lit("{}"), extractor_version=pl.lit("bench"), run_id=pl.lit("bench"),
                first_extracted_at=pl.lit(now), extracted_at=pl.lit(now))  # fmt: skip
            with session.transaction():
                session.insert_frame("articles", article_frame)
                session.insert_frame("claims", claim_frame)
            print(
                f"  {first * CLAIMS_PER_ARTICLE + n_claims:,} claims ({n_art:,} articles "
                f"in this chunk)",
                flush=True,
            )
        verdict_every, group_every = 50, 20
        events = pl.DataFrame({"i": range(0, claims, verdict_every)}).with_columns(
            event_id=pl.format("e{}", pl.col("i")), claim_id=pl.format("c{}", pl.col("i").cast(
                pl.String).str.zfill(9)), event_at=pl.lit(now), analyst=pl.lit("bench"),
            action=pl.lit("verdict"), from_status=pl.lit("unreviewed"),
            to_status=pl.when(pl.col("i") % 100 == 0).then(pl.lit("false"))
            .otherwise(pl.lit("true"))).drop("i")  # fmt: skip
        session.insert_frame("claim_events", events)
        groups = pl.DataFrame({"i": range(0, claims, group_every)}).with_columns(
            claim_id=pl.format("c{}", pl.col("i").cast(pl.String).str.zfill(9)),
            group_id=pl.format("g{}", (pl.col("i") // 200).cast(pl.String)),
            relation=pl.lit("same"), method=pl.lit("auto"), score=pl.lit(0.9),
            reasons=pl.lit([], dtype=pl.List(pl.String)), added_at=pl.lit(now),
            run_id=pl.lit("bench")).drop("i")  # fmt: skip
        session.insert_frame("group_members", groups)
    return time.perf_counter() - started


def _median(func: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_queries(store: Store, claims: int, repeat: int) -> dict[str, float]:
    vocab = vocabulary()
    cases = {
        "first_page": (QueueFilters(), QueueSort(), 0),
        "filtered_page(lang=en,type=quantity)": (
            QueueFilters(language="en", claim_type="quantity"), QueueSort(), 0),
        "search_page('claim 4242')": (QueueFilters(search="claim 4242"), QueueSort(), 0),
        "open_statuses_page": (QueueFilters(status="open"), QueueSort(), 0),
        "deep_page(offset=n/2)": (QueueFilters(), QueueSort(), claims // 2),
        "sorted_by_source_page": (QueueFilters(), QueueSort("source", False), 0),
    }  # fmt: skip
    out = {}
    for name, (filters, sort, offset) in cases.items():
        out[name] = _median(lambda f=filters, s=sort, o=offset: review_view.queue_page(
            store, f, s, vocab=vocab, offset=o), repeat)  # fmt: skip
        print(f"  {name}: {out[name] * 1000:.0f} ms", flush=True)
    out["status_counts"] = _median(lambda: review_view.status_counts(
        store, QueueFilters(), vocab=vocab), repeat)  # fmt: skip
    print(f"  status_counts: {out['status_counts'] * 1000:.0f} ms", flush=True)
    return out


async def measure_app(path: Path) -> dict[str, float]:
    """Time to first rows, then keystroke latency and event-loop stalls while filtering.

    Keys are sent like Pilot sends them (``driver.send_message``) but without Pilot's
    wait-for-idle, which waits for the CPU to go quiet -- i.e. for the query thread.
    """
    from textual import events
    from textual.widgets import Input

    from claimtrack.tui.app import make_app
    from claimtrack.tui.widgets.queue_table import QueueTable

    started = time.perf_counter()
    app = make_app(path, analyst="bench", bidi="on", similarity=None)
    async with app.run_test(size=(140, 40)) as pilot:
        while True:
            tables = app.screen.query(QueueTable)
            if tables and tables.first().row_count:
                break
            await asyncio.sleep(0.002)
        first_screen = time.perf_counter() - started
        await app.workers.wait_for_complete()
        await pilot.press("slash")
        box = app.screen.query_one("#filter-search", Input)
        stalls: list[float] = []
        typing = True

        async def watch_loop() -> None:  # how late a 5 ms sleep wakes up = loop stall
            while typing:
                t = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - t - 0.005)

        watcher = asyncio.create_task(watch_loop())
        latencies = []
        for char in "claim 77":  # after each key's pause a filter query is in flight
            t = time.perf_counter()
            key_event = events.Key("space" if char == " " else char, char)
            key_event.set_sender(app)
            app._driver.send_message(key_event)
            while not box.value.endswith(char):
                await asyncio.sleep(0.001)
            latencies.append(time.perf_counter() - t)
            await asyncio.sleep(0.35)
        await app.workers.wait_for_complete()
        typing = False
        await watcher
    return {"time_to_first_screen_s": first_screen,
            "keystroke_latency_max_s": max(latencies),
            "keystroke_latency_median_s": statistics.median(latencies),
            "event_loop_stall_max_s": max(stalls)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).parent / "results" / "tui.json")  # fmt: skip
    args = parser.parse_args()
    path = args.db or Path(f"/tmp/claimtrack-bench-tui-{args.claims}.duckdb")
    build_s = None
    if not path.exists():
        print(f"building {path} with {args.claims:,} claims", flush=True)
        build_s = build(path, args.claims)
        print(f"  built in {build_s:.1f} s", flush=True)
    store = Store(path)
    store.migrate()  # a database kept from an earlier run gets newer migrations
    with store.session() as session:
        count = int(session.scalar("SELECT count(*) FROM claims"))
    print(f"{count:,} claims in {path} ({path.stat().st_size / 1e6:.0f} MB)")
    queries = measure_queries(store, count, args.repeat)
    app = asyncio.run(measure_app(path))
    for name, value in app.items():
        print(f"  {name}: {value:.3f}")
    result = {"command": " ".join(sys.argv), "claims": count, "db_mb": path.stat().st_size / 1e6,
              "build_s": build_s, "queries_s": queries, "app": app,
              "machine": platform.platform(), "python": platform.python_version()}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
