"""HTTP handlers. The server runs one process with a pool of request threads; the
framework adapter calls App.handle with the signed-in user (None for visitors)."""

import logging
import sqlite3

from .admin import AdminError, LinkAdmin
from .resolver import LinkResolver

log = logging.getLogger(__name__)


class App:
    def __init__(self, store, abuse_team=(), resolver=None):
        self.store = store
        self.resolver = resolver if resolver is not None else LinkResolver(store)
        self.admin = LinkAdmin(store, on_change=self.resolver.invalidate)
        self.abuse_team = frozenset(abuse_team)

    def redirect(self, code):
        try:
            target = self.resolver.resolve(code)
        except sqlite3.Error:
            log.exception("looking up link %r failed", code)
            return 503, {"Retry-After": "5"}, b"try again shortly"
        if target is None:
            return 404, {}, b"no such link"
        return 302, {"Location": target}, b""

    def handle(self, method, path, user=None, body=None):
        parts = [p for p in path.split("/") if p]
        try:
            if method == "GET" and len(parts) == 1:
                return self.redirect(parts[0])
            if user is None:
                return 401, {}, b"sign in first"
            if method == "POST" and parts == ["api", "links"]:
                self.admin.create(user, body.get("code"), body.get("target"))
                return 201, {}, b""
            if method == "PUT" and len(parts) == 3 and parts[:2] == ["api", "links"]:
                self.admin.retarget(user, parts[2], body.get("target"))
                return 204, {}, b""
            if method == "POST" and len(parts) == 4 and parts[:2] == ["api", "links"]:
                if user not in self.abuse_team:
                    return 403, {}, b"abuse team only"
                if parts[3] == "disable":
                    self.admin.disable(parts[2])
                    return 204, {}, b""
                if parts[3] == "enable":
                    self.admin.enable(parts[2])
                    return 204, {}, b""
        except AdminError as exc:
            return exc.status, {}, str(exc).encode()
        return 404, {}, b"not found"

    def close(self):
        self.resolver.close()
        self.store.close()
