"""Opaque page cursors for list endpoints.

A cursor holds the sort order and the sort key of the last row a page showed, as JSON, base64url-encoded
and signed with HMAC-SHA256: clients hand it back as it is, and cannot make one up or edit one. It is
signed, not encrypted (it only holds values from a row the client was shown), and it names no account:
the account always comes from the session.
"""

import base64
import binascii
import hashlib
import hmac
import json

MAX_CURSOR_LENGTH = 512


class InvalidCursor(ValueError):
    """A cursor this service did not issue, or one issued for another sort order."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    # Cursors go out without the "=" padding (it would need escaping in a URL); put it back.
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CursorCodec:
    def __init__(self, secret_key: bytes):
        # A key of its own, derived for this purpose, so a cursor's MAC means nothing anywhere else.
        self._key = hmac.new(secret_key, b"wallet.page-cursor.v1", hashlib.sha256).digest()

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()

    def encode(self, sort: str, last_key: tuple) -> str:
        body = json.dumps({"v": 1, "sort": sort, "after": list(last_key)}, separators=(",", ":")).encode()
        return f"{_b64encode(body)}.{_b64encode(self._mac(body))}"

    def decode(self, cursor: str, sort: str) -> tuple:
        """The sort key to continue after. Raises InvalidCursor unless we issued `cursor` for `sort`."""
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise InvalidCursor("cursor is too long")
        body_text, dot, mac_text = cursor.partition(".")
        try:
            body = _b64decode(body_text)
            mac = _b64decode(mac_text)
        except (binascii.Error, ValueError):  # ValueError: not ASCII
            raise InvalidCursor("cursor is malformed") from None
        if not dot or not hmac.compare_digest(mac, self._mac(body)):
            raise InvalidCursor("cursor was not issued by this service")
        data = json.loads(body)  # our own JSON: the MAC matched
        if data["v"] != 1 or data["sort"] != sort:
            raise InvalidCursor("cursor belongs to another sort order")
        return tuple(data["after"])
