# A client that stays within its limit for a long time must not make the limiter keep (and scan on
# every request) one timestamp per request it ever made: only the timestamps inside the window matter,
# so at most `limit` of them should be kept per client. (This reads the limiter's per-client log,
# `_hits`, directly: it is the memory that grows.)
from app.web.ratelimit import SlidingWindowLimiter

now = [0.0]
limiter = SlidingWindowLimiter(limit=100, window_s=60.0, clock=lambda: now[0])
for _ in range(3_000):  # one request per second for 50 minutes
    now[0] += 1.0
    assert limiter.acquire("account:acme") is None

kept = len(limiter._hits["account:acme"])
assert kept <= 100, (
    f"the limiter holds {kept} timestamps for one client after 3000 requests: the log is never trimmed, "
    "so memory and the per-request scan under the global lock grow with every request"
)
assert [limiter.acquire("account:busy") for _ in range(101)][-1] is not None
