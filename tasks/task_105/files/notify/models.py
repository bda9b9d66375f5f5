from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notification:
    user_id: int
    kind: str  # "comment", "mention", "digest", "security", ...
    subject: str
    body: str


# Kinds that must reach the user at once, whatever else they have been sent.
URGENT_KINDS = frozenset({"security", "password_reset", "login_alert"})
