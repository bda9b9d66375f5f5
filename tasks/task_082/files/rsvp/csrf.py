"""CSRF tokens for the forms of the cookie-signed-in pages.

A form's token is an HMAC of the session id under the site's secret: it changes whenever the
session does (every sign-in starts a new one), and it needs no storage of its own."""
from __future__ import annotations

import functools
import hashlib
import hmac

import bottle

from rsvp import auth

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def token_for(secret: bytes, sid: str) -> str:
    return hmac.new(secret, b"csrf:" + sid.encode("utf-8"), hashlib.sha256).hexdigest()


def is_valid(secret: bytes, sid: str | None, given: str | None) -> bool:
    if not sid or not given:
        return False
    expected = token_for(secret, sid).encode("ascii")
    # Compare bytes: compare_digest refuses str with non-ASCII characters.
    return hmac.compare_digest(expected, given.encode("utf-8", "replace"))


def protect(secret: bytes):
    """Refuse (403) a request whose form field or X-CSRF-Token header is not the
    token of the session it was sent with."""
    def decorate(handler):
        @functools.wraps(handler)
        def checked(*args, **kwargs):
            given = bottle.request.forms.get(FIELD) or bottle.request.get_header(HEADER)
            if not is_valid(secret, auth.session_id(), given):
                bottle.abort(403, "This form has expired. Reload the page and try again.")
            return handler(*args, **kwargs)
        return checked
    return decorate
