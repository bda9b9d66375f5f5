"""Renewal invoices, made by the daily billing job."""

from dataclasses import dataclass
from datetime import date, timedelta

from subs.renewals import current_period, renewals_due


@dataclass(frozen=True)
class InvoiceLine:
    subscription_id: str
    description: str
    amount_cents: int
    period_start: date
    period_last_day: date  # the last day the payment covers, as printed on the invoice


def renewal_line(sub, day):
    """The invoice line for the period of `sub` that starts on `day`."""
    start, end = current_period(sub, day)
    if start != day:
        raise ValueError(f"no period of {sub.id} starts on {day}")
    # Periods are [start, end): the next period starts on `end`, so this one's last day is the day before.
    last = end - timedelta(days=1)
    return InvoiceLine(
        subscription_id=sub.id,
        description=f"{sub.plan.name} plan, {start.day} {start:%b %Y} to {last.day} {last:%b %Y}",
        amount_cents=sub.plan.price_cents,
        period_start=start,
        period_last_day=last,
    )


def renewal_invoices(subs, day):
    """One invoice line per subscription that renews on `day`."""
    return [renewal_line(sub, day) for sub in renewals_due(subs, day)]
