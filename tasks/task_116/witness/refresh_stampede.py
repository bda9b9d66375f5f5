"""Once an entry is past refresh_after, a burst of requests for the code must cause one refresh
lookup, not one per request."""
from links.cache import LRUTTLCache
from links.resolver import LinkResolver
from links.store import LinkStore


class ManualExecutor:
    def __init__(self):
        self.pending = []

    def submit(self, fn, *args):
        self.pending.append((fn, args))

    def run_all(self):
        while self.pending:
            fn, args = self.pending.pop(0)
            fn(*args)

    def shutdown(self, wait=True):
        self.run_all()


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


class CountingStore(LinkStore):
    lookups = 0

    def get_link(self, code):
        self.lookups += 1
        return super().get_link(code)


clock = Clock()
store = CountingStore()
store.create("launch", "https://example.com/launch", "ann")
executor = ManualExecutor()
resolver = LinkResolver(store, cache=LRUTTLCache(100, ttl=600, clock=clock), refresh_after=60,
                        executor=executor)

assert resolver.resolve("launch") == "https://example.com/launch"
assert store.lookups == 1
clock.now += 61  # past refresh_after, well inside ttl

# 200 requests arrive before the first background refresh gets to run.
for _ in range(200):
    assert resolver.resolve("launch") == "https://example.com/launch"
queued = len(executor.pending)
executor.run_all()
refreshes = store.lookups - 1
assert refreshes == 1, (
    f"200 requests for one stale entry made {refreshes} database lookups ({queued} refreshes queued): "
    "background refreshes are not deduplicated per code"
)

# The refreshed entry is fresh again, and the next stale period refreshes once more.
for _ in range(10):
    resolver.resolve("launch")
executor.run_all()
assert store.lookups == 2
clock.now += 61
for _ in range(10):
    resolver.resolve("launch")
executor.run_all()
assert store.lookups == 3, store.lookups
print("ok")
