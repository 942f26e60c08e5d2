"""Dump every field of every claim the extraction stage finds, to compare two builds.

Run from the repository root:  python bench/dump_claims.py OUT.jsonl [--data DIR]

Used to check that a change meant to be output-neutral (a speed-up, a compiled build of the
stage's modules) is: dump before and after, then ``cmp`` the two files. One JSON line per
claim (every ``Claim`` field, keys sorted), preceded by a line per document with its claim
count; the ``claimtrack`` modules that ran from compiled extensions are listed on stderr, so a run
says which build it measured.

Documents: the gold extraction texts, the seed and a few own-words texts with odd Unicode
(in this repository), and, when ``--data``
points at the shared data folder, the crossarticle-dev articles, CheckThat! 2024 task 1
train sentences (single and grouped by five) and LIAR train statements. The corpus texts stay
where they are; only the dump (written outside the repository) holds claim text.
Both entry points are dumped: ``extract_claims_many`` in batches of 64 for every document,
and ``extract_claims`` one document at a time for every fifth document.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.evaluation.extraction import load_gold  # noqa: E402
from claimtrack.models import Article, Claim  # noqa: E402
from claimtrack.pipeline.extract import extract_claims, extract_claims_many  # noqa: E402

PUBLISHED = date(2023, 9, 13)
CT24 = "checkthat2024-task1-checkworthiness-ar-en"


def _gold() -> Iterator[Article]:
    for path in sorted((ROOT / "fixtures" / "gold" / "extract").glob("*.jsonl")):
        for doc in load_gold(path, root=ROOT):
            published = date.fromisoformat(doc["published"]) if doc.get("published") else None
            doc_id = f"{path.stem}/{doc['doc_id']}"
            yield Article(doc_id, doc["text"], doc["language"], published=published)


def _seeds() -> Iterator[Article]:
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        yield Article(f"seed/{path.name}", text, meta["lang"], published=PUBLISHED)


# Own-words texts with the characters whose case mapping or folding is context-dependent or
# expanding (Greek final sigma, dotted I, sharp s, ligatures), where a compiled str method
# could disagree with CPython's.
_ODD = (
    ("en", "The ΟΔΟΣ ΣΟΣ group said on Monday that 1,200 people were killed in ΑΘΗΝΑΣ."),
    ("en", "İSTANBUL mayor İmamoğlu said 35% of the STRAßE budget went to ﬁve ﬂood projects."),
    ("ar", "قال وزير الصحة ΣΟΣ إن ١٢٥٠ حالة سجلت في İzmir خلال شهر شباط/فبراير."),
    ("en", "Minister Σ said: “the toll rose to 11,300”; ΣΑΣ said ٣٠٠ were missing."),
)


def _odd() -> Iterator[Article]:
    for i, (language, text) in enumerate(_ODD):
        yield Article(f"odd/{i}", text, language, published=PUBLISHED)


def _crossarticle(data: Path) -> Iterator[Article]:
    for path in sorted((data / "crossarticle-dev").glob("*/articles/*.txt")):
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        yield Article(
            f"cross/{path.parent.parent.name}/{path.name}",
            path.read_text(encoding="utf-8"),
            meta["lang"],
            published=published,
        )


def _tsv_column(path: Path, column: str, limit: int) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row[column] for _, row in zip(range(limit), rows, strict=False)]


def _sentences(data: Path, per_language: int) -> Iterator[Article]:
    sources = (
        ("en", data / CT24 / "CT24_checkworthy_english_train.tsv", "Text"),
        ("ar", data / CT24 / "CT24_checkworthy_arabic_train.tsv", "tweet_text"),
    )
    for language, path, column in sources:
        texts = _tsv_column(path, column, per_language)
        half = len(texts) // 2
        for i, text in enumerate(texts[:half]):  # one sentence per document
            yield Article(f"ct24-{language}/{i}", text, language, published=PUBLISHED)
        for i in range(half, len(texts), 5):  # five sentences per document
            text = "\n".join(texts[i : i + 5])
            yield Article(f"ct24-{language}/g{i}", text, language, published=PUBLISHED)


def _liar(data: Path, limit: int) -> Iterator[Article]:
    path = data / "liar-politifact-en" / "train.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for i, row in zip(range(limit), rows, strict=False):
            yield Article(f"liar/{i}", row[2], "en", published=PUBLISHED)


def _claim_line(claim: Claim) -> str:
    fields = dataclasses.asdict(claim)
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=repr)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", help="dump file (JSONL), outside the repository")
    parser.add_argument("--data", type=Path, help="the shared data folder (/work/shared/data)")
    parser.add_argument("--sentences", type=int, default=3000, help="CT24 rows per language")
    parser.add_argument("--liar", type=int, default=1500, help="LIAR statements")
    args = parser.parse_args()
    articles = [*_gold(), *_seeds(), *_odd()]
    if args.data:
        articles += [*_crossarticle(args.data), *_sentences(args.data, args.sentences)]
        articles += _liar(args.data, args.liar)
    n_claims = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(0, len(articles), 64):
            batch = articles[i : i + 64]
            for article, claims in zip(batch, extract_claims_many(batch), strict=True):
                out.write(f"# many {article.article_id} {len(claims)}\n")
                out.writelines(_claim_line(c) + "\n" for c in claims)
                n_claims += len(claims)
        for article in articles[::5]:
            claims = extract_claims(article)
            out.write(f"# one {article.article_id} {len(claims)}\n")
            out.writelines(_claim_line(c) + "\n" for c in claims)
    print(f"{len(articles)} documents, {n_claims} claims (batched); dump in {args.out}")
    # After the run: the check-worthiness modules are imported on first use.
    compiled = sorted(
        name
        for name, module in sys.modules.items()
        if name.startswith("claimtrack") and str(getattr(module, "__file__", "")).endswith(".so")
    )
    print(f"compiled modules loaded: {len(compiled)}", file=sys.stderr)
    for name in compiled:
        print(f"  {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
