"""Who may use a claimtrack network service, and as whom: shared by ``review --web`` and
any other service (``serve``).

* **Binding**: loopback (127.0.0.0/8, ::1, localhost) is open to the local user; any
  other address needs a token (``--token`` / ``CLAIMTRACK_TOKEN``), compared in constant
  time. A token given on loopback is enforced too.
* **Identity**: every write records an analyst. A client names itself (``analyst``);
  on loopback the service's own analyst (``--analyst``, config, OS user) is the default;
  off loopback a client must name itself, since the token is shared by the whole desk.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import unicodedata

from claimtrack.errors import InvalidInputError

TOKEN_ENV = "CLAIMTRACK_TOKEN"
MIN_TOKEN_CHARS = 16
MAX_ANALYST_CHARS = 64


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> str | None:
    """The token the service must demand on ``host`` (None: open on loopback).

    Off loopback a missing or short token is an InvalidInputError naming the fix.
    """
    token = token or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise InvalidInputError(
            f"the token must have at least {MIN_TOKEN_CHARS} characters (e.g. {new_token()!r})"
        )
    if token is None and not is_loopback(host):
        raise InvalidInputError(
            f"listening on {host} (not loopback) needs a token: pass --token or set "
            f"{TOKEN_ENV} (e.g. {new_token()!r}), and give it to the analysts"
        )
    return token


def token_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; no token required means every request matches."""
    if expected is None:
        return True
    if not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def client_analyst(given: str | None, *, default: str | None, loopback: bool) -> str:
    """The analyst a client acts as: its own name, else (loopback only) ``default``."""
    name = (given or "").strip()
    if not name:
        if loopback and default:
            return default
        raise InvalidInputError(
            "say who you are: add ?analyst=YOUR_NAME to the address"
            if not loopback
            else "no analyst name: pass --analyst NAME or set analyst in config"
        )
    if len(name) > MAX_ANALYST_CHARS or any(
        unicodedata.category(ch).startswith(("C", "Z")) and ch != " " for ch in name
    ):
        raise InvalidInputError(
            f"analyst name must be at most {MAX_ANALYST_CHARS} printable characters"
        )
    return name
