"""Per-tenant settings: branding, integrations and feature flags, stored as text."""

from collections.abc import Mapping
from types import MappingProxyType

from app.cache import TTLCache
from app.db import TenantDB

DEFAULTS = {
    "brand_name": "",
    "support_email": "",
    "webhook_url": "",
    "webhook_secret": "",
    "beta_reports": "false",
    "max_seats": "5",
}

# Support also edits settings from the admin tool, which writes to the table directly, so cached
# settings are re-read after five minutes at most.
SETTINGS_TTL = 300.0

cache = TTLCache()


class UnknownSetting(KeyError):
    pass


def _check_name(name: str) -> None:
    if name not in DEFAULTS:
        raise UnknownSetting(name)


_SETTINGS_KEY = ("settings",)


def get_settings(db: TenantDB) -> Mapping[str, str]:
    """Every setting, defaults filled in: one query per five minutes instead of one per lookup."""
    return cache.get_or_load(_SETTINGS_KEY, lambda: _load_settings(db), ttl=SETTINGS_TTL)


def _load_settings(db: TenantDB) -> Mapping[str, str]:
    rows = db.all("SELECT name, value FROM tenant_settings WHERE tenant_id = :tenant")
    stored = {name: value for name, value in rows if name in DEFAULTS}
    return MappingProxyType({**DEFAULTS, **stored})


def get_setting(db: TenantDB, name: str) -> str:
    _check_name(name)
    return get_settings(db)[name]


def get_flag(db: TenantDB, name: str) -> bool:
    return get_setting(db, name) == "true"


def get_int(db: TenantDB, name: str) -> int:
    return int(get_setting(db, name))


def set_setting(db: TenantDB, name: str, value: str) -> None:
    _check_name(name)
    if not isinstance(value, str):
        raise TypeError("settings are stored as text")
    db.execute(
        "INSERT INTO tenant_settings (tenant_id, name, value) VALUES (:tenant, :name, :value) "
        "ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value",
        name=name,
        value=value,
    )
    cache.invalidate(_SETTINGS_KEY)
