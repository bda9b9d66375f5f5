"""Outgoing mail. Production wires a relay in; tests read ``sent``."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


class Outbox:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body):
        self.sent.append(Message(to, subject, body))
