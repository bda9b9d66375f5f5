"""relkit: the release helper behind `make release` (status, changelog, publish)."""

__version__ = "0.6.0"
