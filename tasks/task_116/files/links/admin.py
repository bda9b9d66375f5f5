"""Link management: owners create and retarget their links, the abuse team disables them."""

import re
from urllib.parse import urlsplit

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{3,32}$")


class AdminError(ValueError):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _check_target(target):
    if not isinstance(target, str) or len(target) > 2048:
        raise AdminError(400, "target must be a URL of at most 2048 characters")
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AdminError(400, "target must be an http(s) URL")


class LinkAdmin:
    """Every write calls ``on_change(code)`` once committed (the resolver's invalidation)."""

    def __init__(self, store, on_change=lambda code: None):
        self._store = store
        self._on_change = on_change

    def create(self, owner, code, target):
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise AdminError(400, "code must be 3-32 letters, digits, '-' or '_'")
        _check_target(target)
        if not self._store.create(code, target, owner):
            raise AdminError(409, "code is taken")
        # The code may be cached as unknown from before it existed.
        self._on_change(code)

    def retarget(self, owner, code, target):
        _check_target(target)
        link = self._store.get_link(code)
        if link is None or link.owner != owner:
            raise AdminError(404, "no such link")
        self._store.set_target(code, target)
        self._on_change(code)

    def disable(self, code):
        """Abuse takedown: the link stops redirecting."""
        if not self._store.set_disabled(code, True):
            raise AdminError(404, "no such link")
        self._on_change(code)

    def enable(self, code):
        if not self._store.set_disabled(code, False):
            raise AdminError(404, "no such link")
        self._on_change(code)
