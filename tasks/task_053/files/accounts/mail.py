"""Outgoing e-mail. Messages are queued here and delivered by the mail worker."""

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


class Outbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[Message] = []

    def send(self, to: str, subject: str, body: str) -> None:
        with self._lock:
            self._messages.append(Message(to, subject, body))

    def take_all(self) -> list[Message]:
        """Every queued message, oldest first; the worker calls this to deliver them."""
        with self._lock:
            messages, self._messages = self._messages, []
            return messages
