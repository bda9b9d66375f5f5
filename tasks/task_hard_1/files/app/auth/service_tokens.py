"""Tokens this service presents when it calls other internal services."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.auth.client import IssuedToken, request_token

Fetch = Callable[[str], IssuedToken]

# Refresh a little before the identity provider's expiry so a token never dies in flight; a
# short-lived token is refreshed half-way through its lifetime instead, so it is still reused.
EXPIRY_MARGIN_S = 30.0


@dataclass
class _CachedToken:
    value: str
    refresh_at: float


class ServiceTokens:
    """Hands out bearer tokens for outbound calls, one per target audience.

    Tokens are cached until shortly before they expire. The cache is shared by all
    request threads, so it is guarded by a lock.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._fetch = fetch or (lambda audience: request_token(audience, client_id, client_secret))
        self._clock = clock
        self._lock = threading.Lock()
        self._cache: dict[str, _CachedToken] = {}

    def token_for(self, audience: str) -> str:
        with self._lock:
            now = self._clock()
            cached = self._cache.get(audience)
            if cached is None or now >= cached.refresh_at:
                issued = self._fetch(audience)
                lifetime = issued.expires_in
                cached = _CachedToken(
                    value=issued.access_token,
                    refresh_at=now + max(lifetime - EXPIRY_MARGIN_S, lifetime / 2),
                )
                self._cache[audience] = cached
            return cached.value

    def auth_header(self, audience: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token_for(audience)}"}

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
