"""Table bookings storage (in memory; the production store implements the same interface)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class Booking:
    id: int
    email: str
    party_size: int
    day: date
    at: time
    notes: str = ""
    tags: tuple[str, ...] = ()


class BookingStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._bookings: dict[int, Booking] = {}

    def create(
        self,
        *,
        email: str,
        party_size: int,
        day: date,
        at: time,
        notes: str = "",
        tags: tuple[str, ...] = (),
    ) -> Booking:
        with self._lock:
            booking = Booking(next(self._ids), email, party_size, day, at, notes, tags)
            self._bookings[booking.id] = booking
        return booking

    def get(self, booking_id: int) -> Booking | None:
        return self._bookings.get(booking_id)
