"""Turn the bytes of a text file into str, detecting legacy Arabic encodings.

Order: BOMs (UTF-8, UTF-16 LE/BE) decide; then strict UTF-8; then the legacy Arabic
code pages, windows-1256 and ISO-8859-6, scored by how Arabic the result reads; then
charset-normalizer for anything else. We score the two Arabic code pages ourselves
because general detectors often confuse them on short texts.
"""

from __future__ import annotations

import codecs
import unicodedata

from claimtrack.errors import IngestError

_ARABIC_CODEPAGES = ("cp1256", "iso8859_6")


def _arabic_score(text: str) -> float:
    """Share of letters that are Arabic, minus a penalty for control characters."""
    letters = arabic = bad = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff":
                arabic += 1
        elif unicodedata.category(ch) == "Cc" and ch not in "\n\r\t":
            bad += 1
    if letters == 0:
        return 0.0
    return arabic / letters - 5 * bad / max(len(text), 1)


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise IngestError naming ``where`` when nothing fits."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", where), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", where), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for encoding in _ARABIC_CODEPAGES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_score(text), encoding, text))
    candidates.sort(reverse=True)
    if candidates and candidates[0][0] > 0.5:
        return candidates[0][2], candidates[0][1]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(
            where, "cannot tell the text encoding (not UTF-8, UTF-16 or an Arabic code page)"
        )
    return str(best), best.encoding


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(where, f"invalid {encoding} at byte {error.start}") from error
