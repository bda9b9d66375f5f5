"""User accounts and password checks."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class User:
    id: int
    email: str
    salt: bytes
    password_hash: bytes


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)


class UserStore:
    def __init__(self) -> None:
        self._by_email: dict[str, User] = {}

    def add(self, user_id: int, email: str, password: str) -> User:
        salt = os.urandom(16)
        user = User(user_id, email.lower(), salt, hash_password(password, salt))
        self._by_email[user.email] = user
        return user

    def authenticate(self, email: str, password: str) -> User | None:
        """The user if `password` is theirs, else None (same work either way, to not leak which)."""
        user = self._by_email.get(email.lower())
        salt = user.salt if user else b"\0" * 16
        candidate = hash_password(password, salt)
        if user is None or not hmac.compare_digest(candidate, user.password_hash):
            return None
        return user
