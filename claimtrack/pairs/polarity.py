"""Antonym polarity between two claims: "rose" on one side, "fell" on the other.

The pairs are written as analysed stems (:mod:`claimtrack.embedding.lexical`: English
Snowball, Arabic normalised + light10) and matched by prefix, because light stemming
leaves verb endings on Arabic words (ارتفعت, ارتفاع both start with ارتفع/ارتفا).
"""

from __future__ import annotations

from collections.abc import Set

# (one pole, the other pole); each pole is a tuple of stem prefixes.
ANTONYMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("rise", "rose", "increas", "grew", "grow", "surg", "climb"),
     ("fell", "fall", "decreas", "declin", "drop", "shrank", "shrink", "plung")),
    (("reach", "succeed", "agre"), ("fail", "collaps")),
    (("accept", "approv", "endors", "back"), ("reject", "refus", "veto", "oppos")),
    (("confirm", "admit"), ("deni", "deny")),
    (("win", "won", "victori"), ("lose", "lost", "defeat")),
    (("open", "lift", "resum"), ("close", "shut", "impos", "suspend")),
    (("arrest", "detain"), ("releas", "freed", "free")),
    (("ارتفع", "ارتفا", "زياد", "زاد", "تزايد", "صعد", "صعو"),
     ("انخفض", "انخفا", "تراجع", "هبط", "هبو", "تقلص", "نقص")),
    (("توصل", "نجح", "نجاح", "اتفق", "اتفاق"), ("فشل", "اخفق", "اخفاق")),
    (("قبل", "وافق", "موافق", "اقر"), ("رفض", "رفضت")),
    (("اكد", "تاكيد"), ("نفي", "نفت", "ينفي")),
    (("فاز", "فوز"), ("خسر", "خساره", "هزيم")),
    (("فتح", "افتتاح"), ("اغلق", "اغلاق")),
    (("اعتقل", "اعتقال"), ("افرج", "الافراج", "اطلاق")),
)  # fmt: skip


def _has(stems: Set[str], pole: tuple[str, ...]) -> bool:
    return any(s.startswith(p) for s in stems for p in pole)


def antonym_mismatch(stems_a: Set[str], stems_b: Set[str]) -> bool:
    """Does one side use one pole of an antonym pair where only the other side uses
    the opposite pole (and neither uses both)?"""
    for up, down in ANTONYMS:
        a_up, a_down = _has(stems_a, up), _has(stems_a, down)
        b_up, b_down = _has(stems_b, up), _has(stems_b, down)
        if (a_up and not a_down and b_down and not b_up) or (
            a_down and not a_up and b_up and not b_down
        ):
            return True
    return False
