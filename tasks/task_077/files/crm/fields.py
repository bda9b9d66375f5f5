"""Contact fields: the standard ones, and the custom fields users add ("tier", "renewal_month")."""

from __future__ import annotations

import math
import re
from typing import Any

STANDARD = ("name", "email", "phone", "company")
#: Written by the store itself, never through changes.
RESERVED = frozenset({"owner"})
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_CUSTOM = 30
MAX_TEXT = 200
#: Integers beyond this do not survive a round trip through JavaScript clients.
MAX_INT = 2**53


class FieldError(ValueError):
    pass


def check_name(name: Any) -> str:
    """A well-formed field name: a lower-case letter, then letters, digits or _, 40 at most."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise FieldError(f"invalid field name: {name!r}")
    return name


def check_value(name: str, value: Any) -> Any:
    """Text, a number or true/false; the standard fields are text."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise FieldError(f"{name} is longer than {MAX_TEXT} characters")
        return value
    if name in STANDARD:
        raise FieldError(f"{name} must be text")
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) <= MAX_INT:
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise FieldError(f"{name} must be text, a number within 2**53 or true/false")


def check_changes(changes: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Split changes into the fields to set and the fields to remove (given as null)."""
    values: dict[str, Any] = {}
    removed: list[str] = []
    for name, value in changes.items():
        if check_name(name) in RESERVED:
            raise FieldError(f"{name} cannot be changed")
        if value is None:
            removed.append(name)
        else:
            values[name] = check_value(name, value)
    if "name" in removed or values.get("name") == "":
        raise FieldError("name is required")
    return values, removed


def check_size(current: dict[str, Any], values: dict[str, Any], removed: list[str]) -> None:
    """Refuse changes that would leave a contact with more than MAX_CUSTOM custom fields."""
    custom = (set(current) | set(values)) - set(removed) - set(STANDARD) - RESERVED
    if len(custom) > MAX_CUSTOM:
        raise FieldError(f"a contact has at most {MAX_CUSTOM} custom fields")
