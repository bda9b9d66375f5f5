"""The application's routes: (method, path) -> handler."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from app.billing.invoices import InvoiceStore
from app.http import Handler
from app.webhooks.billing import handle_billing_webhook
from app.webhooks.shipping import handle_shipping_webhook


@dataclass(frozen=True)
class WebhookSecrets:
    """Signing secrets shared with each provider, loaded from the secrets manager at start-up."""

    shipping: bytes
    billing: bytes


def build_routes(
    secrets: WebhookSecrets,
    shipments: dict[str, str],
    invoices: InvoiceStore,
) -> dict[tuple[str, str], Handler]:
    return {
        ("POST", "/webhooks/shipping"): partial(handle_shipping_webhook, secret=secrets.shipping, shipments=shipments),
        ("POST", "/webhooks/billing"): partial(handle_billing_webhook, secret=secrets.billing, invoices=invoices),
    }
