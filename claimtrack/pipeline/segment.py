"""Paragraphs -> sentences, with code-point spans into the raw article text.

``sentencex`` does the language-aware splitting (it handles Arabic punctuation, which
pysbd does not); we post-process its boundaries so that we never split inside an open
quotation or right after an abbreviation (``د.``, ``أ.ف.ب.``, ``Dr.``, ``U.S.``).

Everything here is a single left-to-right scan per paragraph: linear in the input, even
on a 1 MB line without punctuation or 10,000 unmatched quotation marks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

# Opening/closing quotation marks. ASCII '"' toggles; '”' closes when a quote is open and
# otherwise opens (Arabic copy often uses ” as an opener, e.g. بـ”الجارة المهمة”).
_OPENERS = frozenset("“«„")
_CLOSERS = frozenset("»")
_TOGGLES = frozenset('"”')
_QUOTE_OR_NEWLINE = re.compile('[“«„»"”\n]')
# A "quotation" longer than this is a stray mark, not a quote: ignoring it keeps one bad
# character from gluing a whole paragraph into one sentence.
MAX_QUOTE_CHARS = 1500

_EN_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "col",
        "lt",
        "sgt",
        "capt",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "est",
        "approx",
        "dept",
        "univ",
    ]
)
# Arabic abbreviations: single letters with a dot (د. = doctor, م. = engineer / AD) and
# dotted initialisms (أ.ف.ب. = AFP, ق.م. = BC) are caught by the initials rule below.
_AR_ABBREVIATIONS = frozenset(["د", "م", "أ", "ق", "ص", "ج", "ت", "هـ", "ه", "ش", "ك"])
_INITIALS = re.compile(r"(?:\w{1,2}\.){2,}$")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text[start:end]`` is the sentence, outer whitespace trimmed."""

    index: int
    start: int
    end: int
    paragraph_index: int


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Return ``(open, close)`` index pairs of matched quotations in ``text``.

    Nesting is tracked with a depth counter (not a stack), unmatched openers are
    dropped, and regions longer than ``MAX_QUOTE_CHARS`` are ignored.
    """
    regions: list[tuple[int, int]] = []
    depth = 0
    open_at = -1
    for match in _QUOTE_OR_NEWLINE.finditer(text):  # visits only the marks, not every char
        i = match.start()
        ch = match.group(0)
        if ch in _OPENERS:
            if depth == 0:
                open_at = i
            depth += 1
        elif ch in _CLOSERS or ch in _TOGGLES:
            if depth > 0:
                depth -= 1
                if depth == 0 and i - open_at <= MAX_QUOTE_CHARS:
                    regions.append((open_at, i))
            elif ch in _TOGGLES:
                open_at = i
                depth = 1
        else:
            depth = 0  # quotations do not cross paragraphs
    return regions


def _is_abbreviation(before: str, language: str) -> bool:
    """True when ``before`` (text up to a boundary) ends with an abbreviation."""
    stripped = before.rstrip()
    if not stripped.endswith("."):
        return False
    # The last run of non-spaces, at most 40 characters: what ``(\S{1,40})$`` finds (str.split
    # and re's \s agree on whitespace), without the regex trying every position.
    token = stripped[-40:].split()[-1].lstrip("(«“\"'")
    if _INITIALS.search(token):
        return True
    word = token[:-1]
    if language == "ar" or not word.isascii():
        return word in _AR_ABBREVIATIONS
    # str.lower(s), not s.lower(): mypyc (Python < 3.13) drops Greek final sigma
    return str.lower(word) in _EN_ABBREVIATIONS


# sentencex pairs quotation marks itself and is quadratic on thousands of unmatched ones;
# we do the quote logic above, so it sees a same-length copy with quotes neutralised.
_QUOTE_MARKS = '“”«»„"'


def _neutralise(text: str) -> str:
    """``text`` with quotation marks replaced by ``_`` (same length).

    ``str.replace`` per mark runs at memory speed; ``str.translate`` with a dict costs a
    lookup per character and was the largest part of segmentation on Arabic text.
    """
    for ch in _QUOTE_MARKS:
        if ch in text:
            text = text.replace(ch, "_")
    return text


@functools.cache
def _sentencex_segment() -> Callable[[str, str], Iterable[str]]:
    # Imported lazily, once: a function-level import statement re-runs the import machinery
    # on every paragraph (~2 µs each, a tenth of the segmenter's own time).
    from sentencex import segment

    return cast("Callable[[str, str], Iterable[str]]", segment)


def _raw_pieces(masked: str, language: str) -> list[str]:
    return list(_sentencex_segment()(language if language in ("ar", "en") else "en", masked))


def _boundaries(paragraph: str, language: str, masked: str | None = None) -> list[int]:
    """Sentence end offsets within ``paragraph`` after post-processing.

    ``masked`` is ``_neutralise(paragraph)`` when the caller already has it.
    """
    ends: list[int] = []
    pos = 0
    if masked is None:
        masked = _neutralise(paragraph)
    for piece in _raw_pieces(masked, language):
        # sentencex returns the text unchanged, in pieces; fall back to find() otherwise.
        found = pos if masked.startswith(piece, pos) else masked.find(piece, pos)
        pos = (found if found >= 0 else pos) + len(piece)
        end = min(pos, len(paragraph))
        # A closing quotation right after the full stop belongs to this sentence.
        while (
            0 < end < len(paragraph)
            and paragraph[end] in '”»"'
            and not paragraph[end - 1].isspace()
        ):
            end += 1
        if not ends or end > ends[-1]:
            ends.append(end)
    if not ends or ends[-1] != len(paragraph):
        ends.append(len(paragraph))
    # The mask differs from the paragraph only where it holds a quotation mark.
    regions = quote_regions(paragraph) if masked != paragraph else []
    kept: list[int] = []
    r = 0
    for end in ends[:-1]:
        while r < len(regions) and regions[r][1] < end - 1:
            r += 1
        # Skip whitespace back to the punctuation the boundary really follows.
        inside = r < len(regions) and regions[r][0] < end and end <= regions[r][1]
        if inside or _is_abbreviation(
            paragraph[:end] if end < 64 else paragraph[end - 64 : end], language
        ):
            continue
        kept.append(end)
    kept.append(len(paragraph))
    return kept


def segment_text(text: str, language: str) -> list[Sentence]:
    """Split ``text`` into sentences with code-point spans (paragraphs are lines)."""
    sentences: list[Sentence] = []
    paragraph_index = 0
    masked_text = _neutralise(text)  # once for the article, not per paragraph
    for para_match in _PARAGRAPH.finditer(text):
        paragraph = para_match.group(0)
        if not paragraph.strip():
            continue
        base = para_match.start()
        start = 0
        masked = masked_text[base : para_match.end()]
        for end in _boundaries(paragraph, language, masked):
            chunk = paragraph[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            if trail > lead:
                sentences.append(
                    Sentence(
                        len(sentences), base + start + lead, base + start + trail, paragraph_index
                    )
                )
            start = end
        paragraph_index += 1
    return sentences
