"""The env core: tasks, the grader, episodes and their lifecycle — everything a transport calls, nothing of one.

Nothing here imports `mcp`, `starlette` or `uvicorn` (a test pins it), so the same core serves the MCP tools,
the plain HTTP routes, the CLI and offline re-grading. Answer keys and private labels never leave it except
as a grade.
"""
