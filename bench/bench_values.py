"""Throughput of ``fold`` and ``extract_values`` on ~2 MB of text, one core.

Run from the repo root::

    .venv/bin/python bench/bench_values.py [PATH] [LANGUAGE]

PATH defaults to the seed article (repeated to ~2 MB); a larger file is cut to ~2 MB.
Prints MB/s of UTF-8 input (best of three) for: ``fold`` on the whole text,
``extract_values`` on the whole text as one string, and ``extract_values`` called once
per line (how the extractor calls it, one sentence/claim at a time).
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimtrack.pipeline.normalize import fold
from claimtrack.pipeline.values import extract_values

DEFAULT = Path(__file__).resolve().parents[1] / "seeds" / "000_5afa0f906a688b19.txt"
TARGET_BYTES = 2_000_000


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Print fold and extract_values throughput."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    language = sys.argv[2] if len(sys.argv) > 2 else "ar"
    seed = path.read_text(encoding="utf-8")
    text = seed * max(1, TARGET_BYTES // len(seed.encode("utf-8")))
    text = text[: TARGET_BYTES // 2] if len(text.encode("utf-8")) > TARGET_BYTES * 1.2 else text
    lines = text.splitlines()
    mb = len(text.encode("utf-8")) / 1e6
    published = datetime.date(2023, 9, 13)
    extract_values("warm up 2019", language, published)  # builds the lazy regexes
    t_fold = _best(lambda: fold(text))
    t_whole = _best(lambda: extract_values(text, language, published))
    t_lines = _best(lambda: [extract_values(line, language, published) for line in lines])
    n = len(extract_values(text, language, published))
    print(f"input: {path.name}, {mb:.2f} MB, {len(text)} chars, {len(lines)} lines, {n} values")
    print(f"fold:                    {mb / t_fold:6.1f} MB/s ({t_fold * 1000:.0f} ms)")
    print(f"extract_values (whole):  {mb / t_whole:6.1f} MB/s ({t_whole * 1000:.0f} ms)")
    print(f"extract_values per line: {mb / t_lines:6.1f} MB/s ({t_lines * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
