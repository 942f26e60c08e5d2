"""Re-extraction upserts by content id, and never loses a claim an analyst worked on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import claimtrack.pipeline.extract as extract_module
from claimtrack.api.claims import extract, list_claims
from claimtrack.api.ingest import ingest_paths
from claimtrack.api.workflow import claim_state, set_verdict
from claimtrack.store import Store

TEXT = (
    "The minister said unemployment fell to 4 percent in 2022.\n\n"
    "Officials announced that 1,200 new teachers will be hired next year."
)


@pytest.fixture
def desk(store: Store, tmp_path: Path) -> Store:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    ingest_paths(store, [article])
    return store


def _ids(store: Store, include_stale: bool = False) -> set[str]:
    return set(list_claims(store, include_stale=include_stale)["claim_id"].to_list())


def test_rerun_with_same_extractor_is_idempotent(desk: Store) -> None:
    first = extract(desk)
    before = _ids(desk)
    assert first.claims == len(before) >= 2
    assert extract(desk).articles == 0  # nothing missing for this extractor version
    again = extract(desk, all_articles=True)
    assert again.claims == first.claims and _ids(desk) == before


def test_new_extractor_flags_dropped_claims_and_keeps_the_verdict(
    desk: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract(desk)
    claims = list_claims(desk).to_dicts()
    worked = next(c for c in claims if "unemployment" in c["text"])
    set_verdict(desk, worked["claim_id"], "false", analyst="rana", note="ILO says 4.6 percent")

    original = extract_module.extract_claims

    def newer(article):  # type: ignore[no-untyped-def]
        kept = [c for c in original(article) if "unemployment" not in c.text]
        return [dataclasses.replace(c, extractor_version="test-2") for c in kept]

    monkeypatch.setattr(extract_module, "extract_claims", newer)
    monkeypatch.setattr(
        extract_module, "extract_claims_many", lambda arts: [newer(a) for a in arts]
    )
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "test-2")
    report = extract(desk)  # the new version has not processed the article yet
    assert report.articles == 1 and report.newly_stale == 1
    assert worked["claim_id"] not in _ids(desk)
    assert worked["claim_id"] in _ids(desk, include_stale=True)
    state = claim_state(desk, worked["claim_id"])
    assert state.status == "false" and state.analyst == "rana"
    with desk.session() as session:
        assert session.scalar("SELECT count(*) FROM claim_events") == 1
        stale = session.scalar("SELECT stale FROM claims WHERE claim_id = $c",
                               {"c": worked["claim_id"]})  # fmt: skip
    assert stale is True


def test_one_failing_article_does_not_lose_the_batch(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_text("The mayor said 3 bridges were closed.", encoding="utf-8")
    ingest_paths(store, [tmp_path / "good.txt", tmp_path / "bad.txt"])
    original = extract_module.extract_claims

    def fragile(article):  # type: ignore[no-untyped-def]
        if "mayor" in article.text:
            raise ValueError("boom")
        return original(article)

    monkeypatch.setattr(extract_module, "extract_claims", fragile)
    monkeypatch.setattr(
        extract_module, "extract_claims_many", lambda arts: [fragile(a) for a in arts]
    )
    report = extract(store)
    assert report.articles == 1 and report.claims >= 2
    assert len(report.failed) == 1 and report.failed[0][1] == "ValueError: boom"
    assert all("mayor" not in text for text in list_claims(store)["text"].to_list())


def test_atomic_extractor_splits_a_sentence_claim_and_keeps_the_old_one_stale(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database extracted sentence by sentence, re-extracted one fact per claim: the new
    clause claims are added with their sentence as context, and the old sentence claim an
    analyst judged is kept, flagged stale, with its verdict."""
    text = "The ministry said 12 people were injured, and the police arrested 3 suspects."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    ingest_paths(store, [tmp_path / "a.txt"])
    atomic = extract_module.extract_claims

    def sentence_level(article):  # type: ignore[no-untyped-def]
        first = atomic(article)[0]
        whole = dataclasses.replace(
            first,
            claim_id="sentence-claim",
            char_end=len(article.text),
            text=article.text,
            extractor_version="rules-ar-en-3",
            context_start=None,
            context_end=None,
        )
        return [whole]

    with monkeypatch.context() as patch:
        patch.setattr(extract_module, "extract_claims", sentence_level)
        patch.setattr(
            extract_module, "extract_claims_many", lambda arts: [sentence_level(a) for a in arts]
        )
        patch.setattr(extract_module, "EXTRACTOR_VERSION", "rules-ar-en-3")
        extract(store)
    set_verdict(store, "sentence-claim", "true", analyst="rana")
    report = extract(store)  # the current extractor has not processed the article yet
    assert report.articles == 1 and report.newly_stale == 1
    current = list_claims(store).to_dicts()
    assert [c["text"] for c in current] == [
        "The ministry said 12 people were injured",
        "and the police arrested 3 suspects.",
    ]
    assert all(c["context"] == text for c in current)
    assert "sentence-claim" in _ids(store, include_stale=True)
    assert claim_state(store, "sentence-claim").status == "true"
