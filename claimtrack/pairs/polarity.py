"""Antonym polarity between two claims: "rose" on one side, "fell" on the other.

The pairs are written as analysed stems (:mod:`claimtrack.embedding.lexical`: English
Snowball, Arabic normalised + light10) and matched by prefix, because light stemming
leaves verb endings and prefixes on Arabic words (ارتفعت, يرتفع). The ANS training
headlines showed which pairs news uses (ANS train only; never its dev split).
"""

from __future__ import annotations

from collections.abc import Set
from functools import lru_cache

# (one pole, the other pole). Entries of 4+ letters match as stem prefixes, shorter ones
# exactly; an Arabic imperfect prefix (ي ت ن) is also tried off ("يرتفع" ~ "رتفع").
ANTONYMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("rise", "rose", "increas", "grew", "grow", "surg", "climb", "gain", "jump", "soar",
      "highest", "up"),
     ("fell", "fall", "decreas", "declin", "drop", "shrank", "shrink", "plung", "lost",
      "slump", "lowest", "down")),
    (("reach", "succeed", "agre", "deal", "accord"), ("fail", "collaps", "disagre", "disput")),
    (("accept", "approv", "endors", "back", "support", "welcom", "allow", "permit"),
     ("reject", "refus", "veto", "oppos", "condemn", "ban", "prohibit", "forbid")),
    (("confirm", "admit", "acknowledg"), ("deni", "deny", "dismiss")),
    (("win", "won", "victori"), ("lose", "defeat")),
    (("open", "lift", "resum", "start", "launch"), ("close", "shut", "halt", "suspend", "stop")),
    (("arrest", "detain", "convict", "sentenc"), ("releas", "freed", "acquit")),
    (("ارتفع", "ارتفاع", "رتفع", "زياد", "زاد", "تزايد", "صعد", "صعود", "اعل", "رفع", "قفز",
      "ارتفعت"),
     ("انخفض", "انخفاض", "نخفض", "تراجع", "راجع", "هبط", "هبوط", "تقلص", "نقص", "ادن",
      "خفض", "تخفيض")),
    (("توصل", "نجح", "نجاح", "اتفق", "اتفاق", "توافق", "وافق", "موافق", "تعاون"),
     ("فشل", "تفشل", "اخفق", "اخفاق", "خلاف", "يختلف", "اختلاف", "نزاع")),
    (("قبل", "قبول", "اقر", "يرحب", "ترحب", "رحب", "تاييد", "دعم", "يسمح", "سماح", "تطالب"),
     ("رفض", "ترفض", "يرفض", "ادان", "تدين", "يدين", "معارض", "حظر", "يمنع", "منع", "تتجاهل",
      "تجاهل")),
    (("اكد", "يءكد", "تءكد", "تاكيد", "اعترف", "يعترف"), ("نف", "ينف", "تنف", "نفت", "نفي")),
    (("فاز", "فوز", "يفوز", "انتصار"), ("خسر", "خساره", "يخسر", "هزيم")),
    (("فتح", "افتتاح", "استءناف", "تستانف", "يستانف"), ("اغلق", "اغلاق", "توقف", "تعليق")),
    (("اعتقل", "اعتقال", "اعدام", "ادان", "حكم"), ("افرج", "افراج", "اطلاق", "براء", "تبرءه")),
    (("هدوء", "تهدءه", "هدنه"), ("هجوم", "اشتباك", "تصعيد", "قصف")),
)  # fmt: skip


def _match(stem: str, entry: str) -> bool:
    if len(entry) < 4:
        return stem == entry
    return stem.startswith(entry) or (stem[:1] in "يتن" and stem[1:].startswith(entry))


def _entry_poles() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]], list[int]]:
    """Each entry's poles, split as :func:`_match` uses them: short entries (exact) and
    long ones (prefixes), with the lengths of the long ones."""
    short: dict[str, set[int]] = {}
    long: dict[str, set[int]] = {}
    for n, pair in enumerate(ANTONYMS):
        for side, pole in enumerate(pair):
            for entry in pole:
                (short if len(entry) < 4 else long).setdefault(entry, set()).add(2 * n + side)
    lengths = sorted({len(e) for e in long})
    return ({e: frozenset(p) for e, p in short.items()},
            {e: frozenset(p) for e, p in long.items()}, lengths)  # fmt: skip


_SHORT, _LONG, _LENGTHS = _entry_poles()


@lru_cache(maxsize=1 << 18)
def stem_poles(stem: str) -> frozenset[int]:
    """The poles one stem shows: any entry it :func:`_match`-es, found by looking up its
    prefixes (and those after an Arabic imperfect prefix) instead of trying every entry.
    Cached per stem: a run's claims share most of their words."""
    found = set(_SHORT.get(stem, ()))
    bare = stem[1:] if stem[:1] in "يتن" else None
    for length in _LENGTHS:
        if len(stem) >= length:
            found.update(_LONG.get(stem[:length], ()))
        if bare is not None and len(bare) >= length:
            found.update(_LONG.get(bare[:length], ()))
    return frozenset(found)


@lru_cache(maxsize=65536)
def poles(stems: frozenset[str]) -> frozenset[int]:
    """Which poles a text's stems use: ``2 * pair`` (first pole) or ``2 * pair + 1``.
    Cached: the clusterer meets one claim in many pairs."""
    found: set[int] = set()
    for stem in stems:
        found.update(stem_poles(stem))
    return frozenset(found)


def polar_one_side(stems_a: Set[str], stems_b: Set[str]) -> int:
    """How many poles are used by one side only (a denial or a failure word added)."""
    return len(poles(frozenset(stems_a)) ^ poles(frozenset(stems_b)))


def antonym_mismatch(stems_a: Set[str], stems_b: Set[str]) -> bool:
    """Does one side use one pole of an antonym pair where only the other side uses
    the opposite pole (and neither uses both)?"""
    pa, pb = poles(frozenset(stems_a)), poles(frozenset(stems_b))
    for n in range(len(ANTONYMS)):
        up, down = 2 * n, 2 * n + 1
        a_up, a_down, b_up, b_down = up in pa, down in pa, up in pb, down in pb
        if (a_up and not a_down and b_down and not b_up) or (
            a_down and not a_up and b_up and not b_down
        ):
            return True
    return False
