from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field

from .filters import Predicate, compile_filter

EVENT_TYPES = frozenset(
    {"order.created", "order.paid", "order.refunded", "customer.created", "customer.updated"}
)


@dataclass
class Subscription:
    id: int
    account_id: int
    url: str
    event_types: frozenset[str]
    secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    active: bool = True
    filter: str | None = None  # see webhooks.filters; None: every event of event_types
    _predicate: Predicate | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.filter is not None:
            self._predicate = compile_filter(self.filter)

    def wants(self, event: dict) -> bool:
        if not self.active or event["type"] not in self.event_types:
            return False
        return self._predicate is None or self._predicate(event)


class SubscriptionStore:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._by_id: dict[int, Subscription] = {}

    def add(
        self, account_id: int, url: str, event_types: frozenset[str], filter: str | None = None
    ) -> Subscription:
        subscription = Subscription(next(self._ids), account_id, url, event_types, filter=filter)
        self._by_id[subscription.id] = subscription
        return subscription

    def for_account(self, account_id: int) -> list[Subscription]:
        return [s for s in self._by_id.values() if s.account_id == account_id]
