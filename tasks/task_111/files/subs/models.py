"""Subscriptions as the billing jobs see them."""

from dataclasses import dataclass
from datetime import date

from subs.plans import get_plan


@dataclass(frozen=True)
class Subscription:
    """A customer's subscription to a plan, paid at the start of each period.

    The first period starts on `started_on`; the subscription is charged again at each renewal.
    """

    id: str
    customer_id: str
    plan_code: str
    started_on: date

    @property
    def plan(self):
        return get_plan(self.plan_code)
