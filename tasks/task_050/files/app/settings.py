"""Settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database: str
    homes_root: str  # users' folders, shared with the sync service

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            database=os.environ.get("APP_DATABASE", "app.db"),
            homes_root=os.environ.get("APP_HOMES_ROOT", "/var/lib/app/homes"),
        )
