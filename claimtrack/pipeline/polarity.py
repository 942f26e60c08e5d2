"""Antonym polarity: "rose" vs "fell", "reached" vs "failed to reach", "قبل" vs "رفض".

Negation (:mod:`claimtrack.pipeline.negation`) sees "did not reach"; it cannot see that
"failed to reach a consensus" says the opposite of "reached a consensus". Each *axis* here
is a pair of word lists, one per pole; :func:`polarity` gives, per axis, the pole a text
takes (the word that shows it). A text with words of both poles takes none on that axis,
except where one pole governs the other ("failed to reach" is a failure).

Lexical, on ``fold()`` text (hamza-free alef, teh marbuta as heh, lower case); Arabic
words may carry a one-letter proclitic (و ف ب ل) and English words a few inflections.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimtrack.pipeline.normalize import fold

__all__ = ["AXES", "polarity", "polarity_differences"]


@dataclass(frozen=True)
class Axis:
    name: str
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    #: The negative pole wins when both appear ("failed to reach").
    negative_governs: bool = False


AXES = (
    Axis(
        "rise",
        ("rise", "rises", "rose", "risen", "rising", "increase", "increased", "increases",
         "climbed", "climbs", "surged", "jumped", "grew", "ارتفاع", "ارتفع", "ارتفعت",
         "يرتفع", "ترتفع", "زيادة", "زاد", "زادت", "تزايد", "تزايدت", "صعود"),
        ("fall", "falls", "fell", "fallen", "falling", "decrease", "decreased", "decreases",
         "declined", "declines", "dropped", "drops", "shrank", "plunged", "انخفاض", "انخفض",
         "انخفضت", "ينخفض", "تنخفض", "تراجع", "تراجعت", "هبوط", "هبط", "هبطت", "تقلص"),
    ),
    Axis(
        "reach",
        ("reached", "reach", "reaches", "succeeded", "agreed", "توصل", "توصلت", "توصلوا",
         "التوصل", "نجح", "نجحت", "نجحوا", "اتفق", "اتفقت", "اتفقوا"),
        ("failed", "fail", "fails", "failure", "فشل", "فشلت", "فشلوا", "اخفق", "أخفقت",
         "أخفقوا", "تعثر", "تعثرت"),
        negative_governs=True,
    ),
    Axis(
        "accept",
        ("accepted", "accepts", "approved", "approves", "approve", "endorsed", "وافق",
         "وافقت", "وافقوا", "موافقة", "قبلت", "قبول", "أقر", "أقرت", "صادق", "صادقت"),
        ("rejected", "rejects", "reject", "refused", "refuses", "vetoed", "رفض", "رفضت",
         "رفضوا", "يرفض", "ترفض"),
    ),
    Axis(
        "win",
        ("won", "wins", "win", "victory", "فاز", "فازت", "فوز"),
        ("lost", "loses", "lose", "defeated", "defeat", "خسر", "خسرت", "هزم", "هزمت", "هزيمة"),
    ),
    Axis(
        "open",
        ("opened", "reopened", "opens", "افتتح", "افتتحت", "فتح", "فتحت"),
        ("closed", "closes", "shut", "أغلق", "أغلقت", "إغلاق"),
    ),
)  # fmt: skip


@functools.cache
def _patterns() -> list[tuple[Axis, re.Pattern[str], re.Pattern[str]]]:
    def rx(words: tuple[str, ...]) -> re.Pattern[str]:
        forms = sorted({fold(w).text for w in words}, key=len, reverse=True)
        return re.compile(r"(?<!\w)[وفبل]?(" + "|".join(map(re.escape, forms)) + r")(?!\w)")

    return [(axis, rx(axis.positive), rx(axis.negative)) for axis in AXES]


def polarity(text: str) -> dict[str, tuple[int, str]]:
    """Per axis, ``(+1 or -1, the word)`` for the pole ``text`` takes (axes with none left out)."""
    return dict(_polarity(text))


@functools.lru_cache(maxsize=65536)
def _polarity(text: str) -> tuple[tuple[str, tuple[int, str]], ...]:
    # Cached per text: the clusterer compares one claim with many (three times a pair).
    folded = fold(text).text
    out: dict[str, tuple[int, str]] = {}
    for axis, pos_rx, neg_rx in _patterns():
        pos, neg = pos_rx.search(folded), neg_rx.search(folded)
        if neg and (not pos or axis.negative_governs):
            out[axis.name] = (-1, neg.group(1))
        elif pos and not neg:
            out[axis.name] = (1, pos.group(1))
    return tuple(out.items())


def polarity_differences(text_a: str, text_b: str) -> list[str]:
    """ "polarity: reached vs failed" for each axis on which the two texts take opposite poles."""
    pa, pb = dict(_polarity(text_a)), dict(_polarity(text_b))
    return [
        f"polarity: {pa[name][1]} vs {pb[name][1]}"
        for name in pa
        if name in pb and pa[name][0] != pb[name][0]
    ]
