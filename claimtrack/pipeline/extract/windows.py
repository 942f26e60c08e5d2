"""Bounded memory on huge articles: extract claims window by window.

``extract_claims`` holds every token, value and draft of an article at once -- about a
hundred bytes per character -- so a 50 MB article needed 6.75 GB and, scoring every
draft in one call, grew faster than linearly. Claims never cross a line break (paragraphs
are lines, sentences lie within paragraphs), so an article can be cut at line breaks into
windows of at most :data:`WINDOW_CHARS` characters and each window extracted on its own,
with offsets shifted back into the article. Peak memory then depends on the window, not
on the article, and time is linear in the number of windows.

What a window boundary changes: a speaker named in full in one window and by surname in
the next is resolved within each window only, and a "he said" at the start of a window
does not reach back into the previous one. Articles up to :data:`WINDOW_CHARS` (nearly
all) are one window: their claims are exactly those of ``extract_claims``. A single line
longer than a window (no line breaks at all) is cut after the last sentence end
(``. ! ? ؟`` and a space) inside the window, else at the last space, else hard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from claimtrack.models import Article, Claim, claim_id_for
from claimtrack.pipeline.dateline import metadata_date
from claimtrack.pipeline.segment import segment_text

#: Characters per window: 256 Ki characters is ~0.5 MB of Arabic UTF-8 text, which the
#: extractor handles in well under 100 MB of memory.
WINDOW_CHARS = 262_144
_SENTENCE_END = re.compile(r"[.!?؟。][\"'”»)]*\s")


def windows(text: str, max_chars: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans that cover ``text`` in order, each at most ``max_chars`` long,
    cut after a line break where there is one (see the module docstring)."""
    max_chars = max_chars or WINDOW_CHARS
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    start, size = 0, len(text)
    while size - start > max_chars:
        limit = start + max_chars
        cut = text.rfind("\n", start, limit) + 1
        if cut <= start:
            cut = _cut_in_line(text, start, limit)
        yield start, cut
        start = cut
    if start < size or size == 0:
        yield start, size


def _cut_in_line(text: str, start: int, limit: int) -> int:
    """Where to end a window inside one over-long line (after ``start``, at most ``limit``)."""
    last = None
    for match in _SENTENCE_END.finditer(text, start, limit):
        last = match
    if last is not None:
        return last.end()
    space = max(text.rfind(" ", start, limit), text.rfind("\t", start, limit))
    return space + 1 if space > start else limit


def extract_claims_windowed(
    article: Article, max_chars: int | None = None
) -> Iterator[list[Claim]]:
    """The claims of ``article``, one list per window (default :data:`WINDOW_CHARS`), with
    article offsets, ids and sentence numbers -- ``extract_claims(article)`` for an
    article of one window."""
    from claimtrack.pipeline.extract import _language, extract_claims

    max_chars = max_chars or WINDOW_CHARS
    if len(article.text) <= max_chars:
        yield extract_claims(article)
        return
    language = _language(article.language)
    # An undated article is dated once, from its own top (a dated dateline), as a whole
    # extraction does: a date line deep inside the text must not date a later window.
    published = article.published or metadata_date(article.text)
    sentences_before = 0
    for start, end in windows(article.text, max_chars):
        part = replace(article, text=article.text[start:end], published=published)
        yield [_shifted(claim, article.article_id, start, sentences_before)
               for claim in extract_claims(part)]  # fmt: skip
        sentences_before += len(segment_text(part.text, language))


def _shifted(claim: Claim, article_id: str, offset: int, sentences_before: int) -> Claim:
    if offset == 0 and sentences_before == 0:
        return claim
    start, end = claim.char_start + offset, claim.char_end + offset
    return replace(
        claim,
        claim_id=claim_id_for(article_id, start, end, claim.text),
        char_start=start,
        char_end=end,
        sentence_index=claim.sentence_index + sentences_before,
        context_start=None if claim.context_start is None else claim.context_start + offset,
        context_end=None if claim.context_end is None else claim.context_end + offset,
    )
