"""Settings read from the environment at start-up."""

import os
from collections.abc import Mapping
from dataclasses import dataclass

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Settings:
    secret_key: str
    base_url: str
    # Keys we have rotated away from, oldest first. Links signed with them keep working until
    # they expire; drop a key from APP_OLD_SECRET_KEYS a week after rotating it out.
    old_secret_keys: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        secret_key = environ.get("APP_SECRET_KEY", "")
        if len(secret_key) < MIN_KEY_LENGTH:
            raise RuntimeError(f"APP_SECRET_KEY must be set, at least {MIN_KEY_LENGTH} characters")
        old_keys = tuple(key.strip() for key in environ.get("APP_OLD_SECRET_KEYS", "").split(",") if key.strip())
        if any(len(key) < MIN_KEY_LENGTH for key in old_keys):
            raise RuntimeError(f"every key in APP_OLD_SECRET_KEYS must be at least {MIN_KEY_LENGTH} characters")
        base_url = environ.get("APP_BASE_URL", "https://app.example.com").rstrip("/")
        return cls(secret_key, base_url, old_keys)

    def signing_keys(self) -> list[str]:
        """Every key a link may have been signed with, the current one last."""
        return [*self.old_secret_keys, self.secret_key]
