"""Review a PR with openai-agents, its stdio MCP client talking to this server.

    python examples/openai_agents_review.py [TASK_ID]

With OPENAI_API_KEY set (and OPENAI_BASE_URL / OPENAI_MODEL for any OpenAI-compatible endpoint), an LLM agent
gets the server's tools and reviews the PR itself. Without a key a scripted policy plays the same tools: it
imports every changed module with `run_python`, then approves the PR (an import check finds no logic bug, so
its grade is the honest "abstain" score: 0.99 on a clean PR, 0.01 on a buggy one). Either way the grade is
read back with `get_grade` and printed.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agents import Agent, Runner, set_default_openai_api, set_tracing_disabled
from agents.mcp import MCPServerStdio

INSTRUCTIONS = """You review a pull request through the PR-review tools; its episode is already open and its
observation (description and numbered diff) is your input. Use run_python to test your suspicions against the
PR's code, submit_review once per defect (file_path, line_number from the diff's gutter, issue_type, severity, a
review that explains the failure), and end with finish_episode: verdict request_changes, or approve if you found
none. Never call reset_episode."""


def server() -> MCPServerStdio:
    """This server over stdio, started with the interpreter running this script; run_python's 4 s default
    limit sits under the client's 5 s call timeout."""
    return MCPServerStdio(
        {"command": sys.executable, "args": ["-m", "coding_env_mcp", "--log-level", "WARNING"]},
        name="coding-env-mcp",
    )


async def scripted(mcp: MCPServerStdio, episode_id: str, observation: dict, _text: str) -> None:
    """Import every changed module, then approve."""
    for path in observation["changed_files"]:
        if path.endswith(".py") and not path.rsplit("/", 1)[-1].startswith("test_"):
            module = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
            code = f"import {module}"
            run = (await mcp.call_tool("run_python", {"episode_id": episode_id, "code": code})).structured_content
            print(f"   import {module}: {'ok' if run['exit_code'] == 0 else run['stderr'].strip()[-200:]}")
    await mcp.call_tool("finish_episode", {"episode_id": episode_id, "verdict": "approve"})


async def with_llm(mcp: MCPServerStdio, episode_id: str, _observation: dict, text: str) -> None:
    """Let a model review the open episode with the server's tools."""
    if os.environ.get("OPENAI_BASE_URL"):
        set_default_openai_api("chat_completions")  # what most OpenAI-compatible endpoints serve
    set_tracing_disabled(True)
    agent = Agent(
        name="reviewer",
        instructions=INSTRUCTIONS,
        mcp_servers=[mcp],
        model=os.environ.get("OPENAI_MODEL", "gpt-4.1-mini"),
    )
    await Runner.run(agent, text, max_turns=30)
    await mcp.call_tool("finish_episode", {"episode_id": episode_id})  # a no-op if the model already finished


async def main(task_id: str) -> None:
    async with server() as mcp:
        reset = await mcp.call_tool("reset_episode", {"task_id": task_id})
        observation = reset.structured_content
        episode_id = observation["episode_id"]
        print(f"== {task_id}: {observation['pr_title']}")
        play = with_llm if os.environ.get("OPENAI_API_KEY") else scripted
        await play(mcp, episode_id, observation, reset.content[0].text)
        grade = (await mcp.call_tool("get_grade", {"episode_id": episode_id})).structured_content
        print(f"   grade: {grade['score']} ({grade['issues_found']}/{grade['issues_total']} issues found)")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "task_easy_1"))
