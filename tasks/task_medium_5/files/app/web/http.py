"""Request/response types shared by handlers and middleware (the server adapter builds and sends them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    cookies: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None  # set by SessionMiddleware


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Set-Cookie values by cookie name; the adapter sends one Set-Cookie header per entry.
    cookies: dict[str, str] = field(default_factory=dict)

    def set_cookie(self, name: str, value: str, max_age: int) -> None:
        self.cookies[name] = f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Lax"

    def delete_cookie(self, name: str) -> None:
        self.cookies[name] = f"{name}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"


Handler = Callable[[Request], Response]
