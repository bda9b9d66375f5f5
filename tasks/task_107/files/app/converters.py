"""URL converters for the documentation routes."""

from __future__ import annotations

from werkzeug.routing import BaseConverter

from .docs import ALIAS_PATTERN
from .docs import VERSION_PATTERN


class VersionConverter(BaseConverter):
    """A released version: ``/docs/3.1.2/...``."""

    regex = VERSION_PATTERN


class AliasConverter(BaseConverter):
    """A version alias: ``/docs/latest/...``."""

    regex = ALIAS_PATTERN


CONVERTERS = {"version": VersionConverter, "alias": AliasConverter}
