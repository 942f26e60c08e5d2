"""A Markdown report: the HTML report's sections (summary, conflicts, claims), no chart.

Untrusted text is escaped for CommonMark/GFM by :func:`md_escape`: the inline-significant
ASCII punctuation gets a backslash, so ``[x](javascript:…)``, ``<img onerror=…>``, emphasis,
code spans, ``#``, ``|`` and ``&entities;`` render as literal text; line breaks collapse to
spaces and a leading list marker (``-``, ``+``, ``1.``) is escaped, so text cannot start a
heading, list or table row. Only http(s) URLs
become links, with ``( ) < > \\`` and spaces percent-encoded in the destination.

Right-to-left claims are wrapped in a raw HTML ``<div dir="rtl" lang="ar">`` with blank
lines around the (escaped) Markdown inside it, so CommonMark parses the content as
Markdown, not as HTML. The only raw HTML emitted is that fixed ``div`` with a validated
language tag; renderers that strip HTML (or the ``dir`` attribute) show the text
left-aligned but intact.

With ``group_by`` the claims are split into ``###`` sections (see
:func:`claimtrack.export.summary.report_sections`); each claim's heading moves down one
level. Section headings go through :func:`md_escape` like everything else; an article
title in a right-to-left language is wrapped in the same ``div`` as RTL claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

import polars as pl

from claimtrack.display import short_url
from claimtrack.export.frames import (
    display_text,
    history_by_claim,
    language_tag,
    safe_http_url,
    text_direction,
    validate_claims_frame,
)
from claimtrack.export.summary import GroupBy, Section, report_sections, summarise

# Inline-significant characters, escaped wherever they occur. Block markers ("-", "+",
# "1.") matter only at the start of a line, and md_escape output is always one line.
_ESCAPE = {ord(ch): "\\" + ch for ch in "\\`*_{}[]<>()!|~&#"}
_WHITESPACE = re.compile(r"\s+")
_LEADING_BLOCK_MARKER = re.compile(r"([-+=]|\d{1,9}[.)])")
# Characters kept as they are in a link destination; everything else is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def md_escape(value: object) -> str:
    """``value`` as literal Markdown text on one line (all ASCII punctuation escaped)."""
    text = _WHITESPACE.sub(" ", display_text(value)).strip().translate(_ESCAPE)
    marker = _LEADING_BLOCK_MARKER.match(text)
    if marker:  # "- x", "+ x", "1. x" would start a list where the text begins a line
        end = marker.end()
        text = text[: end - 1] + "\\" + text[end - 1 :]
    return text


def md_link(url: object, text: object = None) -> str:
    """``[text](url)`` for http(s) URLs (a bare URL labelled decoded, host + path start);
    the escaped text or URL otherwise."""
    safe = safe_http_url(url)
    if safe is None:
        return md_escape(text if text else url)
    label = md_escape(text if text else short_url(safe))
    return f"[{label}]({quote(safe, safe=_URL_SAFE)})"


def _rtl(markdown: str, language: object) -> str | None:
    """``markdown`` (one escaped line) in a ``dir="rtl"`` div for RTL languages, else None."""
    if text_direction(language) != "rtl":
        return None
    return f'<div dir="rtl" lang="{language_tag(language)}">\n\n{markdown}\n\n</div>'


def _block(text: str, language: object) -> str:
    """The claim text as a paragraph, inside a ``dir="rtl"`` div for RTL languages."""
    escaped = md_escape(text)
    return _rtl(escaped, language) or f"> {escaped}"


def _table(header: str, counts: dict[str, int], labels: dict[str, str] | None = None) -> list[str]:
    lines = [f"| {header} | Claims |", "| --- | ---: |"]
    lines += [f"| {md_escape((labels or {}).get(k, k))} | {n} |" for k, n in counts.items()]
    return [*lines, ""]


def _summary(summary: dict[str, Any]) -> list[str]:
    lines = [
        "## Summary",
        "",
        f"**{summary['total']}** claims, **{summary['verdicted']}** with a verdict, "
        f"**{summary['groups']}** groups of the same claim.",
        "",
    ]
    for heading, key, header in [
        ("By status", "by_status", "Status"),
        ("By claim type", "by_type", "Type"),
        ("By language", "by_language", "Language"),
        ("By source", "by_source", "Source"),
        ("By analyst", "by_analyst", "Analyst"),
    ]:
        labels = summary["status_labels"] if key == "by_status" else None
        lines += [f"### {heading}", "", *_table(header, summary[key], labels)]
    if summary["verdicts_per_day"]:
        lines += ["### Verdicts per day (UTC)", "", *_table("Day", summary["verdicts_per_day"])]
    lines += ["### Conflicting variants", ""]
    if not summary["conflicting"]:
        lines += ["None.", ""]
    for c in summary["conflicting"]:
        lines.append(f"- {md_escape(c['claim_id'])}: {md_escape(c['text'])}")
        lines += [f"  - {md_escape(reason)}" for reason in c["conflicts"]]
    return [*lines, ""]


def _claim(
    index: int,
    row: dict[str, Any],
    events: list[dict[str, Any]],
    *,
    level: int = 3,
    conflicting: bool = False,
) -> list[str]:
    speaker = row["speaker_canonical"] or row["speaker"]
    if row["speaker"] and row["speaker_canonical"] and row["speaker"] != row["speaker_canonical"]:
        speaker = f"{row['speaker_canonical']} ({row['speaker']})"
    label = row["status_label"] or row["status"]
    article = row["article_title"] or row["article_url"] or row["article_id"]
    mark = "Conflicting variant · " if conflicting else ""
    lines = [
        f"{'#' * level} {index}\\. {mark}{md_escape(label)} · {md_escape(row['claim_id'])}",
        "",
        _block(row["text"], row["language"]),
        "",
        f"- **Status:** {md_escape(label)}",
        f"- **Type:** {md_escape(', '.join([row['claim_type'], *row['secondary_types']]))}",
        f"- **Speaker:** {md_escape(speaker) or '—'}",
        f"- **Article:** {md_link(row['article_url'], article)}",
        f"- **Source:** {md_escape(row['source']) or '—'}",
        f"- **Published:** {md_escape(row['published']) or '—'}",
    ]
    if row["analyst"]:
        lines.append(
            f"- **Reviewed by:** {md_escape(row['analyst'])} {md_escape(row['status_at'])}"
        )
    if row["assigned_to"]:
        lines.append(f"- **Assigned to:** {md_escape(row['assigned_to'])}")
    if row["group_id"]:
        lines.append(f"- **Group:** {md_escape(row['group_id'])}")
    lines.append("")
    sub = "#" * (level + 1)
    for heading, items in [
        ("Conflicts", [md_escape(c) for c in row["conflicts"]]),
        ("Evidence", [md_link(ev["url"], ev["title"]) for ev in row["evidence"]]),
        ("Notes", [md_escape(n) for n in row["notes"]]),
    ]:
        if items:
            lines += [f"{sub} {heading}", "", *[f"- {item}" for item in items], ""]
    if events:
        lines += [f"{sub} History", ""]
        for ev in events:
            parts = [md_escape(ev["at"]), md_escape(ev["analyst"]), md_escape(ev["action"])]
            if ev["from_status"] or ev["to_status"]:
                parts.append(
                    f"{md_escape(ev['from_status'] or '–')} → {md_escape(ev['to_status'] or '–')}"
                )
            if ev["note"]:
                parts.append(md_escape(ev["note"]))
            if ev["evidence_url"]:
                parts.append(md_link(ev["evidence_url"]))
            lines.append("- " + " · ".join(p for p in parts if p))
        lines.append("")
    return lines


def _section_heading(section: Section) -> list[str]:
    """The section's ``###`` heading and the facts under it, all untrusted text escaped."""
    n = len(section.rows)
    count = f"{n} claim{'s' if n != 1 else ''}"
    if section.kind == "article":
        heading = f"### {md_escape(section.label)}"
        facts = [
            f"**Source:** {md_escape(section.source) or '—'}",
            f"**Published:** {md_escape(section.published) or '—'}",
        ]
        if section.url:
            facts.append(f"**Link:** {md_link(section.url)}")
        # An RTL title keeps its heading inside the div, like RTL claim text.
        return [_rtl(heading, section.language) or heading, "", " · ".join([*facts, count]), ""]
    if section.kind in ("status", "ungrouped"):
        return [f"### {md_escape(section.label)} ({n})", ""]
    languages = ", ".join(f"{md_escape(k)} ({v})" for k, v in section.languages.items())
    lines = [f"### Group {md_escape(section.label)}", "", f"{count} · languages: {languages}", ""]
    if section.conflicting:
        by_id = {r["claim_id"]: r for r in section.rows}
        lines += [f"**Conflicting variants ({len(section.conflicting)}), listed first:**", ""]
        for claim_id in section.conflicting:
            reasons = "; ".join(md_escape(c) for c in by_id[claim_id]["conflicts"])
            lines.append(f"- {md_escape(claim_id)}" + (f": {reasons}" if reasons else ""))
        lines.append("")
    return lines


def render_markdown_report(
    claims: pl.DataFrame,
    history: pl.DataFrame | None,
    *,
    title: str,
    generated_at: datetime,
    group_by: GroupBy | None = None,
    status_order: Sequence[str] | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown text.

    With ``group_by`` (``"article"``, ``"group"`` or ``"status"``) the claims are split into
    ``###`` sections (see :func:`~claimtrack.export.summary.report_sections`;
    ``status_order`` is the vocabulary's status keys). Without it, claims follow the frame.
    """
    claims = validate_claims_frame(claims)
    events = history_by_claim(history)
    lines = [f"# {md_escape(title)}", "", f"_Generated {md_escape(generated_at)}_", ""]
    lines += _summary(summarise(claims, history))
    lines += [f"## Claims ({claims.height})", ""]
    if group_by is None:
        for index, row in enumerate(claims.iter_rows(named=True), start=1):
            lines += _claim(index, row, events.get(row["claim_id"], []))
        return "\n".join(lines).rstrip("\n") + "\n"
    index = 0  # numbered across sections, so "claim 7" is unambiguous
    for section in report_sections(claims, group_by, status_order=status_order):
        lines += _section_heading(section)
        flagged = set(section.conflicting)
        for row in section.rows:
            index += 1
            events_of = events.get(row["claim_id"], [])
            conflicting = row["claim_id"] in flagged
            lines += _claim(index, row, events_of, level=4, conflicting=conflicting)
    return "\n".join(lines).rstrip("\n") + "\n"
