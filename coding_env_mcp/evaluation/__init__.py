"""Evaluating agents through MCP: the runner, agents, results, reports and re-scoring.

Everything here is a client of the server (the runner and agents import `mcp`'s client side); the env
core never imports this package.
"""
