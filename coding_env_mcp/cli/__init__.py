"""The `coding-env-mcp` command: `main` parses the command line, `compose` builds the env from settings."""

from .main import main

__all__ = ["main"]
