"""Sign-in and sign-out."""

from html import escape

from app.web import return_to
from app.web.http import Response, redirect

SESSION_COOKIE = "sid"
SESSION_ATTRIBUTES = "Path=/; HttpOnly; Secure; SameSite=Lax"
HOME = "/"

LOGIN_FORM = """<!doctype html>
<title>Sign in</title>
<form method="post" action="/login">
  {error}
  <label>Email <input name="email" type="email" value="{email}" required></label>
  <label>Password <input name="password" type="password" required></label>
  <button>Sign in</button>
</form>
"""


def current_user(request, ctx):
    """The signed-in user's id, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    return ctx.sessions.get(token) if token else None


def login_form(request, ctx):
    """GET /login?next=/orders/42

    Someone already signed in goes straight on to `next`; anyone else gets the form, and `next` is
    remembered until they have signed in."""
    if current_user(request, ctx) is not None:
        return redirect(safe_next(request.query.get("next")))
    response = Response(LOGIN_FORM.format(error="", email=""))
    return_to.remember(request, response)
    return response


def login(request, ctx):
    """POST /login"""
    email = request.form.get("email", "").strip()
    user = ctx.users.authenticate(email, request.form.get("password", ""))
    if user is None:
        error = '<p class="error">Wrong email or password.</p>'
        return Response(LOGIN_FORM.format(error=error, email=escape(email)), status=401)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        ctx.sessions.delete(previous)
    token = ctx.sessions.create(user.id)
    response = redirect(safe_next(return_to.recall(request)))
    response.headers.append(("Set-Cookie", f"{SESSION_COOKIE}={token}; {SESSION_ATTRIBUTES}"))
    return_to.forget(response)
    return response


def logout(request, ctx):
    """POST /logout: ends the session on the server and in the browser, then goes to the form's `next`."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        ctx.sessions.delete(token)
    response = redirect(safe_next(request.form.get("next")))
    response.headers.append(("Set-Cookie", f"{SESSION_COOKIE}=; Max-Age=0; {SESSION_ATTRIBUTES}"))
    return response


def safe_next(target):
    """Where to go after signing in or out: a page of this site, or the home page."""
    if target and target.startswith("/"):
        return target
    return HOME
