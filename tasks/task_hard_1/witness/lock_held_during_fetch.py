# A cached token for one audience must not wait behind a slow fetch for another audience.
import threading
import time

from app.auth.client import IssuedToken
from app.auth.service_tokens import ServiceTokens

slow_fetch_started = threading.Event()


def fetch(audience):
    if audience == "billing":
        slow_fetch_started.set()
        time.sleep(1.5)  # a slow identity provider (request_token may take 30 s and more)
    return IssuedToken(f"token-{audience}", 3600.0)


tokens = ServiceTokens("client", "secret", fetch=fetch)
tokens.token_for("search")  # now cached

other = threading.Thread(target=tokens.token_for, args=("billing",))
other.start()
assert slow_fetch_started.wait(5)
started = time.monotonic()
assert tokens.token_for("search") == "token-search"
waited = time.monotonic() - started
other.join()
assert waited < 0.5, f"a cached 'search' token took {waited:.2f}s: it waited for the 'billing' fetch"
