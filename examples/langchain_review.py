"""Review a PR with LangChain, its MCP adapters (langchain-mcp-adapters) talking to this server over stdio.

    python examples/langchain_review.py [TASK_ID] [--server /path/to/bin/coding-env-mcp]

langchain-mcp-adapters 0.3 requires the MCP SDK 1.x and this server the 2.x, so the client gets a venv of its
own: `python3 -m venv lc && lc/bin/pip install -r examples/requirements-langchain.txt`, then run this file with
`lc/bin/python`. The server is started from its own install: `--server` names its `coding-env-mcp` command (by
default the one on PATH). The two speak MCP over the pipe, the 1.x client in the 2025-11-25 protocol era.

With OPENAI_API_KEY set (and OPENAI_BASE_URL / OPENAI_MODEL for any OpenAI-compatible endpoint), a LangChain
agent gets the server's episode tools and reviews the PR itself. Without a key a scripted policy calls the same
LangChain tools: it imports every changed module with `run_python`, then approves the PR (an import check finds
no logic bug, so its grade is the honest "abstain" score: 0.99 on a clean PR, 0.01 on a buggy one). Either way
the grade is read back with `get_grade` and printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
from typing import Any

from langchain_core.tools import BaseTool
from langchain_mcp_adapters.client import MultiServerMCPClient
from langchain_mcp_adapters.tools import load_mcp_tools

INSTRUCTIONS = """You review a pull request through the PR-review tools; its episode is already open and its
observation (description and numbered diff) is your input. Use run_python to test your suspicions against the
PR's code, submit_review once per defect (file_path, line_number from the diff's gutter, issue_type, severity, a
review that explains the failure), and end with finish_episode: verdict request_changes, or approve if you found
none."""


class Tools:
    """The server's tools as LangChain tools, called the way an agent's tool node calls them."""

    def __init__(self, tools: list[BaseTool]) -> None:
        self.by_name = {tool.name: tool for tool in tools}

    async def call(self, name: str, **arguments: Any) -> tuple[str, dict[str, Any]]:
        """A tool's text (what a model reads) and structured content (what a program reads): a tool call gets a
        ToolMessage whose artifact carries the structured content; a tool error raises."""
        message = await self.by_name[name].ainvoke({"type": "tool_call", "id": name, "name": name, "args": arguments})
        if message.status == "error":
            raise RuntimeError(f"{name}: {message.content}")
        text = "".join(block["text"] for block in message.content if block.get("type") == "text")
        return text, message.artifact["structured_content"]


async def scripted(tools: Tools, episode_id: str, observation: dict[str, Any], _text: str) -> None:
    """Import every changed module, then approve."""
    for path in observation["changed_files"]:
        if path.endswith(".py") and not path.rsplit("/", 1)[-1].startswith("test_"):
            module = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
            _, run = await tools.call("run_python", episode_id=episode_id, code=f"import {module}")
            print(f"   import {module}: {'ok' if run['exit_code'] == 0 else run['stderr'].strip()[-200:]}")
    await tools.call("finish_episode", episode_id=episode_id, verdict="approve")


async def with_llm(tools: Tools, episode_id: str, _observation: dict[str, Any], text: str) -> None:
    """Let a model review the open episode with the server's tools (all but reset_episode: the episode is open)."""
    from langchain.agents import create_agent  # these two only on this path: `pip install langchain langchain-openai`
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(model=os.environ.get("OPENAI_MODEL", "gpt-4.1-mini"))  # reads OPENAI_API_KEY/OPENAI_BASE_URL
    playing = [tool for name, tool in tools.by_name.items() if name != "reset_episode"]
    agent = create_agent(model, playing, system_prompt=INSTRUCTIONS)
    await agent.ainvoke({"messages": [{"role": "user", "content": text}]}, {"recursion_limit": 60})
    await tools.call("finish_episode", episode_id=episode_id)  # a no-op if the model already finished


async def main(task_id: str, server: str) -> None:
    client = MultiServerMCPClient(
        {"coding-env": {"transport": "stdio", "command": server, "args": ["--log-level", "WARNING"]}}
    )
    # One session for the whole episode: the client's get_tools() would start a server for every call.
    async with client.session("coding-env") as session:
        tools = Tools(await load_mcp_tools(session))
        text, observation = await tools.call("reset_episode", task_id=task_id)
        episode_id = observation["episode_id"]
        print(f"== {task_id}: {observation['pr_title']}")
        play = with_llm if os.environ.get("OPENAI_API_KEY") else scripted
        await play(tools, episode_id, observation, text)
        _, grade = await tools.call("get_grade", episode_id=episode_id)
        print(f"   grade: {grade['score']} ({grade['issues_found']}/{grade['issues_total']} issues found)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task_id", nargs="?", default="task_easy_1")
    parser.add_argument("--server", default=shutil.which("coding-env-mcp"), help="the coding-env-mcp command")
    arguments = parser.parse_args()
    if not arguments.server:
        sys.exit("coding-env-mcp is not on PATH: pass --server /path/to/its/venv/bin/coding-env-mcp")
    asyncio.run(main(arguments.task_id, arguments.server))
