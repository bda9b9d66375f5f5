"""Review a PR with pydantic-ai, its MCP toolset (FastMCP's stdio client) talking to this server.

    python examples/pydantic_ai_review.py [TASK_ID]

Needs `pip install 'pydantic-ai-slim[mcp,openai]'` beside coding-env-mcp. With OPENAI_API_KEY set (and
OPENAI_BASE_URL / OPENAI_MODEL for any OpenAI-compatible endpoint), an LLM agent gets the server's episode tools
and reviews the PR itself. Without a key a scripted policy plays the same tools: it imports every changed module
with `run_python`, then approves the PR (an import check finds no logic bug, so its grade is the honest "abstain"
score: 0.99 on a clean PR, 0.01 on a buggy one). Either way the grade is read back with `get_grade` and printed.

pydantic-ai 2 replaced `MCPServerStdio` with `MCPToolset`, which takes any FastMCP transport; a
`StdioTransport` starts the server with the interpreter running this script.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from fastmcp.client.transports import StdioTransport
from pydantic_ai import Agent, RunContext
from pydantic_ai.mcp import MCPToolset
from pydantic_ai.tools import ToolDefinition

INSTRUCTIONS = """You review a pull request through the PR-review tools; its episode is already open and its
observation (description and numbered diff) is your input. Use run_python to test your suspicions against the
PR's code, submit_review once per defect (file_path, line_number from the diff's gutter, issue_type, severity, a
review that explains the failure), and end with finish_episode: verdict request_changes, or approve if you found
none."""


def server() -> MCPToolset:
    """This server over stdio. A tool error raises (tool_error_behavior="error") so a script sees it at once; an
    agent's run turns errors into retries of its own."""
    transport = StdioTransport(command=sys.executable, args=["-m", "coding_env_mcp", "--log-level", "WARNING"])
    return MCPToolset(transport, id="coding-env", tool_error_behavior="error")


async def call(mcp: MCPToolset, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool's structured content: what a program reads (pydantic-ai maps a result of text blocks to it)."""
    return await mcp.direct_call_tool(tool, arguments)


async def scripted(mcp: MCPToolset, episode_id: str, observation: dict[str, Any], _text: str) -> None:
    """Import every changed module, then approve."""
    for path in observation["changed_files"]:
        if path.endswith(".py") and not path.rsplit("/", 1)[-1].startswith("test_"):
            module = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
            run = await call(mcp, "run_python", episode_id=episode_id, code=f"import {module}")
            print(f"   import {module}: {'ok' if run['exit_code'] == 0 else run['stderr'].strip()[-200:]}")
    await call(mcp, "finish_episode", episode_id=episode_id, verdict="approve")


def not_reset(_ctx: RunContext[None], tool: ToolDefinition) -> bool:
    """The episode is open already: a model that resets would review another PR than the one it was shown."""
    return tool.name != "reset_episode"


async def with_llm(mcp: MCPToolset, episode_id: str, _observation: dict[str, Any], text: str) -> None:
    """Let a model review the open episode with the server's tools."""
    from pydantic_ai.models.openai import OpenAIChatModel  # needs the `openai` extra only on this path

    model = OpenAIChatModel(os.environ.get("OPENAI_MODEL", "gpt-4.1-mini"))  # reads OPENAI_API_KEY/OPENAI_BASE_URL
    agent = Agent(model, instructions=INSTRUCTIONS, toolsets=[mcp.filtered(not_reset)])
    await agent.run(text)
    await call(mcp, "finish_episode", episode_id=episode_id)  # a no-op if the model already finished


async def main(task_id: str) -> None:
    async with server() as mcp:
        # The raw result, for its text block: what the model reads first.
        reset = await mcp.client.call_tool("reset_episode", {"task_id": task_id})
        observation = reset.structured_content
        episode_id = observation["episode_id"]
        print(f"== {task_id}: {observation['pr_title']}")
        play = with_llm if os.environ.get("OPENAI_API_KEY") else scripted
        await play(mcp, episode_id, observation, reset.content[0].text)
        grade = await call(mcp, "get_grade", episode_id=episode_id)
        print(f"   grade: {grade['score']} ({grade['issues_found']}/{grade['issues_total']} issues found)")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "task_easy_1"))
