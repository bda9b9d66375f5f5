"""Stateless sessions: the whole session lives in the `session` cookie, signed by the server.

The cookie is `<payload>.<signature>`: the payload is base64url JSON {"uid", "iat", "exp"} and the
signature is the base64url HMAC-SHA256 of the payload under the server's secret key. A session is
valid until `exp`; see `should_refresh` for how active users stay signed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

SESSION_TTL_S = 8 * 3600
COOKIE_NAME = "session"


@dataclass(frozen=True)
class Session:
    user_id: int
    issued_at: int
    expires_at: int


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    return _b64encode(hmac.new(secret, payload.encode(), hashlib.sha256).digest())


def issue(secret: bytes, user_id: int, now: int) -> str:
    """The cookie value of a new session for `user_id`, valid for SESSION_TTL_S from `now`."""
    claims = {"uid": user_id, "iat": now, "exp": now + SESSION_TTL_S}
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def load(secret: bytes, cookie: str | None, now: int) -> Session | None:
    """The session in `cookie`, or None if it is missing, malformed, forged or expired."""
    if not cookie or cookie.count(".") != 1:
        return None
    payload, signature = cookie.split(".")
    if signature != _sign(secret, payload):
        return None
    try:
        claims = json.loads(_b64decode(payload))
        session = Session(int(claims["uid"]), int(claims["iat"]), int(claims["exp"]))
    except (ValueError, KeyError, TypeError):
        return None
    if session.expires_at <= now:
        return None
    return session


def should_refresh(session: Session, now: int) -> bool:
    """Sliding expiry: re-issue the cookie once less than half of the session's lifetime is left,
    so an active user stays signed in while an idle session still runs out."""
    return session.expires_at - now > SESSION_TTL_S // 2
