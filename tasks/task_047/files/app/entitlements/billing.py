"""Client for the billing service's entitlements API: which plan a tenant is on and what it includes."""

import json
import urllib.request
from dataclasses import dataclass

BILLING_URL = "http://billing.internal:8080"
TIMEOUT = 2.0  # seconds: for connecting, and for each read of the response


class BillingUnavailable(RuntimeError):
    """The billing service could not be reached, timed out or answered with something unusable."""


@dataclass(frozen=True)
class Entitlements:
    tenant_id: int
    plan: str  # "trial", "starter", "team" or "enterprise"
    features: frozenset[str]
    seats: int


def fetch_entitlements(tenant_id: int, base_url: str = BILLING_URL) -> Entitlements:
    """Ask billing for the tenant's current entitlements (typically 150-400 ms)."""
    url = f"{base_url}/v1/tenants/{int(tenant_id)}/entitlements"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            data = json.load(response)
        return Entitlements(int(tenant_id), str(data["plan"]), frozenset(data["features"]), int(data["seats"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BillingUnavailable(f"entitlements of tenant {tenant_id}: {exc}") from exc
