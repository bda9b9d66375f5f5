from __future__ import annotations

from typing import Protocol

from .models import Notification


class TransportError(Exception):
    """The provider refused or could not be reached; the notification was not sent."""


class Transport(Protocol):
    def send(self, notification: Notification) -> None: ...


class RecordingTransport:
    """Keeps what it is given; used in development and tests."""

    def __init__(self) -> None:
        self.sent: list[Notification] = []
        self.fail_next = 0

    def send(self, notification: Notification) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise TransportError("provider unavailable")
        self.sent.append(notification)
