"""Evaluation runs behind ``claimtrack eval``: extraction against gold files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any


def _root_for(gold: Path) -> Path:
    """Where a gold document's relative ``path`` resolves: the nearest ancestor of the gold
    file that has a ``seeds/`` folder (the repository), else the current directory."""
    for parent in gold.resolve().parents:
        if (parent / "seeds").is_dir():
            return parent
    return Path.cwd()


def evaluate_extraction(gold_paths: list[Path]) -> dict[str, Any]:
    """Run the extractor on each gold document and score it (per file and overall)."""
    from claimtrack.evaluation.extraction import load_gold, score_extraction
    from claimtrack.models import Article
    from claimtrack.pipeline.extract import EXTRACTOR_VERSION, extract_claims

    per_file: dict[str, Any] = {}
    all_docs: list[dict[str, Any]] = []
    all_predicted: dict[str, Any] = {}
    for path in gold_paths:
        docs = load_gold(path, root=_root_for(path))
        predicted = {}
        for doc in docs:
            published = doc.get("published")
            article = Article(
                article_id=doc["doc_id"],
                text=doc["text"],
                language=doc["language"],
                published=date.fromisoformat(published) if published else None,
            )
            predicted[doc["doc_id"]] = extract_claims(article)
        per_file[str(path)] = score_extraction(docs, predicted)
        all_docs.extend(docs)
        all_predicted.update(predicted)
    return {
        "extractor_version": EXTRACTOR_VERSION,
        "files": per_file,
        "overall": score_extraction(all_docs, all_predicted) if len(gold_paths) > 1 else None,
    }
