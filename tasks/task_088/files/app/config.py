"""Settings read once at start-up; tests build their own Settings."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database: str
    media_root: str
    max_upload_bytes: int = 5 * 1024 * 1024
    max_bundle_bytes: int = 50 * 1024 * 1024


def from_env() -> Settings:
    return Settings(
        database=os.environ.get("SHOP_DATABASE", "shop.db"),
        media_root=os.environ.get("SHOP_MEDIA_ROOT", "/srv/shop/media"),
        max_upload_bytes=int(os.environ.get("SHOP_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)),
        max_bundle_bytes=int(os.environ.get("SHOP_MAX_BUNDLE_BYTES", 50 * 1024 * 1024)),
    )
