"""The "Earlier fact-checks" part of a report: which claims an earlier fact-check really
matches (the same claim, or a conflicting variant of it), and how many weaker matches
were left out. Built by the caller (the demo) from the fact-check search; rendered here.
Every string is untrusted and escaped; only http(s) URLs become links, shown decoded and
cut to host + path start (the full URL is the link's target and its tooltip).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.display import display_url, hidden_note, short_url
from claimtrack.export.frames import language_tag, safe_http_url, text_direction


@dataclass(frozen=True, slots=True)
class FactcheckMatches:
    """``rows``: one per (claim, fact-check) match with keys ``claim_id, claim_text,
    claim_language, relation, score, reasons, factcheck_claim, factcheck_language, rating,
    status, publisher, url``; ``hidden``: weaker matches not listed."""

    rows: Sequence[Mapping[str, Any]] = ()
    hidden: int = 0


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _text(value: object, language: object) -> str:
    lang = language_tag(language)
    attrs = f' lang="{_e(lang)}" dir="{text_direction(lang)}"' if lang else ' dir="auto"'
    return f"<span{attrs}>{_e(value)}</span>"


def url_link(url: object) -> str:
    """A short, decoded link to an http(s) URL; any other URL as (escaped) text."""
    safe = safe_http_url(url)
    if safe is None:
        return f'<span dir="auto">{_e(display_url(url))}</span>' if url else ""
    return (
        f'<a href="{_e(safe)}" title="{_e(display_url(safe))}" '
        f'rel="noopener noreferrer nofollow" dir="auto">{_e(short_url(safe))}</a>'
    )


def render_factchecks_html(matches: FactcheckMatches) -> str:
    """The section as HTML; "No earlier fact-check matches." when there is none."""
    parts = ['<section class="factchecks"><h2>Earlier fact-checks</h2>']
    if not matches.rows:
        parts.append('<p class="muted">No earlier fact-check matches.</p>')
    else:
        items = []
        for row in matches.rows:
            why = "; ".join(str(r) for r in row.get("reasons") or ())
            items.append(
                f'<li><a href="#claim-{_e(row["claim_id"])}">{_e(row["claim_id"])}</a> '
                f"{_text(row['claim_text'], row.get('claim_language'))}"
                f"<br>{_e(row['relation'])} ({float(row['score']):.2f})"
                + (f' <span class="conflict" dir="auto">{_e(why)}</span>' if why else "")
                + f": {_text(row['factcheck_claim'], row.get('factcheck_language'))} — "
                f'rated <span dir="auto">{_e(row.get("rating") or "?")}</span> '
                f"({_e(row.get('status'))}) by "
                f'<span dir="auto">{_e(row.get("publisher") or "?")}</span> '
                f"{url_link(row.get('url'))}</li>"
            )
        parts.append(f"<ul>{''.join(items)}</ul>")
    if matches.hidden:
        parts.append(f'<p class="muted">{_e(hidden_note(matches.hidden))}.</p>')
    parts.append("</section>")
    return "".join(parts)
