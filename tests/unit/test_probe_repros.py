"""Regression tests for the probe of issue 12 (table rows 2, 5, 6, 9-14 and the "also"
list); each failed on main. Rows 1, 3, 4 are in test_output_files / test_untrusted_output,
7 and 8 in test_extract_windows and the benches, 15 in tests/integration/test_recovery.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.store import Store
from tests.conftest import SEED_ARTICLE, seed_claim_count

Run = Callable[..., Result]
ORG = ("--org-name", "Desk", "--org-url", "https://desk.example")
ENGLISH = "The minister said 40 percent of the budget was spent on roads in 2023.\n"


def _claims(run_cli: Run) -> list[dict]:
    return json.loads(run_cli("claims", "--format", "json").stdout)


@pytest.fixture
def seeded_cli(run_cli: Run) -> Run:
    assert run_cli("ingest", str(SEED_ARTICLE)).exit_code == 0
    assert run_cli("extract").exit_code == 0
    return run_cli


# ---------------------------------------------------------------------------- row 2
def test_ingest_empty_path_is_a_usage_error(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here.txt").write_text(ENGLISH)
    monkeypatch.chdir(tmp_path)
    result = run_cli("ingest", "")
    assert result.exit_code == 2 and "empty path" in result.stderr
    assert "Ingested" not in result.output  # main: ingested the current folder


# ---------------------------------------------------------------------------- row 5
def test_same_factcheck_id_from_two_publishers_keeps_both(
    run_cli: Run, store: Store, tmp_path: Path
) -> None:
    header = "id,claim,rating,url,publisher\n"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(header + "17,The sky is green,False,https://a.example/17,Desk A\n")
    b.write_text(header + "17,Water is dry,Misleading,https://b.example/17,Desk B\n")
    assert run_cli("factchecks", "import", str(a), "--no-embed").exit_code == 0
    result = run_cli("factchecks", "import", str(b), "--no-embed")
    assert result.exit_code == 0 and "1 added" in result.stdout  # main: "1 updated"
    assert "stored as '17@Desk B'" in result.stderr
    with store.session() as session:
        rows = session.sql("SELECT factcheck_id, claim FROM factchecks ORDER BY 1").rows()
    assert rows == [("17", "The sky is green"), ("17@Desk B", "Water is dry")]
    # Re-importing either file changes nothing; both in one call too.
    again = run_cli("factchecks", "import", str(b), str(a), "--no-embed")
    assert "0 added, 0 updated, 2 unchanged" in again.stdout


def test_same_id_twice_in_one_file_with_other_content_is_reported(
    run_cli: Run, tmp_path: Path
) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,claim,rating,publisher\n5,One claim,False,D\n5,Another claim,True,D\n")
    result = run_cli("factchecks", "import", str(path), "--no-embed")
    assert result.exit_code == 1 and "row 3" in result.stderr and "repeats row 2" in result.stderr


# ---------------------------------------------------------------------------- row 6
def test_csv_with_a_huge_field_keeps_every_row(run_cli: Run, store: Store, tmp_path: Path) -> None:
    big = "The ministry said 3,000 people were evacuated. " * 22_000  # > 1,000,000 characters
    path = tmp_path / "articles.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "lang"])
        writer.writerow(["First good article about the budget.", "en"])
        writer.writerow([big, "en"])
        writer.writerow(["Last good article about the roads.", "en"])
    result = run_cli("ingest", str(path))
    assert result.exit_code == 0, result.output  # main: field limit, the last row dropped
    with store.session() as session:
        sizes = sorted(session.sql("SELECT chars FROM articles")["chars"].to_list())
    assert len(sizes) == 3 and sizes[-1] > 1_000_000


def test_factcheck_csv_with_a_huge_field(run_cli: Run, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fc.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "claim", "rating"])
        writer.writerow(["1", "x" * 200_000, "False"])
        writer.writerow(["2", "A short claim", "True"])
    assert run_cli("factchecks", "import", str(path), "--no-embed").exit_code == 0
    with store.session() as session:
        assert session.scalar("SELECT count(*) FROM factchecks") == 2


# ---------------------------------------------------------------------------- row 9
def test_claimreview_template_must_make_an_http_url(seeded_cli: Run) -> None:
    claim = _claims(seeded_cli)[0]["claim_id"]
    assert seeded_cli("verdict", claim, "false").exit_code == 0
    result = seeded_cli("export", "--format", "claimreview", "--out", "-", *ORG,
                        "--review-url-template", "javascript:alert(1)//{claim_id}")  # fmt: skip
    assert result.exit_code == 2 and "http" in result.stderr
    assert "javascript:" not in result.stdout


def test_claimreview_library_never_writes_a_javascript_url() -> None:
    from claimtrack.export.claimreview import _review_url

    row = {"claim_id": "c1", "article_url": "https://news.example/a"}
    assert _review_url(row, "javascript:alert(1)//{claim_id}") is None
    assert _review_url(row, "https://desk.example/{claim_id}") == "https://desk.example/c1"


# --------------------------------------------------------------------------- row 10
def test_ingest_url_must_be_http(run_cli: Run, store: Store, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ENGLISH)
    result = run_cli("ingest", str(article), "--url", "javascript:alert(1)")
    assert result.exit_code == 2 and "--url" in result.stderr
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"text": ENGLISH, "url": "javascript:alert(1)"}) + "\n")
    result = run_cli("ingest", str(record))
    assert result.exit_code == 1 and "field 'url'" in result.stderr
    with store.session() as session:
        assert session.scalar("SELECT count(*) FROM articles WHERE url LIKE 'javascript%'") == 0


def _page(canonical: str, date: str, sentence: str = ENGLISH) -> str:
    body = " ".join([sentence.strip()] * 4)
    return (f'<html lang="en"><head><title>T</title><link rel="canonical" href="{canonical}">'
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><article><p>{body}</p><p>{body}</p></article></body></html>")  # fmt: skip


def test_html_and_rss_javascript_links_are_not_stored(
    run_cli: Run, store: Store, tmp_path: Path
) -> None:
    (tmp_path / "p.html").write_text(_page("javascript:alert(1)", "2023-02-27"))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>A</title><link>javascript:alert(2)</link><description>{ENGLISH}"
        "</description></item></channel></rss>"
    )
    (tmp_path / "f.rss").write_text(feed)
    result = run_cli("ingest", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("not an http(s) URL") == 2
    with store.session() as session:
        urls = session.sql("SELECT url FROM articles")["url"].to_list()
        published = session.sql("SELECT published FROM articles WHERE url IS NULL")
    assert urls == [None, None] and str(published["published"][0]) in ("2023-02-27", "None")


# --------------------------------------------------------------------------- row 11
def test_html_impossible_date_is_not_repaired(run_cli: Run, store: Store, tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(_page("https://news.example/a", "2023-02-30"))
    result = run_cli("ingest", str(tmp_path / "p.html"))
    assert result.exit_code == 0 and "2023-02-30" in result.stderr
    with store.session() as session:
        assert session.scalar("SELECT published FROM articles") is None  # main: 2023-02-01
    other = "The ministry reported that 3,000 people were evacuated on Monday."
    (tmp_path / "q.html").write_text(_page("https://news.example/b", "2023-02-28T10:00:00Z", other))
    run_cli("ingest", str(tmp_path / "q.html"))
    with store.session() as session:
        dates = session.sql("SELECT published FROM articles WHERE published IS NOT NULL")
    assert [str(d) for d in dates["published"]] == ["2023-02-28"]


# --------------------------------------------------------------------------- row 12
def test_huge_limits_are_clamped_not_errors(seeded_cli: Run) -> None:
    huge = "99999999999999999999"
    for args in (("claims", "--limit", huge), ("queue", "--limit", huge),
                 ("articles", "--limit", huge), ("groups", "--min-size", huge)):  # fmt: skip
        result = seeded_cli(*args, "--format", "json")
        assert result.exit_code == 0, (args, result.output)  # main: conversion/overflow errors
    claims = json.loads(seeded_cli("claims", "--limit", huge, "--format", "json").stdout)
    assert len(claims) == seed_claim_count()
    assert seeded_cli("claims", "--limit", "0").exit_code == 2


def test_a_file_where_the_index_folder_goes(seeded_cli: Run, db_path: Path) -> None:
    from claimtrack.api.vectors import load_embedder

    load_embedder("use-multilingual-v3")  # cached per process: the CLI reuses it
    assert seeded_cli("embed").exit_code == 0
    Path(f"{db_path}.indexes").write_text("in the way")
    result = seeded_cli("similar", "75 years of relations")
    assert result.exit_code == 1 and "a file of that name is in the way" in result.stderr
    assert "unexpected" not in result.stderr  # main: "unexpected FileExistsError"


# --------------------------------------------------------------------------- row 13
def test_similar_before_embed_says_to_run_embed(seeded_cli: Run) -> None:
    from claimtrack.api.vectors import load_embedder

    load_embedder("use-multilingual-v3")
    result = seeded_cli("similar", "75 years of relations")
    assert result.exit_code == 1 and "run 'claimtrack embed'" in result.stderr
    assert "dimension" not in result.stderr  # main: "query has dimension 512, the index has 0"


def test_review_app_similarity_before_embed_says_to_run_embed(
    seeded_cli: Run, db_path: Path
) -> None:
    """The review app's similar panel gets the same sentence (it shows the message)."""
    from claimtrack.api.review_view import ModelSimilarity
    from claimtrack.api.vectors import load_embedder

    source = ModelSimilarity(Store(db_path), embedder=load_embedder("use-multilingual-v3"))
    claim = _claims(seeded_cli)[0]["claim_id"]
    with pytest.raises(Exception, match="run 'claimtrack embed' first") as caught:
        source.similar_claims(claim, 5)
    assert type(caught.value).__name__ == "NothingEmbeddedError"


def test_empty_index_search_returns_nothing() -> None:
    import numpy as np

    from claimtrack.embedding.index import VectorIndex

    index = VectorIndex.build([], np.zeros((0, 0), dtype=np.float32), model_id="m")
    assert index.search(np.ones(512, dtype=np.float32)) == []


# --------------------------------------------------------------------------- row 14
def test_factcheck_search_empty_text_is_refused(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("factchecks", "search", "")
    assert result.exit_code == 2 and "empty" in result.stderr  # main: exit 0, random hits
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1, "text": "  "}\n')
    result = run_cli("factchecks", "search", "--queries", str(queries))
    assert result.exit_code == 2 and "line 1" in result.stderr


def test_similar_empty_text_is_a_usage_error(run_cli: Run) -> None:
    assert run_cli("similar", "   ").exit_code == 2


# ------------------------------------------------------------------------ also list
@pytest.mark.parametrize(
    "args",
    [
        ("claims", "--type", "bogus"),
        ("claims", "--min-checkworthiness", "nan"),
        ("similar", "x", "--min-score", "inf"),
        ("queue", "--status", "bogus"),
        ("export", "--format", "csv", "--out", "-", "--status", "bogus"),
        (
            "export",
            "--format",
            "csv",
            "--out",
            "-",
            "--since",
            "2024-01-02",
            "--until",
            "2024-01-01",
        ),
        ("verdict", "CLAIM", "bogus"),
        ("note", "CLAIM", ""),
        ("evidence", "CLAIM", "ftp://x"),
        ("link", "CLAIM", "CLAIM", "--relation", "same"),
        (
            "export",
            "--format",
            "claimreview",
            "--out",
            "-",
            *ORG,
            "--review-url-template",
            "https://desk.example/x",
        ),
        ("verdict", "CLAIM", "false", "--analyst", " "),
    ],
    ids=lambda args: " ".join(args[:3]),
)
def test_a_bad_value_exits_2_in_every_command(seeded_cli: Run, args: tuple[str, ...]) -> None:
    claim = _claims(seeded_cli)[0]["claim_id"]
    result = seeded_cli(*[claim if a == "CLAIM" else a for a in args])
    assert result.exit_code == 2, result.output  # main: 1 for some commands, 2 for others


def test_nan_is_refused_by_the_api(seeded_cli: Run, db_path: Path) -> None:
    from claimtrack.api.claims import list_claims
    from claimtrack.errors import InvalidValueError

    with pytest.raises(InvalidValueError):
        list_claims(Store(db_path), min_checkworthiness=float("nan"))


def _history(run_cli: Run, claim: str) -> list[dict]:
    return json.loads(run_cli("history", claim, "--format", "json").stdout)


def test_repeating_a_verdict_or_link_records_nothing(seeded_cli: Run) -> None:
    a, b = (c["claim_id"] for c in _claims(seeded_cli)[:2])
    for _ in range(3):
        assert seeded_cli("verdict", a, "false", "--evidence", "https://e.example/1").exit_code == 0
        assert seeded_cli("link", a, b, "--relation", "same").exit_code == 0
        assert seeded_cli("assign", a, "--to", "sami").exit_code == 0
    actions = [e["action"] for e in _history(seeded_cli, a)]
    assert sorted(actions) == ["assign", "evidence", "link", "verdict"]  # main: 3 of each
    again = seeded_cli("verdict", a, "false")
    assert "nothing recorded" in again.stdout
    # A note given with an unchanged status is kept, as a note.
    seeded_cli("verdict", a, "false", "--note", "still false")
    assert [e["action"] for e in _history(seeded_cli, a)][-1] == "note"
    for _ in range(2):
        assert seeded_cli("unlink", a, b).exit_code == 0
    assert [e["action"] for e in _history(seeded_cli, b)].count("unlink") == 1


def test_undo_on_either_claim_undoes_their_link(seeded_cli: Run, db_path: Path) -> None:
    a, b = (c["claim_id"] for c in _claims(seeded_cli)[:2])
    assert seeded_cli("link", a, b, "--relation", "same").exit_code == 0
    result = seeded_cli("undo", b)  # main: "claim ... has no change left to undo"
    assert result.exit_code == 0 and "no link decision" in result.stdout
    with Store(db_path).session() as session:
        assert session.query("links_current_for_claim", {"claim_id": a}).is_empty()
        assert session.scalar("SELECT count(*) FROM group_members WHERE claim_id = $c",
                              {"c": max(a, b)}) == 0  # fmt: skip
    # link, then unlink, then undo (from a): the link is back, both in one group.
    assert seeded_cli("link", a, b, "--relation", "same").exit_code == 0
    assert seeded_cli("unlink", a, b).exit_code == 0
    assert seeded_cli("undo", a).exit_code == 0
    with Store(db_path).session() as session:
        current = session.query("links_current_for_claim", {"claim_id": a})
        groups = session.sql("SELECT DISTINCT group_id FROM group_members")
    assert current["relation"].to_list() == ["same"] and groups.height == 1
    assert [e["action"] for e in _history(seeded_cli, b)][-1] == "undo"


def test_a_dropped_status_keeps_its_claimreview_rating(
    seeded_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _claims(seeded_cli)[0]["claim_id"]
    assert seeded_cli("verdict", claim, "false").exit_code == 0
    default = (Path(__file__).resolve().parents[2] / "claimtrack" / "resources"
               / "statuses.default.toml").read_text()  # fmt: skip
    blocks = default.split("[[status]]")
    kept = [b for b in blocks[1:] if 'key = "false"' not in b]
    vocabulary = tmp_path / "statuses.toml"
    vocabulary.write_text(blocks[0] + "".join("[[status]]" + b for b in kept))
    monkeypatch.setenv("CLAIMTRACK_STATUSES", str(vocabulary))
    result = seeded_cli("export", "--format", "claimreview", "--out", "-", *ORG,
                        "--review-url-template", "https://desk.example/{claim_id}")  # fmt: skip
    assert result.exit_code == 0, result.output
    (review,) = json.loads(result.stdout)
    assert review["reviewRating"]["ratingValue"] == 1  # main: no ratingValue
    assert "false (1)" in result.stderr
