"""What the lexical (BM25) indexes are built from: each corpus's documents and versions.

A corpus maps to the documents of one index: claims (one document per distinct text,
field ``text``) and fact-checks (one per fact-check, fields ``claim, title, summary,
body``). The index file itself is not in the database (``claimtrack.api.retrieval``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.errors import InvalidInputError
from claimtrack.store.db import Session


@dataclass(frozen=True, slots=True)
class LexicalCorpus:
    name: str
    fields: tuple[str, ...]
    versions_query: str  # -> key, version
    texts_query: str  # ($keys) -> key, *fields, language


LEXICAL_CORPORA = {
    "claims": LexicalCorpus("claims", ("text",), "lexical_claim_versions", "lexical_claim_texts"),
    "factchecks": LexicalCorpus(
        "factchecks",
        ("claim", "title", "summary", "body"),
        "lexical_factcheck_versions",
        "lexical_factcheck_texts",
    ),
}


def lexical_corpus(name: str) -> LexicalCorpus:
    try:
        return LEXICAL_CORPORA[name]
    except KeyError:
        raise InvalidInputError(
            f"unknown corpus {name!r} (choose from {sorted(LEXICAL_CORPORA)})"
        ) from None


def versions(session: Session, corpus: str) -> dict[str, str]:
    """``{key: version}`` of every document the corpus's index should hold."""
    frame = session.query(lexical_corpus(corpus).versions_query)
    return dict(zip(frame["key"].to_list(), frame["version"].to_list(), strict=True))


def documents(session: Session, corpus: str, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``{key: {field: text, "language": code}}`` of the given documents."""
    if not keys:
        return {}
    frame = session.query(lexical_corpus(corpus).texts_query, {"doc_keys": list(keys)})
    return {row.pop("key"): row for row in frame.iter_rows(named=True)}
