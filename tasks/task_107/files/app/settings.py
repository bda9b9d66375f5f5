"""Settings, read once from the environment at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    site_name: str = "Help Centre"
    status_file: str = "/var/lib/helpcentre/status.json"
    docs_root: str = "/var/lib/helpcentre/docs"
    # Published docs can be rebuilt (typo fixes), so they are revalidated
    # after this many seconds rather than cached for good.
    docs_max_age: int = 600
    debug: bool = False


def from_env(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        site_name=env.get("HELPCENTRE_SITE_NAME", Settings.site_name),
        status_file=env.get("HELPCENTRE_STATUS_FILE", Settings.status_file),
        docs_root=env.get("HELPCENTRE_DOCS_ROOT", Settings.docs_root),
        docs_max_age=int(env.get("HELPCENTRE_DOCS_MAX_AGE", Settings.docs_max_age)),
        debug=env.get("HELPCENTRE_DEBUG", "") == "1",
    )
