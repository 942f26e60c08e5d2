"""One huge article through ingest and extract: time per MB and peak memory stay flat.

Run from the repository root:

    nice python bench/bench_big_article.py                  # 1, 5, 15, 50 MB
    nice python bench/bench_big_article.py --sizes 1 5      # a quicker look

For each size an Arabic article of that many MB (UTF-8) is built from the original
texts of ``fixtures/gold/extract/ar.jsonl`` (written for claimtrack), one paragraph per
line, repeated; it is ingested into a fresh database by one child process and extracted
(``claimtrack.api.claims.extract``) by another, so each child's peak RSS (``ru_maxrss``)
is the peak of that stage alone; the extract child loads its modules and the
check-worthiness model on a small text before the clock starts. Reported per size: wall
and CPU seconds of the extract, CPU seconds per MB and its ratio to the smallest size's
figure (the baseline, measured in the same run), peak RSS of both stages, claims found,
and the longest time a writer in another process had to wait for the database while the
extract ran (a probe process opens it every 0.2 s).
Results go to ``bench/results/big_article.json``.

Targets (issue 12): CPU seconds per MB within 1.5x of the 1 MB figure at 50 MB, and
peak RSS of the extract under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "big_article.json"
TARGET_RATIO = 1.5
TARGET_RSS_MB = 1536


def build_article(megabytes: float) -> str:
    """An Arabic article of ``megabytes`` MB of UTF-8: the gold texts, repeated, one
    paragraph per line."""
    paragraphs = []
    for line in (ROOT / "fixtures" / "gold" / "extract" / "ar.jsonl").read_text().splitlines():
        if line.strip():
            paragraphs += [p for p in json.loads(line)["text"].split("\n") if p.strip()]
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        for paragraph in paragraphs:
            out.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(out)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _ingest(db: str, path: str, out: dict) -> None:  # type: ignore[type-arg]
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.pipeline.ingest import IngestDefaults
    from claimtrack.store import Store

    started = time.perf_counter()
    report = ingest_paths(Store(db), [Path(path)], defaults=IngestDefaults(language="ar"))
    out.update(seconds=time.perf_counter() - started, counts=report.counts,
               rss_mb=_peak_rss_mb())  # fmt: skip


def _extract(db: str, out: dict) -> None:  # type: ignore[type-arg]
    from claimtrack.api.claims import extract
    from claimtrack.models import Article
    from claimtrack.pipeline.extract import extract_claims
    from claimtrack.store import Store

    # Load the modules and the check-worthiness model first: a fixed cost that would
    # otherwise flatter the per-MB figure of the larger sizes.
    extract_claims(Article("warm-up", build_article(0.01), "ar"))
    wall, cpu = time.perf_counter(), time.process_time()
    report = extract(Store(db))
    out.update(wall_s=time.perf_counter() - wall, cpu_s=time.process_time() - cpu,
               claims=report.claims, failed=len(report.failed), rss_mb=_peak_rss_mb())  # fmt: skip


def _probe(db: str, stop: object, out: dict) -> None:  # type: ignore[type-arg]
    """Open the database for writing every 0.2 s; record the longest wait for the lock."""
    import duckdb

    longest = 0.0
    while not stop.is_set():  # type: ignore[attr-defined]
        started = time.perf_counter()
        while True:
            try:
                duckdb.connect(db).close()
                break
            except duckdb.IOException:
                time.sleep(0.01)
        longest = max(longest, time.perf_counter() - started)
        time.sleep(0.2)
    out["longest_wait_s"] = longest


def _child(target, *args):  # type: ignore[no-untyped-def]
    manager = multiprocessing.Manager()
    out = manager.dict()
    process = multiprocessing.Process(target=target, args=(*args, out))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"{target.__name__} failed with exit code {process.exitcode}")
    return dict(out)


def run(megabytes: float, folder: Path) -> dict:  # type: ignore[type-arg]
    text = build_article(megabytes)
    path = folder / f"article-{megabytes}mb.txt"
    path.write_text(text, encoding="utf-8")
    db = str(folder / f"bench-{megabytes}mb.duckdb")
    ingest = _child(_ingest, db, str(path))
    manager = multiprocessing.Manager()
    stop, probe_out = manager.Event(), manager.dict()
    probe = multiprocessing.Process(target=_probe, args=(db, stop, probe_out))
    probe.start()
    extract = _child(_extract, db)
    stop.set()
    probe.join()
    mb = len(text.encode("utf-8")) / 1_000_000
    return {
        "mb": round(mb, 2),
        "chars": len(text),
        "ingest_s": round(ingest["seconds"], 2),
        "ingest_rss_mb": round(ingest["rss_mb"]),
        "extract_wall_s": round(extract["wall_s"], 2),
        "extract_cpu_s": round(extract["cpu_s"], 2),
        "cpu_s_per_mb": round(extract["cpu_s"] / mb, 3),
        "extract_rss_mb": round(extract["rss_mb"]),
        "claims": extract["claims"],
        "failed": extract["failed"],
        "longest_lock_wait_s": round(probe_out.get("longest_wait_s", 0.0), 2),
        "db_mb": round(Path(db).stat().st_size / 1_000_000),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 15, 50])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-") as tmp:
        for size in args.sizes:
            row = run(size, Path(tmp))
            rows.append(row)
            print(json.dumps(row), flush=True)
    base = rows[0]["cpu_s_per_mb"]
    for row in rows:
        row["ratio_to_smallest"] = round(row["cpu_s_per_mb"] / base, 2)
    largest = rows[-1]
    verdict = {
        "time_per_mb_ratio": largest["ratio_to_smallest"],
        "time_ok": largest["ratio_to_smallest"] <= TARGET_RATIO,
        "peak_rss_mb": max(r["extract_rss_mb"] for r in rows),
        "rss_ok": max(r["extract_rss_mb"] for r in rows) < TARGET_RSS_MB,
    }
    RESULTS.write_text(
        json.dumps(
            {"command": " ".join(["python", *sys.argv]), "sizes": rows, "verdict": verdict},
            indent=2,
        )
        + "\n"
    )
    print(f"{'MB':>6} {'cpu s':>8} {'s/MB':>7} {'ratio':>6} {'RSS MB':>7} {'claims':>8} "
          f"{'lock s':>7}")  # fmt: skip
    for r in rows:
        print(f"{r['mb']:>6} {r['extract_cpu_s']:>8} {r['cpu_s_per_mb']:>7} "
              f"{r['ratio_to_smallest']:>6} {r['extract_rss_mb']:>7} {r['claims']:>8} "
              f"{r['longest_lock_wait_s']:>7}")  # fmt: skip
    print(json.dumps(verdict))
    return 0 if verdict["time_ok"] and verdict["rss_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
