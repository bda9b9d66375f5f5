"""After a rotation, new links must be signed with the new key: they must keep working once the
retired key is dropped from NEWSLETTER_PREVIOUS_SECRET_KEYS."""

from newsletter.links import InvalidLink, LinkSigner
from newsletter.settings import Settings
from newsletter.store import SubscriberStore

OLD = "o" * 40
NEW = "n" * 40

subscriber = SubscriberStore().add("reader@example.com", {"weekly"})

# Mid-rotation: NEW is the current key, OLD is still accepted.
rotating = LinkSigner(Settings(NEW, "https://news.test", "digest@news.test", (OLD,)))
token = rotating.unsubscribe_url(subscriber, "weekly").rsplit("/", 1)[1]
view_token = rotating.view_url(3, subscriber).split("?t=", 1)[1]
assert rotating.read_unsubscribe_token(token) == (subscriber.id, "weekly")

# Later: OLD is removed from the previous keys, as the settings comment says to do.
after = LinkSigner(Settings(NEW, "https://news.test", "digest@news.test", ()))
try:
    result = after.read_unsubscribe_token(token)
except InvalidLink:
    raise AssertionError(
        "an unsubscribe link issued after rotating to the new key stopped working once the old key was "
        "removed: it was signed with the retired key"
    ) from None
assert result == (subscriber.id, "weekly"), result
try:
    after.read_view_token(view_token, 3)
except InvalidLink:
    raise AssertionError("a view link issued after the rotation was signed with the retired key") from None

# And the retired key alone must not verify a new link.
only_old = LinkSigner(Settings(OLD, "https://news.test", "digest@news.test", ()))
try:
    only_old.read_unsubscribe_token(token)
except InvalidLink:
    pass
else:
    raise AssertionError("a link issued after the rotation verifies with the retired key alone")
print("ok: new links are signed with the current key")
