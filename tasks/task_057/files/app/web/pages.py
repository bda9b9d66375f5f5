"""Pages."""

from html import escape
from urllib.parse import urlencode

from app.web.auth import current_user
from app.web.http import Response, redirect

SIGN_OUT = """<form method="post" action="/logout">
  <input type="hidden" name="next" value="{next}">
  <button>Sign out</button>
</form>"""


def sign_in_first(request):
    """Send someone who is not signed in to the sign-in page, and back here afterwards."""
    return redirect("/login?" + urlencode({"next": request.path}))


def home(request, ctx):
    user_id = current_user(request, ctx)
    if user_id is None:
        return sign_in_first(request)
    return Response(
        "<!doctype html><title>Home</title>"
        f"<p>Signed in as user {escape(str(user_id))}.</p>" + SIGN_OUT.format(next="/login")
    )


def account(request, ctx):
    user_id = current_user(request, ctx)
    if user_id is None:
        return sign_in_first(request)
    return Response(
        "<!doctype html><title>Account</title>"
        f"<h1>Account {escape(str(user_id))}</h1>" + SIGN_OUT.format(next=escape(request.path))
    )
