"""Asking whether a feature is on.

    flags = FeatureFlags.from_file("config/flags.json")
    if flags.is_enabled("new_search", user_id=user.id, tenant=user.tenant):
        ...

Asking about a flag that is not in the file raises UnknownFlag, so a typo in a flag name fails
loudly in tests instead of silently leaving a feature off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from flags.config import FlagSpec, env_overrides, load_flags


class UnknownFlag(KeyError):
    pass


def bucket(name: str, user_id: int | str) -> int:
    """The user's bucket for this flag, 0 to 99, so `bucket < rollout` holds for exactly `rollout`
    of the 100 buckets. Stable across processes and restarts (unlike hash()), and independent
    between flags: two 10 % rollouts do not pick the same users."""
    digest = hashlib.sha256(f"{name}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


class FeatureFlags:
    def __init__(
        self,
        flags: Mapping[str, FlagSpec | bool],
        overrides: Mapping[str, bool] | None = None,
        source: tuple[Path, Mapping[str, str]] | None = None,
    ):
        specs = {name: FlagSpec(spec) if isinstance(spec, bool) else spec for name, spec in flags.items()}
        # The flags and their overrides are replaced together, in one assignment, by reload().
        self._state = (specs, dict(overrides or {}))
        self._source = source

    @classmethod
    def from_file(cls, path: str | Path, environ: Mapping[str, str] | None = None) -> FeatureFlags:
        environ = os.environ if environ is None else environ
        flags = load_flags(path)
        return cls(flags, env_overrides(flags, environ), source=(Path(path), environ))

    def reload(self) -> None:
        """Re-read the flag file and the LARDER_FLAG_ variables. If they are now invalid,
        ConfigError is raised and the flags in use are kept."""
        if self._source is None:
            raise RuntimeError("these flags were not loaded from a file")
        path, environ = self._source
        flags = load_flags(path)
        self._state = (flags, env_overrides(flags, environ))

    def is_enabled(self, name: str, *, user_id: int | str | None = None, tenant: str | None = None) -> bool:
        flags, overrides = self._state  # one snapshot, even if reload() runs meanwhile
        spec = flags.get(name)
        if spec is None:
            raise UnknownFlag(name)
        if name in overrides:
            return overrides[name]
        if not spec.enabled:
            return False
        if tenant in spec.tenants or spec.rollout == 100:
            return True
        # A partial rollout needs a user to place in a bucket; anonymous requests don't get it.
        return user_id is not None and bucket(name, user_id) < spec.rollout

    def names(self) -> list[str]:
        return sorted(self._state[0])
