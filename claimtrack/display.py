"""How URLs and weaker matches are shown to people: the review app, CLI tables, the demo
and the reports share these rules, so a URL or a hidden match looks the same everywhere.

URLs: :func:`display_url` turns a percent-encoded URI into the IRI people read (UTF-8
octets decoded, ``xn--`` host labels as Unicode), :func:`short_url` cuts that to the host
and the start of the path. Only characters that are safe to show are decoded: reserved
ASCII (``%2F``, ``%3F`` ...), controls, spaces and bidi/format characters stay encoded, so
decoding never changes where a URL points nor how the surrounding text is laid out. The
stored URL is never changed; links and copies use it as it is.

Matches: a panel of similar claims or earlier fact-checks hides the ``unrelated`` ones by
default and says how many (:func:`hidden_note`); an earlier fact-check counts as a real
match for a claim only when the relation step calls it the ``same`` claim or a
``conflicting`` variant of it (:data:`FACTCHECK_MATCH_RELATIONS`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

#: Relations a panel hides unless the analyst asks for them.
HIDDEN_RELATIONS = frozenset({"unrelated"})
#: Relations that make an earlier fact-check a real match for a claim.
FACTCHECK_MATCH_RELATIONS = frozenset({"same", "conflicting"})

_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_SHOWN_CATEGORIES = ("L", "M", "N", "P", "S")  # letters, marks, numbers, punctuation, symbols


def _decode_run(run: str) -> str:
    """One run of ``%XX`` octets: non-ASCII UTF-8 characters that are safe to show decoded,
    everything else (ASCII, invalid UTF-8, controls, format/bidi characters) kept as is."""
    octets = bytes.fromhex(run.replace("%", ""))
    out: list[str] = []
    i = 0
    while i < len(octets):
        char = None
        for width in (2, 3, 4) if octets[i] >= 0xC0 else ():
            try:
                char = octets[i : i + width].decode("utf-8")
            except UnicodeDecodeError:
                continue
            break
        if (
            char is not None
            and len(char) == 1
            and unicodedata.category(char)[0] in _SHOWN_CATEGORIES
        ):
            out.append(char)
            i += len(char.encode("utf-8"))
        else:
            out.append(run[3 * i : 3 * i + 3])
            i += 1
    return "".join(out)


def _host(netloc: str) -> str:
    """``netloc`` with punycode labels (``xn--``) shown in Unicode where they decode."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = (
        hostport.partition(":") if not hostport.startswith("[") else (hostport, "", "")
    )
    labels = []
    for label in host.split("."):
        if label.lower().startswith("xn--"):
            try:
                decoded = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                decoded = label
            shown = all(unicodedata.category(c)[0] in _SHOWN_CATEGORIES for c in decoded)
            label = decoded if shown else label
        labels.append(label)
    return f"{userinfo}{at}{'.'.join(labels)}{colon}{port}"


def display_url(url: object) -> str:
    """The URL as people read it (an IRI); the empty string for no URL."""
    if not isinstance(url, str) or not url:
        return ""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return _PERCENT_RUN.sub(lambda m: _decode_run(m.group(0)), text)
    if parts.netloc:
        head = f"{parts.scheme}://" if parts.scheme else "//"
        rest = text[len(head) + len(parts.netloc) :] if text.startswith(head) else None
        if rest is not None:
            rest = _PERCENT_RUN.sub(lambda m: _decode_run(m.group(0)), rest)
            return f"{head}{_host(parts.netloc)}{rest}"
    return _PERCENT_RUN.sub(lambda m: _decode_run(m.group(0)), text)


def short_url(url: object, width: int = 48) -> str:
    """Host and the start of the path of the decoded URL, at most ``width`` characters
    (``…`` where it was cut); the scheme, ``www.``, the query and the fragment are left
    out. The full URL is :func:`display_url`."""
    full = display_url(url)
    if not full:
        return ""
    try:
        parts = urlsplit(full)
    except ValueError:
        parts = None
    if parts is not None and parts.netloc:
        host = parts.netloc.rpartition("@")[2]
        host = host[4:] if host.lower().startswith("www.") else host
        path = parts.path.rstrip("/")
        shown = host + path
        if parts.query or parts.fragment:
            shown += "?…" if parts.query else "#…"
    else:
        shown = full
    if len(shown) <= width:
        return shown
    return shown[: max(1, width - 1)] + "…"


def split_hidden(
    hits: Iterable[T], relation: Callable[[T], Any] = lambda hit: getattr(hit, "relation", None)
) -> tuple[list[T], list[T]]:
    """``(shown, hidden)``: the hits a panel shows by default and the weaker ones it hides
    (``unrelated``), each in the order given."""
    shown: list[T] = []
    hidden: list[T] = []
    for hit in hits:
        (hidden if relation(hit) in HIDDEN_RELATIONS else shown).append(hit)
    return shown, hidden


def factcheck_matches(hits: Sequence[T]) -> tuple[list[T], list[T]]:
    """``(matches, weaker)``: earlier fact-checks that really match a claim (the same claim
    or a conflicting variant of it) and the rest, each in the order given."""
    matches = [h for h in hits if getattr(h, "relation", None) in FACTCHECK_MATCH_RELATIONS]
    weaker = [h for h in hits if getattr(h, "relation", None) not in FACTCHECK_MATCH_RELATIONS]
    return matches, weaker


def hidden_note(count: int, key: str | None = None) -> str:
    """``"3 weaker matches hidden"`` (with ``" — w shows them"`` when a key is given)."""
    noun = "match" if count == 1 else "matches"
    note = f"{count} weaker {noun} hidden"
    return f"{note} — {key} shows {'it' if count == 1 else 'them'}" if key else note
