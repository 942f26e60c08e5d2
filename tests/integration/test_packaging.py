"""The wheel carries the SQL and the seeds, and the installed package uses them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_ships_sql_and_migrates_from_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("claimtrack-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "claimtrack/sql/migrations/0001_foundation.sql" in names
    assert "claimtrack/sql/queries/articles_list.sql" in names
    assert "claimtrack/_bundled/seeds/000_5afa0f906a688b19.txt" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; from pathlib import Path\n"
        "from claimtrack.store.sqlfiles import sql_root\n"
        "from claimtrack.bundled import bundled_dir\n"
        "from claimtrack.store import Store\n"
        f"assert str(sql_root()).startswith({str(site)!r}), sql_root()\n"
        f"assert str(bundled_dir('seeds')).startswith({str(site)!r})\n"
        "applied = Store(Path(sys.argv[1])).migrate()\n"
        "print(len(applied))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "w.duckdb")],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 1
