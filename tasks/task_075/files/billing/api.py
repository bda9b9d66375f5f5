"""PATCH /subscriptions/<id>/billing-day, from the customer's billing settings page."""

from decimal import Decimal


def change_billing_day(subscription, payload, invoices, today):
    """Returns (status, body)."""
    new_day = payload.get("billing_day") if isinstance(payload, dict) else None
    if type(new_day) is not int or not 1 <= new_day <= 31:
        return 400, {"error": "billing_day must be a whole number from 1 to 31"}
    if subscription.status != "active":
        return 409, {"error": "only active subscriptions can change their billing day"}
    if new_day == subscription.billing_day:
        return 200, {"billing_day": new_day, "adjustment": "0.00"}
    adjustment = subscription.change_billing_day(new_day, today)
    if adjustment.amount != Decimal("0.00"):
        kind = "credit" if adjustment.is_credit else "charge"
        invoices.add(
            subscription.customer_id,
            f"Billing day moved to {new_day}: {abs(adjustment.days)} days {kind}",
            adjustment.amount,
        )
    return 200, {"billing_day": new_day, "adjustment": str(adjustment.amount)}
