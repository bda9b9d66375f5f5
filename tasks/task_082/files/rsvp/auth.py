"""Who is asking: the session cookie for pages, a bearer token for the API."""
from __future__ import annotations

import hashlib
import secrets

import bottle

SESSION_COOKIE = "rsvp_sid"
SESSION_DAYS = 14


def hash_token(token: str) -> str:
    """How secrets (sign-in codes, API tokens) are stored: both are 32 random bytes,
    so an unsalted SHA-256 is enough and lets us look them up directly."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def session_id() -> str | None:
    """The session cookie's value, if the request has one."""
    return bottle.request.get_cookie(SESSION_COOKIE) or None


def current_user(store):
    """The signed-in member of a page request, or None."""
    sid = session_id()
    return store.session_user(sid) if sid else None


def api_user(store):
    """The member an API request acts for, from its `Authorization: Bearer` header."""
    scheme, _, token = bottle.request.get_header("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return store.token_user(hash_token(token))


def start_session(store, user_id: int) -> str:
    sid = new_secret()
    store.create_session(sid, user_id, SESSION_DAYS * 86400)
    bottle.response.set_cookie(
        SESSION_COOKIE, sid, path="/", max_age=SESSION_DAYS * 86400,
        httponly=True, secure=True, samesite="lax",
    )
    return sid


def end_session(store) -> None:
    sid = session_id()
    if sid:
        store.delete_session(sid)
    bottle.response.delete_cookie(SESSION_COOKIE, path="/")
