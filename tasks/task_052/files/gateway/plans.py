"""What each pricing plan allows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    name: str
    max_recipients: int  # per POST /v1/messages request
    daily_units: int  # messages per UTC day, across all of an account's keys


PLANS = {
    "free": Plan("free", max_recipients=10, daily_units=100),
    "team": Plan("team", max_recipients=500, daily_units=20_000),
    "enterprise": Plan("enterprise", max_recipients=5000, daily_units=500_000),
}


def plan_for(name: str) -> Plan:
    try:
        return PLANS[name]
    except KeyError:
        raise LookupError(f"unknown plan {name!r}") from None
