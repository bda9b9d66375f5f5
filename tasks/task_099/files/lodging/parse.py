"""Build models from the JSON payloads of the booking API."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from lodging.models import Guest, Money, RatePlan, Stay


class InvalidPayload(ValueError):
    """A payload that does not describe a valid model; the message says what is wrong."""


@contextlib.contextmanager
def _payload(kind: str, data: object) -> Iterator[None]:
    if not isinstance(data, dict):
        raise InvalidPayload(f"invalid {kind}: expected an object, got {type(data).__name__}")
    try:
        yield
    except InvalidPayload:
        raise
    except KeyError as exc:
        raise InvalidPayload(f"invalid {kind}: missing field {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise InvalidPayload(f"invalid {kind}: {exc}") from exc


def money_from_dict(data: dict[str, Any]) -> Money:
    with _payload("amount", data):
        return Money(currency=data["currency"], amount=data["amount"])


def stay_from_dict(data: dict[str, Any]) -> Stay:
    with _payload("stay", data):
        guests = [Guest(email=g["email"], name=g.get("name", "")) for g in data["guests"]]
        return Stay(check_in=data["check_in"], check_out=data["check_out"], guests=guests)


def plan_from_dict(data: dict[str, Any]) -> RatePlan:
    with _payload("rate plan", data):
        weekend = data.get("weekend_nightly")
        return RatePlan(
            code=data["code"],
            nightly=money_from_dict(data["nightly"]),
            weekend_nightly=money_from_dict(weekend) if weekend is not None else None,
            max_guests=data.get("max_guests", 2),
            tax_rate=data.get("tax_rate", "0"),
            description=data.get("description", ""),
        )
