"""Feature checks for request handlers: may this tenant use this feature, how many seats does it have?"""

from app.entitlements import billing
from app.entitlements.cache import EntitlementCache

_cache = EntitlementCache(billing.fetch_entitlements)


class FeatureNotIncluded(Exception):
    """The tenant's plan does not include the feature; handlers answer 402 with an upgrade link."""

    def __init__(self, tenant_id: int, feature: str) -> None:
        super().__init__(f"tenant {tenant_id}'s plan does not include {feature!r}")
        self.tenant_id = tenant_id
        self.feature = feature


def entitlements(tenant_id: int) -> billing.Entitlements:
    """The tenant's entitlements, kept for a few minutes (see app.entitlements.cache)."""
    return _cache.get(tenant_id)


def forget(tenant_id: int) -> None:
    """Billing says the tenant's entitlements changed: look them up again on next use."""
    _cache.invalidate(tenant_id)


def has_feature(tenant_id: int, feature: str) -> bool:
    return feature in entitlements(tenant_id).features


def require_feature(tenant_id: int, feature: str) -> None:
    if not has_feature(tenant_id, feature):
        raise FeatureNotIncluded(tenant_id, feature)


def seats(tenant_id: int) -> int:
    return entitlements(tenant_id).seats
