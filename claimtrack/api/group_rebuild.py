"""``cluster --rebuild``: place every claim again, as one run over all of them would.

Incremental runs depend on the order claims arrived in: the groups a first batch started
stay apart unless a later claim sits next to two of them (BENCHMARKS.md, "Incremental runs
lose recall"). A rebuild forgets every automatic decision of earlier runs (memberships and
which claims were placed), keeps analysts' memberships and links, and clusters all claims
in one run. Verdicts, notes and links are on claims, so nothing of the review is lost;
groups keep their id when the new group holds most of an old one's members
(:func:`carry_ids`), so a group an analyst was looking at is usually still there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import polars as pl

from claimtrack.store import Session
from claimtrack.store import groups as group_rows


def same_members(members: pl.DataFrame) -> dict[str, set[str]]:
    """Group id -> claim ids of its ``same`` members, from ``groups.memberships``."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in members.filter(pl.col("relation") == "same").iter_rows(named=True):
        out[row["group_id"]].add(row["claim_id"])
    return dict(out)


def carry_ids(
    before: Mapping[str, set[str]], after: Mapping[str, set[str]], kept: Iterable[str]
) -> dict[str, str]:
    """New group id -> the earlier id it takes over: pairs by most shared members first,
    each earlier id at most once, only when the new group holds more than half of the
    earlier group's members. ``kept``: ids still in use (analysts' groups), never given."""
    taken = set(kept)
    owner: dict[str, str] = {}
    for old, claims in before.items():
        for claim in claims:
            owner[claim] = old
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for new, claims in after.items():
        if new in taken:
            continue
        for claim in claims:
            earlier = owner.get(claim)
            if earlier is not None and earlier not in taken:
                shared[(new, earlier)] += 1
    moves: dict[str, str] = {}
    used: set[str] = set()
    for (new, old), n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        if new in moves or old in used or 2 * n <= len(before[old]):
            continue
        moves[new] = old
        used.add(old)
    return moves


def forget_runs(
    session: Session,
    model_id: str,
    around: Iterable[str] | None = None,
    members: pl.DataFrame | None = None,
) -> tuple[dict[str, set[str]], set[str]]:
    """Clear earlier runs' decisions: all of them, or those about the groups around the
    texts ``around`` (the neighbours of a run's new claims, placed again with them);
    returns the groups' ``same`` members before, and the groups that still have a member
    (an analyst's, or one away from ``around``). ``members``: the memberships, when the
    caller has just read them."""
    before = same_members(group_rows.memberships(session) if members is None else members)
    if around is None:
        group_rows.clear_automatic(session, model_id)
    else:
        group_rows.clear_automatic_near(session, model_id, list(around))
    # read again, not derived from ``method``: groups of another embedding model keep their
    # automatic members too, and their ids must not be handed out
    still = set(group_rows.memberships(session)["group_id"].to_list())
    return before, still


def restore_ids(
    session: Session,
    model_id: str,
    before: Mapping[str, set[str]],
    kept: set[str],
    run_id: str,
) -> int:
    """Give the rebuilt groups their earlier ids where :func:`carry_ids` allows; drop the
    groups left empty. Returns how many ids were carried over."""
    after = same_members(group_rows.memberships(session))
    moves = carry_ids(before, after, kept)
    group_rows.move_groups(session, moves, run_id)
    group_rows.drop_empty_groups(session, model_id)
    return len(moves)
