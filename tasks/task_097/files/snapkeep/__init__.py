"""snapkeep: look after the nightly database snapshot files."""

__version__ = "0.3.0"
