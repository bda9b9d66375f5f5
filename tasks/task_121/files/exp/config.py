"""Experiment definitions, read from config/experiments.json:

    {
        "checkout_button": {"variants": ["control", "green"]},
        "search_ranker": {
            "variants": {"control": 3, "bm25": 1, "hybrid": 0},
            "exposure": 12.5,
            "salt": "2024-06"
        }
    }

"variants" is a list of equally weighted names, or an object of names and whole-number weights; a
weight of 0 stops new assignments to a variant but keeps the users already in it. "exposure"
(0 to 100, default 100, at most two decimals) is the percentage of users in the experiment at all.
"salt" (default: the experiment's name) is mixed into the hashes: changing it reshuffles everybody.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
SALT_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
SPEC_KEYS = {"variants", "exposure", "salt"}


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Experiment:
    name: str
    variants: tuple[tuple[str, int], ...]  # (variant, weight), in the order of the file
    exposure_bp: int = 10_000  # basis points: 10,000 is everybody
    salt: str = ""

    @property
    def variant_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.variants)


def load_experiments(path: str | Path) -> dict[str, Experiment]:
    try:
        with open(path, encoding="utf-8") as fh:
            raw = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected an object of experiments")
    experiments = {}
    for name, spec in raw.items():
        if not NAME_RE.fullmatch(name):
            raise ConfigError(f"{path}: invalid experiment name {name!r}")
        if not isinstance(spec, dict) or set(spec) - SPEC_KEYS:
            raise ConfigError(f"{path}: {name}: expected an object with keys {sorted(SPEC_KEYS)}")
        experiments[name] = Experiment(
            name,
            _variants(spec.get("variants"), f"{path}: {name}"),
            _exposure_bp(spec.get("exposure", 100), f"{path}: {name}"),
            _salt(spec.get("salt", name), f"{path}: {name}"),
        )
    return experiments


def _variants(value: object, where: str) -> tuple[tuple[str, int], ...]:
    if isinstance(value, list) and all(isinstance(variant, str) for variant in value):
        value = dict.fromkeys(value, 1) if len(set(value)) == len(value) else None
    if not isinstance(value, dict) or len(value) < 2:
        raise ConfigError(f"{where}: 'variants' must name at least two different variants")
    for variant, weight in value.items():
        if not isinstance(variant, str) or not NAME_RE.fullmatch(variant):
            raise ConfigError(f"{where}: invalid variant name {variant!r}")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 1000:
            raise ConfigError(f"{where}: the weight of {variant!r} must be a whole number from 0 to 1000")
    if sum(value.values()) == 0:
        raise ConfigError(f"{where}: at least one variant needs a weight above 0")
    return tuple(value.items())


def _exposure_bp(value: object, where: str) -> int:
    """The exposure percentage in basis points; 12.5 -> 1250. Through str() so that the float
    12.5 (or 0.1) is read as written, not as its binary approximation."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{where}: 'exposure' must be a number")
    try:
        basis_points = Decimal(str(value)) * 100
    except InvalidOperation:
        raise ConfigError(f"{where}: 'exposure' must be a number") from None
    if not 0 <= basis_points <= 10_000 or basis_points != basis_points.to_integral_value():
        raise ConfigError(f"{where}: 'exposure' must be from 0 to 100, with at most two decimals")
    return int(basis_points)


def _salt(value: object, where: str) -> str:
    if not isinstance(value, str) or not SALT_RE.fullmatch(value):
        raise ConfigError(f"{where}: 'salt' must be 1 to 64 letters, digits, '_', '.' or '-'")
    return value
