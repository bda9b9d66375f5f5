"""Reading the feature-flag file, config/flags.json.

A flag is either simply on or off:

    {"new_checkout": true, "pdf_invoices": false}

or rolled out gradually, to a share of users and to chosen tenants:

    {"new_search": {"enabled": true, "rollout": 25, "tenants": ["acme", "globex"]}}

"enabled" is the kill switch: when it is false the flag is off for everyone. "rollout" (0 to 100,
default 100) is the percentage of users who get the feature; the listed tenants get it whatever
the rollout. On one host, LARDER_FLAG_<NAME>=on|off forces a flag on or off.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FLAG_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
ENV_PREFIX = "LARDER_FLAG_"
SPEC_KEYS = {"enabled", "rollout", "tenants"}
ON_VALUES = {"1", "true", "on", "yes"}
OFF_VALUES = {"0", "false", "off", "no"}


class ConfigError(ValueError):
    """The flag file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class FlagSpec:
    enabled: bool
    rollout: int = 100
    tenants: frozenset[str] = frozenset()


def load_flags(path: str | Path) -> dict[str, FlagSpec]:
    try:
        with open(path, encoding="utf-8") as fh:
            raw = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read flag file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected an object mapping flag names to flags")
    flags: dict[str, FlagSpec] = {}
    for name, value in raw.items():
        if not FLAG_NAME_RE.fullmatch(name):
            raise ConfigError(f"{path}: invalid flag name {name!r}")
        flags[name] = _parse_spec(value, f"{path}: flag {name!r}")
    return flags


def _parse_spec(value: object, where: str) -> FlagSpec:
    if isinstance(value, bool):
        return FlagSpec(enabled=value)
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be true, false or an object")
    unknown = set(value) - SPEC_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    enabled = value.get("enabled")
    if not isinstance(enabled, bool):
        raise ConfigError(f'{where}: "enabled" must be true or false')
    rollout = value.get("rollout", 100)
    # bool is a subclass of int, so "rollout": true would otherwise pass as 1 %.
    if isinstance(rollout, bool) or not isinstance(rollout, int) or not 0 <= rollout <= 100:
        raise ConfigError(f'{where}: "rollout" must be a whole number from 0 to 100')
    tenants = value.get("tenants", [])
    if not isinstance(tenants, list) or not all(isinstance(t, str) and t for t in tenants):
        raise ConfigError(f'{where}: "tenants" must be a list of tenant ids')
    return FlagSpec(enabled=enabled, rollout=rollout, tenants=frozenset(tenants))


def env_overrides(flags: Mapping[str, FlagSpec], environ: Mapping[str, str]) -> dict[str, bool]:
    """The LARDER_FLAG_<NAME>=on|off settings in `environ`. A variable that names no flag in the
    file, or has any other value, is an error, so a typo cannot silently do nothing."""
    overrides: dict[str, bool] = {}
    for var, raw in environ.items():
        if not var.startswith(ENV_PREFIX):
            continue
        name = var[len(ENV_PREFIX) :].lower()
        if name not in flags:
            raise ConfigError(f"{var} names no flag in the flag file")
        value = raw.strip().lower()
        if value in ON_VALUES:
            overrides[name] = True
        elif value in OFF_VALUES:
            overrides[name] = False
        else:
            raise ConfigError(f"{var}={raw!r}: expected on or off")
    return overrides
