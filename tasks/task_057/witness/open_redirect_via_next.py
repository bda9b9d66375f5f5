# safe_next() accepts any target starting with "/", so "//evil.example/..." (a protocol-relative URL, which
# browsers resolve to another host) passes: signing in, signing out, or opening /login while signed in with
# such a `next` sends the user off-site.
from urllib.parse import urlsplit

from app.users import UserStore
from app.web import auth
from app.web.app import Context
from app.web.http import Request
from app.web.sessions import SessionStore

users = UserStore()
users.add("ada@example.com", "correct horse")
ctx = Context(users, SessionStore())
LOGIN = {"email": "ada@example.com", "password": "correct horse"}


def offsite(location):
    """Where a browser would go from https://shop.example for this Location, if not shop.example."""
    parts = urlsplit(location if not location.startswith("//") else "https:" + location)
    return parts.netloc or parts.scheme or None


for target in ["//evil.example/login", "///evil.example/", "//evil.example"]:
    signed_in = ctx.sessions.create(1)
    responses = {
        "login": auth.login(Request("POST", "/login", form=LOGIN, cookies={"return_to": target}), ctx),
        "login form while signed in": auth.login_form(
            Request("GET", "/login", query={"next": target}, cookies={"sid": signed_in}), ctx),
        "logout": auth.logout(Request("POST", "/logout", form={"next": target}, cookies={"sid": signed_in}), ctx),
    }
    for step, response in responses.items():
        [location] = response.header("Location")
        assert not location.startswith("//") and offsite(location) is None, (
            f"{step} with next={target!r} redirects off-site to {location!r}")

for target in ["/", "/account", "/orders/42?tab=items"]:
    assert auth.safe_next(target) == target
