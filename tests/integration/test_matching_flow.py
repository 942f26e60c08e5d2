"""Embeddings, similar-claim search, compare, and clustering on a real database.

Uses the offline multilingual model (loaded once for the module) on the Arabic seed and
two English own-words fixture articles (fixtures/articles/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.api.claims import extract
from claimtrack.api.clustering import cluster, list_groups
from claimtrack.api.ingest import ingest_paths
from claimtrack.api.matching import ClaimSearcher, SearchFilters, compare_pairs
from claimtrack.api.vectors import embed_missing, index_path, load_embedder
from claimtrack.cli import cli
from claimtrack.store import Store
from tests.conftest import FIXTURES, SEEDS


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    return load_embedder(None)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    store = Store(tmp_path_factory.mktemp("desk") / "desk.duckdb")
    ingest_paths(store, [SEEDS, FIXTURES / "articles"])
    extract(store)
    embed_missing(store, "claims", embedder=embedder)
    yield store


def _claim_id(store: Store, fragment: str) -> str:
    with store.session() as session:
        frame = session.sql("SELECT claim_id FROM claims WHERE contains(text, $f)", {"f": fragment})
    assert frame.height == 1, f"{frame.height} claims contain {fragment!r}"
    return str(frame["claim_id"][0])


def test_english_query_finds_arabic_seed_claim_first(desk: Store, embedder) -> None:  # type: ignore[no-untyped-def]
    searcher = ClaimSearcher(desk, embedder)
    results = searcher.for_text(
        "75 years of diplomatic relations between Russia and North Korea",
        top_k=5,
        filters=SearchFilters(language="ar"),
    )
    assert results and "75 عاماً" in results[0].text
    assert results[0].language == "ar" and results[0].source == "Al Mayadeen"


def test_similar_takes_candidates_from_the_lexical_index_too(
    desk: Store, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Retrieval is hybrid (issue 10): with the vector index answering nothing, a claim
    whose words the query shares is still found (BM25), and labelled with its cosine."""
    searcher = ClaimSearcher(desk, embedder)
    claim_id = _claim_id(desk, "75 عاماً")
    with desk.session() as session:
        text = str(session.sql("SELECT text FROM claims WHERE claim_id = $c",
                               {"c": claim_id})["text"][0])  # fmt: skip
    monkeypatch.setattr(searcher.index, "search", lambda *args, **kwargs: [])
    results = searcher.for_text(text, top_k=3)
    assert results and results[0].claim_id == claim_id
    assert results[0].score > 0.99 and results[0].relation == "same"


_RANK_QUERY = "75 years of diplomatic relations between Russia and North Korea"


def _ranked_with_labels(
    desk: Store,
    embedder,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    labels: dict[str, tuple[str, float, float]],
) -> tuple[list[str], str, str]:
    """``similar``'s ranking for :data:`_RANK_QUERY` when the relation step answers
    ``labels`` (relation, P(same), P(conflicting)) for the seed's "75 عاماً" claim ("same")
    and for the next candidate ("other"), and "related" at P 0 for the rest."""
    import claimtrack.embedding.relation as relation_module
    from claimtrack.embedding.relation import Relation

    searcher = ClaimSearcher(desk, embedder)
    same_id = _claim_id(desk, "75 عاماً")
    other_id = next(
        r.claim_id for r in searcher.for_text(_RANK_QUERY, top_k=5) if r.claim_id != same_id
    )
    with desk.session() as session:
        texts = dict(session.sql("SELECT text, claim_id FROM claims").iter_rows())
    by_id = {same_id: labels["same"], other_id: labels["other"]}

    def fake(a, b, score, *, model_id, learned=True):  # type: ignore[no-untyped-def]
        label, p_same, p_conf = by_id.get(texts.get(b.text, ""), ("related", 0.0, 0.0))
        return Relation(label, score, [], p_same=p_same, p_conflicting=p_conf,
                        p_related=1.0 - p_same - p_conf)  # fmt: skip

    monkeypatch.setattr(relation_module, "relate", fake)
    return [r.claim_id for r in searcher.for_text(_RANK_QUERY, top_k=10)], same_id, other_id


def test_similar_ranks_by_p_same_not_by_p_same_fact(
    desk: Store, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The learned step re-ranks by P(same). A claim of another fact with another figure
    (P(same) 0.2, P(conflicting) 0.7) used to rank above the same claim (P(same) 0.6,
    P(conflicting) 0.05) because the sum, P(same fact), was the key."""
    labels = {"same": ("same", 0.6, 0.05), "other": ("same", 0.2, 0.7)}
    ranked, same_id, other_id = _ranked_with_labels(desk, embedder, monkeypatch, labels)
    assert ranked[0] == same_id and ranked[1] == other_id


def test_similar_ranks_a_claim_the_values_rule_out_below_a_same_one(
    desk: Store, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A candidate whose values overrode the model to ``related`` ("figures count different
    things": P(same) 0.82 from the model) no longer outranks a ``same`` one at P(same) 0.65:
    on derna (train) an IOM displacement figure came first for a WHO death count."""
    labels = {"same": ("same", 0.65, 0.05), "other": ("related", 0.82, 0.05)}
    ranked, same_id, other_id = _ranked_with_labels(desk, embedder, monkeypatch, labels)
    assert ranked[0] == same_id and ranked[1] == other_id


def test_similar_cli_rank_one_is_the_seed_claim(desk: Store) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(desk.path),
            "similar",
            "75 years of diplomatic relations",
            "--lang",
            "ar",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    top = json.loads(result.stdout)[0]
    assert "75 عاماً" in top["text"]
    assert set(top) == {
        "claim_id",
        "score",
        "relation",
        "reasons",
        "text",
        "language",
        "article_id",
        "source",
        "published",
        "p_same",
        "p_conflicting",
        "p_related",
    }


def test_similar_queries_file_keeps_ids_and_order(desk: Store, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "q2", "text": "first visit to Russia since 2019"})
        + "\n"
        + json.dumps({"id": "q1", "text": "Russia will win a great victory"})
        + "\n",
        encoding="utf-8",
    )
    base = ["--db", str(desk.path), "similar", "--queries", str(queries), "--top-k", "2"]
    result = CliRunner().invoke(cli, [*base, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q2", "q1"]
    assert all(1 <= len(line["results"]) <= 2 for line in lines)
    # json: the same records as one document; csv: one row per result with its query id
    document = CliRunner().invoke(cli, [*base, "--format", "json"])
    assert json.loads(document.stdout) == lines
    table = CliRunner().invoke(cli, [*base, "--format", "csv"]).stdout.splitlines()
    assert table[0].startswith("query,claim_id,score,relation")
    assert [row.split(",")[0] for row in table[1:]] == [
        line["id"] for line in lines for _ in line["results"]
    ]


def test_compare_year_change_is_conflicting_and_paraphrase_is_same(embedder) -> None:  # type: ignore[no-untyped-def]
    conflicting, same = compare_pairs(
        [
            (
                "Kim's first visit to Russia since 2019",
                "Kim's first visit to Russia since 2011",
                None,
                None,
            ),
            (
                "Kim's first visit to Russia since 2019",
                "Kim Jong Un's first trip to Russia since 2019",
                None,
                None,
            ),
        ],
        embedder=embedder,
    )
    assert conflicting.relation == "conflicting"
    assert any("2019" in r and "2011" in r for r in conflicting.reasons)
    assert same.relation == "same"


def test_compare_cli_pairs_file(tmp_path: Path) -> None:
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(
        "\n".join(
            json.dumps(p, ensure_ascii=False)
            for p in [
                {"a": "75 years of diplomatic relations", "b": "70 years of diplomatic relations"},
                {
                    "a": "75 عاماً من العلاقات الدبلوماسية",
                    "b": "75 years of diplomatic relations",
                    "lang_a": "ar",
                    "lang_b": "en",
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs)])  # json by default
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)  # one document: an array, a result per pair
    assert first["relation"] == "conflicting" and "75" in " ".join(first["reasons"])
    assert second["relation"] == "same"
    assert (first["pair"], second["pair"]) == (1, 2)
    lines = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs), "--format", "jsonl"])
    assert [json.loads(line) for line in lines.stdout.splitlines()] == [first, second]


def test_compare_bad_pairs_line_is_a_usage_error(tmp_path: Path) -> None:
    pairs = tmp_path / "p.jsonl"
    pairs.write_text('{"a": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 2
    assert "line 1" in result.output and "'b'" in result.output


def test_cluster_groups_across_languages_and_links_conflicts(desk: Store, embedder) -> None:  # type: ignore[no-untyped-def]
    arabic_75 = _claim_id(desk, "75 عاماً")
    english_75 = _claim_id(desk, "mark 75 years")
    variant_70 = _claim_id(desk, "70 years")
    # An analyst said the Kim quote pairs are not the same claim: clustering must obey.
    kim_ar = _claim_id(desk, "ستحقق انتصاراً")
    kim_en = _claim_id(desk, "great victory")
    with desk.session() as session:
        a, b = sorted([kim_ar, kim_en])
        session.run(
            "INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, "
            "event_at, note) VALUES ('e1', $a, $b, 'unlink', NULL, 'tester', now(), NULL)",
            {"a": a, "b": b},
        )
    report = cluster(desk, embedder)
    assert report.considered > 0
    with desk.session() as session:
        rows = {
            r["claim_id"]: r
            for r in session.sql(
                "SELECT claim_id, group_id, relation, reasons FROM group_members"
            ).to_dicts()
        }
    assert rows[arabic_75]["group_id"] == rows[english_75]["group_id"]
    assert rows[variant_70]["group_id"] == rows[arabic_75]["group_id"]
    assert rows[variant_70]["relation"] == "conflicting"
    assert any("70" in r and "75" in r for r in rows[variant_70]["reasons"])
    kim_groups = {rows.get(kim_ar, {}).get("group_id"), rows.get(kim_en, {}).get("group_id")}
    assert len(kim_groups - {None}) == len([c for c in (kim_ar, kim_en) if c in rows]), (
        "an unlinked pair was grouped"
    )
    # Incremental: a second run places nothing new and keeps the groups.
    assert cluster(desk, embedder).considered == 0
    groups = list_groups(desk, min_size=2)
    assert groups.filter(groups["conflicts"] > 0).height >= 1


def test_index_file_is_updated_in_place_when_claims_change(
    desk: Store, embedder, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from claimtrack.embedding.index import COUNTERS
    from claimtrack.embedding.index_log import log_path

    ClaimSearcher(desk, embedder)
    path = index_path(desk, "claims", embedder.model_id)
    assert path.exists()
    before = path.stat().st_mtime_ns
    ClaimSearcher(desk, embedder)  # unchanged store: loaded, not rebuilt
    assert path.stat().st_mtime_ns == before
    extra = tmp_path / "new.txt"
    extra.write_text("The minister said unemployment fell to 4 percent in 2022.", encoding="utf-8")
    ingest_paths(desk, [extra])
    extract(desk)
    embed_missing(desk, "claims", embedder=embedder)
    rebuilds, updates = COUNTERS["rebuilds"], COUNTERS["updates"]
    searcher = ClaimSearcher(desk, embedder)
    assert COUNTERS["rebuilds"] == rebuilds and COUNTERS["updates"] == updates + 1
    assert path.stat().st_mtime_ns == before and log_path(path).exists()  # appended, not rewritten
    assert searcher.for_text("unemployment fell to 4 percent", top_k=1)[0].text.startswith(
        "The minister said unemployment"
    )


def test_identical_claim_texts_are_embedded_once(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "dup.duckdb")
    shared = "The minister said inflation reached 12 percent in March."
    (tmp_path / "a.txt").write_text("Markets fell on Monday.\n\n" + shared, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Protests continued.\n\n" + shared, encoding="utf-8")
    ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    extract(store)
    report = embed_missing(store, "claims", embedder=embedder)
    with store.session() as session:
        copies = session.scalar("SELECT count(*) FROM claims WHERE text = $t", {"t": shared})
        keys = session.scalar("SELECT count(DISTINCT text_key) FROM claims")
        vectors = session.scalar("SELECT count(*) FROM text_vectors")
    assert copies == 2
    assert vectors == keys == report.embedded
    assert embed_missing(store, "claims", embedder=embedder).embedded == 0


def test_similar_shows_a_sentence_repeated_in_one_article_once(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """A headline that opens the body again gives two claims with one text in one article:
    `similar` shows it once; the same words in another article still show."""
    store = Store(tmp_path / "repeat.duckdb")
    line = "The minister said inflation reached 12 percent in March."
    body = f"{line}\n\n{line}\n\nMarkets fell on Monday."
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Protests continued.\n\n{line}", encoding="utf-8")
    ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    extract(store)
    embed_missing(store, "claims", embedder=embedder)
    with store.session() as session:
        copies = session.sql(
            "SELECT article_id FROM claims WHERE text = $t ORDER BY char_start", {"t": line}
        )
    assert copies.height == 3 and copies["article_id"].n_unique() == 2  # two in article a
    results = ClaimSearcher(store, embedder).for_text(
        "Inflation hit 12 percent in March, the minister said.", top_k=5
    )
    same_text = [r for r in results if r.text == line]
    assert len(same_text) == 2
    assert len({r.article_id for r in same_text}) == 2
