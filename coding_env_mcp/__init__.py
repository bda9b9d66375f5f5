"""coding_env_mcp: an MCP server for training and evaluating LLM agents on pull-request review."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coding-env-mcp")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
