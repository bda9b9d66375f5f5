# Clean PR: the attrs models. Exercises the spots a reviewer may doubt:
# - Stay's check_in validator reads self.check_out, a later field: attrs runs every validator after
#   all fields are set (attr/_make.py, the generated __init__), so it always sees the converted check_out;
# - Money's amount converter (takes_self) reads self.currency before currency's in_ validator ran:
#   currency is declared first, so it is already converted (upper-cased); an unknown code falls back to
#   2 digits inside the converter and is then refused by the validator with ValueError;
# - eq=str.casefold on Guest.email: attrs hashes the eq key too, so equal guests hash alike;
# - eq=False fields (Guest.name, RatePlan.description) and cache_hash=True on a frozen class, with
#   lru_cache keyed by the models: the quote never reads an eq=False field, so cached quotes are right;
# - _to_date tests datetime before date (datetime is a date subclass).
import datetime as dt
import itertools
import os
import random
import unittest
from decimal import Decimal

import attrs

from lodging.models import Guest, Money, RatePlan, Stay
from lodging.parse import InvalidPayload, plan_from_dict, stay_from_dict
from lodging.quotes import quote

ana = Guest("ana@example.com")

# --- validation order ------------------------------------------------------------------------------------
for check_in, check_out in [("2024-06-09", "2024-06-06"), ("2024-06-06", "2024-06-06"),
                            (dt.date(2024, 6, 1), dt.datetime(2024, 7, 2, 9))]:
    try:
        Stay(check_in, check_out, [ana])
    except ValueError:
        pass
    else:
        raise AssertionError(f"stay {check_in} -> {check_out} accepted")
stay = Stay(dt.datetime(2024, 6, 6, 23, 59), dt.datetime(2024, 6, 7, 0, 1), [ana])
assert (stay.check_in, stay.check_out, stay.nights) == (dt.date(2024, 6, 6), dt.date(2024, 6, 7), 1)
assert Stay("2024-06-01", "2024-07-01", [ana]).nights == 30
for bad in [dict(guests=[]), dict(guests=["ana@example.com"]), dict(check_out=20240609)]:
    fields = {**dict(check_in="2024-06-06", check_out="2024-06-09", guests=[ana]), **bad}
    try:
        Stay(**fields)
    except (TypeError, ValueError):
        pass
    else:
        raise AssertionError(f"invalid stay accepted: {bad}")

assert Money("jpy", "1250.5") == Money("JPY", 1251) and Money("jpy", "1250.5").amount == Decimal("1251")
assert Money("kwd", "0.0005").amount == Decimal("0.001")
assert Money("eur", "2.675").amount == Decimal("2.68") and Money("EUR", "-2.675").amount == Decimal("-2.68")
for currency, amount, error in [("XYZ", "1.005", ValueError), ("xyz", Decimal("1"), ValueError),
                                ("EUR", "Infinity", ValueError), ("EUR", "sNaN", ValueError),
                                ("EUR", "1e40", ValueError), ("EUR", 0.1, TypeError), (7, "1", TypeError)]:
    try:
        Money(currency, amount)
    except error:
        pass
    except Exception as exc:  # a KeyError/AttributeError from the converter would land here
        raise AssertionError(f"Money({currency!r}, {amount!r}) raised {exc!r}, not {error.__name__}")
    else:
        raise AssertionError(f"Money({currency!r}, {amount!r}) accepted")

try:
    RatePlan("FLEX", Money("EUR", 100), weekend_nightly=Money("USD", 120))
except ValueError:
    pass
else:
    raise AssertionError("weekend rate in another currency accepted")
for bad in [dict(nightly=None), dict(nightly=Money("EUR", 0)), dict(max_guests=0), dict(tax_rate="1"),
            dict(tax_rate=0.2), dict(code="x")]:
    try:
        RatePlan(**{**dict(code="FLEX", nightly=Money("EUR", 100)), **bad})
    except (TypeError, ValueError):
        pass
    else:
        raise AssertionError(f"invalid rate plan accepted: {bad}")

# --- hashing ---------------------------------------------------------------------------------------------
emails = ["Ana@Example.com", "ana@example.com", " ANA@EXAMPLE.COM ", "straße@example.de", "STRASSE@example.de",
          "bo@example.com"]
guests = [Guest(e, name) for e in emails for name in ("", "Ana", "x")]
for a, b in itertools.product(guests, repeat=2):
    if a == b:
        assert hash(a) == hash(b), f"{a!r} == {b!r} but their hashes differ"
assert len({Guest(e) for e in emails}) == 3, {Guest(e) for e in emails}

random.seed(7)
plans, stays = [], []
for _ in range(60):
    nightly = Money(random.choice(["EUR", "JPY", "KWD"]), random.choice(["99.995", "120", "0.5", "14300.4"]))
    weekend = random.choice([None, Money(nightly.currency, "150.125")])
    plans.append(RatePlan(random.choice(["flex", "FLEX", "NR"]), nightly, weekend,
                          random.choice([1, 2, 3]), random.choice(["0", "0.07", "0.070", "0.1"]),
                          random.choice(["", "Free cancellation", "Breakfast"])))
    start = dt.date(2024, 6, 1) + dt.timedelta(days=random.randrange(30))
    stays.append(Stay(start, start + dt.timedelta(days=random.randrange(1, 10)),
                      [Guest(random.choice(emails).strip(), random.choice(["", "B"]))
                       for _ in range(random.randrange(1, 4))]))
for a, b in itertools.product(plans, repeat=2):
    if a == b:
        assert hash(a) == hash(b), f"equal plans hash differently: {a!r} {b!r}"
    plan_evolved = attrs.evolve(a, max_guests=a.max_guests + 1)
    assert hash(plan_evolved) == hash(RatePlan(a.code, a.nightly, a.weekend_nightly, a.max_guests + 1,
                                               a.tax_rate, "other")), "cached hash out of step after evolve"

quote.cache_clear()
for _ in range(2):  # the second round is served from the cache
    for plan, stay in itertools.product(plans[:25], stays[:25]):
        try:
            cached = quote(plan, stay)
        except ValueError:
            continue
        fresh = quote.__wrapped__(plan, stay)
        assert cached == fresh and repr(cached) == repr(fresh), (
            f"cached quote differs from a fresh one for {plan!r}, {stay!r}: {cached} != {fresh}"
        )
assert quote.cache_info().hits > 0

# --- payloads --------------------------------------------------------------------------------------------
for payload in [{"code": "flex"}, {"code": "flex", "nightly": {"currency": "EUR"}},
                {"code": "flex", "nightly": {"currency": "xyz", "amount": "1"}}, [],
                {"code": "flex", "nightly": {"currency": "EUR", "amount": "1"}, "max_guests": "many"}]:
    try:
        plan_from_dict(payload)
    except InvalidPayload:
        pass
    else:
        raise AssertionError(f"payload accepted: {payload}")
try:
    stay_from_dict({"check_in": "2024-06-06", "check_out": "2024-06-09", "guests": ["ana@example.com"]})
except InvalidPayload:
    pass
else:
    raise AssertionError("guest given as a bare string accepted")

# --- the PR's own tests ----------------------------------------------------------------------------------
result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(
    unittest.defaultTestLoader.loadTestsFromName("tests.test_lodging")
)
assert result.wasSuccessful(), result.failures + result.errors
