"""Agents the eval runner can play: each plays one episode at a time through an `EpisodeSession`.

- `baseline`: deterministic static analysis of the diff and files (agents/baseline.py, agents/checks.py).
- `openai`: any OpenAI-compatible chat-completions endpoint with tool calling (agents/openai_chat.py).

An agent only ever sees what an MCP client sees: the observation, the tools, the resources. Agents are
built lazily so that choosing one never imports the other's dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the session imports mcp (~1 s); `coding-env-mcp --help` must not pay for it
    from ..session import EpisodeSession


class AgentConfigError(ValueError):
    """An agent cannot be built: unknown name or missing configuration; the message says what is accepted."""


class Agent(Protocol):
    name: str
    model: str | None

    async def play(self, episode: EpisodeSession) -> None:
        """Play the episode: investigate, submit findings, ideally end it (final=true or finish_episode)."""

    async def aclose(self) -> None:
        """Release what the agent holds (e.g. an HTTP client)."""


def _baseline(max_turns: int) -> Agent:
    from .baseline import BaselineReviewer

    return BaselineReviewer()


def _openai(max_turns: int) -> Agent:
    from .openai_chat import OpenAIChatAgent, OpenAIChatConfig

    return OpenAIChatAgent(OpenAIChatConfig.from_environment(max_turns=max_turns))


AGENTS: dict[str, Callable[[int], Agent]] = {"baseline": _baseline, "openai": _openai}


def make_agent(name: str, *, max_turns: int = 30) -> Agent:
    """The agent called `name`; `AgentConfigError` lists the accepted names or the missing setting."""
    factory = AGENTS.get(name)
    if factory is None:
        raise AgentConfigError(f"unknown agent {name!r}; accepted: {', '.join(AGENTS)}")
    return factory(max_turns)
