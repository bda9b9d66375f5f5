"""Request and response types shared by the API's handlers and middleware."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qs

_UNSET = object()


@dataclass
class Request:
    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    user_id: int | None = None  # set by the auth middleware
    _json: object = field(default=_UNSET, repr=False)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> object:
        """The JSON body, parsed once. Numbers with a fraction are Decimals: amounts are money."""
        if self._json is _UNSET:
            self._json = json.loads(self.body, parse_float=Decimal)
        return self._json

    def form(self) -> dict[str, str]:
        """An application/x-www-form-urlencoded body; the last value wins for repeated names."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: object) -> Response:
    return Response(status, json.dumps(payload, default=str).encode(), {"content-type": "application/json"})
