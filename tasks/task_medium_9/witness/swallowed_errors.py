# Maintainability finding, shown by behaviour: add_country's `except Exception: pass` makes every
# failure invisible. An address that is simply not in the table (a private range) may quietly get
# country None, but a malformed address, a missing client_ip field or a broken lookup must leave a
# trace (a logged warning, as the other steps do, or an exception) instead of vanishing.
import logging

from app.geo.lookup import GeoLookup
from app.pipeline.steps import add_country


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


capture = Capture()
logging.getLogger().addHandler(capture)
geo = GeoLookup([("81.2.69.0/24", "gb"), ("2.16.0.0/13", "fr")])


def run(events, lookup=geo):
    """(events out, warnings logged, exception raised)"""
    capture.records.clear()
    try:
        out = list(add_country(events, lookup))
    except Exception as exc:  # noqa: BLE001 - surfacing the error is one acceptable outcome
        return None, len(capture.records), exc
    return out, len(capture.records), None


# Expected misses stay quiet and keep the event.
out, warnings, error = run([{"event_id": 1, "client_ip": "81.2.69.7"}, {"event_id": 2, "client_ip": "10.1.2.3"}])
assert error is None and [e["country"] for e in out] == ["gb", None], (out, error)
assert warnings == 0, "an unknown (private) address is expected and should not warn"

# Failures must not vanish without a trace.
for label, events in [
    ("a malformed address", [{"event_id": 3, "client_ip": "999.1.1.1"}]),
    ("an event without client_ip", [{"event_id": 4, "ip": "81.2.69.7"}]),
]:
    out, warnings, error = run(events)
    assert warnings or error, f"{label} was swallowed silently: no warning, no error, country quietly None"


class BrokenLookup(GeoLookup):
    def country_for(self, ip):
        raise RuntimeError("CIDR table index is corrupt")


out, warnings, error = run([{"event_id": 5, "client_ip": "81.2.69.7"}], BrokenLookup([("81.2.69.0/24", "gb")]))
assert warnings or error, "a broken lookup was swallowed silently: every event just loses its country"
