"""Merging configuration tables."""

import copy
from typing import Any, Dict, Mapping, MutableMapping, Sequence


def merge_into(target: MutableMapping[str, Any], source: Mapping[str, Any]) -> MutableMapping[str, Any]:
    """Merge source into target, in place, and return target.

    Tables (dicts) present in both are merged key by key; any other value from
    source, arrays included, replaces the one in target. Values are not
    copied: target ends up holding source's own tables and arrays.
    """
    for key, value in source.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merge_into(current, value)
        else:
            target[key] = value
    return target


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> Dict[str, Any]:
    """Return a new dict: base with override merged in.

    Tables (dicts) present in both are merged key by key; any other value from
    override, arrays included, replaces the one in base. Neither argument is
    modified, and the result shares nothing with them.
    """
    result: Dict[str, Any] = copy.deepcopy(dict(base))
    merge_into(result, copy.deepcopy(dict(override)))
    return result


def set_path(config: MutableMapping[str, Any], keys: Sequence[str], value: Any) -> None:
    """Set config[keys[0]][keys[1]]...[keys[-1]] = value, creating missing tables.

    Raises ValueError if a key on the way already holds something other than a table.
    """
    table = config
    for depth, key in enumerate(keys[:-1]):
        child = table.setdefault(key, {})
        if not isinstance(child, dict):
            where = ".".join(keys[: depth + 1])
            raise ValueError(f"{where} is a {type(child).__name__}, not a table")
        table = child
    table[keys[-1]] = value
