import pytest

from payments.client import CardDeclined, PaymentsClient
from payments.http import ApiSession
from payments.retry import RetryPolicy
from shop.checkout import PaymentPending, pay
from shop.orders import Order, OrderStateError
from tests.fakes import FakeProvider


def checkout(provider):
    return PaymentsClient(ApiSession(provider, "sk_test"), RetryPolicy(sleep=lambda seconds: None))


def test_pay():
    provider = FakeProvider()
    order = Order("o-1", "cus_1", 4200, "EUR")
    charge = pay(order, checkout(provider))
    assert order.status == "paid" and order.charge_id == charge.charge_id
    assert list(provider.charges.values())[0]["amount"] == 4200


def test_declined_card_can_pay_again():
    order = Order("o-2", "cus_broke", 4200, "EUR")
    with pytest.raises(CardDeclined):
        pay(order, checkout(FakeProvider(decline_customers={"cus_broke"})))
    assert order.status == "awaiting_payment"


def test_short_outage_is_retried():
    provider = FakeProvider("connect", 503)
    order = Order("o-3", "cus_1", 4200, "EUR")
    pay(order, checkout(provider))
    assert order.status == "paid" and len(provider.charges) == 1


def test_provider_down_holds_the_order():
    order = Order("o-4", "cus_1", 4200, "EUR")
    with pytest.raises(PaymentPending):
        pay(order, checkout(FakeProvider("connect", "connect", "connect")))
    assert order.status == "payment_unknown"
    with pytest.raises(OrderStateError):
        pay(order, checkout(FakeProvider()))


def test_second_checkout_request_is_refused():
    order = Order("o-5", "cus_1", 4200, "EUR")
    order.start_payment()
    with pytest.raises(OrderStateError):
        pay(order, checkout(FakeProvider()))
