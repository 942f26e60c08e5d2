"""The fact-check library: import (all formats, bad rows), search, suggestions, confirm.

The embedding model (USE multilingual, offline) is loaded once per session.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.store import Store
from tests.conftest import FIXTURES, REPO

FACTCHECKS = FIXTURES / "factchecks"
ARABIC_SUBSET = FACTCHECKS / "arabic_claimreview_subset.json"
FULL_ARABIC = REPO.parent / "shared" / "data" / "arabic-claimreview-google-factcheck-2023-2025"
STATUS_LINE = "  {}: {}"

# Hand-written fact-checks about one seed claim ("Kim Jong Un is visiting Russia for the
# first time since 2019"): an Arabic paraphrase, an English translation, and a variant
# with a different year (which must be flagged conflicting, never suggested).
VISIT = [
    {"id": "fc-visit", "claim": "زعيم كوريا الشمالية كيم جونغ أون يزور روسيا لأول مرة منذ عام 2019",
     "rating": "صحيح", "url": "https://factcheck.example.org/visit", "language": "ar"},
    {"id": "fc-visit-en",
     "claim": "North Korean leader Kim Jong Un is visiting Russia for the first time since 2019.",
     "rating": "True", "url": "https://factcheck.example.org/visit-en", "language": "en"},
    {"id": "fc-visit-2011",
     "claim": "زعيم كوريا الشمالية كيم جونغ أون يزور روسيا لأول مرة منذ عام 2011",
     "rating": "زائف", "url": "https://factcheck.example.org/visit-2011", "language": "ar"},
]  # fmt: skip


@pytest.fixture(scope="session")
def embedder() -> object:
    from claimtrack.api.vectors import load_embedder

    return load_embedder("use-multilingual-v3")  # cached per process: the CLI reuses it


def _status_counts(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines():
        if line.startswith("  ") and ": " in line:
            key, value = line.strip().split(": ")
            counts[key] = int(value)
    return counts


def test_arabic_subset_maps_every_rating_and_reimport_is_a_noop(
    embedder, run_cli: Callable[..., Result], store: Store
) -> None:
    from claimtrack.api.workflow import vocabulary

    result = run_cli("factchecks", "import", str(ARABIC_SUBSET))
    assert result.exit_code == 0, result.output
    assert "Read 50 fact-check(s): 50 added, 0 updated, 0 unchanged; 0 failed." in result.stdout
    counts = _status_counts(result.stdout)
    assert sum(counts.values()) == 50 and set(counts) <= set(vocabulary().keys())
    with store.session() as session:
        rows = session.sql("SELECT rating, status, rating_rule FROM factchecks").to_dicts()
        vectors = session.scalar("SELECT count(*) FROM text_vectors")
        texts = session.scalar(
            "SELECT count(DISTINCT k) FROM (SELECT text_key AS k FROM factchecks"
            " UNION ALL SELECT title_key FROM factchecks)"
        )
    # 47 distinct claims in 50 reviews, plus each review title that differs from its claim
    assert len(rows) == 50 and vectors == texts and texts > 47
    assert all(r["rating"] and r["status"] in vocabulary() for r in rows)  # original kept
    assert {r["status"] for r in rows if r["rating_rule"] == "unknown"} <= {"unverifiable"}

    again = run_cli("factchecks", "import", str(ARABIC_SUBSET), "--no-embed")
    assert again.exit_code == 0
    assert "0 added, 0 updated, 50 unchanged" in again.stdout
    assert _status_counts(again.stdout) == counts


def test_bad_records_are_reported_with_their_row_and_the_rest_kept(
    embedder, run_cli: Callable[..., Result], store: Store
) -> None:
    result = run_cli("factchecks", "import", str(FACTCHECKS / "factchecks.jsonl"),
                     str(FACTCHECKS / "factchecks.csv"), "--no-embed")  # fmt: skip
    assert result.exit_code == 1
    assert "factchecks.jsonl#row 2: missing field 'claim'" in result.stderr
    assert "14/09/2023" not in result.stderr  # a day-first date is read, not rejected
    assert "1 failed" in result.stdout
    with store.session() as session:
        assert session.scalar("SELECT count(*) FROM factchecks") == 6
        assert session.scalar("SELECT published FROM factchecks WHERE factcheck_id = 'fc-003'")


def test_all_import_formats(embedder, run_cli: Callable[..., Result], store: Store) -> None:
    files = ["claimreview_single.jsonld", "claimreview_graph.jsonld", "factcheck_page.html"]
    result = run_cli("factchecks", "import", *[str(FACTCHECKS / f) for f in files],
                     "--publisher", "Desk X")  # fmt: skip
    with store.session() as session:
        publishers = session.sql("SELECT DISTINCT publisher FROM factchecks")["publisher"]
        assert session.scalar("SELECT count(*) FROM factchecks") >= 4
    assert publishers.to_list() == ["Desk X"]
    assert "bad record" in result.stderr  # the page's broken JSON-LD block, by name
    assert result.exit_code == 1


def test_search_finds_paraphrase_and_answers_query_files(
    embedder, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    run_cli("factchecks", "import", str(FACTCHECKS / "factchecks.jsonl"),
            str(FACTCHECKS / "factchecks.csv"), str(ARABIC_SUBSET))  # fmt: skip
    result = run_cli("factchecks", "search", "Kim Jong Un travelled to Russia by armoured train",
                     "--format", "json", "--top-k", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits[0]["factcheck_id"] == "fc-101" and hits[0]["relation"] == "same"
    assert list(hits[0]) == [
        "factcheck_id", "score", "relation", "claim", "rating", "status", "url", "publisher",
        "date", "language", "similarity", "title",
    ]  # fmt: skip
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)

    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "Putin and Kim met at Vostochny on 13 September 2023"})
        + "\n\n"
        + json.dumps({"id": 2, "text": "كيم جونغ أون وصل إلى روسيا بقطار مدرع"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    lines = run_cli("factchecks", "search", "--queries", str(queries), "--top-k", "2",
                    "--format", "jsonl").stdout  # fmt: skip
    out = [json.loads(line) for line in lines.splitlines()]
    document = run_cli("factchecks", "search", "--queries", str(queries), "--top-k", "2",
                       "--format", "json").stdout  # fmt: skip
    assert json.loads(document) == out  # json: the same records as one array
    assert [o["id"] for o in out] == ["q1", 2]
    assert out[0]["results"][0]["factcheck_id"] == "fc-001"
    assert "fc-101" in [r["factcheck_id"] for r in out[1]["results"]]  # Arabic query, English check

    usage = run_cli("factchecks", "search", "x", "--queries", str(queries))
    assert usage.exit_code == 2


def test_arabic_query_finds_the_english_factcheck_first(
    embedder, run_cli: Callable[..., Result]
) -> None:
    run_cli("factchecks", "import", str(FACTCHECKS / "factchecks.jsonl"),
            str(FACTCHECKS / "factchecks.csv"), str(ARABIC_SUBSET))  # fmt: skip
    result = run_cli("factchecks", "search", "كيم جونغ أون وصل إلى روسيا بقطار مدرع",
                     "--format", "json", "--top-k", "2")  # fmt: skip
    assert json.loads(result.stdout)[0]["factcheck_id"] == "fc-101"


def test_suggestions_are_flagged_and_confirmed_by_an_analyst(
    embedder, run_cli: Callable[..., Result], seeded_db: Path, db_path: Path, tmp_path: Path
) -> None:
    from claimtrack.api.claims import list_claims

    shutil.copy(seeded_db, db_path)
    library = tmp_path / "visit.jsonl"
    library.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in VISIT), "utf-8")
    assert run_cli("factchecks", "import", str(library)).exit_code == 0
    result = run_cli("factchecks", "suggest")
    assert result.exit_code == 0, result.output
    assert _status_counts(result.stdout)["true"] == 2  # the paraphrase and the translation

    # The seed article this library is about: only its 2019 claim is flagged, not from 2011.
    # (The Wikipedia seeds' claims are left to test_no_wrong_suggestion_on_the_other_seeds.)
    claims = list_claims(Store(db_path)).to_dicts()
    flagged = [c for c in claims if c["suggested_status"] and c["source"] == "Al Mayadeen"]
    assert len(flagged) == 1 and "2019" in flagged[0]["text"]
    claim = flagged[0]
    # Best suggestion by the re-ranker's relevance: this claim is Arabic, so the Arabic
    # paraphrase (words and meaning agree, cosine 0.94) before the English translation
    # (meaning only, 0.86). The logistic re-ranker had the translation first.
    assert claim["language"] == "ar"
    assert claim["suggested_factcheck"] == "fc-visit" and claim["status"] == "unreviewed"
    queue = json.loads(run_cli("queue", "--format", "json").stdout)
    assert {q["claim_id"]: q["suggested_status"] for q in queue}[claim["claim_id"]] == "true"

    search = run_cli("factchecks", "search", "--claim", claim["claim_id"], "--format", "json")
    relations = {h["factcheck_id"]: h["relation"] for h in json.loads(search.stdout)}
    assert relations["fc-visit-2011"] == "conflicting"

    confirm = run_cli("verdict", claim["claim_id"], "--from-factcheck", "fc-visit")
    assert confirm.exit_code == 0, confirm.output
    history = json.loads(run_cli("history", claim["claim_id"], "--format", "json").stdout)
    first = history[0]
    assert (first["action"], first["factcheck_id"], first["to_status"]) == (
        "verdict", "fc-visit", "true")  # fmt: skip
    assert history[1]["evidence_url"] == "https://factcheck.example.org/visit"
    missing = run_cli("verdict", claim["claim_id"], "--from-factcheck", "fc-nope")
    assert missing.exit_code == 1 and "fc-nope" in missing.output


@pytest.mark.slow
@pytest.mark.skipif(not FULL_ARABIC.is_dir(), reason="shared Arabic ClaimReview data absent")
def test_full_arabic_claimreview_import(run_cli: Callable[..., Result], store: Store) -> None:
    result = run_cli("factchecks", "import", str(FULL_ARABIC / "unique_claim_reviews.json"),
                     "--format", "google", "--no-embed")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    counts = _status_counts(result.stdout)
    with store.session() as session:
        row = session.sql(
            "SELECT count(*) AS n, count(DISTINCT claim) AS claims,"
            " list(DISTINCT status) FILTER (WHERE rating_rule = 'unknown') AS unknown"
            " FROM factchecks"
        ).row(0)
    stored, claims, unknown = row[0], row[1], row[2] or []
    assert sum(counts.values()) == stored
    # 1,274 claims; some were reviewed by several fact-checkers (one record per review).
    assert claims == 1_274 and stored >= claims
    assert set(unknown) <= {"unverifiable"}


def test_empty_library_and_unknown_claim(embedder, run_cli: Callable[..., Result]) -> None:
    result = run_cli("factchecks", "search", "Kim arrived by train", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    missing = run_cli("factchecks", "search", "--claim", "no-such-claim")
    assert missing.exit_code == 1 and "no-such-claim" in missing.output


def test_eval_factchecks_on_a_tiny_checkthat_folder(
    embedder, run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    docs = {
        "vc1": "Kim Jong Un arrived in Russia on an armoured train.",
        "vc2": "The Eiffel Tower was sold for scrap metal in 1925.",
        "vc3": "Drinking hot water cures the flu.",
    }
    tweets = {
        "t1": "so kim jong un took an armoured train all the way to russia?!",
        "t2": "Someone just told me hot water cures the flu lol",
    }
    (tmp_path / "verified_claims.docs.tsv").write_text(
        "vclaim_id\tvclaim\ttitle\n" + "".join(f"{k}\t{v}\tt\n" for k, v in docs.items()), "utf-8"
    )
    (tmp_path / "dev.tweets.queries.tsv").write_text(
        "tweet_id\ttweet_content\n" + "".join(f"{k}\t{v}\n" for k, v in tweets.items()), "utf-8"
    )
    (tmp_path / "dev.tweet-vclaim-pairs.qrels").write_text("t1 0 vc1 1\nt2 0 vc3 1\n", "utf-8")
    result = run_cli("eval", "factchecks", "--data", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["queries"], figures["library"]) == (2, 3)
    assert figures["map@1"] == figures["map@5"] == figures["recall@5"] == 1.0


@pytest.mark.xfail(
    strict=True,
    reason="matching: with one-fact claims (extractor rules-ar-en-4) the Wikipedia seed's "
    "claim 'Kim arrived in the North Korean leaders' train in Khasan, Primorsky Krai, Russia "
    "on 12 September' is suggested 'false' from fc-visit-2011 ('first visit since 2011', "
    "score 0.60): a different fact. Remove this marker when suggestions stop doing that.",
)
def test_no_wrong_suggestion_on_the_other_seeds(
    embedder, run_cli: Callable[..., Result], seeded_db: Path, db_path: Path, tmp_path: Path
) -> None:
    shutil.copy(seeded_db, db_path)
    library = tmp_path / "visit.jsonl"
    library.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in VISIT), "utf-8")
    assert run_cli("factchecks", "import", str(library)).exit_code == 0
    result = run_cli("factchecks", "suggest")
    assert "2 suggestion(s)" in result.stdout  # the paraphrase and the translation, not 2011
