"""POST/GET /v1/webhooks. `account_id` is the authenticated API key's account."""

from __future__ import annotations

from urllib.parse import urlsplit

from .filters import FilterError, compile_filter
from .subscriptions import EVENT_TYPES, Subscription, SubscriptionStore


def _public(subscription: Subscription) -> dict:
    return {
        "id": subscription.id,
        "url": subscription.url,
        "event_types": sorted(subscription.event_types),
        "filter": subscription.filter,
        "active": subscription.active,
    }


def create_webhook(store: SubscriptionStore, account_id: int, body: dict) -> tuple[int, dict]:
    url = body.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
        return 422, {"error": "url must be an https:// URL"}
    event_types = body.get("event_types")
    if not isinstance(event_types, list) or not event_types or not set(event_types) <= EVENT_TYPES:
        return 422, {"error": "event_types must list one or more of: " + ", ".join(sorted(EVENT_TYPES))}
    source = body.get("filter")
    if source is not None:
        if not isinstance(source, str):
            return 422, {"error": "filter must be a string"}
        source = source.strip() or None
    try:
        subscription = store.add(account_id, url, frozenset(event_types), filter=source)
    except FilterError as exc:
        return 422, {"error": f"filter: {exc}"}
    return 201, {**_public(subscription), "secret": subscription.secret}


def try_filter(body: dict) -> tuple[int, dict]:
    """POST /v1/webhooks/filter-test: does `filter` match `event`? For the dashboard's filter editor."""
    source, event = body.get("filter"), body.get("event")
    if not isinstance(source, str) or not isinstance(event, dict):
        return 422, {"error": "filter (a string) and event (an object) are required"}
    try:
        predicate = compile_filter(source)
    except FilterError as exc:
        return 422, {"error": f"filter: {exc}"}
    return 200, {"matches": predicate(event)}


def list_webhooks(store: SubscriptionStore, account_id: int) -> tuple[int, dict]:
    return 200, {"webhooks": [_public(s) for s in store.for_account(account_id)]}
