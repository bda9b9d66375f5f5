"""An agent backed by any OpenAI-compatible chat-completions endpoint with tool calling.

The model gets the server's own tools, as `list_tools` describes them (name, description, input schema),
as chat "functions", plus one `read_resource(uri)` function for the MCP resources (the diff and the
post-PR files). The loop: send the conversation → run every tool call the model makes through the
episode's MCP session → append the results → repeat, until the episode is done, the model answers
without a tool call, or the turn limit is reached (the runner then finishes the episode).

What the model does not see, and why:
- `reset_episode`: the runner owns task selection; a model resetting would leave the episode it is
  graded on.
- `list_tasks`: the catalogue is irrelevant to reviewing one PR.
- the `episode_id` argument: the session fills it in, so the model cannot address another episode.

Configuration, from the environment (the `CODING_ENV_MCP_OPENAI_*` variable wins over the `OPENAI_*` one):

| setting | variables | default |
|---|---|---|
| base URL | `CODING_ENV_MCP_OPENAI_BASE_URL`, `OPENAI_BASE_URL` | `https://api.openai.com/v1` |
| model | `CODING_ENV_MCP_OPENAI_MODEL`, `OPENAI_MODEL` | required |
| API key | `CODING_ENV_MCP_OPENAI_API_KEY`, `OPENAI_API_KEY` | none (local servers often need none) |
| temperature | `CODING_ENV_MCP_OPENAI_TEMPERATURE` | the endpoint's default |
| request timeout (s) | `CODING_ENV_MCP_OPENAI_TIMEOUT` | 120 |

HTTP goes through `httpx2`, the client the mcp SDK already depends on, rather than the `openai` package:
the protocol surface used here is one POST with retries, not worth a second SDK and its pins.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2

from ...settings import (
    OPENAI_API_KEY_ENV,
    OPENAI_BASE_URL_ENV,
    OPENAI_MODEL_ENV,
    OPENAI_TEMPERATURE_ENV,
    OPENAI_TIMEOUT_ENV,
)
from ..session import EpisodeSession, ResourceReadError
from . import AgentConfigError

HIDDEN_TOOLS = frozenset({"reset_episode", "list_tasks"})
MAX_TOOL_RESULT_CHARS = 24_000
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})

SYSTEM_PROMPT = """\
You are a careful senior engineer reviewing a pull request for defects before it merges.
Use the tools: read the diff and whole files with read_resource, run Python against the PR's code with
run_python to confirm a suspicion, then call submit_review once per real defect (file_path, line_number in
the new file, issue_type, bug_type, severity, confidence, and a review naming the cause and its impact).
Only a finding on the defect's lines earns credit, and findings that match no defect cost points, so do not
report style nits or guesses. Finish with finish_episode(verdict="request_changes") after your findings, or
finish_episode(verdict="approve") if the PR has no defect (approving a PR with defects earns nothing)."""


class ChatEndpointError(RuntimeError):
    """The chat endpoint refused the request or kept failing; the message has its status and reply."""


def _setting(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = environ.get(name)
        if value:
            return value
    return None


@dataclass(frozen=True)
class OpenAIChatConfig:
    base_url: str
    model: str
    api_key: str | None = None
    temperature: float | None = None
    timeout_s: float = 120.0
    max_turns: int = 30
    max_retries: int = 3

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, max_turns: int = 30) -> OpenAIChatConfig:
        """Read the settings above; `AgentConfigError` names a missing or malformed one."""
        environ = os.environ if environ is None else environ
        model = _setting(environ, OPENAI_MODEL_ENV, "OPENAI_MODEL")
        if model is None:
            raise AgentConfigError(
                f"no model configured: set {OPENAI_MODEL_ENV} (or OPENAI_MODEL), and the endpoint with "
                f"{OPENAI_BASE_URL_ENV} (default https://api.openai.com/v1) and its key with "
                f"{OPENAI_API_KEY_ENV}"
            )
        numbers: dict[str, float | None] = {}
        for key, name in (
            ("temperature", OPENAI_TEMPERATURE_ENV),
            ("timeout", OPENAI_TIMEOUT_ENV),
        ):
            raw = environ.get(name)
            try:
                numbers[key] = float(raw) if raw else None
            except ValueError:
                raise AgentConfigError(f"{name}={raw!r} is not a number") from None
        return cls(
            base_url=(_setting(environ, OPENAI_BASE_URL_ENV, "OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip(
                "/"
            ),
            model=model,
            api_key=_setting(environ, OPENAI_API_KEY_ENV, "OPENAI_API_KEY"),
            temperature=numbers["temperature"],
            timeout_s=numbers["timeout"] or 120.0,
            max_turns=max_turns,
        )


def _without_episode_id(schema: dict[str, Any]) -> dict[str, Any]:
    schema = json.loads(json.dumps(schema))
    schema.get("properties", {}).pop("episode_id", None)
    if "required" in schema:
        schema["required"] = [name for name in schema["required"] if name != "episode_id"]
    return schema


def chat_tools(episode: EpisodeSession) -> list[dict[str, Any]]:
    """The episode's MCP tools as chat-completions function tools, plus `read_resource`."""
    functions = [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description or tool.title or tool.name,
                "parameters": _without_episode_id(tool.input_schema),
            },
        }
        for tool in episode.tools
        if tool.name not in HIDDEN_TOOLS
    ]
    functions.append(
        {
            "type": "function",
            "function": {
                "name": "read_resource",
                "description": (
                    "Read an MCP resource of this PR: task://<task_id>/diff (the unified diff) or "
                    "task://<task_id>/files/<path> (a file after the change)."
                ),
                "parameters": {
                    "type": "object",
                    "properties": {"uri": {"type": "string", "description": "The resource URI."}},
                    "required": ["uri"],
                },
            },
        }
    )
    return functions


def first_message(episode: EpisodeSession) -> str:
    observation = episode.observation
    task_id = episode.task_id
    uris = "\n".join(f"  task://{task_id}/files/{path}" for path in observation["changed_files"])
    return (
        f"{observation['task_description']}\n\nYou may submit at most {episode.max_steps} findings.\n"
        f"Resources: task://{task_id}/diff and the changed files:\n{uris}\n\n{observation['code_snippet']}"
    )


class OpenAIChatAgent:
    """Plays episodes with a chat model through tool calls; see the module docstring."""

    name = "openai"

    def __init__(self, config: OpenAIChatConfig, transport: httpx2.AsyncBaseTransport | None = None):
        self.config = config
        self.model: str | None = config.model
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._http = httpx2.AsyncClient(
            base_url=config.base_url + "/",
            headers=headers,
            timeout=config.timeout_s,
            transport=transport,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def complete(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], seed: int) -> dict[str, Any]:
        """One chat completion; retries transient failures with exponential backoff."""
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "tools": tools,
            "tool_choice": "auto",
            "seed": seed,
        }
        if self.config.temperature is not None:
            body["temperature"] = self.config.temperature
        delay = 1.0
        for attempt in range(self.config.max_retries + 1):
            last = attempt == self.config.max_retries
            try:
                response = await self._http.post("chat/completions", json=body)
            except httpx2.TransportError as exc:
                if last:
                    raise ChatEndpointError(f"{self.config.base_url}: {type(exc).__name__}: {exc}") from None
            else:
                if response.status_code == 200:
                    try:
                        return response.json()["choices"][0]["message"]
                    except (ValueError, KeyError, IndexError, TypeError):
                        raise ChatEndpointError(f"unexpected reply from the endpoint: {response.text[:300]}") from None
                if response.status_code not in RETRY_STATUSES or last:
                    raise ChatEndpointError(
                        f"{self.config.base_url}/chat/completions answered {response.status_code}: "
                        f"{response.text[:300]}"
                    )
                retry_after = response.headers.get("retry-after", "")
                if retry_after.replace(".", "", 1).isdigit():
                    delay = max(delay, float(retry_after))
            await anyio.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    async def _run_tool(self, episode: EpisodeSession, call: dict[str, Any], exposed: set[str]) -> str:
        function = call.get("function") or {}
        name = function.get("name", "")
        raw = function.get("arguments") or "{}"
        try:  # the standard is a JSON string; some compatible servers send the object itself
            arguments = raw if isinstance(raw, dict) else json.loads(raw)
        except (TypeError, ValueError) as exc:
            return f"ERROR: the arguments are not valid JSON ({exc}); send a JSON object"
        if not isinstance(arguments, dict):
            return "ERROR: the arguments must be a JSON object"
        if name == "read_resource":
            try:
                return await episode.read(str(arguments.get("uri", "")))
            except ResourceReadError as exc:
                return f"ERROR: {exc}"
        if name not in exposed:
            return f"ERROR: there is no tool {name!r}; the tools are: {', '.join(sorted(exposed | {'read_resource'}))}"
        arguments.pop("episode_id", None)
        return (await episode.call(name, arguments)).for_model()

    async def play(self, episode: EpisodeSession) -> None:
        tools = chat_tools(episode)
        exposed = {tool["function"]["name"] for tool in tools} - {"read_resource"}
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": first_message(episode)},
        ]
        episode.turns = 0
        while episode.turns < self.config.max_turns and not episode.done:
            message = await self.complete(messages, tools, seed=episode.rollout)
            episode.turns += 1
            calls = message.get("tool_calls") or []
            reply: dict[str, Any] = {"role": "assistant", "content": message.get("content")}
            if calls:
                reply["tool_calls"] = calls
            messages.append(reply)
            if not calls:
                return
            for call in calls:
                content = await self._run_tool(episode, call, exposed)
                if len(content) > MAX_TOOL_RESULT_CHARS:
                    content = content[:MAX_TOOL_RESULT_CHARS] + "\n[... truncated ...]"
                messages.append({"role": "tool", "tool_call_id": call.get("id", ""), "content": content})
