# Two sends from the same account run on two handler threads (gateway/server.py serves each
# connection on its own thread). The account has 6 of its 100 daily units left and each send needs
# 6, so only one of them may go out. The interleaving is forced with events, not left to timing: the
# carrier call of the first send waits until the second request has been answered (or 2 s at most),
# i.e. the second request is handled while the first is between its quota check and its recording.
import json
import threading

from gateway.accounts import Account, KeyDirectory
from gateway.app import Gateway
from gateway.http import Request
from gateway.usage import UsageStore

keys = KeyDirectory()
keys.add("key-web", Account("acc-7", "free", "ACME"))
keys.add("key-batch", Account("acc-7", "free", "ACME"))
usage = UsageStore(clock=lambda: 19_800 * 86_400 + 43_200)
usage.add("acc-7", 94)

first_in_carrier = threading.Event()
second_answered = threading.Event()
carrier_batches = []


def carrier(sender_id, to, text):
    carrier_batches.append(len(to))
    if threading.current_thread() is thread:  # the first send's handler thread
        first_in_carrier.set()
        second_answered.wait(2.0)
    return [f"m-{number}" for number in to]


gateway = Gateway(keys, carrier, usage)


def send(key, first_number):
    body = json.dumps({"to": [f"+1555010{first_number + n:04d}" for n in range(6)], "text": "sale today"})
    return gateway.handle(Request("POST", "/v1/messages", {"Authorization": f"Bearer {key}"}, body.encode()))


statuses = {}


def first_send():
    statuses["first"] = send("key-web", 0).status
    first_in_carrier.set()


thread = threading.Thread(target=first_send)
thread.start()
assert first_in_carrier.wait(5.0), "the first send never reached the carrier"
statuses["second"] = send("key-batch", 100).status
second_answered.set()
thread.join(5.0)
assert not thread.is_alive()

accepted = [name for name, status in statuses.items() if status == 202]
sent = sum(carrier_batches)
used = usage.used("acc-7")
assert len(accepted) == 1 and sent == 6, (
    f"6 units were left but both concurrent sends were accepted ({statuses}): the carrier sent {sent} messages "
    f"and the account used {used} of its 100 daily units"
)
assert used == 100, f"the account's usage is {used}, not 100"
