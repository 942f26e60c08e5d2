"""Pipeline runs: which component (extractor, model) produced rows, and when.

Each run records the process that runs it (PID and host). A run still ``running`` whose
process no longer exists -- killed, crashed, the machine lost power -- is marked
``failed`` when the next run starts (:func:`fail_abandoned_runs`), so ``running`` always
means "in progress" and ``claimtrack check`` can tell the two apart.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError, RunInProgressError
from claimtrack.store.db import Session

if TYPE_CHECKING:
    from claimtrack.store import Store


def start_run(
    session: Session, stage: str, component: str, version: str, params: dict[str, Any] | None = None
) -> str:
    """Record a new run (status ``running``); interrupted earlier runs are marked failed."""
    fail_abandoned_runs(session)
    run_id = uuid.uuid4().hex[:16]
    session.execute(
        "run_start",
        {
            "run_id": run_id,
            "stage": stage,
            "component": component,
            "component_version": version,
            "params": json.dumps(params or {}, ensure_ascii=False, default=str),
            "now": datetime.now(UTC),
            "pid": os.getpid(),
            "host": socket.gethostname(),
        },
    )
    return run_id


@contextmanager
def exclusive_run(
    store: Store, stage: str, component: str, version: str, params: dict[str, Any]
) -> Iterator[str]:
    """Record a run of ``stage`` and yield its id, for a stage that must not run twice at
    once on one database (two ``cluster`` runs would each forget and rewrite the other's
    groups). Raises :class:`RunInProgressError` while another run of it is in progress
    (an abandoned one does not count); the run is marked ``failed`` when the body raises,
    the body finishes it otherwise."""
    with store.session() as session:
        run_id = start_run(session, stage, component, version, params)
    try:
        with store.session() as session:
            other = earlier_running(session, stage, run_id)
        if other is not None:
            raise RunInProgressError(
                f"another '{stage}' run (started {other['started_at']:%Y-%m-%d %H:%M:%S %Z} "
                f"by process {other['pid']} on {other['host']}) is still running on this "
                f"database; run '{stage}' again when it has finished (a run of another "
                f"machine stops counting {OTHER_HOST_STALE.total_seconds() / 3600:.0f} hours "
                "after it started)"
            )
        yield run_id
    except BaseException as error:
        # Best effort: where the database cannot be written now, the run is found
        # abandoned once this process has ended; the error that stopped it goes on.
        with suppress(ClaimtrackError), store.session() as session:
            fail_run(session, run_id, str(error) or type(error).__name__)
        raise


def finish_run(session: Session, run_id: str, status: str, counts: dict[str, Any]) -> None:
    session.execute(
        "run_finish",
        {
            "run_id": run_id,
            "status": status,
            "counts": json.dumps(counts, ensure_ascii=False, default=str),
            "now": datetime.now(UTC),
        },
    )


def fail_run(
    session: Session, run_id: str, reason: str, counts: dict[str, Any] | None = None
) -> None:
    """Mark a run that stopped on an error as ``failed`` (``reason`` goes into its counts)."""
    session.execute(
        "run_fail",
        {
            "run_id": run_id,
            "counts": json.dumps({**(counts or {}), "error": reason}, ensure_ascii=False,
                                 default=str),
            "now": datetime.now(UTC),
        },
    )  # fmt: skip


#: A run of another machine still ``running`` this long after it started no longer holds
#: back a stage that runs alone (:func:`exclusive_run`): its process cannot be checked from
#: here, and a machine that crashed would otherwise block the stage for good. A ``cluster``
#: run over 100k claims takes about two minutes (BENCHMARKS.md).
OTHER_HOST_STALE = timedelta(hours=12)


def earlier_running(session: Session, stage: str, run_id: str) -> dict[str, Any] | None:
    """Another run of ``stage`` still in progress that started before ``run_id`` (ties by
    run id): a stage that must not run twice at once records its run first (:func:`start_run`
    marks abandoned runs failed), then asks this, so of two that start together the later one
    always sees the earlier. Another machine's run counts for :data:`OTHER_HOST_STALE`."""
    running = [r for r in session.query("runs_running").iter_rows(named=True)
               if r["stage"] == stage]  # fmt: skip
    mine = next((r for r in running if r["run_id"] == run_id), None)
    if mine is None:
        return None
    key, host = (mine["started_at"], run_id), socket.gethostname()
    for run in running:
        stale = run["host"] != host and run["started_at"] < mine["started_at"] - OTHER_HOST_STALE
        if (run["started_at"], run["run_id"]) < key and not stale:
            return run
    return None


def abandoned_runs(session: Session) -> list[dict[str, Any]]:
    """Runs left ``running`` by a process of this host that no longer exists (or by a
    claimtrack too old to record its process). Runs of other hosts are never judged."""
    host = socket.gethostname()
    out = []
    for run in session.query("runs_running").iter_rows(named=True):
        if run["pid"] is None:
            out.append({**run, "why": "started by a claimtrack that did not record its process"})
        elif run["host"] == host and not process_running(run["pid"], run["started_at"]):
            out.append({**run, "why": f"process {run['pid']} ended without finishing it"})
    return out


def fail_abandoned_runs(session: Session) -> list[dict[str, Any]]:
    """Mark every abandoned run ``failed``; returns them."""
    runs = abandoned_runs(session)
    for run in runs:
        fail_run(session, run["run_id"], f"interrupted: {run['why']}")
    return runs


def process_running(pid: int, since: datetime | None = None) -> bool:
    """Whether process ``pid`` exists -- and, where /proc tells, started no later than
    ``since`` (a PID reused by a newer process is not the one that started the run)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    except OSError:
        return False
    started = _process_start(pid)
    return started is None or since is None or started <= since.timestamp() + 1.0


def _process_start(pid: int) -> float | None:
    """Start time (epoch seconds) of ``pid`` from Linux /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
