"""Sign-in: GET shows the form, POST checks the password and starts a session."""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit

from app.auth.sessions import SessionStore
from app.auth.users import UserStore
from app.http import Request, Response, redirect

AFTER_LOGIN = "/dashboard"

_FORM = """<!doctype html>
<title>Sign in</title>
<form method="post" action="/login">
  {error}
  <input type="hidden" name="next" value="{next}">
  <label>Email <input name="email" type="email" value="{email}" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button>Sign in</button>
</form>
"""


def safe_next_url(target: str, host: str) -> str:
    """Where to go after signing in: `target` if it is a page of this site, else the dashboard.

    `target` comes from the `next` parameter and is untrusted. A path on this site is used as
    it is; an absolute URL only if it is https and names this host.
    """
    if not target:
        return AFTER_LOGIN
    if target.startswith("/"):
        return target
    parts = urlsplit(target)
    if parts.scheme == "https" and parts.hostname == host:
        return target
    return AFTER_LOGIN


def render_form(next_url: str = "", email: str = "", error: str = "") -> Response:
    body = _FORM.format(
        next=html.escape(next_url, quote=True),
        email=html.escape(email, quote=True),
        error=f'<p class="error">{html.escape(error)}</p>' if error else "",
    )
    return Response(401 if error else 200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


def handle_login_form(request: Request) -> Response:
    """GET /login?next=/reports/42"""
    return render_form(request.query.get("next", ""))


def handle_login(request: Request, users: UserStore, sessions: SessionStore) -> Response:
    """POST /login"""
    email = request.form.get("email", "").strip()
    next_url = request.form.get("next", "")
    user = users.authenticate(email, request.form.get("password", ""))
    if user is None:
        return render_form(next_url, email, "Wrong email or password.")
    response = redirect(safe_next_url(next_url, request.host))
    response.headers["Set-Cookie"] = sessions.cookie(sessions.create(user.id))
    return response


def require_login(request: Request) -> Response | None:
    """For pages that need a signed-in user: None if there is one, else a redirect to sign in
    that brings them back to this page afterwards."""
    if request.user_id is not None:
        return None
    return redirect("/login?next=" + quote(request.full_path, safe=""))
