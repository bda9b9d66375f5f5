# Sliding expiry: the cookie is re-issued once less than half of its lifetime is left, so a user who
# is active late in the session stays signed in; a fresh session is not re-issued on every request.
from app.web import sessions
from app.web.http import Request, Response
from app.web.middleware import SessionMiddleware

KEY = b"k" * 32
start = 1_750_000_000
hour = 3600
cookie = sessions.issue(KEY, 7, start)
session = sessions.load(KEY, cookie, start)

assert sessions.should_refresh(session, start + 7 * hour), "1 h of 8 h left: the cookie must be refreshed"
assert not sessions.should_refresh(session, start + 10 * 60), "a 10-minute-old session needs no new cookie"

clock = [start + 7 * hour]
app = SessionMiddleware(lambda request: Response(200, str(request.user_id).encode()), KEY, clock=lambda: clock[0])
response = app(Request("GET", "/reports", cookies={"session": cookie}))
assert response.body == b"7"
assert "session" in response.cookies, "an active user 7 h into an 8 h session got no fresh cookie"
fresh = response.cookies["session"].split(";")[0].split("=", 1)[1]
clock[0] = start + 9 * hour
assert app(Request("GET", "/reports", cookies={"session": fresh})).body == b"7"
assert app(Request("GET", "/reports", cookies={"session": cookie})).body == b"None"
