"""The counts-per-status line above the queue."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from claimtrack.review.statuses import Vocabulary
from claimtrack.tui.bidi import clean


def counts_line(
    counts: dict[str, int], vocab: Vocabulary, active: str | None, shown: int | None = None
) -> Text:
    """``unreviewed 25 · in_review 1 · true 3 …`` with the filtered status in bold."""
    line = Text()
    total = sum(counts.values())
    line.append(f"{total:,} claims", style="bold")
    if shown is not None:
        line.append(f" ({shown:,} loaded)", style="dim")
    for status in vocab.statuses:
        count = counts.get(status.key, 0)
        line.append("  ·  ", style="dim")
        style = "bold reverse" if status.key == active else ("" if count else "dim")
        line.append(f"{status.key} {count:,}", style=style)
    unknown = sorted(set(counts) - set(vocab.keys()))
    for key in unknown:  # a status no longer in the desk's vocabulary: still count it
        line.append("  ·  ", style="dim")
        line.append(Text(clean(f"{key} {counts[key]:,}", single_line=True), style="italic"))
    return line


class StatusCounts(Static):
    """Set with :meth:`show`; the screen reads the counts in a worker."""

    def show(
        self,
        counts: dict[str, int],
        vocab: Vocabulary,
        active: str | None,
        shown: int | None = None,
    ) -> None:
        self.update(counts_line(counts, vocab, active, shown))
