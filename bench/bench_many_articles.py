"""Many short articles: per-article throughput of ingest and extract as the database grows.

Run from the repository root:

    nice python bench/bench_many_articles.py                        # 20,000 articles
    nice python bench/bench_many_articles.py --articles 4000 --chunk 1000

Articles are synthetic: the original texts of ``fixtures/gold/extract/{ar,en}.jsonl``
(written for claimtrack), each made distinct by a leading dateline with its number. They
arrive in chunks (JSONL files of ``--chunk`` articles); each chunk is ingested with
``claimtrack.api.ingest.ingest_paths`` and then extracted with
``claimtrack.api.claims.extract``, so chunk k runs on a database that already holds
k-1 chunks. Reported per chunk: articles/s of ingest and extract (wall clock, this
process), and the ratio of the last chunk's rate to the first's (the baseline, measured
in the same run). Results go to ``bench/results/many_articles.json``.

Target (issue 12): extract throughput does not fall as the database grows -- the last
chunk's articles/s at least 0.8x the first chunk's (timing noise on a shared machine is
about +-15%).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "many_articles.json"
TARGET_RATIO = 0.8


def _texts() -> list[tuple[str, str]]:
    out = []
    for name in ("ar.jsonl", "en.jsonl"):
        for line in (ROOT / "fixtures" / "gold" / "extract" / name).read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], row["language"]))
    return out


def write_chunk(path: Path, first: int, count: int) -> None:
    texts = _texts()
    with path.open("w", encoding="utf-8") as fh:
        for number in range(first, first + count):
            text, language = texts[number % len(texts)]
            dateline = f"(#{number}) " if language == "en" else f"(رقم {number}) "
            record = {
                "text": dateline + text,
                "lang": language,
                "source": f"Wire {number % 7}",
                "published": "2024-03-12",
                "url": f"https://news.example/{number}",
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=2_000)
    args = parser.parse_args()

    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.store import Store

    rows = []
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-") as tmp:
        store = Store(Path(tmp) / "many.duckdb")
        store.migrate()
        for first in range(0, args.articles, args.chunk):
            count = min(args.chunk, args.articles - first)
            path = Path(tmp) / f"chunk-{first}.jsonl"
            write_chunk(path, first, count)
            started = time.perf_counter()
            report = ingest_paths(store, [path])
            ingest_s = time.perf_counter() - started
            started = time.perf_counter()
            extracted = extract(store)
            extract_s = time.perf_counter() - started
            row = {
                "articles_before": first,
                "articles": count,
                "added": report.counts.get("added", 0),
                "ingest_per_s": round(count / ingest_s, 1),
                "extract_per_s": round(extracted.articles / extract_s, 1),
                "claims": extracted.claims,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    first_rate, last_rate = rows[0]["extract_per_s"], rows[-1]["extract_per_s"]
    verdict = {
        "extract_ratio_last_to_first": round(last_rate / first_rate, 2),
        "ingest_ratio_last_to_first": round(rows[-1]["ingest_per_s"] / rows[0]["ingest_per_s"], 2),
        "ok": last_rate / first_rate >= TARGET_RATIO,
    }
    RESULTS.write_text(json.dumps({"chunks": rows, "verdict": verdict}, indent=2) + "\n")
    print(json.dumps(verdict))
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
