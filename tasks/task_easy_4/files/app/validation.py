"""Validation of the JSON body of POST /bookings.

Every problem is reported at once, keyed by field, so the booking form can highlight them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

MAX_EMAIL_CHARS = 254
MAX_PARTY_SIZE = 20
MAX_DAYS_AHEAD = 90  # bookings open 90 days ahead, inclusive
FIRST_SEATING = time(17, 0)
LAST_SEATING = time(22, 30)  # inclusive: 22:30 is the last table we seat
SLOT_MINUTES = 15
MAX_NOTES_CHARS = 500
ALLOWED_TAGS = frozenset({"birthday", "anniversary", "wheelchair", "high-chair", "terrace"})

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


@dataclass(frozen=True)
class BookingRequest:
    email: str
    party_size: int
    day: date
    at: time
    notes: str
    tags: tuple[str, ...]


def _email(value: Any, errors: dict[str, str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors["email"] = "required"
        return None
    email = value.strip()
    if len(email) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(email):
        errors["email"] = "not a valid email address"
        return None
    return email


def _party_size(value: Any, errors: dict[str, str]) -> int | None:
    # bool is a subclass of int: a JSON `true` must not pass as a party of one.
    if isinstance(value, bool) or not isinstance(value, int):
        errors["party_size"] = "must be a whole number"
        return None
    if not 1 <= value <= MAX_PARTY_SIZE:
        errors["party_size"] = f"must be from 1 to {MAX_PARTY_SIZE}"
        return None
    return value


def _day(value: Any, today: date, errors: dict[str, str]) -> date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        errors["date"] = "must be a date as YYYY-MM-DD"
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:  # e.g. 2025-02-30
        errors["date"] = "not a real date"
        return None
    if not today <= day <= today + timedelta(days=MAX_DAYS_AHEAD):
        errors["date"] = f"must be from today to {MAX_DAYS_AHEAD} days ahead"
        return None
    return day


def _at(value: Any, errors: dict[str, str]) -> time | None:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        errors["time"] = "must be a time as HH:MM"
        return None
    try:
        at = time.fromisoformat(value)
    except ValueError:  # e.g. 24:00
        errors["time"] = "not a real time"
        return None
    if not FIRST_SEATING <= at <= LAST_SEATING or at.minute % SLOT_MINUTES:
        errors["time"] = f"must be a {SLOT_MINUTES}-minute slot from {FIRST_SEATING:%H:%M} to {LAST_SEATING:%H:%M}"
        return None
    return at


def _notes(value: Any, errors: dict[str, str]) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors["notes"] = "must be text"
        return None
    if len(value) > MAX_NOTES_CHARS:
        errors["notes"] = f"must be at most {MAX_NOTES_CHARS} characters"
        return None
    return value.strip()


def _tags(value: Any, errors: dict[str, str]) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        errors["tags"] = "must be a list of strings"
        return None
    unknown = sorted(set(value) - ALLOWED_TAGS)
    if unknown:
        errors["tags"] = "unknown: " + ", ".join(unknown)
        return None
    return tuple(dict.fromkeys(value))  # drop repeats, keep the client's order


def validate_booking(payload: Any, now: datetime) -> tuple[BookingRequest | None, dict[str, str]]:
    """The validated booking and no errors, or None and every error found, keyed by field."""
    if not isinstance(payload, dict):
        return None, {"body": "must be a JSON object"}
    errors: dict[str, str] = {}
    email = _email(payload.get("email"), errors)
    party_size = _party_size(payload.get("party_size"), errors)
    day = _day(payload.get("date"), now.date(), errors)
    at = _at(payload.get("time"), errors)
    notes = _notes(payload.get("notes"), errors)
    tags = _tags(payload.get("tags"), errors)
    if day is not None and at is not None and datetime.combine(day, at) <= now:
        errors["time"] = "must be later than now"
    if errors:
        return None, errors
    return BookingRequest(email, party_size, day, at, notes, tags), {}
