"""Scale figures (issue 13 point 4): ingest, extract, Parquet export and database size.

Run from the repository root (``nice`` keeps a shared machine usable):

    nice python bench/bench_scale.py ingest  [--articles 100000]
    nice python bench/bench_scale.py extract [--articles 10000]
    nice python bench/bench_scale.py export  [--claims 1000000] [--repeat 3]
    nice python bench/bench_scale.py size    [--claims 1000000]

Every figure is a ratio to a baseline run in the same process on the same data:

- ``ingest``: synthetic articles (``bench/scale_data.py``: Arabic and English template
  sentences, 1-6 KB each) in JSONL files through ``claimtrack.api.ingest.ingest_paths``,
  vs reading and decoding the same files (bytes -> UTF-8 -> ``json.loads`` per line).
- ``extract``: ``claimtrack.api.claims.extract`` over freshly ingested articles vs a plain
  sentencex split of the same texts (per paragraph, as ``bench/bench_extract.py``).
- ``export``: a database of ``--claims`` claims (10 per article, 2% with a verdict and a
  note; rows inserted through the store's bulk insert) exported with
  ``claimtrack.api.exports.export(..., "parquet")`` vs a bare DuckDB
  ``COPY (<the same export query>) TO 'x.parquet'`` of the same rows; runs alternate,
  medians kept. Target: <= 2x.
- ``size``: the same database plus one 512-d float32 vector per claim saved through
  ``claimtrack.store.vectors.save_vectors`` (as ``claimtrack embed`` stores USE vectors),
  checkpointed; file bytes per claim vs the raw bytes of the vectors and texts.

Times are wall clock (``time.perf_counter``) and CPU time of this process (DuckDB's and
Polars' threads included); the machine is shared, so the ratios are what count.
Each command writes ``bench/results/scale_<command>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_data  # noqa: E402

from claimtrack.store import Store  # noqa: E402

RESULTS = ROOT / "bench" / "results"
EXPORT_TARGET = 2.0
PER_ARTICLE = 10  # claims per article in the export/size databases


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds) of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _save(command: str, record: dict[str, Any]) -> None:
    record = {"command": " ".join(["python", "bench/bench_scale.py", *sys.argv[1:]]), **record}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"scale_{command}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))


def _read_decode(paths: list[Path]) -> int:
    """The ingest baseline: read each file, decode it, parse every JSONL line."""
    records = 0
    for path in paths:
        for line in path.read_bytes().decode("utf-8").splitlines():
            if line.strip():
                json.loads(line)
                records += 1
    return records


def cmd_ingest(args: argparse.Namespace, tmp: Path) -> None:
    from claimtrack.api.ingest import ingest_paths

    paths = scale_data.write_articles(tmp, args.articles, args.chunk)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    _read_decode(paths[:1])  # warm the page cache for both sides alike
    records, base_wall, base_cpu = _timed(lambda: _read_decode(paths))
    store = Store(tmp / "ingest.duckdb")
    store.migrate()
    report, wall, cpu = _timed(lambda: ingest_paths(store, paths))
    _save("ingest", {
        "articles": args.articles, "mb": round(mb, 1),
        "added": report.counts.get("added", 0), "failed": len(report.failed),
        "ingest": {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                   "mb_per_wall_s": round(mb / wall, 2), "mb_per_cpu_s": round(mb / cpu, 2)},
        "baseline_read_decode": {"records": records, "wall_s": round(base_wall, 2),
                                 "cpu_s": round(base_cpu, 2),
                                 "mb_per_cpu_s": round(mb / base_cpu, 1)},
        "ratio_cpu": round(cpu / base_cpu, 1), "ratio_wall": round(wall / base_wall, 1),
    })  # fmt: skip


def _split(texts: list[tuple[str, str]]) -> int:
    """The extract baseline: sentencex sentences of every paragraph."""
    from sentencex import segment

    return sum(
        len(list(segment(language, paragraph)))
        for text, language in texts
        for paragraph in text.split("\n")
    )


def cmd_extract(args: argparse.Namespace, tmp: Path) -> None:
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths

    paths = scale_data.write_articles(tmp, args.articles, args.chunk)
    texts = [(r["text"], r["lang"]) for r in map(scale_data.article, range(args.articles))]
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    store = Store(tmp / "extract.duckdb")
    store.migrate()
    file_mb = sum(p.stat().st_size for p in paths) / 1e6
    _read_decode(paths[:1])
    _, read_wall, read_cpu = _timed(lambda: _read_decode(paths))
    ingested, ingest_wall, ingest_cpu = _timed(lambda: ingest_paths(store, paths))
    _split(texts[:1])  # import sentencex outside the timing
    sentences, base_wall, base_cpu = _timed(lambda: _split(texts))
    report, wall, cpu = _timed(lambda: extract(store))
    _save("extract", {
        "articles": args.articles, "mb": round(mb, 1), "claims": report.claims,
        "extract": {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                    "mb_per_cpu_s": round(mb / cpu, 2), "mb_per_wall_s": round(mb / wall, 2),
                    "claims_per_cpu_s": round(report.claims / cpu),
                    "articles_per_cpu_s": round(args.articles / cpu, 1)},
        "baseline_sentencex": {"sentences": sentences, "cpu_s": round(base_cpu, 2),
                               "mb_per_cpu_s": round(mb / base_cpu, 1)},
        "ratio_cpu": round(cpu / base_cpu, 1), "ratio_wall": round(wall / base_wall, 1),
        # The ingest that fills the database, timed as ``ingest`` times it.
        "ingest": {"mb": round(file_mb, 1), "added": ingested.counts.get("added", 0),
                   "wall_s": round(ingest_wall, 1), "cpu_s": round(ingest_cpu, 1),
                   "mb_per_wall_s": round(file_mb / ingest_wall, 2),
                   "mb_per_cpu_s": round(file_mb / ingest_cpu, 2),
                   "baseline_read_decode_cpu_s": round(read_cpu, 2),
                   "ratio_cpu": round(ingest_cpu / read_cpu, 1),
                   "ratio_wall": round(ingest_wall / read_wall, 1)},
    })  # fmt: skip


def build_database(path: Path, claims: int, *, reviewed: float = 0.02) -> dict[str, int]:
    """A database of ``claims`` synthetic claims, ``PER_ARTICLE`` per article, through the
    store's bulk insert; returns the UTF-8 bytes of claim and article texts."""
    store = Store(path)
    store.migrate()
    articles = -(-claims // PER_ARTICLE)
    sizes = {"claim_text_bytes": 0, "article_text_bytes": 0}
    from datetime import UTC, datetime

    with store.session() as session:
        for first, count in scale_data.chunks(articles, 20_000):
            frame = scale_data.article_rows(first, count, "bench")
            sizes["article_text_bytes"] += int(frame["text"].str.len_bytes().sum())
            session.insert_frame("articles", frame)
        step = max(1, round(1 / reviewed)) if reviewed else 0
        for first, count in scale_data.chunks(claims, 100_000):
            frame = scale_data.claim_rows(first, count, PER_ARTICLE, "bench")
            sizes["claim_text_bytes"] += int(frame["text"].str.len_bytes().sum())
            session.insert_frame("claims", frame)
            if step:
                ids = frame["claim_id"].gather_every(step).to_list()
                session.insert_frame("claim_events", scale_data.event_rows(ids, datetime.now(UTC)))
        session.run("CHECKPOINT")
    return sizes


def _copy_baseline(db: Path, out: Path) -> int:
    """Bare DuckDB: COPY the export query's rows (no filter) to Parquet."""
    import re

    import duckdb

    sql = (ROOT / "sql" / "queries" / "export_claims.sql").read_text()
    sql = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    sql = re.sub(r"\$(statuses|since|until|source|language)\b", "NULL", sql)
    con = duckdb.connect(str(db))
    try:
        con.execute(f"COPY ({sql}) TO '{out}' (FORMAT parquet)")
        return int(con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0])
    finally:
        con.close()


def cmd_export(args: argparse.Namespace, tmp: Path) -> None:
    import polars as pl

    from claimtrack.api.exports import export

    db = Path(args.db) if args.db else tmp / "export.duckdb"
    if db.exists():  # built by an earlier run with --db: same rows, no rebuild
        build_wall = 0.0
    else:
        _, build_wall, _ = _timed(lambda: build_database(db, args.claims))
    print(f"built {args.claims} claims in {build_wall:.0f}s", flush=True)
    store = Store(db)
    runs: dict[str, list[tuple[float, float]]] = {"claimtrack": [], "copy": []}
    rows = {}
    for _ in range(args.repeat):
        result, wall, cpu = _timed(lambda: export(store, tmp / "claimtrack.parquet", "parquet"))
        runs["claimtrack"].append((wall, cpu))
        rows["claimtrack"] = result.rows
        n, wall, cpu = _timed(lambda: _copy_baseline(db, tmp / "copy.parquet"))
        runs["copy"].append((wall, cpu))
        rows["copy"] = n
        print({k: v[-1] for k, v in runs.items()}, flush=True)
    ours = pl.scan_parquet(tmp / "claimtrack.parquet").select("claim_id").collect()
    theirs = pl.scan_parquet(tmp / "copy.parquet").select("claim_id").collect()
    same_rows = ours["claim_id"].sort().equals(theirs["claim_id"].sort())

    def med(name: str, i: int) -> float:
        return statistics.median(run[i] for run in runs[name])

    ratio_wall = med("claimtrack", 0) / med("copy", 0)
    _save("export", {
        "claims": args.claims, "rows": rows, "same_claim_ids": same_rows,
        "ratio_wall": round(ratio_wall, 2),
        "ratio_cpu": round(med("claimtrack", 1) / med("copy", 1), 2),
        "target": EXPORT_TARGET, "meets": ratio_wall <= EXPORT_TARGET,
        "claimtrack": {"wall_s": round(med("claimtrack", 0), 2),
                       "cpu_s": round(med("claimtrack", 1), 2),
                       "bytes": (tmp / "claimtrack.parquet").stat().st_size},
        "copy": {"wall_s": round(med("copy", 0), 2), "cpu_s": round(med("copy", 1), 2),
                 "bytes": (tmp / "copy.parquet").stat().st_size},
        "runs": runs, "build_wall_s": round(build_wall),
    })  # fmt: skip


def cmd_size(args: argparse.Namespace, tmp: Path) -> None:
    from claimtrack.embedding.model import DEFAULT_MODEL
    from claimtrack.store.vectors import save_vectors

    db = tmp / "size.duckdb"
    texts = build_database(db, args.claims, reviewed=0)
    without = db.stat().st_size
    dimension = 512
    with Store(db).session() as session:
        for first, count in scale_data.chunks(args.claims, 50_000):
            keys = [f"k{i:015x}" for i in range(first, first + count)]
            matrix = scale_data.unit_vectors(count, dimension, seed=first)
            save_vectors(session, keys, matrix, model_id=DEFAULT_MODEL, run_id="bench")
        session.run("CHECKPOINT")
    with_vectors = db.stat().st_size
    raw_vectors = args.claims * dimension * 4
    raw = raw_vectors + texts["claim_text_bytes"] + texts["article_text_bytes"]
    _save("size", {
        "claims": args.claims, "dimension": dimension, "model_id": DEFAULT_MODEL,
        "db_bytes": with_vectors, "db_bytes_without_vectors": without,
        "bytes_per_claim": round(with_vectors / args.claims),
        "vector_bytes_per_claim": round((with_vectors - without) / args.claims),
        "raw_bytes": raw, "raw_vector_bytes": raw_vectors, **texts,
        "ratio_db_to_raw": round(with_vectors / raw, 2),
        "ratio_vectors_to_raw_vectors": round((with_vectors - without) / raw_vectors, 2),
        "gib_per_1m_claims": round(with_vectors / args.claims * 1e6 / 2**30, 2),
    })  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, articles in (("ingest", 100_000), ("extract", 10_000)):
        p = sub.add_parser(name)
        p.add_argument("--articles", type=int, default=articles)
        p.add_argument("--chunk", type=int, default=5_000, help="articles per JSONL file")
    p = sub.add_parser("export")
    p.add_argument("--claims", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--db", help="keep the built database here (reused when it exists)")
    p = sub.add_parser("size")
    p.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    commands = {"ingest": cmd_ingest, "extract": cmd_extract, "export": cmd_export,
                "size": cmd_size}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="claimtrack-scale-", dir=os.environ.get("TMPDIR")) as d:
        commands[args.command](args, Path(d))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
