"""The consensus of several visiting orders (``claimtrack.api.group_consensus``)."""

from __future__ import annotations

from claimtrack.api.group_consensus import SHARE, Outcome, consensus, visiting_order


def _outcome(groups: dict[str, list[str]], variants: dict[str, str] = {}) -> Outcome:  # noqa: B006
    placed = {c: (g, "same") for g, claims in groups.items() for c in claims}
    placed |= {c: (g, "conflicting") for c, g in variants.items()}
    return Outcome(placed, {c: ("number: 90 vs 40",) for c in variants})


def _partition(groups: list[dict[str, float]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_pairs_most_orders_agree_on_form_the_groups() -> None:
    # B goes with A in 7 orders of 10 and with C in 3: {A, B}, and C stays alone.
    outcomes = [_outcome({"g": ["a", "b"]})] * 7 + [_outcome({"g": ["b", "c"]})] * 3
    agreed = consensus(outcomes)
    assert _partition(agreed.groups) == {frozenset({"a", "b"})}
    assert agreed.groups[0] == {"a": 0.7, "b": 0.7}


def test_a_chain_through_one_claim_is_not_joined() -> None:
    # {a, b} and {b, c} half the time each: b joins one side; a and c never share a group.
    outcomes = [_outcome({"g": ["a", "b"]}), _outcome({"g": ["b", "c"]})] * 5
    (group,) = consensus(outcomes).groups
    assert "b" in group and len(group) == 2


def test_clusters_join_on_the_mean_share_of_their_cross_pairs() -> None:
    # {a, b} always together; c with both in 5 of 10 orders: mean share 0.5 joins (>= SHARE),
    # in 4 of 10 it does not.
    together = [_outcome({"g": ["a", "b", "c"]})] * 5 + [_outcome({"g": ["a", "b"]})] * 5
    assert _partition(consensus(together).groups) == {frozenset("abc")}
    apart = [_outcome({"g": ["a", "b", "c"]})] * 4 + [_outcome({"g": ["a", "b"]})] * 6
    assert _partition(consensus(apart).groups) == {frozenset("ab")}
    assert 0.4 < SHARE <= 0.5


def test_group_names_differ_from_order_to_order() -> None:
    outcomes = [_outcome({f"g{i}": ["a", "b"], f"h{i}": ["c", "d"]}) for i in range(10)]
    assert _partition(consensus(outcomes).groups) == {frozenset("ab"), frozenset("cd")}


def test_an_unlinked_pair_is_never_joined() -> None:
    outcomes = [_outcome({"g": ["a", "b", "c"]})] * 10
    agreed = consensus(outcomes, unlinked=[("c", "a")])
    assert all(not {"a", "c"} <= set(g) for g in agreed.groups)
    assert any({"a", "b"} <= set(g) or {"b", "c"} <= set(g) for g in agreed.groups)


def test_a_variant_goes_to_the_group_most_orders_linked_it_to() -> None:
    # v is a variant of {a, b} in 6 orders (named differently each time), alone in 4.
    outcomes = [_outcome({f"g{i}": ["a", "b"]}, {"v": f"g{i}"}) for i in range(6)]
    outcomes += [_outcome({"g": ["a", "b"]})] * 4
    agreed = consensus(outcomes)
    assert agreed.variants == {"v": (0, 0.6, ("number: 90 vs 40",))}
    few = [_outcome({"g": ["a", "b"]}, {"v": "g"})] * 4 + [_outcome({"g": ["a", "b"]})] * 6
    assert consensus(few).variants == {}


def test_a_claim_in_a_consensus_group_is_no_variant() -> None:
    outcomes = [_outcome({"g": ["a", "b", "v"]})] * 8 + [
        _outcome({"g": ["a", "b"]}, {"v": "g"})
    ] * 2
    agreed = consensus(outcomes)
    assert _partition(agreed.groups) == {frozenset("abv")} and agreed.variants == {}


def test_visiting_orders_are_seeded() -> None:
    assert visiting_order(5, 0) == [0, 1, 2, 3, 4]
    assert visiting_order(50, 3) == visiting_order(50, 3)
    assert sorted(visiting_order(50, 3)) == list(range(50)) != visiting_order(50, 3)


def test_a_group_with_another_measurement_folds_into_the_larger_one() -> None:
    from claimtrack.api.group_consensus import Consensus, fold_conflicting

    # groups: 0 = "magnitude 7" (3 claims), 1 = "6.8" (2), 2 = a toll (2); 1 differs from 0.
    agreed = Consensus(
        [{"a": 1.0, "b": 1.0, "c": 0.9}, {"x": 0.8, "y": 0.8}, {"t": 1.0, "u": 1.0}],
        {"v": (1, 0.6, ("magnitude: 6.9 vs 6.8",))},
    )
    asked: list[tuple[int, int]] = []

    def differs(small: int, large: int) -> tuple[str, ...] | None:
        asked.append((small, large))
        return ("magnitude: 6.8 vs 7",) if (small, large) == (1, 0) else None

    folded = fold_conflicting(agreed, differs)
    assert _partition(folded.groups) == {frozenset("abc"), frozenset("tu")}
    host = next(i for i, g in enumerate(folded.groups) if "a" in g)
    assert folded.variants["x"] == (host, 0.8, ("magnitude: 6.8 vs 7",))
    assert folded.variants["y"][0] == host
    assert folded.variants["v"] == (host, 0.6, ("magnitude: 6.9 vs 6.8",))  # its host's now
    assert all(len(agreed.groups[s]) <= len(agreed.groups[g]) for s, g in asked)


def test_a_host_is_never_folded_and_nothing_folds_when_nothing_differs() -> None:
    from claimtrack.api.group_consensus import Consensus, fold_conflicting

    agreed = Consensus([{"a": 1.0, "b": 1.0}, {"x": 1.0, "y": 1.0}], {})
    unchanged = fold_conflicting(agreed, lambda small, large: None)
    assert _partition(unchanged.groups) == {frozenset("ab"), frozenset("xy")}
    # equal sizes: the later group folds into the earlier, which then stays a host
    folded = fold_conflicting(agreed, lambda small, large: ("depth: 18 vs 8",))
    assert _partition(folded.groups) == {frozenset("ab")}
    assert set(folded.variants) == {"x", "y"}


def test_only_the_pairs_near_each_other_are_asked() -> None:
    from claimtrack.api.group_consensus import fold_plan

    asked: list[tuple[int, int]] = []

    def differs(small: int, large: int) -> tuple[str, ...]:
        asked.append((small, large))
        return ("depth: 18 vs 8",)

    # sizes 5, 3, 2: group 2 may only fold into group 1, and group 1 into nothing
    plan = fold_plan([5, 3, 2], differs, near={2: {1}})
    assert plan == {2: (1, ("depth: 18 vs 8",))}
    assert asked == [(2, 1)]  # group 1 took one in: it is a host now, never folded
