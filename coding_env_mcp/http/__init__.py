"""The container's HTTP surface: the ASGI app (`app`), its plain routes, guards, settings and the web page.

Kept import-light on purpose: `python -m coding_env_mcp.http.healthcheck` runs as the container's HEALTHCHECK
every few seconds and must not pay for Starlette or the MCP SDK.
"""
