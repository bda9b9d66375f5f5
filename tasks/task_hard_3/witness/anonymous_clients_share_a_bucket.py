# Anonymous requests must be limited per remote address: one busy anonymous client must not use up
# the quota of every other anonymous client. Authenticated requests share their account's quota.
from app.web.app import build_app
from app.web.auth import token_digest
from app.web.http import Request
from app.web.ratelimit import SlidingWindowLimiter

now = [1000.0]
limiter = SlidingWindowLimiter(limit=3, window_s=60.0, clock=lambda: now[0])
app = build_app({token_digest("tok-acme"): "acme"}, limiter)


def get(addr, token=None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return app(Request("GET", "/v1/quotes", addr, headers)).status


assert [get("198.51.100.7") for _ in range(4)] == [200, 200, 200, 429]
assert get("203.0.113.50") == 200, (
    "a first request from another anonymous address was rate limited: every anonymous client shares one bucket"
)
assert [get("192.0.2.1", "tok-acme"), get("192.0.2.2", "tok-acme"), get("192.0.2.3", "tok-acme")] == [200] * 3
assert get("192.0.2.4", "tok-acme") == 429, "an account's quota is shared by all its addresses"
now[0] += 61
assert get("198.51.100.7") == 200
