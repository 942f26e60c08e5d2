"""Ingest: formats, encodings, metadata, idempotence, and bad input that loses nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.api.ingest import ingest_paths
from claimtrack.pipeline.ingest import IngestDefaults, article_id_for
from claimtrack.store import Store
from tests.conftest import SEED_ARTICLE, SEEDS

ARABIC = "قال الرئيس إن العلاقات بين البلدين عمرها 75 عاماً، وإن الزيارة هي الأولى منذ عام 2019."
ENGLISH = "The president said relations between the two countries are 75 years old."


def _articles(store: Store) -> list[dict]:
    with store.session() as session:
        return session.sql(
            "SELECT a.*, s.name AS source FROM articles a LEFT JOIN sources s USING (source_id)"
            " ORDER BY origin"
        ).to_dicts()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1256", b""),
        ("iso8859_6", b""),
    ],
)
def test_txt_encodings_are_detected(
    store: Store, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + ARABIC.replace("،", "،").encode(encoding))
    report = ingest_paths(store, [path])
    assert report.counts == {"added": 1}
    (row,) = _articles(store)
    assert row["text"] == ARABIC
    assert row["language"] == "ar"


def test_seed_with_sidecar_and_reingest_is_a_noop(store: Store) -> None:
    first = ingest_paths(store, [SEEDS])
    seeds = sorted(p for p in SEEDS.glob("*.txt"))
    assert first.counts == {"added": len(seeds), "skipped": 1}  # README.md is not an input
    rows = {row["origin"]: row for row in _articles(store)}
    row = rows[str(SEED_ARTICLE)]
    assert (row["source"], str(row["published"]), row["language"]) == (
        "Al Mayadeen",
        "2023-09-13",
        "ar",
    )
    assert row["text"] == SEED_ARTICLE.read_text(encoding="utf-8").strip()
    # Every other seed is a licensed text whose sidecar names its URL and source; the
    # sidecar's provenance keys (license, attribution, ...) are accepted, not stored.
    for path in seeds[1:]:
        sidecar = json.loads(path.with_name(path.name + ".meta.json").read_text("utf-8"))
        assert sidecar["license"] and sidecar["attribution"] and sidecar["url"]
        stored = rows[str(path)]
        assert (stored["url"], stored["source"], stored["language"]) == (
            sidecar["url"],
            sidecar["source"],
            sidecar["lang"],
        )
    second = ingest_paths(store, [SEEDS])
    assert second.counts == {"duplicate": len(seeds), "skipped": 1}
    assert len(_articles(store)) == len(seeds)


def test_syndicated_copy_is_linked_not_duplicated(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text("  " + ENGLISH.replace(" ", "  ") + "\n", encoding="utf-8")
    ingest_paths(store, [tmp_path / "a.txt"], defaults=IngestDefaults(source="Agency"))
    report = ingest_paths(store, [tmp_path / "b.txt"], defaults=IngestDefaults(source="Paper"))
    assert report.counts == {"syndicated": 1}
    assert len(_articles(store)) == 1
    with store.session() as session:
        names = session.sql(
            "SELECT s.name FROM article_appearances p JOIN sources s "
            "USING (source_id) ORDER BY s.name"
        )["name"].to_list()
    assert names == ["Agency", "Paper"]


def test_jsonl_keeps_good_rows_and_names_bad_ones(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(
                    {"text": ENGLISH, "source": "Wire", "published": "2023-09-13", "lang": "en"}
                ),
                "{not json",
                json.dumps({"title": "no text here"}),
                json.dumps({"text": ARABIC, "published": "13/09/2023"}),
                json.dumps({"text": ARABIC + " ثانية", "published": "2023-09-12T22:00:00Z"}),
            ]
        ),
        encoding="utf-8",
    )
    report = ingest_paths(store, [path])
    failed = {r.origin: r.message for r in report.failed}
    assert set(failed) == {f"{path}#line 2", f"{path}#line 3", f"{path}#line 4"}
    assert "invalid JSON" in failed[f"{path}#line 2"]
    assert "'text' is missing" in failed[f"{path}#line 3"]
    assert "'published'" in failed[f"{path}#line 4"] and "not a date" in failed[f"{path}#line 4"]
    rows = _articles(store)
    assert [str(r["published"]) for r in rows] == ["2023-09-13", "2023-09-12"]


def test_csv_with_configured_columns(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('body,outlet,date\n"' + ENGLISH + '",Reuters,2023-09-13\n', encoding="utf-8")
    defaults = IngestDefaults(columns={"text": "body", "source": "outlet", "published": "date"})
    assert ingest_paths(store, [path], defaults=defaults).counts == {"added": 1}
    (row,) = _articles(store)
    assert row["source"] == "Reuters" and row["language"] == "en"


def test_html_main_text_and_meta_tags(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html lang="en"><head><title>Kim in Russia</title>'
        '<link rel="canonical" href="https://news.example/kim">'
        '<meta property="article:published_time" content="2023-09-13T08:00:00Z">'
        '<meta property="og:site_name" content="Example News"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Kim in Russia</h1>"
        f"<p>{ENGLISH} He said it was his first visit to Russia since 2019.</p>"
        "<p>[bold]markup[/bold] and <b>tags</b> stay text.</p></article>"
        "<footer>Copyright 2023</footer></body></html>",
        encoding="utf-8",
    )
    assert ingest_paths(store, [path]).counts == {"added": 1}
    (row,) = _articles(store)
    assert row["url"] == "https://news.example/kim"
    assert str(row["published"]) == "2023-09-13"
    assert "first visit to Russia since 2019" in row["text"]
    assert "Home | World" not in row["text"]
    assert "[bold]markup[/bold]" in row["text"]


def test_rss_one_article_per_entry(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire AR</title>'
        "<item><title>One</title><link>https://w.example/1</link>"
        "<pubDate>Wed, 13 Sep 2023 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{ARABIC}&lt;/p&gt;</description></item>"
        "<item><title>Empty</title><link>https://w.example/2</link></item>"
        "<item><title>Two</title><link>https://w.example/3</link>"
        f"<description>{ENGLISH}</description></item></channel></rss>",
        encoding="utf-8",
    )
    report = ingest_paths(store, [path])
    assert report.counts == {"added": 2, "failed": 1}
    assert report.failed[0].origin == f"{path}#entry 2"
    rows = sorted(_articles(store), key=lambda r: r["url"])
    assert [r["url"] for r in rows] == ["https://w.example/1", "https://w.example/3"]
    assert rows[0]["source"] == "Wire AR" and str(rows[0]["published"]) == "2023-09-13"
    assert rows[0]["language"] == "ar" and rows[1]["language"] == "en"


def test_bad_sidecar_fails_the_file_only(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "bad.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "bad.txt.meta.json").write_text('{"published": "yesterday"}', encoding="utf-8")
    report = ingest_paths(store, [folder])
    assert report.counts == {"added": 1, "failed": 1}
    assert report.failed[0].origin.endswith("bad.txt")
    assert [r["text"] for r in _articles(store)] == [ENGLISH]


def test_cli_directory_with_a_broken_file(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    result = run_cli("ingest", str(folder))
    assert result.exit_code == 1
    assert f"failed: {folder / 'broken.txt'}: the article has no text" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    listed = json.loads(run_cli("articles", "--format", "json").stdout)
    assert [a["article_id"] for a in listed] == [article_id_for(ENGLISH)]


def test_cli_seed_ingest_then_articles_json(run_cli: Callable[..., Result]) -> None:
    assert run_cli("ingest", str(SEEDS)).exit_code == 0
    listed = json.loads(run_cli("articles", "--format", "json").stdout)
    count = len(list(SEEDS.glob("*.txt")))
    assert len(listed) == count
    (seed,) = [a for a in listed if a["lang"] == "ar"]
    assert seed["published"] == "2023-09-13" and seed["source"] == "Al Mayadeen"
    again = run_cli("ingest", str(SEEDS))
    assert f"0 added, {count} duplicate" in again.stdout
    assert len(json.loads(run_cli("articles", "--format", "json").stdout)) == count


def test_cli_overrides_and_usage_errors(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert run_cli("ingest", str(path), "--lang", "not a code").exit_code == 2
    assert run_cli("ingest", str(path), "--published", "2023-13-40").exit_code == 2
    ok = run_cli("ingest", str(path), "--source", "Desk", "--published", "2023-09-01")
    assert ok.exit_code == 0
    lines = run_cli("articles", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["source"] == "Desk" and row["published"] == "2023-09-01"
