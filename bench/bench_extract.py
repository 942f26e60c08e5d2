"""Throughput of the claim-extraction stage, and linear time on pathological inputs.

Run from the repository root:  python bench/bench_extract.py [--mb 2]

Builds a corpus from the seed article and the gold texts repeated to ~N MB (UTF-8), times
``extract_claims`` on it, and reports the figure as a ratio against a plain sentencex
split of the same corpus in the same process. Then times pathological inputs at 100 KB
and 1 MB and fails (exit 1) if the 1 MB run takes more than 30x the 100 KB one (linear
time predicts ~10x; quadratic would be ~100x).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.evaluation.extraction import load_gold  # noqa: E402
from claimtrack.models import Article  # noqa: E402
from claimtrack.pipeline.extract import extract_claims  # noqa: E402


def _corpus(target_bytes: int) -> list[tuple[str, str]]:
    docs = []
    for path in sorted((ROOT / "fixtures" / "gold" / "extract").glob("*.jsonl")):
        docs += [(d["text"], d["language"]) for d in load_gold(path, root=ROOT)]
    out: list[tuple[str, str]] = []
    size = 0
    while size < target_bytes:
        for text, language in docs:
            out.append((text, language))
            size += len(text.encode("utf-8"))
    return out


def _baseline(corpus: list[tuple[str, str]]) -> None:
    from sentencex import segment

    for text, language in corpus:
        for paragraph in text.split("\n"):
            list(segment(language, paragraph))


def _extract(corpus: list[tuple[str, str]]) -> int:
    n = 0
    for i, (text, language) in enumerate(corpus):
        n += len(extract_claims(Article(str(i), text, language, published=date(2023, 9, 13))))
    return n


def _timed(fn: Callable[[], object]) -> float:
    # CPU time of this process: the target is "per core", and the machine is shared, so
    # wall-clock time would measure the neighbours too.
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _pathological() -> bool:
    cases: dict[str, Callable[[int], str]] = {
        "line without punctuation": lambda n: "word " * (n // 5),
        "nested quotes": lambda n: "“" * (n // 2) + "x" + "”" * (n // 2),
        "unmatched quotes": lambda n: "“ قال. " * (n // 7),
    }
    ok = True
    for name, make in cases.items():
        small, big = make(100_000), make(1_000_000)
        t_small = _timed(partial(extract_claims, Article("p", small, "ar")))
        t_big = _timed(partial(extract_claims, Article("p", big, "ar")))
        ratio = t_big / max(t_small, 1e-4)
        verdict = "ok" if ratio < 30 else "NOT LINEAR"
        ok = ok and ratio < 30
        print(
            f"  {name:26s} 100KB {t_small:7.3f}s  1MB {t_big:7.3f}s  ratio {ratio:5.1f}  {verdict}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument(
        "--rule-score", action="store_true", help="use the rule check-worthiness score, no model"
    )
    args = parser.parse_args()
    if args.rule_score:
        from claimtrack.pipeline.extract import _deps

        _deps.checkworthiness = lambda texts, languages: None
    corpus = _corpus(int(args.mb * 1_000_000))
    mb = sum(len(t.encode("utf-8")) for t, _ in corpus) / 1e6
    extract_claims(Article("warm", corpus[0][0], corpus[0][1]))  # load lexicons/model once
    t_base = _timed(lambda: _baseline(corpus))
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    t0 = time.process_time()
    n_claims = _extract(corpus)
    t_ext = time.process_time() - t0
    if profiler:
        profiler.disable()
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
        print(buf.getvalue())
    print(f"corpus: {len(corpus)} documents, {mb:.2f} MB UTF-8")
    print("times are CPU seconds of this process (time.process_time)")
    print(f"sentencex baseline: {t_base:.3f}s = {mb / t_base:.1f} MB/s")
    print(f"extract_claims:     {t_ext:.3f}s = {mb / t_ext:.2f} MB/s, {n_claims} claims")
    print(f"ratio extract/baseline time: {t_ext / t_base:.1f}x")
    print("pathological inputs (language ar):")
    return 0 if _pathological() else 1


if __name__ == "__main__":
    raise SystemExit(main())
