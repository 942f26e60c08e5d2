"""`claimtrack export` and `claimtrack stats` on a small real database.

The database: the seed article (Arabic) and a small English article whose first sentence
carries ``</script><script>``, ingested and extracted through the CLI; analysts' events
are inserted as rows of ``claim_events`` (this module does not depend on the workflow
code), plus one claim group with a conflicting variant and two stale claims.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner, Result

from claimtrack.store import Store
from tests.conftest import SEED_ARTICLE

HOSTILE_SENTENCE = (
    "The minister said 40 percent </script><script>alert(1)</script> of funds were spent."
)
ENGLISH_ARTICLE = (
    f"{HOSTILE_SENTENCE}\n\nThe ministry reported that 3,000 people were evacuated on Monday.\n"
)
SCRIPT_NOTE = "<script>alert(1)</script>"
EVIDENCE_URL = "https://example.org/budget-2023"
ORG = ("--org-name", "Test Desk", "--org-url", "https://desk.example")
TEMPLATE = ("--review-url-template", "https://desk.example/c/{claim_id}")


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2023, 9, day, hour, tzinfo=UTC)


def _event(session: Any, claim_id: str, action: str, at: datetime, analyst: str,
           **values: Any) -> str:  # fmt: skip
    event_id = uuid.uuid4().hex
    row = {"event_id": event_id, "claim_id": claim_id, "event_at": at, "analyst": analyst,
           "action": action, **values}  # fmt: skip
    columns = ", ".join(row)
    session.run(
        f"INSERT INTO claim_events ({columns}) VALUES ({', '.join('$' + c for c in row)})", row
    )
    return event_id


def _build(path: Path, work: Path) -> dict[str, str]:
    """Ingest + extract through the CLI, then add analysts' work; returns named claim ids."""
    from claimtrack.cli import cli

    article = work / "budget.txt"
    article.write_text(ENGLISH_ARTICLE, encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["ingest", str(SEED_ARTICLE)],
        ["ingest", str(article), "--source", "Test Wire", "--lang", "en",
         "--published", "2023-09-14", "--url", "https://news.example/budget"],
        ["extract"],
    ):  # fmt: skip
        result = runner.invoke(cli, ["--db", str(path), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    with Store(path).session() as session:
        claims = session.sql(
            "SELECT claim_id, text, language FROM claims ORDER BY article_id, char_start"
        )
        english = claims.filter(pl.col("language") == "en")["claim_id"].to_list()
        arabic = claims.filter(pl.col("language") == "ar")["claim_id"].to_list()
        hostile = claims.filter(pl.col("text").str.contains("</script>", literal=True))
        assert hostile.height == 1, "the extractor should keep the </script> sentence"
        ids = {"hostile": hostile["claim_id"][0],
               "evacuated": next(c for c in english if c != hostile["claim_id"][0]),
               "ar_false": arabic[0], "ar_conflict": arabic[1], "ar_misleading": arabic[2],
               "stale_worked": arabic[3], "stale_idle": arabic[4]}  # fmt: skip
        e = ids
        _event(session, e["hostile"], "verdict", _at(14), "mona", from_status="unreviewed",
               to_status="false")  # fmt: skip
        _event(session, e["hostile"], "note", _at(14, 11), "mona", note=SCRIPT_NOTE)
        _event(session, e["hostile"], "evidence", _at(14, 12), "mona",
               evidence_url=EVIDENCE_URL, evidence_title="Budget 2023")  # fmt: skip
        _event(session, e["ar_false"], "verdict", _at(14, 13), "sami", to_status="false")
        _event(session, e["ar_misleading"], "verdict", _at(15), "sami", to_status="misleading")
        # A verdict undone: the claim is back to unreviewed.
        verdict = _event(session, e["evacuated"], "verdict", _at(15, 9), "sami",
                         from_status="unreviewed", to_status="true")  # fmt: skip
        _event(session, e["evacuated"], "undo", _at(15, 10), "sami", from_status="true",
               to_status="unreviewed", undoes_event_id=verdict)  # fmt: skip
        # A note undone drops out; an assignment stays.
        note = _event(session, e["evacuated"], "note", _at(15, 11), "sami", note="typo")
        _event(session, e["evacuated"], "undo", _at(15, 12), "sami", undoes_event_id=note)
        _event(session, e["evacuated"], "assign", _at(15, 13), "sami", assigned_to="rana")
        _event(session, e["stale_worked"], "note", _at(15, 14), "rana", note="check date")
        session.run(
            "UPDATE claims SET stale = true, stale_since = now() WHERE claim_id IN ($a, $b)",
            {"a": e["stale_worked"], "b": e["stale_idle"]},
        )
        session.run("INSERT INTO claim_groups VALUES ('g1', 'test-model', now(), 'r')")
        for claim, relation, reasons in (
            (e["hostile"], "same", []),
            (e["ar_false"], "same", []),
            (e["ar_conflict"], "conflicting", ["number: 40 percent vs 30 percent"]),
        ):
            session.run(
                "INSERT INTO group_members VALUES ($c, 'g1', $r, 'auto', 0.9, $why, now(), 'r')",
                {"c": claim, "r": relation, "why": reasons},
            )
        total = session.scalar("SELECT count(*) FROM claims")
    ids["total"] = str(total)
    return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("export-db")
    path = work / "desk.duckdb"
    return path, _build(path, work)


@pytest.fixture
def db_path(tmp_path: Path, built: tuple[Path, dict[str, str]]) -> Path:
    """Each test gets its own copy of the module's database (run_cli uses this path)."""
    copy = tmp_path / "desk.duckdb"
    shutil.copyfile(built[0], copy)
    return copy


@pytest.fixture
def ids(built: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return built[1]


Run = Callable[..., Result]


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _json_out(run_cli: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(_ok(run_cli("export", "--format", "json", "--out", "-", *args)).stdout)


def test_every_format_writes_a_file(run_cli: Run, tmp_path: Path, ids: dict[str, str]) -> None:
    expected = int(ids["total"]) - 1  # the stale claim nobody worked on is left out
    for fmt in ("md", "html", "csv", "parquet", "json", "jsonl", "claimreview"):
        out = tmp_path / f"export.{fmt}"
        result = _ok(run_cli("export", "--format", fmt, "--out", str(out), *ORG, *TEMPLATE))
        assert out.stat().st_size > 0, fmt
        assert "Exported" in result.stderr
    assert len(json.loads((tmp_path / "export.json").read_text("utf-8"))) == expected
    assert len((tmp_path / "export.jsonl").read_text("utf-8").splitlines()) == expected
    assert len(list(csv.DictReader((tmp_path / "export.csv").open(encoding="utf-8")))) == expected
    assert pl.read_parquet(tmp_path / "export.parquet").height == expected
    assert not list(tmp_path.glob(".*partial"))  # temporary files renamed or removed


def test_derived_state(run_cli: Run, ids: dict[str, str]) -> None:
    rows = {r["claim_id"]: r for r in _json_out(run_cli)}
    hostile = rows[ids["hostile"]]
    assert (hostile["status"], hostile["status_label"], hostile["analyst"]) == (
        "false", "False", "mona")  # fmt: skip
    assert hostile["rating_value"] == 1 and hostile["rating_name"] == "False"
    assert hostile["notes"] == [SCRIPT_NOTE]
    assert hostile["evidence"] == [{"url": EVIDENCE_URL, "title": "Budget 2023"}]
    assert hostile["source"] == "Test Wire" and hostile["published"] == "2023-09-14"
    assert hostile["group_id"] == "g1" and hostile["conflicts"] == []
    assert rows[ids["ar_conflict"]]["conflicts"] == ["number: 40 percent vs 30 percent"]
    undone = rows[ids["evacuated"]]
    assert undone["status"] == "unreviewed" and undone["notes"] == []
    assert undone["assigned_to"] == "rana"
    assert rows[ids["ar_misleading"]]["status"] == "misleading"
    assert ids["stale_worked"] in rows and rows[ids["stale_worked"]]["stale"] is True
    assert ids["stale_idle"] not in rows


def test_parquet_reads_back_with_the_same_rows_and_types(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    _ok(run_cli("export", "--format", "parquet", "--with-history", "--out", str(out)))
    frame = pl.read_parquet(out)
    rows = _json_out(run_cli)
    assert frame["claim_id"].to_list() == [r["claim_id"] for r in rows]
    assert frame["status"].to_list() == [r["status"] for r in rows]
    assert frame["notes"].to_list() == [r["notes"] for r in rows]
    schema = frame.schema
    assert schema["status_at"] == pl.Datetime("us", "UTC")
    assert schema["extracted_at"] == pl.Datetime("us", "UTC")
    assert schema["published"] == pl.Date
    assert schema["notes"] == pl.List(pl.String)
    assert schema["evidence"] == pl.List(pl.Struct({"url": pl.String, "title": pl.String}))
    assert schema["secondary_types"] == pl.List(pl.String)
    assert isinstance(schema["history"], pl.List)
    hostile = frame.filter(pl.col("notes").list.len() > 0, pl.col("language") == "en").row(
        0, named=True
    )
    assert hostile["status_at"] == _at(14)
    assert [e["action"] for e in hostile["history"]] == ["verdict", "note", "evidence"]


def _relation_sql(self: Any, text: str, params: Any = None, *, what: str = "query") -> Any:
    """``Session.sql`` as it was before issue 13 (a ``con.sql`` relation, ``.pl()``)."""
    relation = self._con.sql(text, params=dict(params) if params else None)
    return pl.DataFrame() if relation is None else relation.pl()


@pytest.mark.parametrize("args", [(), ("--with-history",), ("--status", "false", "--lang", "en")])
def test_parquet_export_equals_the_previous_query_path(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """Queries with parameters now run through ``execute`` (5x faster at 1M claims): the
    exported Parquet is the same, row for row and type for type."""
    from polars.testing import assert_frame_equal

    from claimtrack.store.session import Session

    new, old = tmp_path / "new.parquet", tmp_path / "old.parquet"
    _ok(run_cli("export", "--format", "parquet", "--out", str(new), *args))
    monkeypatch.setattr(Session, "sql", _relation_sql)
    _ok(run_cli("export", "--format", "parquet", "--out", str(old), *args))
    expected = pl.read_parquet(old)
    assert expected.height > 0
    assert_frame_equal(pl.read_parquet(new), expected)


def test_html_and_jsonld_carry_no_executable_injection(
    run_cli: Run, tmp_path: Path, ids: dict[str, str]
) -> None:
    html_out, ld_out = tmp_path / "r.html", tmp_path / "r.json"
    _ok(run_cli("export", "--format", "html", "--out", str(html_out)))
    page = html_out.read_text("utf-8")
    assert f'id="claim-{ids["hostile"]}"' in page
    assert "<script" not in page.lower()  # the report has no script element at all
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # text, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the note
    _ok(run_cli("export", "--format", "claimreview", "--out", str(ld_out), *ORG, *TEMPLATE))
    raw = ld_out.read_text("utf-8")
    # Safe to paste into <script type="application/ld+json">: no raw "<", ">" or "&".
    assert not set("<>&") & set(raw)
    docs = json.loads(raw)
    reviewed = {d["claimReviewed"] for d in docs}
    assert HOSTILE_SENTENCE in reviewed  # the JSON value is the text, unchanged


def test_claimreview_structure(run_cli: Run, ids: dict[str, str]) -> None:
    result = _ok(run_cli("export", "--format", "claimreview", "--out", "-", *ORG, *TEMPLATE))
    docs = json.loads(result.stdout)
    # Verdicted claims only: hostile (false), ar_false (false), ar_misleading.
    assert len(docs) == 3
    for doc in docs:
        assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
        assert doc["author"] == {"@type": "Organization", "name": "Test Desk",
                                 "url": "https://desk.example"}  # fmt: skip
        assert doc["url"].startswith("https://desk.example/c/")
        assert doc["reviewRating"]["@type"] == "Rating" and doc["reviewRating"]["alternateName"]
        assert doc["itemReviewed"]["@type"] == "Claim" and doc["inLanguage"] in ("ar", "en")
    hostile = next(d for d in docs if d["claimReviewed"] == HOSTILE_SENTENCE)
    assert hostile["reviewRating"]["ratingValue"] == 1
    assert hostile["datePublished"] == "2023-09-14"
    assert hostile["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/budget"


def test_claimreview_one_review_per_group(run_cli: Run) -> None:
    args = ("export", "--format", "claimreview", "--group-by", "group", "--out", "-", *ORG,
            *TEMPLATE)  # fmt: skip
    docs = json.loads(_ok(run_cli(*args)).stdout)
    # g1 (hostile + ar_false + a conflicting variant) is one review; ar_misleading another.
    assert len(docs) == 2


def test_claimreview_without_the_seed_url_is_skipped_not_half_written(run_cli: Run) -> None:
    # The seed article has no URL and no template is given: those reviews would lack "url".
    result = run_cli("export", "--format", "claimreview", "--out", "-", *ORG)
    assert result.exit_code == 1
    assert "skipped the review" in result.stderr and "missing url" in result.stderr
    assert [d["claimReviewed"] for d in json.loads(result.stdout)] == [HOSTILE_SENTENCE]


def test_claimreview_refused_without_org(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMTRACK_ORG_NAME", raising=False)
    monkeypatch.delenv("CLAIMTRACK_ORG_URL", raising=False)
    monkeypatch.chdir(Path(__file__).parent)  # no claimtrack.toml here
    result = run_cli("export", "--format", "claimreview", "--out", "-", "--org-name", "Desk")
    assert result.exit_code == 1
    assert "org_name" in result.stderr and "--org-url" in result.stderr
    assert result.stdout == ""
    monkeypatch.setenv("CLAIMTRACK_ORG_URL", "https://desk.example")
    _ok(run_cli("export", "--format", "claimreview", "--out", "-", "--org-name", "Desk",
                "--review-url-template", "https://desk.example/{claim_id}"))  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("--status", "false"), lambda r: r["status"] == "false"),
        (("--status", "false,misleading"), lambda r: r["status"] in ("false", "misleading")),
        (("--lang", "en"), lambda r: r["language"] == "en"),
        (("--since", "2023-09-14"), lambda r: r["published"] >= "2023-09-14"),
        (("--until", "2023-09-13"), lambda r: r["published"] <= "2023-09-13"),
        (("--source", "test wire"), lambda r: r["source"] == "Test Wire"),
    ],
)
def test_filters_select_the_right_rows(run_cli: Run, args: tuple[str, ...], expect: Any) -> None:
    everything = _json_out(run_cli)
    selected = _json_out(run_cli, *args)
    assert selected, args
    assert [r["claim_id"] for r in selected] == [r["claim_id"] for r in everything if expect(r)]


def test_status_filter_counts(run_cli: Run) -> None:
    assert len(_json_out(run_cli, "--status", "false")) == 2
    assert len(_json_out(run_cli, "--status", "misleading", "--lang", "en")) == 0


def test_bad_filters_are_usage_errors(run_cli: Run) -> None:
    # A malformed or unknown value is a usage error (exit 2) in every command.
    result = run_cli("export", "--format", "json", "--out", "-", "--status", "bogus")
    assert result.exit_code == 2 and "valid statuses are" in result.stderr
    result = run_cli("export", "--format", "json", "--out", "-", "--since", "2023-09-15",
                     "--until", "2023-09-14")  # fmt: skip
    assert result.exit_code == 2 and "after --until" in result.stderr
    result = run_cli("export", "--format", "claimreview", "--out", "-", *ORG,
                     "--review-url-template", "https://desk.example/check")  # fmt: skip
    assert result.exit_code == 2 and "{claim_id}" in result.stderr


def test_stdout_for_text_formats(run_cli: Run, ids: dict[str, str]) -> None:
    expected = int(ids["total"]) - 1
    out = _ok(run_cli("export", "--format", "csv", "--out", "-")).stdout
    assert len(list(csv.DictReader(io.StringIO(out)))) == expected
    out = _ok(run_cli("export", "--format", "jsonl", "--out", "-", "--lang", "en")).stdout
    assert {json.loads(line)["language"] for line in out.splitlines()} == {"en"}
    out = _ok(run_cli("export", "--format", "md", "--out", "-", "--title", "Desk")).stdout
    assert out.startswith("# Desk\n") and ids["hostile"] in out
    assert "<script>" not in out


def test_parquet_to_stdout_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("export", "--format", "parquet", "--out", "-")
    assert result.exit_code == 2 and "parquet" in result.stderr


def test_missing_output_folder_is_a_clear_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_group_by_group_makes_sections(run_cli: Run, ids: dict[str, str]) -> None:
    md = _ok(run_cli("export", "--format", "md", "--out", "-", "--group-by", "group")).stdout
    md = md[md.index("## Claims") :]  # the summary above lists conflicting claims too
    assert (
        md.index("### Group g1\n") < md.index("### Not grouped (") < md.index(ids["ar_misleading"])
    )
    group = md[md.index("### Group g1") : md.index("### Not grouped")]
    assert "3 claims · languages: ar (2), en (1)" in group
    claims = [line for line in group.splitlines() if line.startswith("#### ")]
    # The conflicting variant first and marked, then the members in the query's order.
    assert (
        claims[0].startswith("#### 1\\. Conflicting variant · ") and ids["ar_conflict"] in claims[0]
    )
    assert {c.rsplit(" ", 1)[1] for c in claims[1:]} == {ids["hostile"], ids["ar_false"]}
    assert f"- {ids['ar_conflict']}: number: 40 percent vs 30 percent" in group


def test_group_by_status_shows_status_headings(run_cli: Run, ids: dict[str, str]) -> None:
    md = _ok(run_cli("export", "--format", "md", "--group-by", "status", "--out", "-")).stdout
    md = md[md.index("## Claims") :]
    unreviewed = int(ids["total"]) - 1 - 3  # everything but the three verdicts
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    # Vocabulary order: unreviewed, in_review, true, ..., misleading, ..., false.
    assert headings == [f"### Unreviewed ({unreviewed})", "### Misleading (1)", "### False (2)"]
    false_part = md[md.index("### False (2)") :]
    assert ids["hostile"] in false_part and ids["ar_false"] in false_part
    misleading = md[md.index("### Misleading (1)") : md.index("### False (2)")]
    assert ids["ar_misleading"] in misleading and ids["hostile"] not in misleading
    assert md.index(ids["evacuated"]) < md.index("### Misleading (1)")


def test_group_by_article_html_sections(run_cli: Run, ids: dict[str, str]) -> None:
    lxml_html = pytest.importorskip("lxml.html")
    page = _ok(run_cli("export", "--format", "html", "--group-by", "article", "--out", "-")).stdout
    tree = lxml_html.document_fromstring(page)
    sections = tree.xpath("//section[contains(@class, 'part-article')]")
    assert len(sections) == 2
    # Newest first: the English article (2023-09-14) before the seed (2023-09-13).
    english, seed = sections
    assert ids["hostile"] in [
        a.get("id").removeprefix("claim-") for a in english.xpath("./article")
    ]
    assert "Test Wire · 2023-09-14" in english.xpath("./p")[0].text_content()
    assert english.xpath("./p/a/@href") == ["https://news.example/budget"]
    assert seed.xpath("./h3/@dir") == ["rtl"] and seed.xpath("./h3/@lang") == ["ar"]
    assert tree.xpath("//script") == []


def test_stats_json(run_cli: Run, ids: dict[str, str]) -> None:
    stats = json.loads(_ok(run_cli("stats", "--format", "json")).stdout)
    assert stats["total"] == int(ids["total"]) - 1
    assert stats["by_status"]["false"] == 2 and stats["by_status"]["misleading"] == 1
    assert stats["verdicted"] == 3 and stats["conflicting"] == 1 and stats["groups"] == 1
    assert stats["by_language"]["en"] == 2
    assert stats["by_source"]["Test Wire"] == 2
    assert stats["by_analyst"]["mona"] == 1 and stats["by_analyst"]["sami"] == 3
    # Verdict events per UTC day (the undone one still happened: it is desk work).
    assert stats["throughput"] == [
        {"day": "2023-09-14", "verdicts": 2, "claims": 2, "analysts": 2},
        {"day": "2023-09-15", "verdicts": 2, "claims": 2, "analysts": 1},
    ]
    assert stats["verdicts_per_day"] == {"2023-09-14": 2, "2023-09-15": 2}


def test_stats_other_formats(run_cli: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(_ok(run_cli("stats", "--format", "csv")).stdout)))
    assert {"measure": "status", "key": "false", "count": "2"} in rows
    assert {"measure": "verdicts_per_day", "key": "2023-09-14", "count": "2"} in rows
    lines = _ok(run_cli("stats", "--format", "jsonl", "--lang", "en")).stdout.splitlines()
    assert json.loads(lines[0]) == {"measure": "total", "key": None, "count": 2}
    table = _ok(run_cli("stats")).stdout
    assert "By status" in table and "Verdicts per day" in table


def test_write_report_for_the_demo(db_path: Path, tmp_path: Path, ids: dict[str, str]) -> None:
    from claimtrack.api.exports import write_report

    path = write_report(Store(db_path), tmp_path / "report.html", title="Demo")
    page = path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Demo</title>" in page
    assert page.count('<article class="claim"') == int(ids["total"]) - 1
    assert 'dir="rtl"' in page  # Arabic claims render right-to-left
    empty = Store(tmp_path / "empty.duckdb")
    empty.migrate()
    assert "## Claims (0)" in write_report(empty, tmp_path / "e.md", "md").read_text("utf-8")
