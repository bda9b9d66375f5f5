import random

import pytest

from payments.client import CardDeclined, PaymentsClient, PaymentsError, PaymentsUnavailable
from payments.http import ApiSession, ConnectFailed, Response, ResponseTimeout
from payments.retry import RetriesExhausted, RetryPolicy
from tests.fakes import FakeProvider


def scripted(*steps):
    calls = []

    def request():
        calls.append(1)
        step = steps[len(calls) - 1]
        if isinstance(step, Exception):
            raise step
        return step
    return request, calls


def policy(**kwargs):
    waits = []
    return RetryPolicy(sleep=waits.append, rng=random.Random(1), **kwargs), waits


def test_transport_errors_and_retryable_statuses_are_retried():
    retry, waits = policy()
    request, calls = scripted(ConnectFailed("refused"), Response(502, {}), Response(201, {"id": "ch_1"}))
    assert retry.call(request).status == 201
    assert len(calls) == 3 and len(waits) == 2


def test_other_responses_are_returned_at_once():
    retry, waits = policy()
    request, calls = scripted(Response(400, {"message": "bad amount"}))
    assert retry.call(request).status == 400
    assert len(calls) == 1 and waits == []


def test_gives_up_after_the_last_attempt():
    retry, waits = policy(attempts=2)
    request, calls = scripted(ResponseTimeout("slow"), ResponseTimeout("slow"))
    with pytest.raises(RetriesExhausted) as caught:
        retry.call(request)
    assert isinstance(caught.value.__cause__, ResponseTimeout)
    assert len(calls) == 2 and len(waits) == 1


def test_retry_after_is_honoured_up_to_max_delay():
    retry, _ = policy(max_delay=2.0)
    assert retry.delay(1, Response(429, {}, {"retry-after": "1.5"})) == 1.5
    assert retry.delay(1, Response(429, {}, {"retry-after": "120"})) == 2.0


def test_backoff_grows_with_jitter_and_is_capped():
    retry, _ = policy(base_delay=0.25, max_delay=2.0)
    for attempt in range(1, 8):
        for _ in range(50):
            assert 0 <= retry.delay(attempt) <= min(2.0, 0.25 * 2 ** (attempt - 1))
    assert retry.delay(1, Response(503, {}, {"retry-after": "soon"})) <= 0.25


def test_at_least_one_attempt():
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


def client_for(provider):
    return PaymentsClient(ApiSession(provider, "sk_test"), RetryPolicy(sleep=lambda s: None, rng=random.Random(3)))


def test_lost_response_is_retried_with_the_same_key():
    provider = FakeProvider("timeout")
    charge = client_for(provider).create_charge("cus_1", 1500, "EUR", "Order o-9", idempotency_key="order-o-9")
    assert charge.amount == 1500 and len(provider.charges) == 1
    keys = [headers["Idempotency-Key"] for _, _, headers in provider.requests]
    assert keys == ["order-o-9", "order-o-9"]


def test_decline_is_not_retried():
    provider = FakeProvider(decline_customers={"cus_2"})
    with pytest.raises(CardDeclined):
        client_for(provider).create_charge("cus_2", 1500, "EUR", "x")
    assert len(provider.requests) == 1


def test_unreachable_provider():
    with pytest.raises(PaymentsUnavailable):
        client_for(FakeProvider("connect", "connect", "connect")).create_charge("cus_1", 1500, "EUR", "x")


def test_refusal_is_a_payments_error():
    with pytest.raises(PaymentsError) as caught:
        client_for(FakeProvider(400)).create_charge("cus_1", 1500, "EUR", "x")
    assert not isinstance(caught.value, PaymentsUnavailable)


def test_refund_after_a_dropped_connection():
    provider = FakeProvider()
    client = client_for(provider)
    charge = client.create_charge("cus_1", 1500, "EUR", "x")
    provider.script.append("connect")
    receipt = client.refund(charge.charge_id, 500)
    assert receipt.amount == 500 and receipt.charge_id == charge.charge_id
