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
- crossarticle-dev **derna-floods-2023**, as claims (only with ``train_relation.py
  --with-claim-pairs``; tried, not shipped, see BENCHMARKS.md): the event's
  articles run through claimtrack's own extractor, and each claim labelled by the gold
  mentions it covers (the scorer's rule: it overlaps at least half of the mention). The
  pairs ``cluster`` weighs -- each claim and its :data:`CLAIM_NEIGHBOURS` nearest claims of
  other articles by the encoder's cosine -- get the label their facts give: one and the
  same fact, both as ``same`` mentions -> same; that fact, one side a ``conflicting``
  mention -> conflicting; facts with nothing in common (nor ``related`` in the gold) ->
  related. Claims that cover no mention, or facts that only partly overlap, give no pair.
  Gold mentions are phrases; extracted claims often carry more than their fact ("2,122
  killed when a magnitude-7 quake hit"), and this is the pair the clusterer sees.
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
from datetime import date
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


#: Nearest claims of other articles paired with each claim (``cluster`` asks about 10).
CLAIM_NEIGHBOURS = 10


def derna_claim_pairs(model_id: str | None = None) -> list[dict[str, Any]]:
    """Pairs of claimtrack's own claims of derna-floods-2023, labelled by the gold facts
    they cover (module docstring)."""
    import numpy as np

    from claimtrack.api.vectors import load_embedder
    from claimtrack.evaluation.embed_cache import EmbeddingCache
    from claimtrack.models import Article
    from claimtrack.pipeline.extract import extract_claims_many

    facts = [json.loads(x) for x in (DERNA / "facts.jsonl").read_text("utf-8").splitlines() if x]
    linked = {(f["fact_id"], r) for f in facts for r in f.get("related", [])}
    linked |= {(b, a) for a, b in linked}
    names = sorted(p.name for p in (DERNA / "articles").glob("*.txt"))
    articles = []
    for name in names:
        path = DERNA / "articles" / name
        meta = json.loads(path.with_name(name + ".meta.json").read_text("utf-8"))
        published = meta.get("published")
        articles.append(Article(
            article_id=name, text=path.read_text("utf-8"), language=meta.get("lang") or name[4:6],
            published=date.fromisoformat(published) if published else None,
        ))  # fmt: skip
    claims = [c for found in extract_claims_many(articles) for c in found]
    text_of = {a.article_id: a.text for a in articles}
    lang_of = {a.article_id: a.language for a in articles}
    # gold facts (and how each is told) a claim covers
    told: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for f in facts:
        for m in f["mentions"]:
            at = text_of[m["article"]].find(m["text"])
            end = at + len(m["text"])
            for i, c in enumerate(claims):
                overlap = min(end, c.char_end) - max(at, c.char_start)
                if c.article_id == m["article"] and overlap >= 0.5 * len(m["text"]):
                    told[i][f["fact_id"]].add(m["relation"])
    labelled = sorted(told)
    embedder = load_embedder(model_id)
    vectors = EmbeddingCache(embedder.model_id).encode(
        [claims[i].text for i in labelled], lambda t: embedder.encode(t, kind="query")
    )
    cos = vectors @ vectors.T
    out, seen = [], set()
    for row, i in enumerate(labelled):
        order = [int(j) for j in np.argsort(-cos[row], kind="stable")]
        near = [j for j in order if claims[labelled[j]].article_id != claims[i].article_id]
        for col in near[:CLAIM_NEIGHBOURS]:
            j = labelled[col]
            pair = (min(i, j), max(i, j))
            if pair in seen:
                continue
            seen.add(pair)
            label = _claim_label(told[i], told[j], linked)
            if label is None:
                continue
            a, b = claims[pair[0]], claims[pair[1]]
            group = "+".join(sorted({*told[pair[0]], *told[pair[1]]}))
            out.append(_pair(a.text, b.text, lang_of[a.article_id], lang_of[b.article_id],
                             label, "derna_claims", group))  # fmt: skip
    return out


def _claim_label(
    x: dict[str, set[str]], y: dict[str, set[str]], linked: set[tuple[str, str]]
) -> str | None:
    if set(x) == set(y) and len(x) == 1:
        (fact,) = x
        kinds = x[fact] | y[fact]
        if x[fact] == {"same"} and y[fact] == {"same"}:
            return "same"
        if kinds == {"same", "conflicting"} and len(x[fact]) == len(y[fact]) == 1:
            return "conflicting"
        return None
    if set(x) & set(y) or any((f, g) in linked for f in x for g in y):
        return None
    return "related"


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


def build(claim_pairs: bool = False) -> list[dict[str, Any]]:
    extra = derna_claim_pairs() if claim_pairs else []
    return ans_pairs() + checkthat_pairs() + derna_pairs() + extra + near_miss_pairs()


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
