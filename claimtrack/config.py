"""Typed configuration: defaults < config file < CLAIMTRACK_* environment < command line.

The config file is TOML: ``$CLAIMTRACK_CONFIG``, else ``./claimtrack.toml``, else
``~/.config/claimtrack/config.toml``. Keys::

    db = "desk.duckdb"            # CLAIMTRACK_DB; or "ducklake:postgres:<conninfo>" (team)
    data_path = "/shared/lake"    # CLAIMTRACK_DATA_PATH (DuckLake Parquet files, or s3://...)
    model = "use-multilingual-v3" # CLAIMTRACK_MODEL (any sentence-transformers name or path)
    analyst = "rana"              # CLAIMTRACK_ANALYST (else the OS user)
    languages = ["ar", "en"]      # CLAIMTRACK_LANGUAGES="ar,en" (language-ID candidates)
    org_name = "Our Desk"         # CLAIMTRACK_ORG_NAME (ClaimReview author)
    org_url = "https://desk.example"  # CLAIMTRACK_ORG_URL
    statuses = "statuses.toml"    # CLAIMTRACK_STATUSES (verdict vocabulary)
    bidi = "auto"                 # CLAIMTRACK_BIDI: auto | on | off (TUI display only)
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimtrack.errors import ConfigError

DEFAULT_DB = Path("claimtrack.duckdb")
DEFAULT_LANGUAGES = ("ar", "en", "fr", "es", "de", "ru", "tr", "fa", "ur")
_BIDI = ("auto", "on", "off")


@dataclass(frozen=True, slots=True)
class Config:
    db: Path | str = DEFAULT_DB  # a file Path, or a "ducklake:postgres:..." string
    data_path: str | None = None
    model: str | None = None
    analyst: str | None = None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    org_name: str | None = None
    org_url: str | None = None
    statuses: Path | None = None
    bidi: str = "auto"
    source_file: Path | None = None

    @property
    def analyst_name(self) -> str:
        """``--analyst``/config/env, else the OS user."""
        if self.analyst:
            return self.analyst
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def database_location(db: str | Path) -> Path | str:
    """``--db`` as given: a DuckLake catalog stays a string (a connection string is not a
    path), anything else is a file path."""
    text = str(db)
    return text if text.startswith("ducklake:") else Path(text)


def _config_path(env: Mapping[str, str], explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file {explicit} does not exist")
        return explicit
    if env.get("CLAIMTRACK_CONFIG"):
        path = Path(env["CLAIMTRACK_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"CLAIMTRACK_CONFIG points to {path}, which does not exist")
        return path
    for candidate in (Path("claimtrack.toml"), Path.home() / ".config/claimtrack/config.toml"):
        if candidate.is_file():
            return candidate
    return None


def _from_mapping(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    known = {"db", "data_path", "model", "analyst", "languages", "org_name", "org_url",
             "statuses", "bidi"}  # fmt: skip
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(known)})")
    values: dict[str, Any] = {}
    for key in ("model", "analyst", "org_name", "org_url", "data_path"):
        if key in data:
            if not isinstance(data[key], str):
                raise ConfigError(f"{where}: {key} must be a string")
            values[key] = data[key]
    if "db" in data:
        values["db"] = database_location(str(data["db"]))
    if "statuses" in data:
        values["statuses"] = Path(str(data["statuses"]))
    if "languages" in data:
        langs = data["languages"]
        if isinstance(langs, str):
            langs = [part.strip() for part in langs.split(",") if part.strip()]
        if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs) or not langs:
            raise ConfigError(f'{where}: languages must be a list of codes like ["ar", "en"]')
        values["languages"] = tuple(x.lower() for x in langs)
    if "bidi" in data:
        if data["bidi"] not in _BIDI:
            raise ConfigError(f"{where}: bidi must be one of {', '.join(_BIDI)}")
        values["bidi"] = data["bidi"]
    return values


def load_config(*, config_file: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from the file and the environment (command line comes later)."""
    env = os.environ if env is None else env
    path = _config_path(env, config_file)
    values: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: cannot read config ({error})") from error
        values.update(_from_mapping(data, str(path)))
    env_values = {
        key: env[f"CLAIMTRACK_{key.upper()}"]
        for key in (
            "db",
            "data_path",
            "model",
            "analyst",
            "languages",
            "org_name",
            "org_url",
            "statuses",
            "bidi",
        )
        if env.get(f"CLAIMTRACK_{key.upper()}")
    }
    values.update(_from_mapping(env_values, "environment"))
    return Config(source_file=path, **values)
