"""Request bodies. Names follow the CLI's options (``top_k`` for ``--top-k``, ``lang`` for
``--lang``); a bad value is a 422 naming the field, before any library code runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from claimtrack.api.workflow import MAX_NOTE_CHARS, MAX_URL_CHARS

#: The longest query text: a claim is a sentence or two; a whole article is for /ingest.
MAX_QUERY_CHARS = 10_000
#: The longest article /ingest takes (the body limit caps the request as a whole).
MAX_ARTICLE_CHARS = 1_000_000

QueryText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUERY_CHARS)
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ClaimId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Analyst = Annotated[str, StringConstraints(max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not ignored


class SimilarRequest(Strict):
    """Claims similar to ``text`` or to the stored claim ``claim_id`` (exactly one)."""

    text: QueryText | None = None
    claim_id: ClaimId | None = None
    top_k: int = Field(10, ge=1, le=1000)
    min_score: float | None = Field(None, ge=-1, le=1, allow_inf_nan=False)
    lang: Language | None = None
    source: Name | None = None
    since: date | None = None

    @model_validator(mode="after")
    def one_query(self) -> Self:
        if (self.text is None) == (self.claim_id is None):
            raise ValueError("give exactly one of 'text' or 'claim_id'")
        return self


class CompareRequest(Strict):
    """Two texts to score and label (languages detected when not given)."""

    a: QueryText
    b: QueryText
    lang_a: Language | None = None
    lang_b: Language | None = None


class FactcheckSearchRequest(Strict):
    """Earlier fact-checks of ``text`` or of the stored claim ``claim_id`` (exactly one)."""

    text: QueryText | None = None
    claim_id: ClaimId | None = None
    top_k: int = Field(5, ge=1, le=1000)

    @model_validator(mode="after")
    def one_query(self) -> Self:
        if (self.text is None) == (self.claim_id is None):
            raise ValueError("give exactly one of 'text' or 'claim_id'")
        return self


class Write(Strict):
    """Every write names its analyst; on loopback the service's own is the default."""

    analyst: Analyst | None = None


class VerdictRequest(Write):
    status: Name | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)] | None = None
    evidence: list[Annotated[str, StringConstraints(max_length=MAX_URL_CHARS)]] = Field(
        default_factory=list, max_length=50
    )
    group: bool = False
    factcheck_id: Name | None = None

    @model_validator(mode="after")
    def something_to_set(self) -> Self:
        if self.status is None and self.factcheck_id is None:
            raise ValueError("give 'status' or 'factcheck_id'")
        return self


class NoteRequest(Write):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_NOTE_CHARS)]


class EvidenceRequest(Write):
    url: Annotated[str, StringConstraints(min_length=1, max_length=MAX_URL_CHARS)]
    title: Annotated[str, StringConstraints(max_length=500)] | None = None


class IngestRequest(Strict):
    """One article as text, with the metadata a sidecar file could give."""

    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ARTICLE_CHARS)
    ]
    title: Annotated[str, StringConstraints(max_length=1000)] | None = None
    url: Annotated[str, StringConstraints(max_length=MAX_URL_CHARS)] | None = None
    source: Name | None = None
    author: Name | None = None
    published: date | None = None
    lang: Language | None = None
