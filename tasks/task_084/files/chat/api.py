"""The chat server's JSON API: each handler takes the signed-in user and the query, and returns
(status, body)."""
from __future__ import annotations

from dataclasses import dataclass, field

from chat import fetch, previews, safeurl

MAX_URL_LENGTH = 2048


@dataclass
class Channel:
    id: int
    name: str
    members: set = field(default_factory=set)


class ChatAPI:
    def __init__(self, channels, opener=fetch.urllib_opener, resolve=safeurl.resolve):
        self.channels = {channel.id: channel for channel in channels}
        self.opener = opener
        self.resolve = resolve
        self.routes = {
            ("GET", "/api/channels"): self.list_channels,
            ("GET", "/api/link-preview"): self.link_preview,
        }

    def handle(self, method: str, path: str, query: dict, user: str | None):
        if user is None:
            return 401, {"error": "sign in first"}
        handler = self.routes.get((method, path))
        if handler is None:
            return 404, {"error": "no such endpoint"}
        return handler(user, query)

    def list_channels(self, user, query):
        mine = [c for c in self.channels.values() if user in c.members]
        return 200, {"channels": [{"id": c.id, "name": c.name} for c in sorted(mine, key=lambda c: c.name)]}

    def link_preview(self, user, query):
        """GET /api/link-preview?url=...: what the composer shows under a message with a link."""
        url = (query.get("url") or "").strip()
        if not url or len(url) > MAX_URL_LENGTH:
            return 400, {"error": f"url must be 1 to {MAX_URL_LENGTH} characters"}
        found = previews.preview(url, self.opener, self.resolve)
        if found is None:
            return 200, {"preview": None}
        return 200, {"preview": found.to_json()}
