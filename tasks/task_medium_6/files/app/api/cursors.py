"""Opaque pagination cursors for the list endpoints.

A cursor remembers where the previous page ended and which filters and snapshot time it was
fetched with, so the next page is consistent even while new rows arrive. Clients get it as
`next_cursor` in a response and send it back unchanged as `?cursor=...`.
"""

import base64
import binascii
import pickle
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Cursor:
    last_id: int
    snapshot_at: datetime
    status: str | None = None


class InvalidCursor(ValueError):
    """The client sent a cursor we did not issue (or mangled one)."""


def encode_cursor(cursor: Cursor) -> str:
    return base64.urlsafe_b64encode(pickle.dumps(cursor)).decode("ascii")


def decode_cursor(token: str) -> Cursor:
    try:
        cursor = pickle.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (binascii.Error, UnicodeEncodeError, pickle.UnpicklingError, EOFError) as exc:
        raise InvalidCursor("malformed cursor") from exc
    if not isinstance(cursor, Cursor):
        raise InvalidCursor("malformed cursor")
    return cursor
