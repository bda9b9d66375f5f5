"""``--set KEY=VALUE`` overrides from the command line."""

from typing import Any, Tuple

import tomli


class OverrideError(ValueError):
    """An override is not of the form KEY=VALUE."""


def _key_path(key: str) -> Tuple[str, ...]:
    # Let the TOML parser read the key, so that dotted and quoted keys mean
    # exactly what they mean in a config file.
    table = tomli.loads(f"{key} = 0")
    keys = []
    while isinstance(table, dict):
        (name, table), = table.items()
        keys.append(name)
    return tuple(keys)


def parse_override(item: str) -> Tuple[Tuple[str, ...], Any]:
    """Parse one ``KEY=VALUE`` override into (key path, value).

    KEY is a TOML key, dotted for nested tables: ``database.port``,
    ``"feature.flags".beta``. VALUE is a TOML value (``5433``, ``true``,
    ``["a", "b"]``, ``"text"``); anything that does not parse as one is taken
    as a plain string, so ``--set log.level=debug`` needs no quotes.
    """
    if "\n" in item or "\r" in item:
        raise OverrideError("must be a single line")
    key, sep, raw = item.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise OverrideError("expected KEY=VALUE")
    try:
        keys = _key_path(key)
    except tomli.TOMLDecodeError:
        raise OverrideError(f"{key!r} is not a valid key") from None
    try:
        value = tomli.loads(f"value = {raw}")["value"]
    except tomli.TOMLDecodeError:
        # Not a TOML value: take the text as a string.
        value = tomli.loads(f'value = "{raw}"')["value"]
    return keys, value
