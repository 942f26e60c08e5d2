"""Labelled claim pairs for the relation model, from TRAINING splits only.

    .venv/bin/python bench/relation_data.py [--out FILE.jsonl]

Sources (each record: a, b, lang_a, lang_b, label in same|conflicting|related, source,
group -- the CV group, so pairs sharing a text never sit on both sides of a fold):

- ANS stance **train** (Khouja 2020): agree -> same, disagree -> conflicting (a corrupted
  copy of the same headline: same frame, a fact changed), other -> related.
- CheckThat! 2020 Task 2 **train**: tweet <-> its verified claim -> same; the two best
  BM25 verified claims that are not its own -> related (hard negatives).
- crossarticle-dev **derna-floods-2023 only** (morocco-earthquake-2023 is the dev event
  and never read here): same x same mentions of one fact in different articles -> same,
  same x conflicting -> conflicting, mentions of different facts and the distractor
  pairs -> related. The text is read from ../shared at training time and never written
  into the repository (the default output goes to the cache folder, not the tree).
- fixtures/near_miss: its same/conflicting pairs, plus ``a`` sides of different
  groups -> related.

FactCheckTweet train is not used (its queries are tweets about 86k fact-checks; the
CheckThat! pairs already cover tweet <-> claim).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.evaluation.embed_cache import cache_dir  # noqa: E402
from claimtrack.evaluation.matching import DATA, NEAR_MISS, load_checkthat2020  # noqa: E402

ANS = DATA / "ans-arabic-news-stance-train-dev" / "stance"
DERNA = DATA / "crossarticle-dev" / "derna-floods-2023"
ANS_LABELS = {"agree": "same", "disagree": "conflicting", "other": "related"}


def _pair(a: str, b: str, la: str, lb: str, label: str, source: str, group: str) -> dict:
    return {"a": a, "b": b, "lang_a": la, "lang_b": lb, "label": label,
            "source": source, "group": f"{source}:{group}"}  # fmt: skip


def ans_pairs(split: str = "train") -> list[dict[str, Any]]:
    with (ANS / f"{split}.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [_pair(r["s1"], r["s2"], "ar", "ar", ANS_LABELS[r["stance"]], "ans", r["s1"])
            for r in rows if r.get("stance") in ANS_LABELS]  # fmt: skip


def checkthat_pairs(negatives: int = 2) -> list[dict[str, Any]]:
    from claimtrack.pairs.features import stems

    queries, docs, qrels = load_checkthat2020(split="train")
    doc_terms = {d: set(stems(t, "en")) for d, t in docs.items()}
    df = Counter(t for terms in doc_terms.values() for t in terms)
    n = len(docs)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    for d, terms in doc_terms.items():
        for t in terms:
            postings[t].append(d)
    out = []
    for qid, relevant in sorted(qrels.items()):
        text = queries.get(qid)
        if not text:
            continue
        scores: Counter[str] = Counter()
        for t in set(stems(text, "en")):
            for d in postings.get(t, ()):
                scores[d] += idf[t]
        for d in relevant:
            out.append(_pair(text, docs[d], "en", "en", "same", "checkthat", qid))
        hard = [d for d, _ in scores.most_common(negatives + len(relevant)) if d not in relevant]
        out += [_pair(text, docs[d], "en", "en", "related", "checkthat", qid)
                for d in hard[:negatives]]  # fmt: skip
    return out


def derna_pairs(seed: int = 7) -> list[dict[str, Any]]:
    facts = [json.loads(x) for x in (DERNA / "facts.jsonl").read_text("utf-8").splitlines() if x]
    lang = lambda m: m["article"].split("_")[1][:2]  # noqa: E731
    out = []
    for f in facts:
        for m1, m2 in combinations(f["mentions"], 2):
            if m1["article"] == m2["article"]:
                continue
            kinds = {m1["relation"], m2["relation"]}
            if kinds == {"same"}:
                label = "same"
            elif kinds == {"same", "conflicting"}:
                label = "conflicting"
            else:
                continue  # two conflicting mentions may or may not agree with each other
            out.append(_pair(m1["text"], m2["text"], lang(m1), lang(m2), label, "derna",
                             f["fact_id"]))  # fmt: skip
    rng = random.Random(seed)
    for f, g in combinations(facts, 2):
        ms = [(m1, m2) for m1 in f["mentions"] for m2 in g["mentions"]
              if m1["article"] != m2["article"]]  # fmt: skip
        for m1, m2 in rng.sample(ms, min(2, len(ms))):
            out.append(_pair(m1["text"], m2["text"], lang(m1), lang(m2), "related", "derna",
                             f"{f['fact_id']}-{g['fact_id']}"))  # fmt: skip
    for i, line in enumerate((DERNA / "distractors.jsonl").read_text("utf-8").splitlines()):
        d = json.loads(line)
        a, b = d["a"], d["b"]
        out.append(_pair(a["text"], b["text"], lang(a), lang(b), "related", "derna",
                         f"distractor{i}"))  # fmt: skip
    return out


def near_miss_pairs(seed: int = 7) -> list[dict[str, Any]]:
    rows = [json.loads(x) for x in NEAR_MISS.read_text("utf-8").splitlines() if x.strip()]
    out = [_pair(r["a"], r["b"], r["lang_a"], r["lang_b"], r["label"], "near_miss", r["group"])
           for r in rows if r["label"] in ("same", "conflicting")]  # fmt: skip
    firsts = {r["group"]: r for r in rows}
    rng = random.Random(seed)
    groups = sorted(firsts)
    for g, h in rng.sample(list(combinations(groups, 2)), min(40, len(groups) * 2)):
        a, b = firsts[g], firsts[h]
        out.append(_pair(a["a"], b["b"], a["lang_a"], b["lang_b"], "related", "near_miss",
                         f"{g}-{h}"))  # fmt: skip
    return out


def build() -> list[dict[str, Any]]:
    return ans_pairs() + checkthat_pairs() + derna_pairs() + near_miss_pairs()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=cache_dir() / "relation" / "train_pairs.jsonl")
    args = parser.parse_args()
    pairs = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    counts = Counter((p["source"], p["label"]) for p in pairs)
    for (source, label), n in sorted(counts.items()):
        print(f"{source:<10} {label:<12} {n}")
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
