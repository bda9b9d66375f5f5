import base64
import hashlib
import hmac

from outbound.webhooks import Delivery, WebhookSender, signature
from tests.fakes import FakeNetwork, http_response

DELIVERY = Delivery(
    id="msg_2hQ9", url="https://hooks.example.com/in?src=shop", payload=b'{"a":1}', secret=b"s3"
)


def sender(network: FakeNetwork) -> WebhookSender:
    return WebhookSender(
        user_agent="shop-webhooks/1.0", open_transport=network.open_transport, clock=lambda: 1700
    )


def test_a_2xx_answer_is_delivered_and_the_request_is_signed():
    network = FakeNetwork([[http_response(204, b"")]])
    outcome = sender(network).deliver(DELIVERY)
    assert outcome.delivered and not outcome.retry and outcome.status == 204
    assert network.opened == [("hooks.example.com", 443, True)]
    sent = bytes(network.sockets[0].sent)
    assert sent.startswith(b"POST /in?src=shop HTTP/1.1\r\n")
    assert b"host: hooks.example.com\r\n" in sent.lower()
    assert sent.endswith(b'\r\n\r\n{"a":1}')
    expected = hmac.new(b"s3", b'msg_2hQ9.1700.{"a":1}', hashlib.sha256).digest()
    assert signature(DELIVERY, 1700) == "v1," + base64.b64encode(expected).decode()


def test_server_errors_and_throttling_are_retried_refusals_are_not():
    for status, retry in ((500, True), (503, True), (429, True), (400, False), (410, False)):
        network = FakeNetwork([[http_response(status)]])
        outcome = sender(network).deliver(DELIVERY)
        assert not outcome.delivered
        assert outcome.retry is retry, status


def test_a_timeout_is_retried():
    network = FakeNetwork([[TimeoutError()]])
    outcome = sender(network).deliver(DELIVERY)
    assert not outcome.delivered and outcome.retry
    assert outcome.detail.startswith("timed out")


def test_a_connection_closed_before_the_response_is_retried():
    network = FakeNetwork([[b"HTTP/1.1 200 OK\r\nContent-Len"]])
    outcome = sender(network).deliver(DELIVERY)
    assert not outcome.delivered and outcome.retry
    assert network.sockets[0].closed


def test_a_url_that_is_not_http_is_refused_without_connecting():
    network = FakeNetwork([])
    outcome = sender(network).deliver(Delivery("m", "ftp://example.com/x", b"{}", b"k"))
    assert not outcome.retry and network.opened == []


def test_deliveries_to_one_receiver_share_a_connection():
    network = FakeNetwork([[http_response(200), http_response(200)]])
    webhooks = sender(network)
    assert webhooks.deliver(DELIVERY).delivered
    assert webhooks.deliver(DELIVERY).delivered
    assert len(network.opened) == 1
    webhooks.close()
    assert network.sockets[0].closed


def test_a_delivery_is_resent_when_its_kept_alive_connection_was_closed():
    network = FakeNetwork([[http_response(200), b""], [http_response(200)]])
    webhooks = sender(network)
    assert webhooks.deliver(DELIVERY).delivered
    assert webhooks.deliver(DELIVERY).delivered
    assert len(network.opened) == 2


def test_the_host_header_names_a_non_default_port_and_brackets_ipv6():
    network = FakeNetwork([[http_response(200)]])
    sender(network).deliver(Delivery("m", "http://[2001:db8::1]:8080/h", b"{}", b"k"))
    assert network.opened == [("2001:db8::1", 8080, False)]
    assert b"host: [2001:db8::1]:8080\r\n" in bytes(network.sockets[0].sent).lower()
