# The validation is correct, including the boundaries that look suspicious: bool party sizes are
# rejected, the documented upper bounds (20 guests, 90 days, 22:30) are inclusive, an empty tag list
# and missing notes are fine, and a past time today is refused.
import json
from datetime import datetime, timedelta

from app.bookings import BookingStore
from app.handlers.bookings import handle_create_booking
from app.validation import validate_booking

now = datetime(2025, 3, 14, 18, 5)
good = {"email": " ana@example.com ", "party_size": 4, "date": "2025-03-20", "time": "19:30"}


def errors_for(**changes):
    payload = {**good, **changes}
    payload = {key: value for key, value in payload.items() if value is not ...}
    request, errors = validate_booking(payload, now)
    assert (request is None) == bool(errors), (request, errors)
    return errors


request, errors = validate_booking(good, now)
assert errors == {} and request is not None
assert request.email == "ana@example.com" and request.notes == "" and request.tags == ()

# party size: ints 1..20 inclusive; bools, floats and strings are not numbers of guests
assert errors_for(party_size=20) == {}
assert errors_for(party_size=1) == {}
for bad in (0, 21, -3, True, False, 4.0, "4", None):
    assert "party_size" in errors_for(party_size=bad), bad

# dates: today up to 90 days ahead inclusive, real calendar dates only, strict YYYY-MM-DD
assert errors_for(date="2025-06-12") == {}  # today + 90
assert "date" in errors_for(date="2025-06-13")  # today + 91
assert errors_for(date="2025-03-14", time="21:00") == {}  # later today
assert "date" in errors_for(date="2025-03-13")
for bad in ("2025-02-30", "20250320", "2025-3-20", "٢٠٢٥-٠٣-٢٠", 20250320, ...):
    assert "date" in errors_for(date=bad), bad

# times: 15-minute slots from 17:00 to 22:30 inclusive, and not already past today
assert errors_for(time="17:00") == {}
assert errors_for(time="22:30") == {}
for bad in ("16:45", "22:45", "19:10", "24:00", "7:30", "19:30:00", ...):
    assert "time" in errors_for(time=bad), bad
assert errors_for(date="2025-03-14", time="18:00") == {"time": "must be later than now"}
assert errors_for(date="2025-03-14", time="18:15") == {}

# notes and tags are optional; an empty list is a valid (empty) set of tags
assert errors_for(tags=[]) == {}
assert validate_booking({**good, "tags": ["birthday", "terrace", "birthday"]}, now)[0].tags == ("birthday", "terrace")
assert "tags" in errors_for(tags=["birthday", "vip"])
assert "tags" in errors_for(tags="birthday")
assert "tags" in errors_for(tags=[["birthday"]])
assert errors_for(notes="x" * 500) == {}
assert "notes" in errors_for(notes="x" * 501)
assert "notes" in errors_for(notes=42)

# email
for bad in ("", "   ", "ana", "ana@example", "ana@@example.com", "an a@example.com", None, 7, "a@" + "b" * 250 + ".com"):
    assert "email" in errors_for(email=bad), bad

# every error at once
assert set(errors_for(email="x", party_size=0, date="soon", time="late", notes=1, tags=1)) == {
    "email", "party_size", "date", "time", "notes", "tags"
}
assert validate_booking(["not", "a", "dict"], now) == (None, {"body": "must be a JSON object"})

# the handler: bad JSON and bad bytes are 400s, a valid booking is stored as validated
store = BookingStore()
assert handle_create_booking(b"{not json", store, now)[0] == 400
assert handle_create_booking(b"\xff\xfe\xfa", store, now)[0] == 400
assert handle_create_booking(b"[]", store, now) == (400, {"errors": {"body": "must be a JSON object"}})
status, body = handle_create_booking(json.dumps({**good, "party_size": True}).encode(), store, now)
assert status == 400 and "party_size" in body["errors"]
status, body = handle_create_booking(json.dumps({**good, "tags": ["wheelchair"]}).encode(), store, now)
assert status == 201
saved = store.get(body["id"])
assert saved.email == "ana@example.com" and saved.party_size == 4 and saved.tags == ("wheelchair",)
assert datetime.combine(saved.day, saved.at) - now == timedelta(days=6, hours=1, minutes=25)

# the router hands the handler the restaurant's clock
from app.routes import dispatch  # noqa: E402

status, body = dispatch("POST", "/bookings", json.dumps(good).encode(), store, clock=lambda: now)
assert status == 201 and store.get(body["id"]).party_size == 4
assert dispatch("POST", "/bookings", json.dumps({**good, "date": "2025-03-13"}).encode(), store, clock=lambda: now)[0] == 400
