"""The small request/response types the handlers use."""

from dataclasses import dataclass, field


@dataclass
class Request:
    team_id: int
    query: dict = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)


def error(status, message):
    return Response(status, message.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
