"""A takedown that lands while an uncached code is being looked up must not be undone by that lookup.

Request thread: resolve("promo") misses, begins a load and reads the (still enabled) row. Before it
stores the result, the abuse team disables the link: the row is written, then the resolver's cache is
invalidated (admin.LinkAdmin -> LinkResolver.invalidate -> LRUTTLCache.invalidate). The load that read
the old row must not be stored; the next redirect must see the takedown.
"""
import threading

from links.admin import LinkAdmin
from links.cache import LRUTTLCache
from links.resolver import LinkResolver
from links.store import LinkStore


class ManualExecutor:
    def __init__(self):
        self.pending = []

    def submit(self, fn, *args):
        self.pending.append((fn, args))

    def shutdown(self, wait=True):
        pass


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


store = LinkStore()
store.create("promo", "https://phish.example/login", "mallory")
resolver = LinkResolver(
    store, cache=LRUTTLCache(100, ttl=600, clock=Clock()), refresh_after=60, executor=ManualExecutor()
)
admin = LinkAdmin(store, on_change=resolver.invalidate)

row_read, release = threading.Event(), threading.Event()
plain_get_link = store.get_link


def get_link_then_pause(code):
    link = plain_get_link(code)
    row_read.set()
    assert release.wait(5)
    return link


store.get_link = get_link_then_pause
results = []
request = threading.Thread(target=lambda: results.append(resolver.resolve("promo")))
request.start()
assert row_read.wait(5), "the lookup never started"
admin.disable("promo")  # committed, then invalidated, while the lookup holds the old row
release.set()
request.join(5)
store.get_link = plain_get_link

assert store.get_link("promo").disabled
after = resolver.resolve("promo")
assert after is None, (
    f"after the takedown the link still redirects to {after!r}: the lookup that read the row before "
    "the change stored it, because invalidate() did not void the load of an uncached code"
)
print("ok")
