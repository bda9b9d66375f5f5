"""Built product documentation: one folder of HTML per released version.

The docs pipeline publishes each release's Sphinx output to ``<root>/<version>/``, then
replaces ``<root>/versions.json``: ``{"versions": [...], "aliases": {"latest": ...}}``.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from dataclasses import field

from werkzeug.security import safe_join

log = logging.getLogger(__name__)

VERSION_PATTERN = r"\d+(?:\.\d+){1,2}"  # 3.1, 3.1.2
ALIAS_PATTERN = r"[a-z][a-z0-9-]{0,31}"  # latest, stable, lts-2
_VERSION_RE = re.compile(VERSION_PATTERN)
_ALIAS_RE = re.compile(ALIAS_PATTERN)


def version_key(version: str) -> tuple[int, ...]:
    """Sort key comparing versions numerically: 3.10 is newer than 3.9."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Catalog:
    """The published versions, newest first, and the aliases pointing at them."""

    versions: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)


def parse_catalog(raw: object) -> Catalog:
    """Keep the well-formed versions, and the aliases pointing at one of them."""
    if not isinstance(raw, dict):
        return Catalog()

    raw_versions = raw.get("versions")
    raw_aliases = raw.get("aliases")
    if not isinstance(raw_versions, list):
        raw_versions = []
    if not isinstance(raw_aliases, dict):
        raw_aliases = {}

    versions = sorted(
        {v for v in raw_versions if isinstance(v, str) and _VERSION_RE.fullmatch(v)},
        key=version_key,
        reverse=True,
    )
    aliases = {
        name: target
        for name, target in raw_aliases.items()
        if _ALIAS_RE.fullmatch(name) and target in versions
    }
    return Catalog(tuple(versions), aliases)


class DocsSite:
    def __init__(self, root: str) -> None:
        self.root = root
        # (stamp of versions.json, Catalog read from it). Replaced as a
        # whole, never modified, so readers need no lock.
        self._loaded: tuple[tuple[int, int, int], Catalog] | None = None

    def catalog(self) -> Catalog:
        """The current catalog, read again whenever versions.json is replaced."""
        path = os.path.join(self.root, "versions.json")

        try:
            st = os.stat(path)
        except FileNotFoundError:
            return Catalog()

        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        loaded = self._loaded

        if loaded is not None and loaded[0] == stamp:
            return loaded[1]

        try:
            with open(path, encoding="utf-8") as fh:
                catalog = parse_catalog(json.load(fh))
        except (OSError, ValueError):
            log.exception("cannot read %s, keeping the previous catalog", path)
            catalog = loaded[1] if loaded is not None else Catalog()

        self._loaded = (stamp, catalog)
        return catalog

    def locate(self, version: str, page: str) -> str | None:
        """The path of ``page`` (a file or a folder) in the docs of ``version``,
        or None if that version is not published or the page is not inside it.
        """
        if version not in self.catalog().versions:
            return None

        return safe_join(self.root, version, page)
