"""The cluster speed-up changed no answer: per-claim caches, stem-indexed antonym poles,
a pair's differences worked out once, the vectorised top k, batched group writes."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimtrack.embedding.block_top import top_k_rows
from claimtrack.embedding.relation import ClaimFacts, relate
from claimtrack.pairs import polarity
from claimtrack.pairs.features import FEATURE_NAMES, pair_features, stems
from claimtrack.pipeline.extract import analyse_text
from claimtrack.store import Store
from claimtrack.store import groups as group_rows

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "fixtures" / "relation" / "golden_relate.jsonl"
MODEL = "use-multilingual-v3"


def _golden() -> list[dict[str, Any]]:
    return [json.loads(x) for x in GOLDEN.read_text("utf-8").splitlines() if x]


def _facts(text: str, lang: str) -> ClaimFacts:
    return ClaimFacts.from_analysis(text, lang, analyse_text(text, lang))


def _close(x: float | None, y: float | None) -> bool:
    return x == y or (x is not None and y is not None and math.isclose(x, y, abs_tol=1e-9))


def _check(pair: dict[str, Any], a: ClaimFacts, b: ClaimFacts) -> None:
    for want in pair["answers"]:
        got = relate(a, b, want["cosine"], model_id=MODEL)
        where = f"{pair['a']!r} / {pair['b']!r} at {want['cosine']}"
        assert got.relation == want["relation"], where
        assert got.reasons == want["reasons"], where
        for p in ("p_same", "p_conflicting", "p_related"):
            assert _close(getattr(got, p), want[p]), (where, p)
    row = dict(zip(FEATURE_NAMES, pair_features(a, b, 0.62).tolist(), strict=True))
    assert {n for n, v in row.items() if v} == set(pair["features"])
    for name, value in pair["features"].items():
        assert math.isclose(row[name], value, rel_tol=1e-9, abs_tol=1e-12), name


def test_golden_pairs_get_the_answers_of_the_code_before_the_speed_up() -> None:
    """176 pairs (English, Arabic, across the two; numbers, dates, ordinals, negation,
    polarity, places), 7 cosines each: label, reasons, probabilities and features as
    written by ``bench/relation_golden.py write`` on commit a0cc5ee, re-written when the
    learned stages began to see each pair both ways round (eighth session: no label
    changed, probabilities moved by at most 0.044)."""
    pairs = _golden()
    assert len(pairs) >= 150
    kinds = {(p["lang_a"], p["lang_b"]) for p in pairs}
    assert {("en", "en"), ("ar", "ar"), ("ar", "en")} <= kinds
    labels = {a["relation"] for p in pairs for a in p["answers"]}
    assert labels == {"same", "conflicting", "related", "unrelated"}
    for pair in pairs:
        _check(pair, _facts(pair["a"], pair["lang_a"]), _facts(pair["b"], pair["lang_b"]))


def test_warm_caches_give_the_answers_of_fresh_claims() -> None:
    """A claim that already met many others (its ``memo`` filled, as in ``cluster``)
    answers each pair as a fresh claim does."""
    pairs = _golden()[:60]
    shared: dict[tuple[str, str], ClaimFacts] = {}

    def facts(text: str, lang: str) -> ClaimFacts:
        if (text, lang) not in shared:
            shared[(text, lang)] = _facts(text, lang)
        return shared[(text, lang)]

    everyone = [facts(p["a"], p["lang_a"]) for p in pairs] + [
        facts(p["b"], p["lang_b"]) for p in pairs
    ]
    for x in everyone[::7]:  # warm every claim's memo against others, both ways round
        for y in everyone[::5]:
            relate(x, y, 0.7, model_id=MODEL)
            relate(y, x, 0.45, model_id=MODEL)
    assert all(f.memo for f in everyone[::5])
    for pair in pairs:
        _check(pair, facts(pair["a"], pair["lang_a"]), facts(pair["b"], pair["lang_b"]))


def _poles_by_trying_every_entry(words: set[str]) -> frozenset[int]:
    found = set()
    for n, pair in enumerate(polarity.ANTONYMS):
        for side, pole in enumerate(pair):
            if any(polarity._match(s, p) for s in words for p in pole):
                found.add(2 * n + side)
    return frozenset(found)


def test_stem_poles_equal_trying_every_entry() -> None:
    words = {"", "ي", "ت", "ن", "rose", "fall", "declin", "up", "upper"}
    for pair in _golden()[:80]:
        words |= set(stems(pair["a"], pair["lang_a"])) | set(stems(pair["b"], pair["lang_b"]))
    for pair in polarity.ANTONYMS:
        for pole in pair:
            for e in pole:  # the entry, longer, shorter, behind ي/ت/ن, and a cut-off prefix
                words |= {e, e + "x", "ي" + e, "ت" + e + "ه", "ن" + e[:3], e[:-1], e[:3]}
    assert len(words) > 500
    for word in words:
        assert polarity.stem_poles(word) == _poles_by_trying_every_entry({word}), word
    sample = frozenset(list(words)[:40])
    assert polarity.poles(sample) == _poles_by_trying_every_entry(set(sample))


def _top_k_by_argpartition(scores: np.ndarray, k: int) -> np.ndarray:
    if k >= scores.shape[0]:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


@pytest.mark.parametrize(
    ("rows", "cols", "k"), [(50, 20_000, 10), (9, 5_121, 3), (4, 700, 10), (3, 8, 20), (5, 600, 1)]
)
def test_block_top_k_equals_argpartition_per_row(rows: int, cols: int, k: int) -> None:
    rng = np.random.default_rng(rows * cols + k)
    scores = rng.standard_normal((rows, cols)).astype(np.float32)
    scores[0, 100 % cols] = scores[0].max() + 1  # one clear winner
    found = top_k_rows(scores, k)
    assert len(found) == rows
    for row, best in zip(scores, found, strict=True):
        assert best.tolist() == _top_k_by_argpartition(row, k).tolist()


@pytest.mark.parametrize(("rows", "cols", "k"), [(20, 20_000, 10), (7, 6_000, 5)])
def test_block_top_k_with_many_ties_takes_lower_columns_first(rows: int, cols: int, k: int) -> None:
    """Scores rounded to two decimals: many chunks share the floor; the answer is still the
    stable order (score descending, lower column first) over the whole row."""
    rng = np.random.default_rng(rows + cols)
    scores = np.round(rng.standard_normal((rows, cols)) * 0.2, 2).astype(np.float32)
    for row, best in zip(scores, top_k_rows(scores, k), strict=True):
        assert best.tolist() == np.argsort(-row, kind="stable")[:k].tolist()


def test_batched_group_rows_and_moves(store: Store) -> None:
    """Groups inserted in one statement; each merge's members end in its final group."""
    store.ensure_ready(create=True)
    with store.session() as session:
        ids = [group_rows.new_group_id() for _ in range(3)]
        group_rows.add_groups(session, ids, MODEL, "r1")
        a, b, c = ids
        members = [group_rows.Membership(f"c{i}", g, "same", "auto", 0.9)
                   for i, g in enumerate([a, a, b, c])]  # fmt: skip
        group_rows.add_members(session, members, "r1")
        group_rows.move_groups(session, {a: c, b: c}, "r2")
        rows = session.sql("SELECT claim_id, group_id, run_id FROM group_members ORDER BY 1")
        made = session.scalar("SELECT count(*) FROM claim_groups WHERE run_id = 'r1'")
    assert made == 3
    assert rows["group_id"].to_list() == [c, c, c, c]
    assert rows["run_id"].to_list() == ["r2", "r2", "r2", "r1"]
