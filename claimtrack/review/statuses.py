"""The verification-status vocabulary: which statuses a claim can be in, and how they publish.

A desk's vocabulary is data, not code: a TOML file (read with stdlib ``tomllib``) lists the
statuses with their labels (English and Arabic) and the ClaimReview rating each one exports
as. The packaged default lives in ``claimtrack/resources/statuses.default.toml``; a desk can
pass its own file to :func:`load_vocabulary`. Every problem in a file is reported as a
:class:`~claimtrack.errors.ConfigError` naming the file and the offending entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from claimtrack.errors import ConfigError, InvalidValueError

DEFAULT_RESOURCE = "statuses.default.toml"
# Every claim starts here, so a vocabulary without it cannot work.
REQUIRED_KEYS: tuple[str, ...] = ("unreviewed",)
# Status keys are stored in the database and typed on the command line: keep them plain.
_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")

_REQUIRED_FIELDS: tuple[str, ...] = ("key", "label", "is_verdict")
_OPTIONAL_FIELDS: tuple[str, ...] = ("label_ar", "rating_value", "alternate_name")


@dataclass(frozen=True)
class Status:
    """One verification status and the ClaimReview rating it publishes as."""

    key: str
    label: str
    label_ar: str | None
    rating_value: int | None
    alternate_name: str | None
    is_verdict: bool

    @property
    def is_terminal(self) -> bool:
        """True when review is finished: a published verdict, or "not a claim" at all."""
        return self.is_verdict or self.key == "not_a_claim"


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of statuses (the order is the display order)."""

    statuses: tuple[Status, ...]
    best_rating: int = 5
    worst_rating: int = 1

    def get(self, key: str) -> Status:
        """The status with this key; ``InvalidInputError`` naming the valid keys otherwise."""
        for status in self.statuses:
            if status.key == key:
                return status
        raise InvalidValueError(
            f"unknown status {key!r}; valid statuses are: {', '.join(self.keys())}"
        )

    def keys(self) -> list[str]:
        """The status keys, in display order."""
        return [status.key for status in self.statuses]

    def __contains__(self, key: object) -> bool:
        return any(status.key == key for status in self.statuses)


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Read a vocabulary TOML file; ``None`` reads the packaged default.

    Raises ``ConfigError`` naming the file and the offending entry when the file is
    missing, is not valid TOML, or has a missing/unknown field, a duplicate key, a rating
    outside ``worst_rating..best_rating`` or no ``unreviewed`` status.
    """
    if path is None:
        resource = resources.files("claimtrack.resources").joinpath(DEFAULT_RESOURCE)
        source = f"<packaged {DEFAULT_RESOURCE}>"
        try:
            raw = resource.read_bytes()
        except OSError as exc:  # a broken install, not a user mistake, but say it plainly
            raise ConfigError(f"{source}: cannot read the packaged vocabulary: {exc}") from exc
    else:
        source = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise ConfigError(f"{source}: cannot read status vocabulary: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from exc
    return _vocabulary_from_dict(data, source)


def _vocabulary_from_dict(data: dict[str, Any], source: str) -> Vocabulary:
    unknown_top = sorted(set(data) - {"best_rating", "worst_rating", "status"})
    if unknown_top:
        raise ConfigError(f"{source}: unknown top-level field(s): {', '.join(unknown_top)}")
    best = _int_field(data, "best_rating", 5, source)
    worst = _int_field(data, "worst_rating", 1, source)
    if worst >= best:
        raise ConfigError(
            f"{source}: worst_rating ({worst}) must be lower than best_rating ({best})"
        )
    entries = data.get("status")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no statuses; add [[status]] tables")
    statuses: list[Status] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        status = _status_from_entry(entry, number, source, best, worst)
        if status.key in seen:
            raise ConfigError(
                f"{source}: status #{number} ({status.key!r}): duplicate key {status.key!r}"
                f" (first defined in status #{seen[status.key]})"
            )
        seen[status.key] = number
        statuses.append(status)
    for required in REQUIRED_KEYS:
        if required not in seen:
            raise ConfigError(f"{source}: the vocabulary must contain a {required!r} status")
    return Vocabulary(statuses=tuple(statuses), best_rating=best, worst_rating=worst)


def _int_field(data: dict[str, Any], name: str, default: int, source: str) -> int:
    value = data.get(name, default)
    # bool is an int subclass; `best_rating = true` is a mistake, not a 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConfigError(f"{source}: {name} must be an integer, got {value!r}")
    return value


def _status_from_entry(entry: object, number: int, source: str, best: int, worst: int) -> Status:
    if not isinstance(entry, dict):
        raise ConfigError(f"{source}: status #{number} must be a table")
    key = entry.get("key")
    where = f"{source}: status #{number}" + (f" ({key!r})" if isinstance(key, str) else "")
    for field_name in _REQUIRED_FIELDS:
        if field_name not in entry:
            raise ConfigError(f"{where}: missing field {field_name!r}")
    unknown = sorted(set(entry) - set(_REQUIRED_FIELDS) - set(_OPTIONAL_FIELDS))
    if unknown:
        # Catches typos such as `rating = 5`, which would otherwise silently mean "no rating".
        raise ConfigError(f"{where}: unknown field(s): {', '.join(unknown)}")
    if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
        raise ConfigError(f"{where}: key must be lower-case letters, digits and _ (got {key!r})")
    for field_name in ("label", "label_ar", "alternate_name"):
        value = entry.get(field_name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: {field_name} must be non-empty text, got {value!r}")
    is_verdict = entry["is_verdict"]
    if not isinstance(is_verdict, bool):
        raise ConfigError(f"{where}: is_verdict must be true or false, got {is_verdict!r}")
    rating = entry.get("rating_value")
    if rating is not None:
        if not isinstance(rating, int) or isinstance(rating, bool) or not worst <= rating <= best:
            raise ConfigError(
                f"{where}: rating_value must be an integer from {worst} to {best}, got {rating!r}"
            )
        if not is_verdict:
            raise ConfigError(f"{where}: rating_value is set but is_verdict is false")
    return Status(
        key=key,
        label=entry["label"],
        label_ar=entry.get("label_ar"),
        rating_value=rating,
        alternate_name=entry.get("alternate_name"),
        is_verdict=is_verdict,
    )
