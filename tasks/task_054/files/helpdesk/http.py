"""Request and response types for the admin API, and reading a request body off the socket."""

import json
from dataclasses import dataclass, field
from typing import BinaryIO

MAX_BODY = 1024 * 1024  # bytes on the wire, for every route


class PayloadTooLarge(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    user_id: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""
    principal: Principal | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""

    def json(self) -> object:
        return json.loads(self.body)


def json_response(status: int, payload: object) -> Response:
    return Response(status, json.dumps(payload).encode("utf-8"))


def read_body(stream: BinaryIO, headers: dict[str, str]) -> bytes:
    """The request body; the server answers 413 on PayloadTooLarge before any handler runs.

    Chunked uploads are refused by the front proxy, so Content-Length is always there for a body.
    """
    text = headers.get("content-length", "0").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise PayloadTooLarge("bad Content-Length")
    length = int(text)
    if length > MAX_BODY:
        raise PayloadTooLarge(f"{length} bytes; at most {MAX_BODY}")
    return stream.read(length)
