"""depcheck: check a project's lock file against the dependencies it declares."""

__version__ = "0.3.0"
