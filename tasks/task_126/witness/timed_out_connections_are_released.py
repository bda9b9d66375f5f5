"""A delivery that times out must give its connection back: closed, and its place in the pool freed.

The receiver is slow twice (the socket's recv times out, which outbound/transport.py turns into
ReadTimeout), then answers normally. With two connections allowed per receiver, the third
delivery must go out on a new connection. The sockets of the timed-out exchanges are in an
unknown state and must be closed, not left open.
"""

from outbound.transport import Transport
from outbound.webhooks import Delivery, WebhookSender


class Socket:
    def __init__(self, replies):
        self.replies = list(replies)
        self.sent = bytearray()
        self.closed = False

    def settimeout(self, value):
        pass

    def sendall(self, data):
        self.sent += data

    def recv(self, max_bytes):
        if not self.replies:
            return b""
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def close(self):
        self.closed = True


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
scripts = [[TimeoutError("timed out")], [TimeoutError("timed out")], [OK], [OK]]
sockets = []


def open_transport(host, port, *, tls, connect_timeout, read_timeout, write_timeout):
    sock = Socket(scripts.pop(0))
    sockets.append(sock)
    return Transport(sock, f"{host}:{port}", read_timeout=read_timeout, write_timeout=write_timeout)


sender = WebhookSender(
    user_agent="witness/1.0",
    connections_per_receiver=2,
    pool_timeout=0.5,
    open_transport=open_transport,
)
delivery = Delivery(id="msg_1", url="https://hooks.example.com/in", payload=b"{}", secret=b"k")

for attempt in (1, 2):
    outcome = sender.deliver(delivery)
    assert outcome.detail.startswith("timed out"), f"attempt {attempt}: expected a timeout, got {outcome}"

outcome = sender.deliver(delivery)
assert outcome.delivered, (
    "after two timed-out deliveries the receiver answers again, but the third delivery was not sent: "
    f"{outcome.detail!r}. The timed-out connections still count against connections_per_receiver=2."
)
assert sockets[0].closed and sockets[1].closed, (
    "the sockets of the timed-out deliveries were left open: "
    f"{[sock.closed for sock in sockets[:2]]}"
)
print("ok: timed-out connections are closed and their places reused")
