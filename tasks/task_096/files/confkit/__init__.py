"""confkit: the service configuration, read from TOML files."""

from .loader import ConfigError, load_config
from .overrides import parse_override

__all__ = ["ConfigError", "load_config", "parse_override"]
