"""Checkout: paying for an order with the customer's saved card."""
from __future__ import annotations

from payments.client import CardDeclined, Charge, PaymentsClient, PaymentsError, PaymentsUnavailable
from shop.orders import Order


class PaymentFailed(Exception):
    """Shown as "Your payment didn't go through", with a button to try again."""


class PaymentPending(Exception):
    """Shown as "We're confirming your payment and will e-mail you": the order is held for support."""


def pay(order: Order, client: PaymentsClient) -> Charge:
    """Charge the order's total to the customer's saved card and mark the order paid.

    Raises CardDeclined when the card is declined and PaymentFailed when the provider refused the
    charge: nothing was charged and the order can be paid again. Raises PaymentPending when the
    provider could not be reached or kept failing: the charge may exist, so the order is held
    (`payment_unknown`) and support settles it with the provider."""
    order.start_payment()
    try:
        charge = client.create_charge(order.customer_id, order.total, order.currency, f"Order {order.order_id}",
                                      metadata={"order_id": order.order_id})
    except CardDeclined:
        order.payment_failed()
        raise
    except PaymentsUnavailable as exc:
        order.payment_unknown()
        raise PaymentPending(str(exc)) from exc
    except PaymentsError as exc:
        order.payment_failed()
        raise PaymentFailed(str(exc)) from exc
    except Exception:
        order.payment_unknown()  # e.g. an unreadable response to a charge that may have gone through
        raise
    order.mark_paid(charge.charge_id)
    return charge
