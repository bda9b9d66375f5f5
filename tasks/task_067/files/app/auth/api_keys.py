"""Personal API keys for scripts and CI: `ak_<key id>_<secret>`, shown once when created. The database
keeps the key id and a SHA-256 digest of the secret, so a copy of it holds no usable keys."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass

from app.util import ids

PREFIX = "ak"
SCOPES = frozenset({"read", "write", "admin"})


class ApiKeyError(ValueError):
    """The key cannot be created or changed as asked; the message is shown to the user."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    user_id: int
    name: str
    scopes: frozenset[str]
    created_at: int
    revoked_at: int | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _from_row(row: sqlite3.Row) -> ApiKey:
    scopes = frozenset(row["scopes"].split())
    return ApiKey(row["id"], row["user_id"], row["name"], scopes, row["created_at"], row["revoked_at"])


def create_key(conn: sqlite3.Connection, user_id: int, name: str, scopes: set[str], now: int) -> tuple[ApiKey, str]:
    """Create a key; returns it with the full key text, which is never available again."""
    name = name.strip()
    if not 1 <= len(name) <= 64:
        raise ApiKeyError("give the key a name of 1 to 64 characters")
    scopes = frozenset(scopes)
    if not scopes or not scopes <= SCOPES:
        raise ApiKeyError(f"scopes must be a non-empty subset of {sorted(SCOPES)}")
    key = ApiKey(ids.new_id(), user_id, name, scopes, now, None)
    secret = ids.random_token(40)
    with conn:
        conn.execute(
            "INSERT INTO api_keys (id, user_id, name, scopes, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (key.id, user_id, name, " ".join(sorted(scopes)), _digest(secret), now),
        )
    return key, f"{PREFIX}_{key.id}_{secret}"


def authenticate(conn: sqlite3.Connection, presented: str) -> ApiKey | None:
    """The live key `presented` (the text after `Bearer `) belongs to, or None."""
    parts = presented.split("_")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    _, key_id, secret = parts
    row = conn.execute("SELECT * FROM api_keys WHERE id = ?", (key_id,)).fetchone()
    if row is None or row["revoked_at"] is not None:
        return None
    if not hmac.compare_digest(row["secret_hash"], _digest(secret)):
        return None
    return _from_row(row)


def revoke_key(conn: sqlite3.Connection, user_id: int, key_id: str, now: int) -> bool:
    """Revoke one of the user's own keys; False if they have no live key with that id."""
    with conn:
        cursor = conn.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
            (now, key_id, user_id),
        )
    return cursor.rowcount == 1
