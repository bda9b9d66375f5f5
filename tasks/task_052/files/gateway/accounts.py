"""Customer accounts and the API keys that authenticate them."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    id: str
    plan: str
    sender_id: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class KeyDirectory:
    """API keys by their SHA-256 digest: the keys themselves are never stored.

    Lookups are by digest, so the dictionary lookup time says nothing about the stored keys.
    """

    def __init__(self) -> None:
        self._accounts: dict[str, Account] = {}

    def add(self, token: str, account: Account) -> None:
        self._accounts[_digest(token)] = account

    def authenticate(self, authorization: str | None) -> Account | None:
        """The account of an `Authorization: Bearer <key>` header, or None."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self._accounts.get(_digest(token.strip()))
