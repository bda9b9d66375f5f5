"""Request/response types shared by the handlers (the server adapter builds and sends them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    host: str  # the Host header, without the port
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None  # set by the session middleware

    @property
    def full_path(self) -> str:
        """The path plus the query string, as the browser requested it."""
        from urllib.parse import urlencode

        return self.path + ("?" + urlencode(self.query) if self.query else "")


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def redirect(location: str) -> Response:
    """A 303 See Other to `location` (the browser follows it with a GET)."""
    return Response(303, b"", {"Location": location})
