"""Configuration, read from the environment once at start-up."""

import os
from dataclasses import dataclass
from typing import Mapping

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Settings:
    secret_key: str
    base_url: str
    sender: str
    # Keys we have rotated away from. Links signed with them keep working while they are listed here;
    # remove a key from NEWSLETTER_PREVIOUS_SECRET_KEYS once the links it signed no longer matter.
    previous_secret_keys: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        secret_key = environ.get("NEWSLETTER_SECRET_KEY", "")
        if len(secret_key) < MIN_KEY_LENGTH:
            raise RuntimeError(f"NEWSLETTER_SECRET_KEY must be set, at least {MIN_KEY_LENGTH} characters")
        previous = environ.get("NEWSLETTER_PREVIOUS_SECRET_KEYS", "")
        previous_keys = tuple(key.strip() for key in previous.split(",") if key.strip())
        if any(len(key) < MIN_KEY_LENGTH for key in previous_keys):
            raise RuntimeError(
                f"every key in NEWSLETTER_PREVIOUS_SECRET_KEYS must be at least {MIN_KEY_LENGTH} characters"
            )
        base_url = environ.get("NEWSLETTER_BASE_URL", "https://news.example.com").rstrip("/")
        sender = environ.get("NEWSLETTER_SENDER", "digest@news.example.com")
        return cls(secret_key, base_url, sender, previous_keys)

    def signing_keys(self) -> list[str]:
        """The keys a link may be signed with: the current key, then the ones we still accept."""
        return [self.secret_key, *self.previous_secret_keys]
