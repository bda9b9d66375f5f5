# A cached token for one audience must not wait behind a slow fetch for another audience.
# The 'billing' fetch is held open by an event (a slow identity provider: request_token may take
# 30 s and more); meanwhile a request for the already cached 'search' token must return at once.
import threading

from app.auth.client import IssuedToken
from app.auth.service_tokens import ServiceTokens

billing_fetch_started = threading.Event()
release_billing_fetch = threading.Event()


def fetch(audience):
    if audience == "billing":
        billing_fetch_started.set()
        release_billing_fetch.wait(10)
    return IssuedToken(f"token-{audience}", 3600.0)


tokens = ServiceTokens("client", "secret", fetch=fetch)
assert tokens.token_for("search") == "token-search"  # now cached

billing = threading.Thread(target=tokens.token_for, args=("billing",), daemon=True)
billing.start()
assert billing_fetch_started.wait(5), "the billing fetch never started"

results = []
search = threading.Thread(target=lambda: results.append(tokens.token_for("search")), daemon=True)
search.start()
search.join(1.0)  # a cached token takes microseconds; a second is a wide margin
finished_while_billing_fetch_ran = not search.is_alive()

release_billing_fetch.set()
billing.join(5)
search.join(5)
assert finished_while_billing_fetch_ran, (
    "a request for the cached 'search' token blocked until the unrelated 'billing' fetch finished: "
    "the token cache lock is held during the identity-provider call"
)
assert results == ["token-search"], results
