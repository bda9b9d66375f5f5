"""Load the service configuration from TOML files.

A config file may include others with a top-level ``include`` array::

    include = ["common.toml", "conf.d/*.toml"]

Include paths are relative to the file that names them and may be glob
patterns, whose matches are read in sorted order. Included files are merged
first, in order, each overriding the ones before it, and the including file's
own settings override them all. Tables merge key by key; any other value,
arrays included, replaces the previous one.
"""

import glob
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

import tomli

from .merge import deep_merge, merge_into, set_path
from .overrides import parse_override


class ConfigError(Exception):
    """The configuration cannot be loaded; the message names the file."""


# Parsed files by path, with the (mtime, size) they were parsed at, so that a
# reload (SIGHUP) only re-parses the files that changed.
_parsed: Dict[Path, Tuple[Tuple[int, int], Dict[str, Any]]] = {}


def read_toml(path: Path) -> Dict[str, Any]:
    """Parse one TOML file.

    The result is cached until the file changes on disk and is shared between
    callers: do not modify it.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _parsed.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        with open(path, "rb") as fp:
            doc = tomli.load(fp)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomli.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    _parsed[path] = (stamp, doc)
    return doc


def _expand(including: Path, pattern: str) -> List[Path]:
    full = including.parent / pattern
    if any(char in pattern for char in "*?["):
        return sorted(Path(match) for match in glob.glob(str(full)))
    return [full]


def _load(path: Path, stack: Tuple[Path, ...]) -> Dict[str, Any]:
    path = path.resolve()
    if path in stack:
        chain = " -> ".join(str(p) for p in stack + (path,))
        raise ConfigError(f"include cycle: {chain}")
    doc = read_toml(path)
    includes = doc.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ConfigError(f"{path}: include must be an array of strings")
    merged: Dict[str, Any] = {}
    for pattern in includes:
        for included in _expand(path, pattern):
            merge_into(merged, _load(included, stack + (path,)))
    # doc is read_toml's cached dict, shared with later loads: merge a copy.
    own = {key: value for key, value in doc.items() if key != "include"}
    return merge_into(merged, own)


def load_config(
    path: Union[str, Path],
    defaults: Optional[Mapping[str, Any]] = None,
    overrides: Iterable[str] = (),
) -> Dict[str, Any]:
    """Load the config file at path and the files it includes, on top of
    defaults if given, then apply ``--set KEY=VALUE`` overrides."""
    config = _load(Path(path), ())
    if defaults:
        config = deep_merge(defaults, config)
    for item in overrides:
        try:
            keys, value = parse_override(item)
            set_path(config, keys, value)
        except ValueError as exc:  # OverrideError, or set_path meeting a non-table
            raise ConfigError(f"--set {item!r}: {exc}") from exc
    return config
