# After signing in, the browser must stay on this site whatever `next` says. A Location of
# "//evil.example/x" (or "/\evil.example/x", which browsers read the same way) is a
# protocol-relative URL: the browser goes to https://evil.example/x.
from urllib.parse import urljoin

from app.auth.login import handle_login
from app.auth.sessions import SessionStore
from app.auth.users import UserStore
from app.http import Request

users, sessions = UserStore(), SessionStore()
users.add(7, "ana@example.com", "correct horse battery staple")


def location_after_login(next_url):
    form = {"email": "ana@example.com", "password": "correct horse battery staple", "next": next_url}
    response = handle_login(Request("POST", "/login", "app.example.com", form=form), users, sessions)
    assert response.status == 303 and "Set-Cookie" in response.headers
    return response.headers["Location"]


def browser_host(location):
    # What a browser on https://app.example.com/login does with the Location header.
    from urllib.parse import urlsplit

    return urlsplit(urljoin("https://app.example.com/login", location.replace("\\", "/"))).hostname


assert location_after_login("/reports/42?tab=2") == "/reports/42?tab=2"
assert location_after_login("") == "/dashboard"
assert location_after_login("https://app.example.com/settings") == "https://app.example.com/settings"
assert location_after_login("https://evil.example/login") == "/dashboard"
for target in ("//evil.example/login", "/\\evil.example/login"):
    location = location_after_login(target)
    assert browser_host(location) == "app.example.com", (
        f"next={target!r} redirected the signed-in user to {location!r}, i.e. to {browser_host(location)}"
    )
