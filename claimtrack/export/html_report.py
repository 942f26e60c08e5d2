"""A self-contained, printable HTML report of the claims and their review state.

One file, no network: inline CSS, a CSS bar chart, no JavaScript, no external fonts or
images; a Content-Security-Policy ``<meta>`` forbids scripts and remote loads as a second
line of defence. Built with ``html.escape`` and small functions rather than a template
engine, so the escaping is visible at every insertion point: every untrusted string
(claim text, speaker, titles, notes, evidence, sources, analysts, status labels) goes
through :func:`_e`; only http(s) URLs (:func:`safe_http_url`) become links, anything else
(``javascript:``, ``data:``) is shown as text. Claim text carries ``lang`` and ``dir``
(``rtl`` for Arabic, Persian, Urdu, Hebrew, ...); other free text uses ``dir="auto"``.
Claims appear in the frame's order; with ``group_by`` they are split into sections (see
:func:`claimtrack.export.summary.report_sections`) whose headings are escaped the same way,
article titles taking ``lang``/``dir`` from their claims' language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl

from claimtrack.display import display_url, short_url
from claimtrack.export.factcheck_section import FactcheckMatches, render_factchecks_html
from claimtrack.export.frames import (
    display_text,
    history_by_claim,
    language_tag,
    safe_http_url,
    text_direction,
    validate_claims_frame,
)
from claimtrack.export.summary import GroupBy, Section, report_sections, summarise

_CSS = """
:root { --fg:#1d1d1f; --muted:#5f6368; --line:#d0d4d9; --bar:#3a6ea5; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", Tahoma,
       sans-serif; color: var(--fg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: start;
         vertical-align: top; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
          gap: 0 1.5rem; align-items: start; }
.chart { margin: .5rem 0 1.5rem; }
.row { display: grid; grid-template-columns: 12rem 1fr 3rem; gap: .5rem; align-items: center; }
.bar { background: var(--bar); height: .9rem; min-width: 2px; }
.claim { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem;
         margin: 1rem 0; break-inside: avoid; }
.claim-text { font-size: 1.1rem; margin: .3rem 0 .6rem; padding-inline-start: .7rem;
              border-inline-start: 4px solid var(--line); }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; background: #e8eaed;
         font-weight: 600; }
.s-false, .s-mostly_false { background: #f8d7da; } .s-true, .s-mostly_true { background: #d4edda; }
.s-misleading, .s-half_true, .s-mixed { background: #fff3cd; }
dl { display: grid; grid-template-columns: 9rem 1fr; gap: .1rem .8rem; margin: .3rem 0; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
.conflict { color: #8a1c1c; }
section.part { margin: 1.5rem 0; } section.part > h3 { margin-bottom: .2rem;
  border-bottom: 2px solid var(--line); }
.variant { font-weight: 600; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; } a[href]::after { content: " (" attr(href) ")"; font-size: 9pt; }
  .bar, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.summary { break-after: page; } section.part > h3 { break-after: avoid; }
}
"""

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_CLASS_SAFE = re.compile(r"[a-z0-9_]{1,40}")


def _e(value: object) -> str:
    """Escaped text for element content and quoted attribute values."""
    return html.escape(display_text(value), quote=True)


def _link(url: object, text: object = None) -> str:
    """A link when ``url`` is http(s); otherwise the (escaped) text or URL as plain text.
    A bare URL is shown decoded and cut to host + path start; the full URL is the link's
    target and its tooltip (and is printed after the link on paper)."""
    label = text if text else short_url(url) or url
    safe = safe_http_url(url)
    if safe is None:
        if url and label != url:  # show where an unlinkable URL points, as text
            label = f"{label} ({display_url(url)})"
        return f'<span dir="auto">{_e(label)}</span>'
    return (
        f'<a href="{_e(safe)}" title="{_e(display_url(safe))}" rel="noopener noreferrer '
        f'nofollow" dir="auto">{_e(label)}</a>'
    )


def _status_badge(status: str, label: str | None) -> str:
    css = f"s-{status}" if _CLASS_SAFE.fullmatch(status) else "s-other"
    return f'<span class="badge {css}">{_e(label or status)}</span>'


def _counts_table(
    caption: str, counts: dict[str, int], labels: dict[str, str] | None = None
) -> str:
    rows = "".join(
        f'<tr><td dir="auto">{_e((labels or {}).get(k, k))}</td><td class="n">{n}</td></tr>'
        for k, n in counts.items()
    )
    return f"<table><caption>{_e(caption)}</caption>{rows}</table>"


def _bar_chart(caption: str, counts: dict[str, int], labels: dict[str, str]) -> str:
    top = max(counts.values(), default=0) or 1
    rows = "".join(
        f'<div class="row"><span dir="auto">{_e(labels.get(k, k))}</span>'
        f'<div class="bar" style="width:{100 * n / top:.1f}%"></div>'
        f'<span class="n">{n}</span></div>'
        for k, n in counts.items()
    )
    return (
        f'<figure class="chart" aria-label="{_e(caption)}">'
        f"<figcaption>{_e(caption)}</figcaption>{rows}</figure>"
    )


def _summary_section(summary: dict[str, Any]) -> str:
    labels = summary["status_labels"]
    parts = [
        '<section class="summary"><h2>Summary</h2>',
        f"<p><strong>{summary['total']}</strong> claims, <strong>{summary['verdicted']}</strong> "
        f"with a verdict, <strong>{summary['groups']}</strong> groups of the same claim.</p>",
        _bar_chart("Claims by status", summary["by_status"], labels),
        '<div class="counts">',
        _counts_table("By status", summary["by_status"], labels),
        _counts_table("By claim type", summary["by_type"]),
        _counts_table("By language", summary["by_language"]),
        _counts_table("By source", summary["by_source"]),
        _counts_table("By analyst", summary["by_analyst"]),
    ]
    if summary["verdicts_per_day"]:
        parts.append(_counts_table("Verdicts per day (UTC)", summary["verdicts_per_day"]))
    parts.append("</div><h3>Conflicting variants</h3>")
    if not summary["conflicting"]:
        parts.append('<p class="muted">None.</p>')
    else:
        items = []
        for c in summary["conflicting"]:
            lang = language_tag(c["language"])
            lang_attr = f' lang="{_e(lang)}"' if lang else ""
            reasons = "".join(
                f'<li class="conflict" dir="auto">{_e(r)}</li>' for r in c["conflicts"]
            )
            items.append(
                f'<li><a href="#claim-{_e(c["claim_id"])}">{_e(c["claim_id"])}</a>: '
                f'<span{lang_attr} dir="{text_direction(c["language"])}">{_e(c["text"])}</span>'
                f"<ul>{reasons}</ul></li>"
            )
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("</section>")
    return "".join(parts)


def _history_table(events: list[dict[str, Any]]) -> str:
    if not events:
        return ""
    rows = []
    for ev in events:
        change = ""
        if ev["from_status"] or ev["to_status"]:
            change = f"{_e(ev['from_status'] or '–')} → {_e(ev['to_status'] or '–')}"
        detail = f'<span dir="auto">{_e(ev["note"])}</span>' if ev["note"] else ""
        if ev["evidence_url"]:
            detail += " " + _link(ev["evidence_url"])
        rows.append(
            f'<tr><td>{_e(ev["at"])}</td><td dir="auto">{_e(ev["analyst"])}</td>'
            f"<td>{_e(ev['action'])}</td><td>{change}</td><td>{detail}</td></tr>"
        )
    return (
        "<h4>History</h4><table><tr><th>When</th><th>Analyst</th><th>Action</th>"
        f"<th>Status</th><th>Detail</th></tr>{''.join(rows)}</table>"
    )


def _claim_section(
    row: dict[str, Any], events: list[dict[str, Any]], *, conflicting: bool = False
) -> str:
    lang = language_tag(row["language"])
    lang_attr = f' lang="{_e(lang)}"' if lang else ""
    speaker = row["speaker_canonical"] or row["speaker"]
    if row["speaker"] and row["speaker_canonical"] and row["speaker"] != row["speaker_canonical"]:
        speaker = f"{row['speaker_canonical']} ({row['speaker']})"
    fields: list[tuple[str, str]] = [
        ("Status", _status_badge(row["status"], row["status_label"])),
        ("Type", _e(", ".join([row["claim_type"], *row["secondary_types"]]))),
        ("Speaker", f'<span dir="auto">{_e(speaker)}</span>' if speaker else "—"),
        (
            "Check-worthiness",
            _e(f"{row['checkworthiness']:.2f}" if row["checkworthiness"] is not None else "—"),
        ),
        (
            "Article",
            _link(
                row["article_url"], row["article_title"] or row["article_url"] or row["article_id"]
            ),
        ),
        ("Source", f'<span dir="auto">{_e(row["source"] or "—")}</span>'),
        ("Published", _e(row["published"] or "—")),
    ]
    if row["analyst"]:
        fields.append(
            ("Reviewed by", f'<span dir="auto">{_e(row["analyst"])}</span> {_e(row["status_at"])}')
        )
    if row["assigned_to"]:
        fields.append(("Assigned to", f'<span dir="auto">{_e(row["assigned_to"])}</span>'))
    if row["group_id"]:
        fields.append(("Group", _e(row["group_id"])))
    dl = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields)
    parts = [
        f'<article class="claim" id="claim-{_e(row["claim_id"])}">',
        f'<p class="muted">Claim {_e(row["claim_id"])}</p>',
        '<p class="conflict variant">Conflicting variant</p>' if conflicting else "",
        f'<blockquote class="claim-text"{lang_attr} dir="{text_direction(row["language"])}">'
        f"{_e(row['text'])}</blockquote>",
        f"<dl>{dl}</dl>",
    ]
    if row["conflicts"]:
        items = "".join(f'<li class="conflict" dir="auto">{_e(c)}</li>' for c in row["conflicts"])
        parts.append(f"<h4>Conflicts</h4><ul>{items}</ul>")
    if row["evidence"]:
        items = "".join(f"<li>{_link(ev['url'], ev['title'])}</li>" for ev in row["evidence"])
        parts.append(f"<h4>Evidence</h4><ul>{items}</ul>")
    if row["notes"]:
        items = "".join(f'<li dir="auto">{_e(n)}</li>' for n in row["notes"])
        parts.append(f"<h4>Notes</h4><ul>{items}</ul>")
    parts.append(_history_table(events))
    parts.append("</article>")
    return "".join(parts)


def _lang_dir(language: object) -> str:
    """``lang``/``dir`` attributes for text in ``language`` (``dir="auto"`` when unknown)."""
    lang = language_tag(language)
    if lang is None:
        return ' dir="auto"'
    return f' lang="{_e(lang)}" dir="{text_direction(lang)}"'


def _section_heading(section: Section) -> str:
    """The section's ``<h3>`` and the facts under it; all untrusted text escaped."""
    n = len(section.rows)
    count = f"{n} claim{'s' if n != 1 else ''}"
    if section.kind == "article":
        facts = [
            f'<span dir="auto">{_e(section.source or "—")}</span>',
            _e(section.published or "—"),
        ]
        if section.url:
            facts.append(_link(section.url))
        facts.append(count)
        return (
            f"<h3{_lang_dir(section.language)}>{_e(section.label)}</h3>"
            f'<p class="muted">{" · ".join(facts)}</p>'
        )
    if section.kind == "status":
        return f'<h3 dir="auto">{_e(section.label)} ({n})</h3>'
    if section.kind == "ungrouped":
        return f"<h3>{_e(section.label)} ({n})</h3>"
    languages = ", ".join(f"{_e(k)} ({v})" for k, v in section.languages.items())
    parts = [
        f"<h3>Group {_e(section.label)}</h3>",
        f'<p class="muted">{count} · languages: {languages}</p>',
    ]
    if section.conflicting:
        by_id = {r["claim_id"]: r for r in section.rows}
        items = "".join(
            f'<li><a href="#claim-{_e(cid)}">{_e(cid)}</a>: '
            + "; ".join(f'<span dir="auto">{_e(c)}</span>' for c in by_id[cid]["conflicts"])
            + "</li>"
            for cid in section.conflicting
        )
        parts.append(
            f'<p class="conflict">Conflicting variants ({len(section.conflicting)}), '
            f"listed first:</p><ul>{items}</ul>"
        )
    return "".join(parts)


def _sections(sections: list[Section], events: dict[str, list[dict[str, Any]]]) -> list[str]:
    out = []
    for section in sections:
        flagged = set(section.conflicting)
        claims = "\n".join(
            _claim_section(
                row, events.get(row["claim_id"], []), conflicting=row["claim_id"] in flagged
            )
            for row in section.rows
        )
        out.append(
            f'<section class="part part-{section.kind}">{_section_heading(section)}'
            f"{claims}</section>"
        )
    return out


def render_html_report(
    claims: pl.DataFrame,
    history: pl.DataFrame | None,
    *,
    title: str,
    generated_at: datetime,
    group_by: GroupBy | None = None,
    status_order: Sequence[str] | None = None,
    factchecks: FactcheckMatches | None = None,
) -> str:
    """The whole report as one HTML document (UTF-8 text; write it with ``encoding="utf-8"``).

    With ``group_by`` (``"article"``, ``"group"`` or ``"status"``) the claims are split into
    sections, each with a heading (see :func:`~claimtrack.export.summary.report_sections`;
    ``status_order`` is the vocabulary's status keys). Without it, claims follow the frame.
    ``factchecks`` adds an "Earlier fact-checks" section (real matches only).
    """
    claims = validate_claims_frame(claims)
    events = history_by_claim(history)
    summary = summarise(claims, history)
    if group_by is None:
        body = [
            _claim_section(row, events.get(row["claim_id"], []))
            for row in claims.iter_rows(named=True)
        ]
    else:
        body = _sections(report_sections(claims, group_by, status_order=status_order), events)
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="claimtrack"><title>{_e(title)}</title>',
            f"<style>{_CSS}</style></head><body>",
            f'<header><h1 dir="auto">{_e(title)}</h1>',
            f'<p class="muted">Generated {_e(generated_at)}</p></header>',
            _summary_section(summary),
            render_factchecks_html(factchecks) if factchecks is not None else "",
            f'<section class="claims"><h2>Claims ({claims.height})</h2>',
            "\n".join(body) if body else '<p class="muted">No claims.</p>',
            "</section></body></html>\n",
        ]
    )
