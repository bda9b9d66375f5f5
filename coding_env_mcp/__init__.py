"""coding_env_mcp: an MCP server for training and evaluating LLM agents on pull-request review."""

# The one place the version is written: the build reads it from here (pyproject.toml, [tool.hatch.version]).
# A literal, not importlib.metadata: that import alone cost ~100 ms of every start.
__version__ = "0.1.0"
