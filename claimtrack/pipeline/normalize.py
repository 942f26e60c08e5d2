"""Text folding for matching keys, with a map back to the raw text.

Raw article text is what claimtrack stores and shows; folded text is only used to
match (regexes, dedupe keys). ``fold`` keeps, for every folded character, the index
of the raw character it came from, so a match found in folded text can be cut out of
the raw text exactly.

Folding is one ``str.translate`` over a table built once at import. Characters whose
replacement is not exactly one character (deletions such as diacritics, expansions
such as the lam-alef ligature) are rare, so the offset map is built from the runs
between them with ``range`` slices instead of a per-character Python loop.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Folded", "SparseFolded", "fold", "fold_sparse", "match_key", "to_ascii_digits"]

_DIGITS = {0x0660 + i: str(i) for i in range(10)}  # Arabic-Indic
_DIGITS.update({0x06F0 + i: str(i) for i in range(10)})  # Persian / Urdu
_DIGITS.update({0xFF10 + i: str(i) for i in range(10)})  # full-width
_SEPARATORS = {0x066B: ".", 0x066C: ","}  # Arabic decimal and thousands separators

# Deleted outright: tatweel, Arabic diacritics (harakat, tanween, shadda, sukun,
# superscript alef, Quranic marks), bidi controls and zero-width characters.
_DELETE = [
    0x0640,
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
    *(0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2060),
    *range(0x202A, 0x202F),  # LRE RLE PDF LRO RLO
    *range(0x2066, 0x206A),  # LRI RLI FSI PDI
]

_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh, common in mixed-keyboard Arabic text
    "ک": "ك",  # Persian keheh
    "ة": "ه",
    "ۀ": "ه",
    "٪": "%",
}

_QUOTES = {
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "〝": '"',
    "〞": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "‹": "'",
    "›": "'",
}

_SPACES = {cp: " " for cp in (0x00A0, 0x2007, 0x202F, 0x3000, *range(0x2000, 0x200B))}
_DELETE_SET = frozenset(_DELETE)


def _base_map(ch: str) -> str:
    """Fold one character that is not a compatibility form (no NFKC step)."""
    cp = ord(ch)
    if cp in _DIGITS:
        return _DIGITS[cp]
    if cp in _SEPARATORS:
        return _SEPARATORS[cp]
    if cp in _DELETE_SET:
        return ""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _QUOTES:
        return _QUOTES[ch]
    if cp in _SPACES:
        return " "
    if cp < 0x0250 or 0x1E00 <= cp < 0x1F00:  # Latin: casefold ("ß" -> "ss")
        return ch.casefold()
    return ch


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    compat = list(range(0xFF01, 0xFF5F)) + list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF))
    for cp in compat:  # width / presentation forms: NFKC first, then the base folding
        raw = chr(cp)
        nfkc = unicodedata.normalize("NFKC", raw)
        if nfkc != raw:
            table[cp] = "".join(_base_map(c) for c in nfkc)
    plain = list(range(0x0000, 0x0250)) + list(range(0x1E00, 0x1F00)) + list(range(0x0600, 0x0700))
    plain += list(_DELETE) + [ord(c) for c in (*_QUOTES, *_LETTERS)] + list(_SPACES)
    plain += list(_DIGITS)
    for cp in plain:
        if cp in table:
            continue
        mapped = _base_map(chr(cp))
        if mapped != chr(cp):
            table[cp] = mapped
    return table


_TABLE = _build_table()
# Characters whose replacement changes the length: the only places the offset map
# is not the identity.
_IRREGULAR = {cp: rep for cp, rep in _TABLE.items() if len(rep) != 1}
_IRREGULAR_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_IRREGULAR)) + "]")
# Characters that become two or more (ligatures, "ß"): only where one occurs do several
# folded characters share a raw offset.
_EXPANDING = sorted(cp for cp, rep in _IRREGULAR.items() if len(rep) > 1)
_EXPANDING_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in _EXPANDING) + "]")
_DIGIT_TABLE = {**_DIGITS, **_SEPARATORS}
assert not any(ord(c) in _TABLE for rep in _TABLE.values() for c in rep)  # see _translate


_CHANGED_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, faster on typical text.

    ``str.translate`` with a dict costs a lookup per character. A real article uses
    a handful of distinct characters that fold differently, and ``str.replace`` per
    distinct character runs at memory speed. No replacement produces a character
    that is itself replaced, so the order of the replacements does not matter.
    """
    changed = set(_CHANGED_RE.findall(text))
    if len(changed) > 48:  # unusual mix (e.g. lots of accented Latin): one pass is cheaper
        return text.translate(_TABLE)
    for ch in changed:
        text = text.replace(ch, _TABLE[ord(ch)])
    return text


@dataclass(frozen=True)
class Folded:
    """Folded text plus ``offsets[i]`` = raw index of folded char ``i`` (last = len(raw))."""

    text: str
    offsets: list[int]
    # True when ``offsets[i] == i`` throughout (no character changed length): callers may
    # then skip the offset map. False only means "not known to be the identity".
    identity: bool = field(default=False, repr=False, compare=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to the raw span it came from.

        Characters deleted by folding after the last folded character (diacritics on
        it) belong to the span; those before the first one do not.
        """
        if start >= end:
            raw = self.offsets[start]
            return raw, raw
        raw_end = max(self.offsets[end], self.offsets[end - 1] + 1)
        return self.offsets[start], raw_end


class SparseFolded:
    """Folded text whose offset map is kept only where lengths change.

    Same ``text`` and ``to_raw`` as ``Folded`` but no per-character list: for a long
    article where only a few spans are mapped back (value extraction), building the
    full ``offsets`` list costs more than the matching itself.
    """

    __slots__ = ("_folded_at", "_out_len", "_raw_at", "raw_length", "text")

    def __init__(self, raw: str, folded: str | None = None) -> None:
        # ``folded`` is ``fold(raw).text`` when the caller has it already (one pass saved).
        self.text = _translate(raw) if folded is None else folded
        self.raw_length = len(raw)
        # For each length-changing raw char: its raw index, where its output starts in
        # the folded text, and how many chars it became (0 = deleted).
        self._raw_at: list[int] = []
        self._folded_at: list[int] = []
        self._out_len: list[int] = []
        shift = 0
        for m in _IRREGULAR_RE.finditer(raw):
            i = m.start()
            n = len(_IRREGULAR[ord(raw[i])])
            self._raw_at.append(i)
            self._folded_at.append(i + shift)
            self._out_len.append(n)
            shift += n - 1

    def offset(self, j: int) -> int:
        """Raw index of folded char ``j`` (``j == len(text)`` gives ``len(raw)``)."""
        k = bisect.bisect_right(self._folded_at, j) - 1
        if k < 0:
            return j
        start, n = self._folded_at[k], self._out_len[k]
        if j < start + n:
            return self._raw_at[k]  # inside the expansion of one raw char
        return self._raw_at[k] + 1 + (j - start - n)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to the raw span; see ``Folded.to_raw``."""
        if start >= end:
            raw = self.offset(start)
            return raw, raw
        return self.offset(start), max(self.offset(end), self.offset(end - 1) + 1)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: digits, alef/yeh/teh marbuta, diacritics, quotes, case.

    ``len(result.offsets) == len(result.text) + 1``; see the module docstring.
    """
    folded = _translate(text)
    if len(folded) == len(text) and not _IRREGULAR_RE.search(text):
        return Folded(folded, list(range(len(text) + 1)), identity=True)
    offsets: list[int] = []
    pos = 0
    for m in _IRREGULAR_RE.finditer(text):
        i = m.start()
        offsets.extend(range(pos, i))
        offsets.extend([i] * len(_IRREGULAR[ord(text[i])]))
        pos = i + 1
    offsets.extend(range(pos, len(text) + 1))
    return Folded(folded, offsets)


def expands(text: str) -> bool:
    """Whether folding ``text`` turns some character into several.

    When it does not, ``fold(text).offsets`` rises strictly (folded characters map to
    distinct raw ones), so ``offsets[i + 1] >= offsets[i] + 1`` everywhere.
    """
    return _EXPANDING_RE.search(text) is not None


def fold_sparse(text: str, folded: str | None = None) -> SparseFolded:
    """``fold`` without the per-character offset list (see ``SparseFolded``).

    ``folded`` may give ``fold(text).text`` when the caller computed it already.
    """
    return SparseFolded(text, folded)


_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = " \"'.,;:!?؟،؛()[]{}<>-–—…*•|/\\"


def match_key(text: str) -> str:
    """Key used to dedupe identical texts: folded, whitespace collapsed, edge punctuation off."""
    return _WS_RE.sub(" ", fold(text).text).strip(_EDGE_PUNCT)


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic/Persian/full-width digits and ٫ ٬ to ASCII; same length as ``text``."""
    return text.translate(_DIGIT_TABLE)
