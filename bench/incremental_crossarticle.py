"""Cluster a crossarticle-dev event the way a desk meets it: in batches (issue 10).

``crossarticle.py`` runs ``cluster`` once over all 40 articles. A desk ingests and clusters
as articles come in, and incremental runs depend on that order. This ingests the event in
``--parts N`` parts (default two: odd and even article numbers; article k goes to part k
mod N), running ``extract``, ``embed`` and ``cluster`` after each, three times: as shipped
(a database this small is placed again whole by every run with new claims); with
``cluster --incremental`` as a database of more than 5,000 claims runs it (the first part's
run is a consensus, every later run places its new claims with the groups around them
again); and the same with only the new claims placed around fixed groups (the clustering of
earlier releases, ``clustering.PLACE_AROUND_AGAIN`` off). It scores the groups the way
``crossarticle.py`` counts them (``recluster_crossarticle.score``), then runs
``cluster --rebuild`` on the incremental database and scores again; a one-shot database over
all articles gives the reference, all in one run::

    .venv/bin/python bench/incremental_crossarticle.py \
        ../shared/data/crossarticle-dev/derna-floods-2023

Everything runs through the ``claimtrack`` command of this interpreter's environment in a
temporary folder; the corpora are read where they are, nothing of them is copied into the
repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recluster_crossarticle import score

#: Runs the command line with the clustering of earlier releases: a run on a large database
#: placed only its new claims around the groups there (none placed again around them).
NEW_ONLY = (
    "import claimtrack.api.clustering as c; c.PLACE_AROUND_AGAIN = False; "
    "from claimtrack.cli import main; main()"
)


def claimtrack(db: Path, *args: str, new_only: bool = False) -> str:
    start = [sys.executable, "-c", NEW_ONLY] if new_only else [sys.executable, "-m", "claimtrack"]
    done = subprocess.run(
        [*start, "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"claimtrack {' '.join(args)} failed: {(done.stderr or done.stdout)[-800:]}")
    return done.stdout.strip()


def add(
    db: Path, corpus: Path, names: list[str], folder: Path, *options: str, new_only: bool = False
) -> str:
    """Ingest ``names`` (with their sidecars), extract, embed and cluster."""
    folder.mkdir(parents=True)
    for name in names:
        for path in (corpus / "articles").glob(f"{name}*"):
            shutil.copy(path, folder / path.name)
    claimtrack(db, "ingest", str(folder))
    claimtrack(db, "extract")
    claimtrack(db, "embed")
    return claimtrack(db, "cluster", *options, new_only=new_only)


def _largest_pair(db: Path) -> list[str]:
    """The first two ``same`` members (by claim id) of the largest group; of groups the same
    size, the one with the smallest claim id (group ids are random: a tie broken by them
    picked another group from run to run)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        (group_id,) = con.execute(
            "SELECT group_id FROM group_members WHERE relation = 'same' GROUP BY group_id "
            "ORDER BY count(*) DESC, min(claim_id) LIMIT 1"
        ).fetchone()  # type: ignore[misc]
        rows = con.execute(
            "SELECT claim_id FROM group_members WHERE group_id = ? AND relation = 'same' "
            "ORDER BY claim_id LIMIT 2",
            [group_id],
        ).fetchall()
    finally:
        con.close()
    return [claim_id for (claim_id,) in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="the event's folder under crossarticle-dev/")
    ap.add_argument(
        "--parts", type=int, default=2, metavar="N",
        help="ingest the articles in N parts (article k goes to part k mod N); default 2",
    )  # fmt: skip
    ap.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="keep the --incremental parts' database (before the rebuild) in DIR, laid out as "
        "crossarticle.py --keep lays it out (DIR/crossarticle.duckdb)",
    )  # fmt: skip
    ap.add_argument(
        "--analyst-link", action="store_true",
        help="after the first part, link the first two members of the largest group as an "
        "analyst would (`link A B --relation same`): later runs place around that group",
    )  # fmt: skip
    args = ap.parse_args()
    if args.parts < 2:
        ap.error("--parts: at least 2")
    if not (args.corpus / "facts.jsonl").is_file():
        ap.error(f"{args.corpus}: no facts.jsonl (an event folder under crossarticle-dev/)")
    names = sorted(p.stem for p in (args.corpus / "articles").glob("*.txt"))
    parts = [names[k :: args.parts] for k in range(args.parts)]
    work = Path(tempfile.mkdtemp(prefix="incremental-"))
    rows: list[dict[str, Any]] = []
    try:
        one = work / "one-shot.duckdb"
        add(one, args.corpus, names, work / "all")
        rows.append({"run": "one run over all articles", **score(args.corpus, one)})
        small = work / "small.duckdb"
        for number, part in enumerate(parts, 1):
            add(small, args.corpus, part, work / f"small{number}")
            if number == 1 and args.analyst_link:
                claimtrack(small, "link", *_largest_pair(small), "--relation", "same",
                           "--analyst", "bench")  # fmt: skip
        linked = ", an analyst's link after part 1" if args.analyst_link else ""
        rows.append({"run": f"{args.parts} parts, cluster after each{linked} (shipped: a small "
                     "database is placed again whole)", **score(args.corpus, small)})  # fmt: skip
        fixed = work / "new-only.duckdb"
        for number, part in enumerate(parts, 1):
            add(fixed, args.corpus, part, work / f"fixed{number}", "--incremental",
                new_only=True)  # fmt: skip
        rows.append({"run": f"{args.parts} parts, cluster --incremental after each, only the "
                     "new claims placed (before the thirteenth session)",
                     **score(args.corpus, fixed)})  # fmt: skip
        db = work / "desk.duckdb"
        for number, part in enumerate(parts, 1):
            add(db, args.corpus, part, work / f"part{number}", "--incremental")
        rows.append({"run": f"{args.parts} parts, cluster --incremental after each (a large "
                     "database's runs: the new claims' neighbourhood placed again)",
                     **score(args.corpus, db)})  # fmt: skip
        if args.keep is not None:
            shutil.rmtree(args.keep, ignore_errors=True)
            args.keep.mkdir(parents=True)
            for path in work.glob("desk.duckdb*"):
                copy = shutil.copytree if path.is_dir() else shutil.copy
                copy(path, args.keep / path.name.replace("desk", "crossarticle", 1))
        said = claimtrack(db, "cluster", "--rebuild")
        rows.append({"run": "then cluster --rebuild", **score(args.corpus, db), "said": said})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for row in rows:
        print(json.dumps({"event": args.corpus.name, **row}, ensure_ascii=False))


if __name__ == "__main__":
    main()
