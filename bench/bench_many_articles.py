"""Many short articles: per-article throughput of ingest and extract as the database grows.

Run from the repository root:

    nice python bench/bench_many_articles.py                        # 20,000 articles
    nice python bench/bench_many_articles.py --articles 4000 --chunk 1000

Articles are synthetic: the original texts of ``fixtures/gold/extract/{ar,en}.jsonl``
(written for claimtrack), each made distinct by a leading dateline with its number. They
arrive in chunks (JSONL files of ``--chunk`` articles); each chunk is ingested with
``claimtrack.api.ingest.ingest_paths`` and then extracted with
``claimtrack.api.claims.extract``, so chunk k runs on a database that already holds
k-1 chunks. Reported per chunk: articles per CPU second of ingest and extract (CPU time of
this process, DuckDB's threads included: the machine is shared, so wall-clock time would
measure the neighbours too; wall-clock rates are recorded alongside), and the ratio of
the last chunks' rate to the first chunks' (the baseline, measured in the same run; each
the mean of two chunks). Results go to ``bench/results/many_articles.json``.

Target (issue 12): extract throughput does not fall as the database grows -- the last two
chunks' articles per CPU second at least 0.8x the first two chunks' (timing noise on a
shared machine is about +-15%).
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
            wall, cpu = time.perf_counter(), time.process_time()
            report = ingest_paths(store, [path])
            ingest_wall, ingest_cpu = time.perf_counter() - wall, time.process_time() - cpu
            wall, cpu = time.perf_counter(), time.process_time()
            extracted = extract(store)
            extract_wall, extract_cpu = time.perf_counter() - wall, time.process_time() - cpu
            row = {
                "articles_before": first,
                "articles": count,
                "added": report.counts.get("added", 0),
                "ingest_per_cpu_s": round(count / ingest_cpu, 1),
                "extract_per_cpu_s": round(extracted.articles / extract_cpu, 1),
                "ingest_per_wall_s": round(count / ingest_wall, 1),
                "extract_per_wall_s": round(extracted.articles / extract_wall, 1),
                "claims": extracted.claims,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)

    def ratio(key: str) -> float:
        head, tail = rows[:2], rows[-2:]
        first = sum(r[key] for r in head) / len(head)
        return round(sum(r[key] for r in tail) / len(tail) / first, 2)

    verdict = {
        "extract_ratio_last_to_first": ratio("extract_per_cpu_s"),
        "ingest_ratio_last_to_first": ratio("ingest_per_cpu_s"),
        "ok": ratio("extract_per_cpu_s") >= TARGET_RATIO,
    }
    RESULTS.write_text(
        json.dumps(
            {"command": " ".join(["python", *sys.argv]), "chunks": rows, "verdict": verdict},
            indent=2,
        )
        + "\n"
    )
    print(json.dumps(verdict))
    return 0 if verdict["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
