"""Fan an account's events out to its subscriptions."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from .subscriptions import SubscriptionStore


@dataclass(frozen=True)
class Delivery:
    subscription_id: int
    url: str
    body: bytes
    signature: str


def deliveries_for(store: SubscriptionStore, account_id: int, event: dict) -> list[Delivery]:
    body = json.dumps(event, separators=(",", ":"), sort_keys=True).encode()
    deliveries = []
    for subscription in store.for_account(account_id):
        if not subscription.wants(event):
            continue
        signature = hmac.new(subscription.secret.encode(), body, hashlib.sha256).hexdigest()
        deliveries.append(Delivery(subscription.id, subscription.url, body, f"sha256={signature}"))
    return deliveries
