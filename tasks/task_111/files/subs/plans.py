"""The plans a customer can subscribe to."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    price_cents: int
    months: int  # the length of a period, in calendar months


PLANS = {
    plan.code: plan
    for plan in (
        Plan("monthly", "Monthly", 1_200, 1),
        Plan("quarterly", "Quarterly", 3_300, 3),
        Plan("annual", "Annual", 12_000, 12),
    )
}


def get_plan(code):
    try:
        return PLANS[code]
    except KeyError:
        raise ValueError(f"unknown plan {code!r}") from None
