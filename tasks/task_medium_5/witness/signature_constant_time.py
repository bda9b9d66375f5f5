# The signature check must be a constant-time comparison. A remote timing measurement cannot be
# made reliable inside a few-second sandbox run, so this witness checks the mechanism instead: the
# signature has to be compared with hmac.compare_digest (secrets.compare_digest is the same
# function), not with == / != which stop at the first differing character and so leak, through
# response time, how much of a forged signature is right.
import hmac
import secrets

calls = []
_real_compare = hmac.compare_digest


def recording_compare(a, b):
    calls.append((a, b))
    return _real_compare(a, b)


hmac.compare_digest = recording_compare
secrets.compare_digest = recording_compare

from app.web import sessions  # noqa: E402

KEY = b"k" * 32
now = 1_750_000_000
cookie = sessions.issue(KEY, 7, now)
payload, signature = cookie.split(".")
forged = f"{payload}.{'A' * len(signature)}"

assert sessions.load(KEY, cookie, now).user_id == 7
assert sessions.load(KEY, forged, now) is None
assert sessions.load(KEY, f"{payload}.{signature[:-1]}é", now) is None
assert calls, "the cookie signature is compared with == / != (early-exit, timing-dependent) instead of hmac.compare_digest"
