"""HTTP handlers for /bookings. Each returns (status, JSON-ready body)."""

from __future__ import annotations

import json
from datetime import datetime

from app.bookings import BookingStore
from app.validation import validate_booking


def handle_create_booking(body: bytes, store: BookingStore, now: datetime) -> tuple[int, dict]:
    """POST /bookings. `now` is the restaurant's local time (naive), supplied by the router."""
    try:
        payload = json.loads(body)
    except ValueError:  # JSONDecodeError, and UnicodeDecodeError for a body that is not UTF-8
        return 400, {"errors": {"body": "must be valid JSON"}}
    request, errors = validate_booking(payload, now)
    if request is None:
        return 400, {"errors": errors}
    booking = store.create(
        email=request.email,
        party_size=request.party_size,
        day=request.day,
        at=request.at,
        notes=request.notes,
        tags=request.tags,
    )
    return 201, {"id": booking.id}


def handle_get_booking(booking_id: int, store: BookingStore) -> tuple[int, dict]:
    """GET /bookings/<id>."""
    booking = store.get(booking_id)
    if booking is None:
        return 404, {"error": "booking not found"}
    return 200, {
        "id": booking.id,
        "party_size": booking.party_size,
        "date": booking.day.isoformat(),
        "time": booking.at.strftime("%H:%M"),
    }
