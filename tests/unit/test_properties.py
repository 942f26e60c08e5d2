"""Property-based tests (issue 12, Deliver 7), with modest example counts so that the
default run stays fast (``HYPOTHESIS_PROFILE=thorough`` raises them tenfold).

* ingest never raises an unhandled exception on arbitrary bytes under arbitrary file
  names: every file gives articles or named errors;
* the folding offset map sends every folded span back to an exact raw substring, and the
  extractor's claims are exact substrings of arbitrary text;
* exports round-trip arbitrary Unicode (json, jsonl, parquet, raw csv; csv with formula
  neutralising differs only by the leading quote).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimtrack.errors import IngestError
from claimtrack.models import Article
from claimtrack.pipeline.ingest import IngestDefaults, read_inputs
from claimtrack.pipeline.ingest.readers import FORMATS, detect_format
from claimtrack.pipeline.normalize import fold

settings.register_profile("thorough", max_examples=1000)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

FIXTURES_OK = [HealthCheck.function_scoped_fixture]  # each example writes fresh files
# Valid Unicode scalar values (no lone surrogates: they cannot be stored or encoded).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
SUFFIXES = st.sampled_from(
    [".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".tsv", ".rss", ".xml", ".atom",
     ".meta.json", "", ".bin"]
)  # fmt: skip
NAME = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=40,
).filter(lambda name: name not in (".", "..") and len(name.encode("utf-8")) < 200)
PAYLOADS = st.one_of(
    st.binary(max_size=2000),
    TEXT.map(lambda t: t.encode("utf-8")),
    TEXT.map(lambda t: t.encode("utf-16")),
    st.lists(st.dictionaries(st.sampled_from(["text", "title", "url", "published", "lang"]),
                             st.one_of(TEXT, st.integers(), st.none(), st.floats())),
             max_size=4).map(lambda rows: "\n".join(map(json.dumps, rows)).encode()),
)  # fmt: skip


@given(name=NAME, suffix=SUFFIXES, payload=PAYLOADS, fmt=st.sampled_from(["auto", *FORMATS]))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_reading_arbitrary_files_never_raises(
    tmp_path: Path, name: str, suffix: str, payload: bytes, fmt: str
) -> None:
    path = tmp_path / (name + suffix)
    try:
        path.write_bytes(payload)
    except OSError:
        assume(False)  # a name this file system refuses is not an input
    file_fmt = detect_format(path) if fmt == "auto" else fmt
    if file_fmt is None:
        return
    for item in read_inputs(path, file_fmt, IngestDefaults()):
        assert isinstance(item, Article | IngestError)
        if isinstance(item, Article):
            assert item.text.strip() and item.article_id
        else:
            assert item.where and item.reason


@given(files=st.lists(st.tuples(NAME, SUFFIXES, PAYLOADS), min_size=1, max_size=4))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_ingesting_arbitrary_files_never_raises(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str, bytes]]
) -> None:
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.store import Store

    folder = tmp_path_factory.mktemp("in")
    written = 0
    for number, (name, suffix, payload) in enumerate(files):
        try:
            (folder / f"{number}-{name}{suffix}").write_bytes(payload)
            written += 1
        except OSError:
            continue
    store = Store(tmp_path_factory.mktemp("db") / "p.duckdb")
    report = ingest_paths(store, [folder])
    assert {r.status for r in report.results} <= {"added", "duplicate", "syndicated", "failed",
                                                  "skipped"}  # fmt: skip
    with store.session() as session:
        stored = session.scalar("SELECT count(*) FROM articles")
        running = session.scalar("SELECT count(*) FROM pipeline_runs WHERE status = 'running'")
    assert stored == report.counts.get("added", 0) and running == 0


@given(raw=TEXT, data=st.data())
@settings(max_examples=200, deadline=None)
def test_folded_spans_map_back_to_exact_raw_substrings(raw: str, data: st.DataObject) -> None:
    folded = fold(raw)
    assert len(folded.offsets) == len(folded.text) + 1
    n = len(folded.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = folded.to_raw(start, end)
    assert 0 <= a <= b <= len(raw)
    # The raw substring folds to a text that contains the folded span (it equals it unless
    # the span cuts through one raw character that folds to several, like ﻻ -> لا).
    assert folded.text[start:end] in fold(raw[a:b]).text


WORDS = st.sampled_from(
    ["قال", "الوزير", "إن", "75", "عاماً", "منذ", "2019", "٪", "The", "minister", "said",
     "40", "percent", "since", "2011", '"', "«", "»", ".", "،", "؟", "\n", "\u202e", "\x1b",
     "ﻻ", "ً", "Dr.", "U.S.", "$4.2", "million", "on", "Monday"]
)  # fmt: skip


@given(
    words=st.lists(st.one_of(WORDS, TEXT.map(lambda t: t[:12])), max_size=80),
    language=st.sampled_from(["ar", "en"]),
)
@settings(max_examples=80, deadline=None)
def test_claims_are_exact_substrings_of_arbitrary_text(words: list[str], language: str) -> None:
    from claimtrack.pipeline.extract import extract_claims
    from claimtrack.pipeline.extract.windows import extract_claims_windowed

    text = " ".join(words)
    assume(text.strip())
    article = Article("p", text, language)
    for claims in (extract_claims(article),
                   [c for part in extract_claims_windowed(article, 64) for c in part]):  # fmt: skip
        for claim in claims:
            assert text[claim.char_start : claim.char_end] == claim.text


def _frame(texts: list[str], notes: list[str]) -> pl.DataFrame:
    from claimtrack.export.frames import CLAIMS_SCHEMA
    from tests.unit.export_data import _claim

    rows = [_claim(claim_id=f"c{i}", text=t, language="en", article_id="a", analyst=n,
                   notes=[n, t], source=t, article_title=n)
            for i, (t, n) in enumerate(zip(texts, notes, strict=True))]  # fmt: skip
    return pl.DataFrame(rows, schema=CLAIMS_SCHEMA)


@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_tabular_export_round_trips_arbitrary_unicode(pairs: list[tuple[str, str]]) -> None:
    from claimtrack.export.tabular import write_tabular
    from claimtrack.untrusted import spreadsheet_cell

    texts, notes = [t for t, _ in pairs], [n for _, n in pairs]
    frame = _frame(texts, notes)
    for fmt in ("json", "jsonl"):
        out = io.StringIO()
        write_tabular(frame, out, fmt)  # type: ignore[arg-type]
        text = out.getvalue()
        rows = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        assert [r["text"] for r in rows] == texts and [r["notes"] for r in rows] == [
            [n, t] for t, n in pairs
        ]
    binary = io.BytesIO()
    write_tabular(frame, binary, "parquet")  # type: ignore[arg-type]
    back = pl.read_parquet(io.BytesIO(binary.getvalue()))
    assert back["text"].to_list() == texts and back["analyst"].to_list() == notes
    for raw in (True, False):
        out = io.StringIO()
        write_tabular(frame, out, "csv", raw_csv=raw)  # type: ignore[arg-type]
        rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
        expect = texts if raw else [spreadsheet_cell(t) for t in texts]
        assert [r["text"] for r in rows] == [t or "" for t in expect]
        assert [r["analyst"] for r in rows] == [(n if raw else spreadsheet_cell(n)) for n in notes]


@pytest.fixture(scope="module")
def workflow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.store import Store
    from tests.conftest import SEED_ARTICLE

    path = tmp_path_factory.mktemp("unicode") / "u.duckdb"
    store = Store(path)
    ingest_paths(store, [SEED_ARTICLE])
    extract(store)
    return path


@given(note=TEXT.filter(lambda t: t.strip()), analyst=TEXT.filter(lambda t: t.strip()))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_export_of_the_store_round_trips_arbitrary_unicode(
    workflow_db: Path, note: str, analyst: str
) -> None:
    from claimtrack.api.exports import export
    from claimtrack.api.workflow import add_note
    from claimtrack.store import Store

    store = Store(workflow_db)
    with store.session() as session:
        claim = session.scalar("SELECT min(claim_id) FROM claims")
    add_note(store, claim, note, analyst=analyst)
    out = io.StringIO()
    export(store, out, "jsonl", with_history=True)
    row = next(
        json.loads(x) for x in out.getvalue().splitlines() if json.loads(x)["claim_id"] == claim
    )
    last = row["history"][-1]
    assert (last["note"], last["analyst"]) == (note, analyst.strip())
    assert row["notes"][-1] == note
