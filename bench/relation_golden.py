"""Write (or check) the relation step's answers on fixture pairs, to prove a speed-up
changed nothing: label, reasons, probabilities and the feature row of each pair.

    .venv/bin/python bench/relation_golden.py write   # once, on the code before a change
    .venv/bin/python bench/relation_golden.py check   # after: exit 1 on any difference

Pairs: fixtures/relation + fixtures/near_miss as written, plus each claim against a claim
of another row (English, Arabic, across the two), at several cosines around the
thresholds. The answers go to fixtures/relation/golden_relate.jsonl
(``tests/unit/test_relation_cache.py`` checks them too).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.embedding.relation import ClaimFacts, relate  # noqa: E402
from claimtrack.pairs.features import FEATURE_NAMES, pair_features  # noqa: E402
from claimtrack.pipeline.extract import analyse_text  # noqa: E402

MODEL = "use-multilingual-v3"
GOLDEN = REPO / "fixtures" / "relation" / "golden_relate.jsonl"
COSINES = (0.2, 0.38, 0.5, 0.62, 0.7, 0.8, 0.95)
FEATURES_AT = 0.62


def fixture_pairs() -> list[tuple[str, str, str, str]]:
    """(a, lang_a, b, lang_b): the fixture pairs, then each ``a`` against a ``b`` 7 rows on."""
    rows = []
    for name in ("fixtures/relation/pairs.jsonl", "fixtures/near_miss/near_miss.jsonl"):
        rows += [json.loads(x) for x in (REPO / name).read_text("utf-8").splitlines() if x]
    pairs = [(r["a"], r["lang_a"], r["b"], r["lang_b"]) for r in rows]
    for i, r in enumerate(rows):
        other = rows[(i + 7) % len(rows)]
        pairs.append((r["a"], r["lang_a"], other["b"], other["lang_b"]))
    return pairs


def facts_of(text: str, lang: str) -> ClaimFacts:
    return ClaimFacts.from_analysis(text, lang, analyse_text(text, lang))


def answer(a: ClaimFacts, b: ClaimFacts, cosine: float) -> dict[str, Any]:
    """What ``relate`` says about one pair at one cosine."""
    r = relate(a, b, cosine, model_id=MODEL)
    return {"cosine": cosine, "relation": r.relation, "reasons": r.reasons, "p_same": r.p_same,
            "p_conflicting": r.p_conflicting, "p_related": r.p_related}  # fmt: skip


def answers() -> list[dict[str, Any]]:
    """Per pair: the answers at each cosine, and the non-zero features (at cosine 0.62)."""
    out = []
    for a_text, lang_a, b_text, lang_b in fixture_pairs():
        a, b = facts_of(a_text, lang_a), facts_of(b_text, lang_b)
        row = pair_features(a, b, FEATURES_AT).tolist()
        features = {n: v for n, v in zip(FEATURE_NAMES, row, strict=True) if v}
        out.append({"a": a_text, "lang_a": lang_a, "b": b_text, "lang_b": lang_b,
                    "answers": [answer(a, b, cosine) for cosine in COSINES],
                    "features": features})  # fmt: skip
    return out


def same_answers(expected: Any, found: Any, tol: float = 1e-9) -> bool:
    """Equal, floats to ``tol``: a feature summed over a set (``idf_overlap``) changes in
    the last bits with the string hash seed, on any code."""
    if isinstance(expected, float) and isinstance(found, float):
        return abs(expected - found) <= tol
    if isinstance(expected, dict) and isinstance(found, dict):
        return expected.keys() == found.keys() and all(
            same_answers(expected[k], found[k], tol) for k in expected
        )
    if isinstance(expected, list) and isinstance(found, list):
        return len(expected) == len(found) and all(
            same_answers(x, y, tol) for x, y in zip(expected, found, strict=True)
        )
    return bool(expected == found)


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    found = answers()
    if mode == "write":
        GOLDEN.write_text(
            "\n".join(json.dumps(x, ensure_ascii=False) for x in found) + "\n", "utf-8"
        )
        print(f"{len(found)} pairs written to {GOLDEN.relative_to(REPO)}")
        return
    expected = [json.loads(x) for x in GOLDEN.read_text("utf-8").splitlines() if x]
    bad = [(e, f) for e, f in zip(expected, found, strict=True) if not same_answers(e, f)]
    print(f"{len(found)} pairs x {len(COSINES)} cosines, {len(bad)} pairs differ")
    for e, f in bad[:3]:
        print(
            json.dumps(e, ensure_ascii=False)[:600], "\n->", json.dumps(f, ensure_ascii=False)[:600]
        )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
