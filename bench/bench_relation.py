"""Cost per pair of the learned relation step vs the hand-set rules, one process.

    .venv/bin/python bench/bench_relation.py [N_PAIRS]

Builds claim facts once for the fixture pairs (fixtures/relation + fixtures/near_miss,
cycled to N_PAIRS, default 3000, cosines drawn at random), then times, best of three:
``relate_by_rules``, ``relate`` (learned, one pair at a time, as the clusterer calls it)
and ``relate_many`` (learned, features as one batch). Stems are cached per text in both
learned runs, as they are when one claim meets many candidates. Prints µs/pair and the
ratio learned / rules -- the ratio is the figure to read on a loaded machine.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.embedding.relation import ClaimFacts, relate, relate_by_rules  # noqa: E402
from claimtrack.pairs.learned import relate_many  # noqa: E402
from claimtrack.pipeline.extract import analyse_text  # noqa: E402

MODEL = "use-multilingual-v3"


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rows = []
    for name in ("fixtures/relation/pairs.jsonl", "fixtures/near_miss/near_miss.jsonl"):
        rows += [json.loads(x) for x in (REPO / name).read_text("utf-8").splitlines() if x]
    facts = [(ClaimFacts.from_analysis(r["a"], r["lang_a"], analyse_text(r["a"], r["lang_a"])),
              ClaimFacts.from_analysis(r["b"], r["lang_b"], analyse_text(r["b"], r["lang_b"])))
             for r in rows]  # fmt: skip
    rng = random.Random(3)
    pairs = [facts[i % len(facts)] for i in range(n)]
    scores = [rng.uniform(0.2, 0.95) for _ in range(n)]
    work = list(zip(pairs, scores, strict=True))
    rules = _best(lambda: [relate_by_rules(a, b, s, model_id=MODEL) for (a, b), s in work])
    learned = _best(lambda: [relate(a, b, s, model_id=MODEL) for (a, b), s in work])
    batch = _best(lambda: relate_many(pairs, scores, model_id=MODEL))
    us = lambda t: 1e6 * t / n  # noqa: E731
    print(f"{n} pairs: rules {us(rules):.1f} µs/pair; learned {us(learned):.1f} µs/pair "
          f"(x{learned / rules:.1f}); learned batch {us(batch):.1f} µs/pair "
          f"(x{batch / rules:.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
