"""What handlers get besides the request. Built once at start-up by app/web/wsgi.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.settings import Settings
from app.storage.homes import Homes


@dataclass(frozen=True)
class Services:
    db: sqlite3.Connection
    homes: Homes


def build_services(settings: Settings) -> Services:
    return Services(
        db=sqlite3.connect(settings.database, check_same_thread=False),
        homes=Homes(settings.homes_root),
    )
