"""One episode as an agent plays it: MCP tool calls and resource reads through a real client, all logged.

The runner starts the episode (`reset_episode`) so it controls which task is played, then hands the agent
an `EpisodeSession`. The session binds every call to its episode (it sets `episode_id` itself, so an agent
cannot act on another episode), refuses `reset_episode`, and keeps what the runner needs for the results:
each call's name and outcome, and every finding the server accepted (the input to re-scoring).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_types import TextContent, TextResourceContents, Tool

RUNNER_OWNED_TOOLS = frozenset({"reset_episode"})


class ResourceReadError(RuntimeError):
    """A resource could not be read; the message is the server's."""


@dataclass
class ToolOutcome:
    """What one tool call returned: structured content when the tool has an output schema, and its text."""

    name: str
    arguments: dict[str, Any]
    is_error: bool
    data: dict[str, Any] | None
    text: str

    def for_model(self) -> str:
        """The outcome as one text for a language model: the server's readable text (JSON only when a tool
        gave none), or the error message."""
        if self.data is not None and not self.is_error and not self.text:
            return json.dumps(self.data, ensure_ascii=False)
        return ("ERROR: " if self.is_error else "") + self.text


@dataclass
class EpisodeSession:
    """An agent's handle on one episode. Not thread-safe: one agent drives one session."""

    client: Client
    tools: list[Tool]
    observation: dict[str, Any]
    rollout: int
    calls: list[ToolOutcome] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    resource_reads: int = 0
    turns: int | None = None
    done: bool = False
    verdict: str | None = None

    @property
    def episode_id(self) -> str:
        return self.observation["episode_id"]

    @property
    def task_id(self) -> str:
        return self.observation["task_id"]

    @property
    def max_steps(self) -> int:
        return int(self.observation["max_steps"])

    def tool(self, name: str) -> Tool | None:
        return next((tool for tool in self.tools if tool.name == name), None)

    def takes_episode_id(self, name: str) -> bool:
        tool = self.tool(name)
        return tool is not None and "episode_id" in (tool.input_schema.get("properties") or {})

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> ToolOutcome:
        """Call tool `name` on this episode; errors come back as outcomes (`is_error`), not exceptions."""
        arguments = dict(arguments or {})
        if name in RUNNER_OWNED_TOOLS:
            outcome = ToolOutcome(name, arguments, True, None, f"{name} is not available: the runner owns the episode")
            self.calls.append(outcome)
            return outcome
        if self.takes_episode_id(name):
            arguments["episode_id"] = self.episode_id
        try:
            result = await self.client.call_tool(name, arguments)
        except MCPError as exc:
            outcome = ToolOutcome(name, arguments, True, None, str(exc))
        else:
            text = "\n".join(item.text for item in result.content if isinstance(item, TextContent))
            outcome = ToolOutcome(name, arguments, bool(result.is_error), result.structured_content, text)
        self.calls.append(outcome)
        if not outcome.is_error and outcome.data is not None:
            if name == "submit_review":
                finding = {key: value for key, value in arguments.items() if key != "episode_id"}
                self.findings.append(finding)
                self.done = bool(outcome.data.get("done"))
                self.verdict = arguments.get("verdict") or self.verdict
            elif name == "finish_episode":
                self.done = True
                self.verdict = arguments.get("verdict") or self.verdict
        return outcome

    async def read(self, uri: str) -> str:
        """The text of resource `uri` (e.g. task://<task_id>/diff); raises `ResourceReadError`."""
        self.resource_reads += 1
        try:
            result = await self.client.read_resource(uri)
        except MCPError as exc:
            raise ResourceReadError(str(exc)) from None
        return "".join(item.text for item in result.contents if isinstance(item, TextResourceContents))

    def tool_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.calls:
            counts[outcome.name] = counts.get(outcome.name, 0) + 1
        if self.resource_reads:
            counts["read_resource"] = self.resource_reads
        return counts
