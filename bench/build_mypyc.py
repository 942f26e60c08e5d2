"""Compile the extraction stage's modules with mypyc, in place -- an experiment, not the build.

Run from the repository root:
    python bench/build_mypyc.py           # build: a .so next to each listed .py
    python bench/build_mypyc.py --clean   # remove them again (back to pure Python)
    python bench/build_mypyc.py --list    # the modules it compiles

A compiled extension next to a ``.py`` file takes precedence on import, so while the ``.so``
files are there, edits to those ``.py`` files are ignored: clean before editing. The ``mypyc``
command itself cannot be used here: its generated ``setup.py`` lets setuptools discover
packages, which fails on this repository's flat layout (``sql/``, ``seeds/``, ...), so this
script calls ``mypycify`` with an explicit, empty package list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The stage and the siblings it calls (claimtrack.pipeline.extract._deps): where the
# extraction benchmark spends its Python time. Models, store, CLI are not compiled.
MODULES = (
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "claimtrack/pipeline/extract").glob("*.py")),
    "claimtrack/pipeline/segment.py",
    "claimtrack/pipeline/normalize.py",
    "claimtrack/pipeline/negation.py",
    "claimtrack/pipeline/polarity.py",
    "claimtrack/pipeline/dateline.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "claimtrack/pipeline").glob("values*.py")),
    "claimtrack/pipeline/checkworthiness.py",
    "claimtrack/pipeline/claim_features.py",
    "claimtrack/pipeline/cw_text.py",
)
# Left out: a compiled checkworthiness segfaults on import (its module __getattr__, PEP 562,
# runs before the module's globals exist); a compiled _deps is called directly by the compiled
# stage, so tests that monkeypatch _deps.checkworthiness no longer reach it.
LEFT_OUT = ("claimtrack/pipeline/checkworthiness.py", "claimtrack/pipeline/extract/_deps.py")


def _compiled_files() -> list[Path]:
    return [*(ROOT / "claimtrack").rglob("*.so"), *ROOT.glob("*__mypyc*.so")]


def clean() -> None:
    for path in _compiled_files():
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    shutil.rmtree(ROOT / "build", ignore_errors=True)


def build(modules: list[str]) -> None:
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)
    setup(
        name="claimtrack-mypyc-experiment",
        packages=[],
        py_modules=[],
        ext_modules=mypycify(modules, opt_level=os.environ.get("MYPYC_OPT_LEVEL", "3")),
        script_args=["build_ext", "--inplace"],
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clean", action="store_true", help="remove compiled files")
    parser.add_argument("--list", action="store_true", help="print the modules compiled")
    parser.add_argument("--skip", nargs="*", default=[], help="modules (paths) to leave out")
    args = parser.parse_args()
    if args.list:
        print("\n".join(m for m in MODULES if m not in LEFT_OUT))
        return 0
    clean()
    if not args.clean:
        build([m for m in MODULES if m not in LEFT_OUT and m not in args.skip])
    return 0


if __name__ == "__main__":
    sys.exit(main())
