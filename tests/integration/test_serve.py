"""``claimtrack serve`` through FastAPI's test client: every endpoint, auth, limits and bad
input, on a real database (the seed and the English fixture articles, embedded with the
offline model, plus the Arabic ClaimReview fixture library)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from claimtrack.api.claims import extract
from claimtrack.api.factchecks import import_factchecks
from claimtrack.api.ingest import ingest_paths
from claimtrack.api.vectors import embed_missing, load_embedder
from claimtrack.cli import cli
from claimtrack.config import load_config
from claimtrack.serve.app import make_app
from claimtrack.serve.service import Service
from claimtrack.store import Store
from tests.conftest import FIXTURES, SEEDS

TOKEN = "s3cret-token-of-the-desk-0123"
KIM_2019 = "Kim visited Russia for the first time since 2019"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "desk.duckdb"
    store = Store(path)
    ingest_paths(store, [SEEDS, FIXTURES / "articles"])
    extract(store)
    embed_missing(store, "claims", embedder=load_embedder(None))
    import_factchecks(store, [FIXTURES / "factchecks" / "arabic_claimreview_subset.json"])
    return path


def _service(db: Path, *, loopback: bool = True) -> Service:
    config = load_config(env={}).with_overrides(db=db, analyst="desk-default")
    return Service.for_config(config, loopback=loopback)


@pytest.fixture(scope="module")
def service(db: Path) -> Service:
    return _service(db)


@pytest.fixture(scope="module")
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(make_app(service), raise_server_exceptions=False) as test_client:
        yield test_client


def _claim_id(client: TestClient, **filters: Any) -> str:
    rows = client.get("/claims", params={"limit": 1, **filters}).json()
    return str(rows[0]["claim_id"])


def _no_traceback(response: Any) -> None:
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert response.headers["content-type"].startswith("application/json")


# ------------------------------------------------------------------------- endpoints
def test_similar_text_matches_the_cli_json(client: TestClient, db: Path) -> None:
    response = client.post("/similar", json={"text": KIM_2019, "top_k": 3})
    assert response.status_code == 200
    served = response.json()
    cli_out = CliRunner().invoke(
        cli, ["--db", str(db), "similar", KIM_2019, "--top-k", "3", "--format", "json"]
    )
    assert cli_out.exit_code == 0, cli_out.output
    assert served == json.loads(cli_out.stdout)
    assert served and set(served[0]) >= {"claim_id", "score", "relation", "reasons", "text"}


def test_similar_by_claim_and_filters(client: TestClient) -> None:
    claim_id = _claim_id(client, lang="ar")
    found = client.post("/similar", json={"claim_id": claim_id, "top_k": 5, "lang": "en"}).json()
    assert found, "an Arabic seed claim has English neighbours"
    assert all(r["language"] == "en" and r["claim_id"] != claim_id for r in found)
    assert client.post("/similar", json={"claim_id": "no-such-claim"}).status_code == 404


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"language": "en"},
        {"language": "ar"},
        {"source": "Al Mayadeen"},
        {"since": date(2023, 9, 13)},
    ],
)
def test_warm_searcher_rows_in_memory_answer_as_the_database(
    db: Path, filters: dict[str, Any]
) -> None:
    from claimtrack.api.matching import ClaimSearcher, SearchFilters

    store, embedder = Store(db), load_embedder(None)
    plain = ClaimSearcher(store, embedder)
    warm = ClaimSearcher(store, embedder, keep_rows=True)
    chosen = SearchFilters(**filters)
    for text in (KIM_2019, "Putin and Kim met at the Vostochny cosmodrome"):
        expected = plain.for_text(text, top_k=8, filters=chosen)
        assert warm.for_text(text, top_k=8, filters=chosen) == expected
    claim_id = plain.for_text(KIM_2019, top_k=1)[0].claim_id
    assert warm.for_claim(claim_id, filters=chosen) == plain.for_claim(claim_id, filters=chosen)


def test_compare_labels_a_year_conflict(client: TestClient) -> None:
    body = {"a": "Kim last visited Russia in 2019", "b": "Kim last visited Russia in 2011"}
    result = client.post("/compare", json=body).json()
    assert set(result) == {"score", "relation", "reasons", "p_same", "p_conflicting", "p_related"}
    assert result["relation"] == "conflicting" and any("2019" in r for r in result["reasons"])


def test_factchecks_search_returns_cli_fields(client: TestClient) -> None:
    from claimtrack.cli.factchecks import HIT_COLUMNS

    hits = client.post(
        "/factchecks/search", json={"text": "انقطاع التيار الكهربائي عن أوروبا", "top_k": 2}
    ).json()
    assert 1 <= len(hits) <= 2 and list(hits[0]) == HIT_COLUMNS
    by_claim = client.post("/factchecks/search", json={"claim_id": _claim_id(client)})
    assert by_claim.status_code == 200 and isinstance(by_claim.json(), list)


def test_claims_filters_as_the_cli(client: TestClient, db: Path) -> None:
    served = client.get("/claims", params={"lang": "en", "type": "quantity"}).json()
    cli_out = CliRunner().invoke(
        cli, ["--db", str(db), "claims", "--lang", "en", "--type", "quantity", "--format", "json"]
    )
    assert served and served == json.loads(cli_out.stdout)
    assert len(client.get("/claims", params={"limit": 2}).json()) == 2
    bad = client.get("/claims", params={"type": "gossip"})
    assert bad.status_code == 400 and "unknown claim type" in bad.json()["error"]


def test_workflow_writes_record_the_analyst_and_show_in_history(client: TestClient) -> None:
    claim_id = _claim_id(client, lang="en")
    body = {"status": "in_review", "note": "on it", "analyst": "rana"}
    verdict = client.post(f"/claims/{claim_id}/verdict", json=body)
    assert verdict.status_code == 200
    assert [e["analyst"] for e in verdict.json()["events"]] == ["rana"]
    note = client.post(f"/claims/{claim_id}/note", json={"text": "asked the ministry"})
    assert note.json()["analyst"] == "desk-default"  # loopback: the service's own analyst
    url = "https://example.org/report"
    evidence = client.post(f"/claims/{claim_id}/evidence", json={"url": url, "analyst": "omar"})
    assert evidence.json()["evidence_url"] == url
    detail = client.get(f"/claims/{claim_id}").json()
    assert detail["status"] == "in_review" and detail["analyst"] == "rana"
    assert [h["action"] for h in detail["history"]] == ["verdict", "note", "evidence"]
    assert [h["analyst"] for h in detail["history"]] == ["rana", "desk-default", "omar"]


def test_ingest_extracts_and_embeds_so_similar_finds_it(client: TestClient) -> None:
    text = ("The harbour authority said on Tuesday that 4,812 containers were stranded at "
            "the port of Tartus after the storm.")  # fmt: skip
    article = {"text": text, "source": "Desk notes", "published": "2024-05-06", "lang": "en"}
    response = client.post("/ingest", json=article)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "added" and body["claims"] and body["embedded"] >= 1
    found = client.post("/similar", json={"text": "4,812 containers stranded in Tartus port"})
    assert body["claims"][0] in [r["claim_id"] for r in found.json()]
    again = client.post("/ingest", json=article).json()
    assert again["status"] == "duplicate" and again["article_id"] == body["article_id"]


def test_ingest_bad_metadata_is_400_and_stores_nothing(client: TestClient) -> None:
    before = len(client.get("/claims", params={"limit": 100000}).json())
    response = client.post("/ingest", json={"text": "A text.", "url": "ftp://x.example/a"})
    assert response.status_code == 400 and "url" in response.json()["error"]
    assert len(client.get("/claims", params={"limit": 100000}).json()) == before


def test_stats_healthz_and_docs(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["total"] > 0 and "by_status" in stats and "throughput" in stats
    assert client.get("/stats", params={"lang": "ar"}).json()["total"] < stats["total"]
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/similar", "/compare", "/factchecks/search", "/claims", "/claims/{claim_id}",
            "/claims/{claim_id}/verdict", "/ingest", "/stats"} <= set(paths)  # fmt: skip


# ------------------------------------------------------------------------------ auth
def test_token_missing_401_wrong_403_right_200(service: Service) -> None:
    client = TestClient(make_app(service, token=TOKEN), raise_server_exceptions=False)
    assert client.get("/stats").status_code == 401
    assert client.get("/stats", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.post("/compare", json={"a": "x", "b": "y"}).status_code == 401
    assert client.get("/healthz").status_code == 200  # liveness needs no token


def test_token_is_compared_in_constant_time(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("claimtrack.api.auth.hmac.compare_digest", spy)
    client = TestClient(make_app(service, token=TOKEN), raise_server_exceptions=False)
    client.get("/claims", headers={"Authorization": "Bearer not-the-token"})
    assert calls == [(TOKEN.encode(), b"not-the-token")]


def test_off_loopback_a_write_must_name_its_analyst(db: Path) -> None:
    client = TestClient(make_app(_service(db, loopback=False), token=TOKEN),
                        raise_server_exceptions=False)  # fmt: skip
    auth = {"Authorization": f"Bearer {TOKEN}"}
    claim_id = client.get("/claims", params={"limit": 1}, headers=auth).json()[0]["claim_id"]
    anonymous = client.post(f"/claims/{claim_id}/note", json={"text": "x"}, headers=auth)
    assert anonymous.status_code == 400 and "analyst" in anonymous.json()["error"]
    named = client.post(f"/claims/{claim_id}/note", json={"text": "x", "analyst": "lina"},
                        headers=auth)  # fmt: skip
    assert named.json()["analyst"] == "lina"


def test_cli_refuses_a_public_address_without_a_token(db: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db), "serve", "--host", "0.0.0.0"], env={})
    assert result.exit_code != 0 and "needs a token" in result.output


def test_cli_names_the_extra_when_fastapi_is_missing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "fastapi", None)
    result = CliRunner().invoke(cli, ["--db", str(db), "serve"])
    assert result.exit_code == 1
    assert "pip install 'claimtrack[serve]'" in result.output


# ---------------------------------------------------------------- limits, bad input
def test_body_over_the_limit_is_413_announced_or_streamed(service: Service) -> None:
    client = TestClient(make_app(service, max_body=1000), raise_server_exceptions=False)
    big = json.dumps({"text": "x" * 2000})
    announced = client.post("/ingest", content=big, headers={"content-type": "application/json"})
    assert announced.status_code == 413 and "1000 bytes" in announced.json()["error"]

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b" " * 400

    streamed = client.post("/ingest", content=chunks(),
                           headers={"content-type": "application/json"})  # fmt: skip
    assert streamed.status_code == 413
    ok = client.post("/compare", json={"a": "x", "b": "y"})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/similar", {"text": "x", "top_k": 0}, "top_k"),
        ("/similar", {"text": "x", "min_score": 2}, "min_score"),
        ("/similar", {"text": "   "}, "text"),
        ("/similar", {}, "body"),
        ("/similar", {"text": "x", "claim_id": "y"}, "body"),
        ("/similar", {"text": "x", "since": "yesterday"}, "since"),
        ("/similar", {"text": "x", "topk": 3}, "topk"),
        ("/compare", {"a": "x"}, "b"),
        ("/factchecks/search", {"text": "x", "top_k": "many"}, "top_k"),
        ("/ingest", {"text": "x", "published": "2024-13-45"}, "published"),
        ("/claims/abc/verdict", {"note": "no status"}, "body"),
        ("/claims/abc/evidence", {"analyst": "x"}, "url"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: TestClient, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    _no_traceback(response)


def test_malformed_json_and_bad_query_values(client: TestClient) -> None:
    response = client.post("/similar", content=b'{"text": ', headers={"content-type":
                           "application/json"})  # fmt: skip
    assert response.status_code == 422 and "not valid JSON" in response.json()["error"]
    limit = client.get("/claims", params={"limit": "-3"})
    assert limit.status_code == 422 and limit.json()["field"] == "limit"
    worth = client.get("/claims", params={"min_checkworthiness": "nan"})
    assert worth.status_code == 422 and worth.json()["field"] == "min_checkworthiness"


def test_library_refusals_are_4xx_with_the_message(client: TestClient) -> None:
    claim_id = _claim_id(client)
    unknown = client.post(f"/claims/{claim_id}/verdict", json={"status": "fake-ish"})
    assert unknown.status_code == 400 and "unknown status" in unknown.json()["error"]
    url = client.post(f"/claims/{claim_id}/evidence", json={"url": "javascript:alert(1)"})
    assert url.status_code == 400 and "http" in url.json()["error"]
    missing = client.get("/claims/no-such-claim")
    assert missing.status_code == 404 and "no-such-claim" in missing.json()["error"]
    for response in (unknown, url, missing, client.get("/no/such/route")):
        _no_traceback(response)


def test_unexpected_error_is_a_generic_500_never_a_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret detail /home/desk/db")

    monkeypatch.setattr("claimtrack.api.exports.desk_stats", broken)
    with caplog.at_level("ERROR", logger="claimtrack.serve"):
        response = client.get("/stats")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error (logged by the server)"}
    assert "secret" not in response.text
    _no_traceback(response)
    assert "secret detail" in caplog.text  # the server's log keeps what happened


def test_core_and_serve_help_do_not_import_fastapi() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nimport claimtrack, claimtrack.api\nfrom click.testing import CliRunner\n"
        "from claimtrack.cli import cli\nr = CliRunner().invoke(cli, ['serve', '--help'])\n"
        "assert r.exit_code == 0 and '--token' in r.output, r.output\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[0] for m in out.stdout.split()}
    assert not loaded & {"fastapi", "uvicorn", "starlette", "httpx"}
