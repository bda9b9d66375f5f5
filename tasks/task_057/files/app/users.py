"""Accounts and password checks."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ITERATIONS = 200_000


@dataclass(frozen=True)
class User:
    id: int
    email: str
    salt: bytes
    password_hash: bytes


def _hash(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)


class UserStore:
    def __init__(self):
        self._by_email = {}
        # Compared against when the email is unknown, so both cases cost one hash.
        self._dummy = User(0, "", secrets.token_bytes(16), b"")

    def add(self, email, password):
        salt = secrets.token_bytes(16)
        user = User(len(self._by_email) + 1, email.lower(), salt, _hash(password, salt))
        self._by_email[user.email] = user
        return user

    def authenticate(self, email, password):
        user = self._by_email.get(email.lower(), self._dummy)
        ok = hmac.compare_digest(_hash(password, user.salt), user.password_hash)
        return user if ok and user is not self._dummy else None
