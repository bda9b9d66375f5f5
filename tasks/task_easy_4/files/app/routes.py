"""URL routing for the bookings API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from app.bookings import BookingStore
from app.handlers.bookings import handle_create_booking, handle_get_booking

RESTAURANT_TZ = ZoneInfo("Europe/Lisbon")
_BOOKING_PATH = re.compile(r"/bookings/([0-9]+)")


def local_now() -> datetime:
    """The restaurant's wall-clock time, as a naive datetime (bookings are stored in local time)."""
    return datetime.now(RESTAURANT_TZ).replace(tzinfo=None)


def dispatch(
    method: str,
    path: str,
    body: bytes,
    store: BookingStore,
    clock: Callable[[], datetime] = local_now,
) -> tuple[int, dict]:
    if path == "/bookings" and method == "POST":
        return handle_create_booking(body, store, clock())
    match = _BOOKING_PATH.fullmatch(path)
    if match and method == "GET":
        return handle_get_booking(int(match.group(1)), store)
    return 404, {"error": "not found"}
