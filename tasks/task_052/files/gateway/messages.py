"""POST /v1/messages: send one text to a list of phone numbers."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gateway.accounts import Account
from gateway.http import Request, Response, json_response
from gateway.plans import plan_for

MAX_TEXT = 1600
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")

# The carrier's batch API: (sender id, numbers, text) -> one message id per number. It accepts the
# whole batch or raises CarrierError, never part of it.
Transport = Callable[[str, Sequence[str], str], list[str]]


class CarrierError(Exception):
    pass


@dataclass(frozen=True)
class SendRequest:
    to: tuple[str, ...]
    text: str


def parse_send(request: Request) -> SendRequest:
    """The validated body of a send request; ValueError with a message for the client otherwise."""
    try:
        body = request.json()
    except ValueError:
        raise ValueError("the body must be JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    to, text = body.get("to"), body.get("text")
    if not isinstance(to, list) or not to or not all(isinstance(n, str) and _E164.fullmatch(n) for n in to):
        raise ValueError("`to` must be a non-empty list of E.164 numbers")
    if len(set(to)) != len(to):
        raise ValueError("`to` lists a number twice")
    if not isinstance(text, str) or not text or len(text) > MAX_TEXT:
        raise ValueError(f"`text` must be 1 to {MAX_TEXT} characters")
    return SendRequest(tuple(to), text)


def send_cost(request: Request) -> int:
    """Quota units a send request uses: one per recipient. A body that does not parse costs nothing
    (the handler answers 400 and sends nothing)."""
    try:
        return len(parse_send(request).to)
    except ValueError:
        return 0


class MessageSender:
    def __init__(self, transport: Transport):
        self._transport = transport

    def handle(self, account: Account, request: Request) -> Response:
        try:
            send = parse_send(request)
        except ValueError as exc:
            return json_response(400, {"error": str(exc)})
        limit = plan_for(account.plan).max_recipients
        if len(send.to) > limit:
            return json_response(400, {"error": f"at most {limit} recipients per request on your plan"})
        try:
            ids = self._transport(account.sender_id, send.to, send.text)
        except CarrierError as exc:
            return json_response(502, {"error": f"the carrier refused the batch: {exc}"})
        return json_response(202, {"messages": [{"to": n, "id": i} for n, i in zip(send.to, ids)]})
