# With skip_unhashable=True, only a call whose *arguments* can't be hashed may bypass the cache. A
# TypeError raised by the cached function itself must propagate after one call: the function must not
# be run a second time (its side effects would repeat, and a retry that happens to succeed hides the error).
from boltons.cacheutils import LRU, cached, cachedmethod

calls = []


@cached(LRU(), skip_unhashable=True)
def send_invoice(account_id, amount):
    calls.append((account_id, amount))
    if len(calls) == 1:
        raise TypeError("amount must be a Decimal")
    return "sent"


try:
    result = send_invoice("acct-1", 10)
except TypeError:
    result = None
assert len(calls) == 1, f"the function ran {len(calls)} times for one call: {calls}"
assert result is None, f"the function's TypeError was hidden and {result!r} returned"


class Mailer:
    def __init__(self):
        self.cache = LRU()
        self.sent = 0

    @cachedmethod("cache", skip_unhashable=True)
    def send(self, to):
        self.sent += 1
        raise TypeError("bad template")


m = Mailer()
try:
    m.send("a@example.com")
except TypeError:
    pass
assert m.sent == 1, f"the method ran {m.sent} times for one call"

# unhashable arguments still bypass the cache, one call each
counted = []
f = cached(LRU(), skip_unhashable=True)(lambda xs: counted.append(1) or sum(xs))
assert f([1, 2]) == 3 and len(counted) == 1
