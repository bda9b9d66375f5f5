"""The daily renewal run: invoice every subscription whose new period starts today."""

import logging

log = logging.getLogger(__name__)


def due_for_renewal(subscriptions, today):
    """Active subscriptions whose billing period starts on `today`."""
    return [
        sub
        for sub in subscriptions
        if sub.status == "active" and sub.current_period(today).start == today
    ]


def run_renewals(subscriptions, invoices, today):
    due = due_for_renewal(subscriptions, today)
    for sub in due:
        period = sub.current_period(today)
        invoices.add(sub.customer_id, f"{sub.plan} {period.start:%d %b} - {period.end:%d %b %Y}",
                     sub.monthly_price)
    log.info("renewed %d subscriptions for %s", len(due), today)
    return due
