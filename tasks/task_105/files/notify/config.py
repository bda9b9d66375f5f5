from __future__ import annotations

import os

SENDER = os.environ.get("NOTIFY_SENDER", "Larkspur <notifications@larkspur.example>")

# Non-urgent notifications a user gets in any rolling hour, by plan (see notify.throttle). Set
# NOTIFY_HOURLY_LIMIT_<PLAN> to change one without a deploy.
THROTTLE_WINDOW_SECONDS = 3600.0
HOURLY_LIMITS = {"free": 10, "team": 30, "enterprise": 60}
# Notifications waiting for a slot, per user; beyond this, further ones are dropped.
MAX_DEFERRED_PER_USER = 50
# How long to wait before retrying a deferred notification the transport failed to send.
TRANSPORT_RETRY_SECONDS = 60.0


def _limit_from_env(plan: str, default: int) -> int:
    raw = os.environ.get(f"NOTIFY_HOURLY_LIMIT_{plan.upper()}")
    if raw is None:
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"NOTIFY_HOURLY_LIMIT_{plan.upper()} must be at least 1, got {value}")
    return value


HOURLY_LIMITS = {plan: _limit_from_env(plan, limit) for plan, limit in HOURLY_LIMITS.items()}


def hourly_limit(plan: str) -> int:
    """The limit for a plan; an unknown plan gets the free plan's."""
    return HOURLY_LIMITS.get(plan, HOURLY_LIMITS["free"])
