"""Decide whether two similar claims are the same, conflicting, related or unrelated.

Embedding similarity alone cannot tell "since 2019" from "since 2011" (on our near-miss
set USE ranked the number-changed variant above the true paraphrase in 18 of 27 cases),
so similarity only says whether two claims share a *frame*; the extracted values,
places, speaker and negation then decide between "same" and "conflicting".

Pure functions: no model, no database. Values/entities use the dict shapes documented in
:mod:`claimtrack.models`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from claimtrack.embedding import value_anchor
from claimtrack.embedding.thresholds import thresholds_for
from claimtrack.embedding.value_anchor import (
    ANCHORED_FRAME,
    ANCHORED_SAME,
    conflicting_anchor,
    count_beside_measure,
    counts_differ,
    no_common_figure,
    shared_anchor,
)
from claimtrack.embedding.value_compare import (
    _comparable,
    _compatible,
    _group,
    _show,
    value_conflicts,
)
from claimtrack.pipeline.normalize import match_key
from claimtrack.pipeline.polarity import polarity_differences
from claimtrack.pipeline.superlatives import ranking

RelationLabel = Literal["same", "conflicting", "related", "unrelated"]

#: Value kinds that may date the report rather than the fact (see report_differences).
REPORT_KINDS = frozenset({"date", "weekday"})
#: News metonymy: a capital names its country's government ("Moscow said" = "Russia
#: said"), so a capital and its own country are never a place conflict. Keys and values
#: are English canonical names (the entity extractor's ``canonical``), folded.
CAPITAL_OF = {
    "moscow": "russia", "pyongyang": "north korea", "seoul": "south korea",
    "washington": "united states", "beijing": "china", "tokyo": "japan", "kyiv": "ukraine",
    "kiev": "ukraine", "london": "united kingdom", "paris": "france", "berlin": "germany",
    "cairo": "egypt", "riyadh": "saudi arabia", "tehran": "iran", "damascus": "syria",
    "baghdad": "iraq", "beirut": "lebanon", "amman": "jordan", "ankara": "turkey",
    "doha": "qatar", "abu dhabi": "united arab emirates", "tel aviv": "israel",
}  # fmt: skip


@dataclass(frozen=True)
class ClaimFacts:
    """What the relation step needs to know about one claim."""

    text: str
    language: str
    values: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    speaker: str | None = None
    negated: bool = False
    #: What the relation step derives from this claim alone (anchors, stems, values by
    #: kind...), filled on first use (:mod:`claimtrack.embedding.claim_memo`).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_claim(cls, claim: Any) -> ClaimFacts:
        """Build from a stored :class:`claimtrack.models.Claim`."""
        return cls(
            text=claim.text,
            language=claim.language,
            values=list(claim.values),
            entities=list(claim.entities),
            speaker=claim.speaker_canonical or claim.speaker,
            negated=bool(claim.negated),
        )

    @classmethod
    def from_analysis(cls, text: str, language: str, analysis: Mapping[str, Any]) -> ClaimFacts:
        """Build from ``analyse_text``'s ``{"values","entities","speaker","negated"}``."""
        return cls(
            text=text,
            language=language,
            values=list(analysis.get("values") or []),
            entities=list(analysis.get("entities") or []),
            speaker=analysis.get("speaker"),
            negated=bool(analysis.get("negated", False)),
        )


@dataclass(frozen=True)
class Relation:
    relation: RelationLabel
    score: float
    reasons: list[str] = field(default_factory=list)
    #: Calibrated probabilities of the learned model (None when the rules decided).
    p_same: float | None = None
    p_conflicting: float | None = None
    p_related: float | None = None


def relate(
    a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str, learned: bool = True
) -> Relation:
    """Label the pair ``a``/``b`` whose embedding cosine is ``score`` under ``model_id``.

    With ``learned`` (the default) the shipped relation model decides when it was fitted
    for ``model_id`` and ``CLAIMTRACK_RELATION_MODEL`` is not ``off``
    (:mod:`claimtrack.pairs.learned`); otherwise :func:`relate_by_rules`. Either way a
    ``same`` between claims that share a magnitude or depth, of which only one also counts
    something, is ``related`` (:func:`~claimtrack.embedding.value_anchor.count_beside_measure`),
    and so is one between claims of which only one ranks the event, or which rank it by
    different things (:func:`_ranking_differs`).
    """
    found: Relation | None = None
    if learned and score >= thresholds_for(model_id).related:
        # Below the retrieval bar a pair is "unrelated" whatever the model says: it was
        # trained on candidate pairs, and answers "related" for any pair far below them.
        from claimtrack.pairs.learned import relate_learned

        found = relate_learned(a, b, score, model_id=model_id)
        if found is not None:
            found = _with_value_evidence(a, b, score, found, model_id)
    if found is None:
        found = relate_by_rules(a, b, score, model_id=model_id)
    if found.relation == "same":
        # "2,122 killed when a magnitude-7 quake hit" is a toll, not the magnitude; "the
        # strongest quake in a century" ranks the quake, "a magnitude-7 quake struck" does not
        beside = count_beside_measure(a, b) or _ranking_differs(a, b)
        if beside:
            return replace(found, relation="related", reasons=[beside, *found.reasons])
    return found


def _ranking_differs(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Only one claim ranks the event ("the strongest quake in a century" / "a 7-magnitude
    quake struck"), or the two rank it by different things ("the strongest" / "the
    deadliest"): not the same claim (:mod:`claimtrack.pipeline.superlatives`)."""
    rank_a, rank_b = ranking(a.text), ranking(b.text)
    if rank_a is None or rank_b is None:
        one = rank_a or rank_b
        return f"only one claim ranks it: {one[0]}" if one else None
    if rank_a[1] != rank_b[1] and "other" not in (rank_a[1], rank_b[1]):
        (word_x, by_x), (word_y, by_y) = sorted([rank_a, rank_b], key=lambda r: r[1])
        return f"ranked by {by_x} vs {by_y}: {word_x} vs {word_y}"
    return None


def _with_value_evidence(
    a: ClaimFacts,
    b: ClaimFacts,
    score: float,
    found: Relation,
    model_id: str,
) -> Relation:
    """What the extracted values prove overrides the learned label (the model has no feature
    for what a figure counts): a different figure for the same counted thing is a conflict,
    the same distinctive figure with no other mismatch is the same fact, a named difference
    (value, place, speaker, negation) is never shown as "same" (the rules decide), and
    figures that count different things ("2,100 dead" vs "900 missing") or a figure both
    give are no conflict by themselves, nor the same fact, and two claims whose distinctive
    figures have none in common are not the same statement. The same distinctive figure told
    by another source or on another day (only :func:`report_differences`) is the same fact.
    The probabilities stay the model's."""
    probs = {"p_same": found.p_same, "p_conflicting": found.p_conflicting,
             "p_related": found.p_related}  # fmt: skip
    learned = f"model said {found.relation}"
    claimed, reported = pair_differences(a, b)  # the pair relate_learned just worked out
    mismatches = claimed + reported
    clash = conflicting_anchor(a, b) if score >= ANCHORED_FRAME else _measure_clash(a, b)
    if clash and found.relation != "conflicting":
        return Relation("conflicting", score, [*(mismatches or [clash]), learned], **probs)
    other_things = counts_differ(a, b)
    if other_things and found.relation == "same":  # "11,300 dead" is not "10,100 missing"
        return Relation("related", score, [other_things, learned], **probs)
    apart = no_common_figure(a, b) if found.relation == "same" and not clash else None
    if apart:
        return Relation("related", score, [apart, learned], **probs)
    anchor = shared_anchor(a, b) if score >= ANCHORED_SAME and not claimed else None
    if anchor and mismatches:
        # The same distinctive figure for the same thing, told by another source or on
        # another day: one fact (the differences stay visible in the reasons).
        return Relation("same", score, [f"similarity {score:.2f}, {anchor}",
                                        *(f"reported differently: {m}" for m in mismatches),
                                        learned], **probs)  # fmt: skip
    if anchor and found.relation != "same":
        return Relation("same", score, [f"similarity {score:.2f}, {anchor}", learned], **probs)
    if found.relation == "same" and mismatches:  # never "same" beside a named difference
        rule = relate_by_rules(a, b, score, model_id=model_id)
        return Relation(rule.relation, score, [*rule.reasons, learned], **probs)
    if anchor:  # the model agrees; say why a reader can trust it
        return Relation("same", score, [f"similarity {score:.2f}, {anchor}", *found.reasons],
                        **probs)  # fmt: skip
    if found.relation == "conflicting" and other_things and not claimed:
        # Figures of different things, told on other days or by other sources: no conflict.
        return Relation("related", score, [other_things, *mismatches, learned], **probs)
    if found.relation != "conflicting" or mismatches:
        return found
    # A conflict with nothing named (no value, place, speaker, negation or polarity that
    # differs) is not shown as one: a conflicting variant is the same claim with something
    # different, and the model called close paraphrases and even identical claims
    # "conflicting". Nor is it "same": the model saw a difference ("visited Paris on Monday"
    # / "visited Berlin on Monday").
    agreed = agreeing_value(a, b)
    if agreed and agreed.split(":", 1)[0] in AGREEING_KINDS:
        return Relation("same", score, [agreed, "nothing named differs", learned], **probs)
    return Relation("related", score, [*([agreed] if agreed else []),
                                       "nothing named differs", learned], **probs)  # fmt: skip


#: Kinds of value whose agreement outweighs a learned conflict with nothing named that
#: differs (see the end of :func:`_with_value_evidence`).
AGREEING_KINDS = frozenset(["time"])


def _measure_clash(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Two readings of one measurement (magnitude, depth) or of a place's population below
    the anchored frame (``value_anchor.FIXED_QUANTITIES``): a conflict down to the retrieval
    bar, which the callers have checked."""
    if not value_anchor.MEASURE_FRAME_IS_RELATED_BAR:
        return None
    return conflicting_anchor(a, b, measures_only=True)


def agreeing_value(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """ "number: 5 in both" when the two claims give one value (of one kind, counting one
    thing) that agrees."""
    for x in a.values:
        for y in b.values:
            if _group(x) == _group(y) and _comparable(x, y) and _compatible(x, y):
                return f"{_group(x)}: {_show(x)} in both"
    return None


def relate_by_rules(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
    """The hand-set rules: thresholds of :mod:`.thresholds` on the cosine, then values.

    Below the model's ``related`` threshold -> "unrelated". Otherwise any value, place,
    speaker or negation mismatch makes a pair in the same frame (``score >= frame``)
    "conflicting"; a pair with no mismatch and ``score >= same`` (``same_cross`` across
    languages) is "same"; everything else is "related".
    """
    th = thresholds_for(model_id)
    if score < th.related:
        return Relation("unrelated", score, [f"similarity {score:.2f} < {th.related:.2f}"])
    conflicts = differences(a, b)
    if conflicts:
        anchored = conflicting_anchor(a, b) if score >= ANCHORED_FRAME else _measure_clash(a, b)
        if score >= th.frame or anchored:
            return Relation("conflicting", score, conflicts)
        # Too far apart to call one a changed copy of the other; keep the details anyway.
        return Relation(
            "related", score, [f"similarity {score:.2f} < frame {th.frame:.2f}", *conflicts]
        )
    same_bar = th.same if _lang(a.language) == _lang(b.language) else th.same_cross
    if score >= same_bar:
        return Relation("same", score, [f"similarity {score:.2f} >= {same_bar:.2f}"])
    anchor = shared_anchor(a, b) if score >= ANCHORED_SAME else None
    if anchor:  # the same distinctive figure for the same thing (value_anchor)
        return Relation("same", score, [f"similarity {score:.2f}, {anchor}"])
    return Relation("related", score, [f"similarity {score:.2f} < same {same_bar:.2f}"])


def differences(a: ClaimFacts, b: ClaimFacts) -> list[str]:
    """Human-readable mismatches between two claims (empty when compatible)."""
    claimed, reported = pair_differences(a, b)
    return claimed + reported


#: The last pair asked for (a, b, fact differences, report differences). One ``relate()``
#: needs them three times (features, the learned label's reasons, the value evidence);
#: matched by identity, as ClaimFacts do not change.
_last_pair: tuple[ClaimFacts, ClaimFacts, list[str], list[str]] | None = None


def pair_differences(a: ClaimFacts, b: ClaimFacts) -> tuple[list[str], list[str]]:
    """(:func:`fact_differences`, :func:`report_differences`) of ``a`` and ``b``, reused
    when the same two claims are asked for again in a row. Shared: do not change them."""
    global _last_pair
    last = _last_pair
    if last is not None and last[0] is a and last[1] is b:
        return last[2], last[3]
    claimed, reported = fact_differences(a, b), report_differences(a, b)
    _last_pair = (a, b, claimed, reported)
    return claimed, reported


def fact_differences(a: ClaimFacts, b: ClaimFacts) -> list[str]:
    """Mismatches in what is claimed: figures, years, ordinals, places, negation, polarity."""
    reasons = value_conflicts(a.values, b.values, skip=REPORT_KINDS)
    reasons += _place_conflicts(a, b)
    if a.negated != b.negated:
        reasons.append(
            "negation: a is negated, b is not" if a.negated else "negation: b is negated, a is not"
        )
    reasons += polarity_differences(a.text, b.text)
    return reasons


def report_differences(a: ClaimFacts, b: ClaimFacts) -> list[str]:
    """Mismatches that may only be in how a fact was reported: who said it and on what
    day. "The Red Crescent said on Thursday that 11,300 died" and "11,300 people were
    killed, OCHA said on Friday" report one death toll."""
    reasons = value_conflicts(a.values, b.values, only=REPORT_KINDS)
    speaker = _speaker_conflict(a, b)
    if speaker:
        reasons.append(speaker)
    return reasons


# ---------------------------------------------------------------------------- values
# ---------------------------------------------------------------- entities, speaker
def _lang(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def _entity_key(e: Mapping[str, Any]) -> str:
    return match_key(str(e.get("canonical") or e.get("text") or ""))


def _comparable_places(a: ClaimFacts, b: ClaimFacts) -> tuple[list[Any], list[Any]]:
    """Places of ``a`` and ``b`` that can be compared by name.

    Surface forms in two languages cannot be compared ("Russia" vs "روسيا"), so across
    languages only places with a canonical name take part.
    """
    pa = [e for e in a.entities if e.get("kind") == "place"]
    pb = [e for e in b.entities if e.get("kind") == "place"]
    if _lang(a.language) != _lang(b.language):
        pa = [e for e in pa if e.get("canonical")]
        pb = [e for e in pb if e.get("canonical")]
    return pa, pb


def _same_name(x: str, y: str) -> bool:
    return bool(x and y) and (x == y or x in y or y in x)


def _same_place(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    kx, ky = _entity_key(x), _entity_key(y)
    return _same_name(kx, ky) or CAPITAL_OF.get(kx) == ky or CAPITAL_OF.get(ky) == kx


def _place_conflicts(a: ClaimFacts, b: ClaimFacts) -> list[str]:
    """A place in ``a`` with no counterpart in ``b`` *and* one in ``b`` with none in ``a``."""
    pa, pb = _comparable_places(a, b)
    if not pa or not pb:
        return []
    only_a = [x for x in pa if not any(_same_place(x, y) for y in pb)]
    only_b = [y for y in pb if not any(_same_place(x, y) for x in pa)]
    if only_a and only_b:
        return [f"place: {only_a[0].get('text')} vs {only_b[0].get('text')}"]
    return []


def _speaker_is_person(facts: ClaimFacts) -> bool:
    """Is the speaker a named person of the claim? Generic sources ("the report",
    "agencies") say nothing about who made a claim, so they never make a conflict."""
    assert facts.speaker is not None
    key = match_key(facts.speaker)
    return any(
        e.get("kind") == "person"
        and any(
            _same_name(key, match_key(str(n))) for n in (e.get("canonical"), e.get("text")) if n
        )
        for e in facts.entities
    )


def _speaker_conflict(a: ClaimFacts, b: ClaimFacts) -> str | None:
    if not a.speaker or not b.speaker or _lang(a.language) != _lang(b.language):
        return None
    if not (_speaker_is_person(a) and _speaker_is_person(b)):
        return None
    if _same_name(match_key(a.speaker), match_key(b.speaker)):
        return None
    return f"speaker: {a.speaker} vs {b.speaker}"
