"""Pick, per index, whichever exact-search method is currently fastest on this machine.

Every method gives the same top k (they are all exact), so only time decides, and which is
faster depends on the machine *and its load*, measured on the 2-core development VM:

- quiet, 100k x 512: numpy's float32 product with its 2 BLAS threads 8.5 ms, the int8 scan
  through usearch 11.3 ms; 10k: the product 0.5 ms, one BLAS thread 1.1 ms;
- loaded (load average 6-12): that scan 76 ms, the product 116 ms at 100k; at 10k one
  BLAS thread 1.7 ms, two threads 45 ms (a busy second core stalls the product);
- the int8 scan through SimSIMD (:mod:`.exact_scan`, since 2026-12-06), load ~7.5, 100k:
  16 ms against 100 ms (product) and 73 ms (one thread); but at 4k rows (its
  ``MIN_ROWS``; load ~4.8) one BLAS thread 0.32 ms, the scan 0.28 ms, so the choice
  still matters near that size and for data where the scan's bound fails (a fall-back
  costs the scan plus the product).

So no fixed choice is "at least as fast as numpy" in every condition. :class:`Fastest`
keeps a moving average of each method's time per query, uses the fastest, and tries the
others again every :data:`EXPLORE_EVERY` queries so that a change of load is noticed; the
cost is that one query in ``EXPLORE_EVERY`` takes a slower method's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["EXPLORE_EVERY", "Fastest"]

T = TypeVar("T")

#: One query in this many runs a method that is not the current fastest.
EXPLORE_EVERY = 64
#: Weight of the newest time in a method's moving average.
_WEIGHT = 0.2


class Fastest:
    """Times of ``methods`` (names) per query; :meth:`run` calls the one to use now."""

    def __init__(self, methods: Sequence[str]) -> None:
        self.methods = tuple(methods)
        self.average: dict[str, float | None] = dict.fromkeys(self.methods)
        self.calls = 0

    def choose(self) -> str:
        untried = [m for m in self.methods if self.average[m] is None]
        if untried:
            return untried[0]
        ranked = sorted(self.methods, key=lambda m: self.average[m] or 0.0)
        if len(ranked) > 1 and self.calls % EXPLORE_EVERY == EXPLORE_EVERY - 1:
            return ranked[1 + (self.calls // EXPLORE_EVERY) % (len(ranked) - 1)]
        return ranked[0]

    def run(self, work: Callable[[str], T]) -> T:
        """``work(method)`` with the method chosen now, timed into that method's average.

        A re-try replaces the re-tried method's average instead of moving it by
        ``_WEIGHT``: that average is up to ``EXPLORE_EVERY`` queries old, and one slow
        try under load would otherwise keep the fastest method unused for several re-tries
        (in a loaded bench run at 100k, 55 of 201 queries went to the float32 product,
        4-6x slower than the int8 scan).
        """
        method = self.choose()
        retry = self.average[method] is not None and method != self._leader()
        start = time.perf_counter()
        result = work(method)
        took = time.perf_counter() - start
        self.calls += 1
        old = self.average[method]
        self.average[method] = took if old is None or retry else old + _WEIGHT * (took - old)
        return result

    def _leader(self) -> str:
        return min(self.methods, key=lambda m: self.average[m] or 0.0)
